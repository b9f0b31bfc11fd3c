"""Issue 15: a command imports only what it needs. openpyxl (and numpy, which openpyxl imports when
installed), holidays and pandas cost 0.1–0.2 s each at every start; `validate` and `score` of a
complaints report need none of them, and `--help` needs not even rich. Each command runs in a fresh
interpreter here, so a module-level import that brings one back fails this test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
COMPLAINTS = SAMPLES / "complaints-МО.xlsx"
OPENNESS = SAMPLES / "openness-НБ.xlsx"
HEAVY = {"openpyxl", "numpy", "pandas", "holidays", "rich"}

RUN = """
import json, sys
sys.argv = ["xlscore", *json.loads(sys.argv[1])]
from toolkit.cli import main
try:
    main()
except SystemExit:
    pass
import dataclasses
made = sorted(f"{{name}}.{{k}}" for name, m in list(sys.modules.items()) for k, v in list(vars(m).items())
              if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == name)
with open({out!r}, "w") as f:
    json.dump(sorted(sys.modules), f)
with open({out!r} + ".dataclasses", "w") as f:
    json.dump(made, f)
"""


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """Heavy modules the command imported, run in a fresh interpreter with its own template cache."""
    return {name.partition(".")[0] for name in _modules(tmp_path, *args)} & HEAVY


def _modules(tmp_path: Path, *args: str) -> set[str]:
    """Every module the command imported, run in a fresh interpreter with its own template cache."""
    out = tmp_path / "modules.json"
    code = RUN.format(out=str(out))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "XLSCORE_CACHE": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=120)
    return set(json.loads(out.read_text()))


@pytest.mark.parametrize("args, allowed", [
    (("--help",), set()),
    (("validate", str(COMPLAINTS)), set()),
    (("validate", "--json", str(COMPLAINTS)), set()),
    (("validate", str(OPENNESS)), {"holidays", "rich"}),  # dates: working days (п.62); НБ's warning is a table
    (("score", "--json", str(COMPLAINTS), "-o", "{tmp}/c.scored.xlsx"), set()),
    (("score", "--json", str(OPENNESS), "-o", "{tmp}/o.scored.xlsx"), {"holidays"}),
    (("score", str(COMPLAINTS), "-o", "{tmp}/t.scored.xlsx"), {"rich"}),  # the results table
])
def test_commands_import_only_what_they_need(tmp_path, args, allowed):
    """After the first run of a period's template (which builds it once, with openpyxl, for the tamper
    comparison and keeps it in the cache), a command imports nothing heavy it does not need."""
    args = tuple(a.format(tmp=tmp_path) for a in args)
    _imported(tmp_path, *args)  # warms the template cache, as any earlier validate of the period did
    assert _imported(tmp_path, *args) <= allowed


# imported by nothing a report's validate or score needs once the caches are warm (issue 15, second round):
# PyYAML (the catalog and registry come compiled from the cache), filelock (toolkit/integrity/locking.py),
# xml.sax (urllib.request with it; workbook/xmltext.py), importlib.resources, the assessor modules
# (only for assessor workbooks) and scoring for validate.
NOT_AT_START = ("yaml", "filelock", "xml.sax", "urllib.request", "importlib.resources", "toolkit.assessor")


@pytest.mark.parametrize("args, also", [
    (("validate", str(COMPLAINTS)), ("toolkit.engine.scoring", "tempfile")),
    (("score", "--json", str(COMPLAINTS), "-o", "{tmp}/c.scored.xlsx"), ()),
])
def test_a_warm_start_imports_no_parser_lock_or_assessor_module(tmp_path, args, also):
    args = tuple(a.format(tmp=tmp_path) for a in args)
    _modules(tmp_path, *args)  # fills the caches
    found = _modules(tmp_path, *args)
    assert not {m for m in found for banned in NOT_AT_START + also if m == banned or m.startswith(banned + ".")}


# a warm start of a complaints report (issue 15, third round): no OpenSSL (cache keys are BLAKE2b; only
# score records SHA-256), no share rules (openness's, loaded with its direction), no textwrap or string,
# and score neither strptime (locale, calendar) nor secrets (random, hmac, base64).
COMPLAINTS_NOT = {"validate": ("hashlib", "_hashlib", "toolkit.rules.shares", "textwrap", "string", "_strptime"),
                  "score": ("toolkit.rules.shares", "_strptime", "secrets", "random", "toolkit.assessor")}
# Each frozen slotted data class costs ~0.5 ms to create (dataclasses compiles six functions for it with
# exec): a command must not import modules whose classes it does not use. Reached on a warm start
# (issue 15): validate 54, score 83; the ceilings leave room for a class or two, not for a module of them.
DATACLASS_CEILINGS = {"validate": 58, "score": 87}


@pytest.mark.parametrize("args", [
    ("validate", str(COMPLAINTS)),
    ("score", "--json", str(COMPLAINTS), "-o", "{tmp}/c.scored.xlsx"),
])
def test_a_complaints_report_loads_only_its_own_direction_and_classes(tmp_path, args):
    args = tuple(a.format(tmp=tmp_path) for a in args)
    _modules(tmp_path, *args)  # fills the caches
    found = _modules(tmp_path, *args)
    assert not found & set(COMPLAINTS_NOT[args[0]])
    made = json.loads((tmp_path / "modules.json.dataclasses").read_text())
    assert len(made) <= DATACLASS_CEILINGS[args[0]], made


def test_the_first_validate_of_a_period_builds_its_template_once(tmp_path):
    assert "openpyxl" in _imported(tmp_path, "validate", str(COMPLAINTS))
    assert list((tmp_path / "cache" / "xlscore" / "templates").glob("*.xlsx"))
    assert "openpyxl" not in _imported(tmp_path, "validate", str(COMPLAINTS))


def test_templates_still_use_openpyxl(tmp_path):
    """The other side: the template command does build its workbook with openpyxl (sanity of the probe)."""
    assert "openpyxl" in _imported(tmp_path, "template", "--direction", "complaints", "--body-type", "cgo",
                                   "-o", str(tmp_path / "t.xlsx"))


def test_every_dataclass_has_a_docstring_of_its_own():
    """`dataclass` gives a class without a docstring one made by `inspect.signature` at import: about
    0.3 ms per class, ~15 ms of every start over the ~45 such classes a `score` imported (issue 15)."""
    import ast

    missing = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None and \
                    any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not missing
