// Runs excel/lite/main.py's scripts in Pyodide under Node, as xlwings Lite runs them in Excel:
// node pyodide_lite.mjs JOB.json. Wheels are unpacked from local files; nothing is fetched.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

process.on("uncaughtException", (e) => fail(e));
process.on("unhandledRejection", (e) => fail(e));
function fail(e) {  // Node would print Pyodide's minified source; the message is what matters
  process.stderr.write(String((e && (e.stack || e.message)) || e).slice(-6000) + "\n");
  process.exit(1);
}
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { loadPyodide } = await import(pathToFileURL(join(job.pyodide, "pyodide.mjs")).href);
const started = Date.now();
const py = await loadPyodide({ indexURL: job.pyodide + "/", env: job.env, stdout: (s) => process.stderr.write(s + "\n") });
for (const name of readdirSync(job.wheels).filter((n) => n.endsWith(".whl")).sort()) {
  py.unpackArchive(new Uint8Array(readFileSync(join(job.wheels, name))), "wheel");
}
py.FS.mkdirTree("/xlsite");
py.mountNodeFS("/xlsite", job.site);  // pure-Python copies of xlwings and PyYAML (see the test)
py.FS.mkdirTree("/lite");
py.FS.writeFile("/lite/main.py", readFileSync(job.main, "utf8"));
py.globals.set("calls_json", JSON.stringify(job.calls));
const loaded = Date.now();
const out = await py.runPythonAsync(`
import json, sys, time
sys.path[:0] = ["/xlsite", "/lite"]
import xlwings as xw
from xlwings.server import custom_scripts_call
import main
results = []
for call in json.loads(calls_json):
    t = time.perf_counter()
    if "func" in call:  # a what-if worksheet function, called as Excel would call it
        results.append({"value": getattr(main, call["func"])(*call["args"]), "seconds": time.perf_counter() - t})
        continue
    book = xw.Book(json=call["payload"])
    done = await custom_scripts_call(main, call["script"], typehint_to_value={xw.Book: book})
    results.append({"actions": done.json()["actions"], "seconds": time.perf_counter() - t})
    book.close()
site = [m for m, mod in sys.modules.items() if "." not in m and "site-packages" in (getattr(mod, "__file__", None) or "")]
json.dumps({"results": results, "platform": sys.platform, "python": sys.version.split()[0],
            "third_party": sorted(site)})
`);
const result = JSON.parse(out);
result.load_seconds = (loaded - started) / 1000;
result.total_seconds = (Date.now() - started) / 1000;
writeFileSync(job.output, JSON.stringify(result));
