"""The Lite main.py in Pyodide, the runtime xlwings Lite uses, under Node (issue 13).

Set-up (once per cache folder): npm `pyodide` into the cache, our wheel built with `pip wheel`, the
pure-Python wheels of what the Lite path imports downloaded with pip (PyPI), and pure-Python copies
of xlwings (its published wheels carry a native extension only the calamine engine uses; Lite brings
its own build) and PyYAML (Lite takes it from Pyodide's distribution, which is not on npm; without
libyaml PyYAML is pure Python). Pyodide then loads everything from local files, no network, and
runs the same payloads as the remote-engine tests: the actions must equal CPython's.
Skipped, with the reason, only where node or npm is missing.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from excel_remote import LITE, ROOT, payload, run_script

PYODIDE = "0.28.3"  # npm version, pinned (Python 3.13)
CACHE = Path(os.environ.get("XLSCORE_PYODIDE_CACHE", Path.home() / ".cache" / "xlscore-pyodide"))
WHEELS = ("defusedxml", "holidays", "python-dateutil", "six")  # pure; openpyxl etc. stay off the Lite path
CALLS = [("rasschitat", p) for p in sorted((ROOT / "samples").glob("*.xlsx")) if not p.name.startswith("assessor-")] \
    + [("proverit", ROOT / "samples" / "openness-НБ.xlsx"), ("proverit", ROOT / "samples" / "complaints-МЮ.xlsx")]
FUNC = [1000, 950, 3, 0, 1, 4, 0, "R1"]  # =XLSCORE_COMPLAINTS(…): 40 − 3/950 × 1000
# «Журнал»'s run time (UTC, and in Kazakhstan), the one value that differs
TIME = re.compile(r"^'(\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d{4}) \d\d:\d\d:\d\d$")


def _tools() -> str | None:
    missing = [t for t in ("node", "npm") if shutil.which(t) is None]
    return f"нет {' и '.join(missing)}: установите nodejs и npm (apt-get install nodejs npm)" if missing else None


def _run(*cmd: str, cwd: Path | None = None) -> None:
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)


def _pure_copy(package: str, into: Path) -> None:
    """A package's .py files only (no native extension), as found in this interpreter."""
    source = Path(__import__(package).__file__).parent
    shutil.copytree(source, into / package, dirs_exist_ok=True,
                    ignore=lambda d, names: [n for n in names if not (n.endswith(".py") or Path(d, n).is_dir())
                                             or n == "__pycache__"])


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    reason = _tools()
    if reason:
        pytest.skip(reason)
    npm = CACHE / f"npm-{PYODIDE}"
    if not (npm / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        npm.mkdir(parents=True, exist_ok=True)
        _run("npm", "install", "--no-audit", "--no-fund", "--prefix", str(npm), f"pyodide@{PYODIDE}")
    wheels = tmp_path_factory.mktemp("wheels")
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(wheels))
    deps = CACHE / "wheels"
    pins = [f"{name}=={version(name)}" for name in WHEELS]
    if sorted(p.name.split("-")[0].lower() for p in deps.glob("*.whl")) != sorted(n.replace("-", "_") for n in WHEELS):
        shutil.rmtree(deps, ignore_errors=True)
        _run(sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "--platform", "any",
             "--python-version", "3.13", "-d", str(deps), *pins)
    for wheel in deps.glob("*.whl"):
        assert wheel.name.endswith("-none-any.whl"), wheel  # pure Python, or it would not load in Pyodide
        shutil.copy(wheel, wheels)
    site = tmp_path_factory.mktemp("site")
    _pure_copy("xlwings", site)
    _pure_copy("yaml", site)
    return {"pyodide": npm / "node_modules" / "pyodide", "wheels": wheels, "site": site}


def _normal(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions with «Журнал»'s run time blanked."""
    text = json.dumps(actions, ensure_ascii=False)
    out = json.loads(text)
    for action in out:
        for row in action.get("values") or []:
            for i, value in enumerate(row):
                if isinstance(value, str) and TIME.match(value):
                    row[i] = "'TIME"
    return out


def test_lite_main_in_pyodide_gives_cpythons_actions(runtime: dict[str, Path], tmp_path: Path) -> None:
    from test_excel_remote import BROKEN, _broken

    user = getpass.getuser()  # «Журнал»'s user column: the same login name on both sides
    broken = [("proverit", _broken(tmp_path, *BROKEN[case])) for case in ("late_above_total", "date_as_word")]
    runs = CALLS + broken
    calls = [{"script": script, "payload": payload(path)} for script, path in runs] + [{"func": "xlscore_complaints", "args": FUNC}]
    job = {**{k: str(v) for k, v in runtime.items()}, "main": str(LITE), "calls": calls, "output": str(tmp_path / "out.json"),
           "env": {"XLWINGS_LICENSE_KEY": "noncommercial", "XLWINGS_ON_SERVER": "true", "LOGNAME": user,
                   "HOME": "/home/pyodide"}}
    (tmp_path / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(["node", str(ROOT / "tests" / "pyodide_lite.mjs"), str(tmp_path / "job.json")],
                          capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    print(f"\nPyodide {result['python']} ({result['platform']}): start {result['load_seconds']:.1f} s, "
          f"{len(runs)} scripts and a function {sum(r['seconds'] for r in result['results']):.1f} s, node in all {elapsed:.1f} s")
    assert result["platform"] == "emscripten" and len(result["results"]) == len(calls)
    assert set(result["third_party"]) <= {"toolkit", "xlwings", "yaml", "defusedxml", "holidays", "dateutil", "six"}, \
        result["third_party"]
    assert result["results"][-1]["value"] == pytest.approx(40 - 3 / 950 * 1000)
    old = os.environ.get("LOGNAME")
    os.environ["LOGNAME"] = user
    try:
        for (script, path), got in zip(runs, result["results"]):
            assert _normal(got["actions"]) == _normal(run_script(script, payload(path))), (script, path.name)
    finally:
        if old is None:
            os.environ.pop("LOGNAME", None)
        else:
            os.environ["LOGNAME"] = old
