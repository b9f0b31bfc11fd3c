"""Every word the CLI prints is Russian and whole (issue 11, item 5).

click's own texts (usage, help, «[обязательно]», argument errors), file names never cut in the human
tables, `explain` ids without regard to case, and a missing output folder or a file name given for
several results refused with a message and exit 2 — never «Внутренняя ошибка» (exit 3).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from toolkit import clickru
from toolkit.cli import cli

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version", "[required]",
           "[default:", "Missing argument", "Missing option", "Error:", "Try '", "No such", "Invalid value",
           "is not one of", "is not in the range", "does not exist")


def run(*args: Any, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Внутренняя ошибка" not in result.output
    return result


def assert_russian(text: str) -> None:
    for phrase in ENGLISH:
        assert phrase not in text, (phrase, text)


# --------------------------------------------------------------------------- click's own texts


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_help_is_russian(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert_russian(result.output)
    assert "Запуск:" in result.output and "Параметры:" in result.output
    assert "Показать эту справку и выйти." in result.output
    if command == "template":
        assert "[обязательно]" in result.output and "[по умолчанию: 2023-01]" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["explain"], "Ошибка: не указан аргумент «ФАЙЛ»."),
    (["validate"], "Ошибка: не указан аргумент «ФАЙЛЫ_ИЛИ_ПАПКИ...»"),
    (["template", "--body-type", "cgo", "-o", "x.xlsx"], "Ошибка: не указан параметр «--direction»"),
    (["validate", "--bogus", "x.xlsx"], "Ошибка: нет параметра «--bogus»."),
    (["nope"], "Ошибка: нет команды «nope»."),
    (["template", "--direction", "x", "-o", "a.xlsx"], "«x» — не из списка: 'complaints', 'openness'"),
    (["score", "--jobs", "0", "x.xlsx"], "Ошибка: недопустимое значение «--jobs»: 0 вне допустимых пределов 1<=x<=64."),
    (["template", "--direction", "complaints", "--period", "год", "-o", "a.xlsx"], "«год» — не число."),
    (["extract", "a.xlsx", "b.xlsx"], "Ошибка: лишний аргумент: b.xlsx"),
])
def test_usage_errors_are_russian(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Справка: " in result.output and "--help" in result.output
    assert_russian(result.output)


def test_command_list_is_not_cut():
    """click cuts a long first line of help to «…,...»; each command has a short help that fits."""
    commands = run("--help").output.split("Команды:")[1]
    assert "..." not in commands and len(commands.strip().splitlines()) == len(cli.commands)


def test_version_is_russian():
    result = run("--version")
    assert result.exit_code == 0 and ", версия " in result.output


def _click_texts() -> set[tuple[str, ...]]:
    """Every text click marks for translation in the modules `clickru` patches."""
    found: set[tuple[str, ...]] = set()
    folder = Path(click.__file__).parent
    for name in clickru._MODULES:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
                if texts:
                    found.add(texts)
    return found


def test_every_text_click_marks_has_a_translation():
    """A newer click with new or changed texts fails here, instead of printing English."""
    missing = [t for t in _click_texts() if t[0] not in clickru.DEVELOPER_TEXTS
               and not (t[0] in clickru._TEXTS if len(t) == 1 else t in clickru._PLURALS)]
    assert not missing, missing
    unused = set(clickru._TEXTS) - {t[0] for t in _click_texts() if len(t) == 1} - {"required"}
    assert not unused, f"texts click no longer uses: {unused}"


def test_translations_keep_the_placeholders():
    """A placeholder lost in translation would lose information; one invented would raise KeyError."""
    def names(text: str) -> set[str]:
        return {m.split("!")[0] for m in re.findall(r"\{(\w+(?:!r)?)\}", text)} | set(re.findall(r"%\((\w+)\)s", text))

    for english, russian in clickru._TEXTS.items():
        assert names(russian) <= names(english), english
    for (one, many), (ru_one, ru_many) in clickru._PLURALS.items():
        assert names(ru_one) <= names(one) | names(many) and names(ru_many) <= names(many), one


# --------------------------------------------------------------------------- file names whole


def _column(table: str, index: int) -> list[str]:
    """The cells of column `index` of a rich table, each cell's wrapped lines joined back."""
    cells, current = [], ""
    for line in table.splitlines():
        if line.startswith(("├", "└")):
            cells.append(current)
            current = ""
        elif line.startswith("│"):
            current += line.split("│")[index + 1].strip()
    return cells


def test_long_file_names_are_never_cut(tmp_path, filled_template):
    names = ["Отчет_Открытость_Министерство_юстиции_Республики_Казахстан_2022.xlsx",
             "Отчет_Открытость_Министерство_обороны_Республики_Казахстан_2022.xlsx"]
    filled_template(name=names[0])  # valid
    filled_template(name=names[1], p=-1)  # an error: listed in the problems table
    result = run("score", *(tmp_path / n for n in names), "-o", tmp_path / "out", env={"COLUMNS": "80"})
    assert "…" not in result.stdout
    problems, scores = result.stdout.split("┏")[1], result.stdout.split("┏")[2]
    assert names[1] in _column(problems, 0)  # the problems table: the file with the error
    assert _column(scores, 0) == names  # the scores table: both, whole
    assert str(tmp_path / "out" / names[0].replace(".xlsx", ".scored.xlsx")) in _column(scores, 5)


# --------------------------------------------------------------------------- explain


def test_explain_ids_ignore_case(filled_template):
    path = filled_template()
    upper = run("explain", path, "R4")
    assert upper.exit_code == 0
    for spelled in ("r4", " R4 ", "complaints", "COMPLAINTS"):
        result = run("explain", path, spelled)
        assert result.exit_code == 0
        if spelled.strip().casefold() == "r4":
            assert result.stdout == upper.stdout


def test_explain_ids_typed_in_cyrillic_look_alikes():
    """«Р1.1:кк» typed on a Russian layout is P1.1:kk (the committed openness sample of МЮ)."""
    sample = Path(__file__).parents[1] / "samples" / "openness-МЮ.xlsx"
    latin = run("explain", sample, "P1.1:kk")
    assert latin.exit_code == 0 and "P1.1:kk «" in latin.stdout
    assert run("explain", sample, "Р1.1:кк").stdout == latin.stdout


def test_explain_unknown_id_lists_the_known_ones(filled_template):
    path = filled_template()
    result = run("explain", path, "R9")
    assert result.exit_code == 2
    assert (f"{path}: В книге нет направления, критерия или показателя «R9». "
            "Можно указать: complaints, R1, R2, R3, R4.") in " ".join(result.output.split())
    assert "explain.unknown_item"  # the code the message comes from (docs/problems.md)


# --------------------------------------------------------------------------- where results go


def test_template_into_a_missing_folder(tmp_path):
    target = tmp_path / "nodir" / "t.xlsx"
    result = run("template", "--direction", "complaints", "--body-type", "cgo", "-o", target)
    assert result.exit_code == 2
    assert f"Папка {tmp_path / 'nodir'} не существует; ничего не записано." in result.output  # file.no_folder
    assert not (tmp_path / "nodir").exists()


def test_assessor_book_and_fill_into_a_missing_folder(tmp_path, blank_templates):
    result = run("template", "--direction", "openness", "--assessor", "-o", tmp_path / "no" / "a.xlsx")
    assert result.exit_code == 2 and "не существует" in result.output
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"complaints": {}}), encoding="utf-8")
    result = run("fill", blank_templates["cgo"], data, "-o", tmp_path / "no" / "f.xlsx")
    assert result.exit_code == 2 and f"Папка {tmp_path / 'no'} не существует" in result.output


def test_score_into_a_missing_folder(tmp_path, filled_template):
    path = filled_template()
    result = run("score", path, "-o", tmp_path / "missing" / "x.xlsx", "--json")
    assert result.exit_code == 2
    (entry,) = json.loads(result.stdout)["files"]
    assert [p["code"] for p in entry["problems"]] == ["file.no_folder"]
    assert not (tmp_path / "missing").exists()
    human = run("score", path, "-o", tmp_path / "missing" / "x.xlsx")
    assert human.exit_code == 2 and "не существует" in human.output and "освободите место" not in human.output


def test_score_into_a_new_folder_inside_an_existing_one(tmp_path, filled_template):
    a, b = filled_template(name="a.xlsx"), filled_template(name="b.xlsx", m=1100)
    result = run("score", a, b, "-o", tmp_path / "new")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["a.scored.xlsx", "b.scored.xlsx"]


@pytest.mark.parametrize("existing", [False, True])
def test_one_file_name_for_several_results_is_refused(tmp_path, filled_template, existing):
    a, b = filled_template(name="a.xlsx"), filled_template(name="b.xlsx", m=1100)
    single = tmp_path / "итог.xlsx"
    if existing:
        single.write_bytes(b"not ours")
    result = run("score", a, b, "-o", single, "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert {p["code"] for f in doc["files"] for p in f["problems"]} == {"file.output_not_folder"}
    assert single.is_dir() is False and (single.read_bytes() == b"not ours" if existing else not single.exists())
    (message,) = {p["message"] for f in doc["files"] for p in f["problems"]}
    assert message.startswith(f"-o {single} — имя файла, а результатов будет несколько (2")
    human = run("score", a, b, "-o", single)
    assert human.exit_code == 2 and "имя" in human.output and "Внутренняя" not in human.output


def test_a_folder_of_reports_into_one_file_name_is_refused(tmp_path, filled_template):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(filled_template(), folder / "a.xlsx")
    result = run("score", folder, "-o", tmp_path / "итог.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "итог.xlsx").exists()
