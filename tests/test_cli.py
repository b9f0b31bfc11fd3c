"""The CLI is thin: each command's output equals the library's, exit statuses follow CONTRACTS «Commands».

Covers CONTRACTS «Commands» (template, validate, score, fill, extract, explain, demo, --version),
«JSON shapes» (validate/score --json documents; fill/extract round trip of the input shape) and the
rule that `--json` puts one JSON document on stdout and nothing else there.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import COMPLAINTS, complaints_values
from toolkit import __version__
from toolkit.bodies import find_body
from toolkit.check import check_paths
from toolkit.cli import cli
from toolkit.jsonio import extract
from toolkit.problems import PROBLEMS, problem
from toolkit.run import score_file
from toolkit.workbook import layout

XLSCORE = Path(sys.executable).with_name("xlscore")


def run(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def squeeze(text: str) -> str:
    """Rich wraps long lines to the console width; compare text with whitespace runs collapsed."""
    return " ".join(text.split())


def full_data(body_type: str = "cgo") -> dict[str, Any]:
    values = complaints_values(m=1200, p=1150, f=7, a=1, n=3, d=8, x=1)
    return {
        "edition": "2023-01", "period": 2022,
        "body": {"name": "Министерство юстиции Республики Казахстан", "type": body_type, "code": "МЮ"},
        "complaints": {k.split(".", 1)[1]: v for k, v in values.items()},
        "penalties": [
            {"direction": "complaints", "kind": "unreliable", "text": "Занижено число поступивших жалоб"},
            {"direction": "complaints", "kind": "incomplete", "text": "Нет таблицы перенаправленных жалоб"},
            {"direction": "openness", "kind": "unreliable", "text": "Факт по другому направлению"},
        ],
    }


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- validate / score --json


def test_validate_json_equals_the_library(tmp_path, filled_template):
    paths = [filled_template(name="good.xlsx"), filled_template(name="warn.xlsx", p=1001),
             filled_template(name="bad.xlsx", f="много", a=-2), tmp_path / "missing.xlsx"]
    args = [str(p) for p in paths]
    result = run("validate", *args, "--json")
    assert json.loads(result.stdout) == check_paths(args).to_dict()
    assert result.exit_code == check_paths(args).exit_code == 2
    assert run("validate", *args[:3], "--json").exit_code == 1
    assert run("validate", *args[:2], "--json").exit_code == 0


def _without_paths(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in ("path", "output")}


def test_score_json_equals_the_library(tmp_path, filled_template):
    cli_copy = filled_template(name="cli.xlsx", p=1001)  # a warning travels with the score
    lib_copy = filled_template(name="lib.xlsx", p=1001)
    result = run("score", cli_copy, "--json")
    assert result.exit_code == 0
    (entry,) = json.loads(result.stdout)["files"]
    library = json.loads(json.dumps(score_file(lib_copy).to_dict()))
    assert entry["path"] == str(cli_copy)
    assert entry["output"] == str(cli_copy.with_name("cli.scored.xlsx"))
    assert library["output"] == str(lib_copy.with_name("lib.scored.xlsx"))
    assert _without_paths(entry) == _without_paths(library)
    assert set(entry) >= {"path", "output", "body", "edition", "period", "directions", "block", "problems"}
    complaints = entry["directions"]["complaints"]
    assert set(complaints) >= {"score", "raw", "penalty", "grade", "criteria", "indicators", "provisional", "notes"}
    assert set(complaints["criteria"]) == {"R1", "R2", "R3", "R4"}
    assert entry["block"] is None
    assert [p["code"] for p in entry["problems"]] == ["input.exceeds_warning"]


@pytest.mark.parametrize("command", ["validate", "score", "score-invalid", "extract"])
def test_json_flag_puts_only_json_on_stdout(filled_template, command):
    bad = command == "score-invalid"
    path = filled_template(f=-1) if bad else filled_template()
    name = command.split("-")[0]
    result = run(name, path, "--json")
    assert result.exit_code == (1 if bad else 0)
    text = result.stdout.strip()
    assert text.startswith("{") and text.endswith("}")
    json.loads(text)
    if command == "extract":
        assert "\n" not in text, "extract --json is one compact line"


# --------------------------------------------------------------------------- fill / extract


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_fill_then_extract_gives_the_data_back(tmp_path, blank_templates, body_type):
    data = full_data(body_type)
    source = write_json(tmp_path / "data.json", data)
    out = tmp_path / "filled.xlsx"
    assert run("fill", blank_templates[body_type], source, "-o", out).exit_code == 0
    result = run("extract", out, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == data
    assert json.loads(run("extract", out).stdout) == data
    assert extract(out)[0] == data


def _fill_rejected(tmp_path: Path, template: Path, data: dict[str, Any], message: str) -> None:
    out = tmp_path / "filled.xlsx"
    result = run("fill", template, write_json(tmp_path / "data.json", data), "-o", out)
    assert result.exit_code == 1
    assert not out.exists()
    assert squeeze(message) in squeeze(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("field,given,expected", [
    ("body.type", "mio", "cgo"), ("period", 2021, 2022), ("edition", "2019-01", "2023-01"),
])
def test_fill_rejects_data_for_another_template(tmp_path, blank_templates, field, given, expected):
    data = full_data("cgo")
    if field == "body.type":
        data["body"]["type"] = given
    else:
        data[field] = given
    message = problem("data.mismatch", field=field, given=given, expected=expected).message
    _fill_rejected(tmp_path, blank_templates["cgo"], data, message)


def test_fill_rejects_more_penalty_rows_than_the_act_has(tmp_path, blank_templates):
    data = full_data("cgo")
    rows = layout.PENALTIES_ROWS
    data["penalties"] = [{"direction": "complaints", "kind": "unreliable", "text": f"Факт {i}"} for i in range(rows + 1)]
    message = problem("data.too_many_rows", table=layout.PENALTIES_SHEET, given=rows + 1, limit=rows).message
    _fill_rejected(tmp_path, blank_templates["cgo"], data, message)
    data["penalties"] = data["penalties"][:rows]  # exactly full is fine
    out = tmp_path / "full.xlsx"
    assert run("fill", blank_templates["cgo"], write_json(tmp_path / "data.json", data), "-o", out).exit_code == 0
    assert extract(out)[0] == data


@pytest.mark.parametrize("where", ["top-level", "input"])
def test_fill_rejects_an_unknown_key(tmp_path, blank_templates, where):
    data = full_data("cgo")
    if where == "top-level":
        data["foo"] = 1
        key = "foo"
    else:
        data["complaints"]["bogus"] = 1
        key = "complaints.bogus"
    message = problem("data.unknown_key", name=key, directions="complaints").message
    _fill_rejected(tmp_path, blank_templates["cgo"], data, message)


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", ""])
def test_fill_with_a_data_file_that_is_not_json(tmp_path, blank_templates, content):
    source = tmp_path / "data.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "filled.xlsx"
    result = run("fill", blank_templates["cgo"], source, "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]
    piped = _piped("fill", blank_templates["cgo"], source, "-o", out, columns=1000)
    assert piped.returncode == 2 and piped.stdout == "" and "Traceback" not in piped.stderr
    marker = "\u00a7"  # the reason is the parser's own text: compare the message up to it
    head = problem("data.unreadable", path=source, reason=marker).message.split(marker)[0]
    assert piped.stderr.startswith(head)


def test_fill_with_a_missing_data_file(tmp_path, blank_templates):
    out = tmp_path / "filled.xlsx"
    assert run("fill", blank_templates["cgo"], tmp_path / "nope.json", "-o", out).exit_code == 2
    assert not out.exists()


def test_fill_into_something_that_is_not_a_template(tmp_path):
    source = write_json(tmp_path / "data.json", full_data())
    fake = tmp_path / "fake.xlsx"
    fake.write_text("не книга", encoding="utf-8")
    out = tmp_path / "filled.xlsx"
    assert run("fill", fake, source, "-o", out).exit_code == 2
    assert not out.exists()


def test_extract_of_an_unreadable_file(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = run("extract", fake, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""


# --------------------------------------------------------------------------- template


def _body_cells(path: Path) -> tuple[Any, Any]:
    wb = openpyxl.load_workbook(path)
    out = []
    for key in ("body.name", "body.code"):
        sheet, coord = next(iter(wb.defined_names[key].destinations))
        out.append(wb[sheet][coord.replace("$", "")].value)
    return tuple(out)


def test_template_with_a_registry_code_fills_the_body(tmp_path):
    out = tmp_path / "nb.xlsx"
    result = run("template", "--direction", "complaints", "--body-type", "cgo", "--body", "НБ", "--period", "2022",
                 "-o", out)
    assert result.exit_code == 0
    registered = find_body("НБ")
    assert _body_cells(out) == (registered.name, registered.code)
    assert extract(out)[0]["body"] == {"name": registered.name, "type": "cgo", "code": "НБ"}


@pytest.mark.parametrize("args", [
    ["--direction", "complaints", "--body-type", "mio", "--body", "НБ"],    # НБ is a cgo
    ["--direction", "complaints", "--body-type", "mio", "--body", "  Акимат района  "],  # not in the registry
    ["--direction", "nonsense", "--body-type", "cgo"],
    ["--direction", "complaints", "--body-type", "xyz"],
    ["--direction", "complaints", "--body-type", "cgo", "--edition", "2019-01"],
    ["--direction", "complaints", "--body-type", "cgo", "--period", "abc"],
], ids=["body-type-mismatch", "unregistered-body", "bad-direction", "bad-body-type", "bad-edition", "bad-period"])
def test_template_bad_arguments(tmp_path, args):
    out = tmp_path / "t.xlsx"
    result = run("template", *args, "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_template_is_deterministic(tmp_path):
    args = ["template", "--direction", "complaints", "--body-type", "cgo", "--body", "МЮ", "--period", "2022"]
    first, second, elsewhere = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "sub" / "a.xlsx"
    elsewhere.parent.mkdir()
    assert run(*args, "-o", first).exit_code == 0
    copy_of_first = first.read_bytes()
    assert run(*args, "-o", first).exit_code == 0
    assert run(*args, "-o", second).exit_code == 0
    assert run(*args, "-o", elsewhere).exit_code == 0
    assert first.read_bytes() == copy_of_first == second.read_bytes() == elsewhere.read_bytes()


def test_template_all_directions_holds_what_is_available(tmp_path):
    out = tmp_path / "all.xlsx"
    assert run("template", "--direction", "all", "--body-type", "cgo", "-o", out).exit_code == 0
    assert "Прил. 11" in openpyxl.load_workbook(out).sheetnames


# --------------------------------------------------------------------------- explain


def test_explain_criterion_lists_rule_and_input_cells(filled_template):
    path = filled_template()
    result = run("explain", path, "R4")
    assert result.exit_code == 0
    text = squeeze(result.stdout)
    r4 = next(c for c in COMPLAINTS.criteria if c.id == "R4")
    assert squeeze(r4.rule.describe(r4.max_for('cgo'))) in text
    for symbol, cell in (("d", "D20"), ("f", "D17"), ("n", "D19"), ("x", "D21")):
        assert f"Прил. 11!{cell}" in text
        label = next(s.label for s in COMPLAINTS.inputs if s.symbol == symbol)
        assert squeeze(label) in text
    assert "R1" not in text and "R3" not in text


def test_explain_everything(filled_template):
    result = run("explain", filled_template())
    assert result.exit_code == 0
    text = squeeze(result.stdout)
    for criterion in COMPLAINTS.criteria:
        assert f"{criterion.id} «{criterion.title}»" in text


def test_explain_unknown_id_fails(filled_template):
    result = run("explain", filled_template(), "NOPE")
    assert result.exit_code != 0
    assert "NOPE" in result.output


def test_explain_of_an_unreadable_file(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("не книга", encoding="utf-8")
    assert run("explain", fake).exit_code == 2


def _piped(*args: Any, columns: int | None = None) -> subprocess.CompletedProcess:
    """The console script with stdout piped and no terminal anywhere, as in a script or a CI log."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "XLSCORE_DEBUG")}
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run([str(XLSCORE), *map(str, args)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=env, timeout=120)


def test_explain_lines_are_not_wrapped_when_piped(filled_template):
    result = _piped("explain", filled_template(), "R4")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    r4 = next(c for c in COMPLAINTS.criteria if c.id == "R4")
    assert any(line.strip() == f"R4 «{r4.title}»: 10,00 из 10" for line in lines), lines
    assert any(line.strip() == f"правило: {r4.rule.describe(r4.max_for('cgo'))}" for line in lines), lines


# --------------------------------------------------------------------------- text from the workbook is data


def test_validate_text_with_square_brackets_is_reported_not_crashed(filled_template):
    path = filled_template(f="[/]")
    result = _piped("validate", path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "«[/]»" in result.stdout + result.stderr


def test_validate_json_quotes_square_brackets(filled_template):
    """The JSON report is not rendered through rich, so it already carries the text exactly."""
    path = filled_template(f="[/]")
    result = _piped("validate", path, "--json")
    assert result.returncode == 1
    (found,) = json.loads(result.stdout)["files"][0]["problems"]
    assert found["code"] == "input.not_number" and "«[/]»" in found["message"]


def test_validate_quotes_the_cell_text_exactly(filled_template):
    value = "[red]12[/red]"
    result = run("validate", filled_template(f=value))
    assert result.exit_code == 1
    assert f"«{value}»" in squeeze(result.output)


def test_body_name_with_markup_survives_score_json(tmp_path, filled_template):
    path = filled_template()
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names["body.name"].destinations))
    wb[sheet][coord.replace("$", "")] = "Акимат [/] [bold]района[/bold]"
    wb.save(path)
    result = run("score", path, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["body"]["name"] == "Акимат [/] [bold]района[/bold]"


# --------------------------------------------------------------------------- score options, demo, version


def test_score_in_place_and_output_together_is_a_usage_error(filled_template, tmp_path):
    path = filled_template()
    before = path.read_bytes()
    result = run("score", path, "--in-place", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert path.read_bytes() == before
    assert not (tmp_path / "out.xlsx").exists()


def test_score_unreadable_file_exits_2(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("не книга", encoding="utf-8")
    result = run("score", fake, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["files"][0]["problems"][0]["code"] == "file.unreadable"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.xlsx"]


def test_demo_writes_scored_workbooks_of_every_direction(tmp_path):
    folder = tmp_path / "demo"
    result = run("demo", folder)
    assert result.exit_code == 0
    scored = sorted(folder.glob("*.scored.xlsx"))
    assert len([p for p in scored if p.name.startswith("complaints-")]) == 6
    assert len([p for p in scored if p.name.startswith("openness-")]) == 5
    assert len([p for p in scored if p.name.startswith("services-")]) == 6
    assert len([p for p in folder.glob("*.xlsx") if ".scored." not in p.name]) == 18  # and the assessor workbook
    assert (folder / "assessor-openness-2022.xlsx").exists()
    assert not list(folder.glob(".blank-*"))
    for path in scored:
        assert "Заключение" in openpyxl.load_workbook(path, read_only=True).sheetnames


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert "xlscore" in result.output and __version__ in result.output
    piped = _piped("--version")
    assert piped.returncode == 0 and __version__ in piped.stdout


def test_fill_round_trip_keeps_data_untouched_by_caller(tmp_path, blank_templates):
    """fill must not mutate its input dict (the library call), and the result extracts equal."""
    from toolkit.jsonio import fill

    data = full_data()
    frozen = copy.deepcopy(data)
    out = tmp_path / "x.xlsx"
    assert fill(blank_templates["cgo"], data, out) == []
    assert data == frozen
    assert extract(out)[0] == frozen
