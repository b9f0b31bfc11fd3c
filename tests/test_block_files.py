"""The block from real workbooks (METHODOLOGY §5): one `--direction all` workbook and the same body's
directions in separate workbooks scored in one run give the same block; a run without one of them gives
none and says why; «Журнал» and «Заключение» (Прил. 15) of every copy show it.

The workbooks are the samples of МЮ (complaints, openness) and the same figures in one `all` workbook.
So that these tests need only the directions whose templates exist, the block's weights are set for
the test to openness 0.4 and complaints 0.6 (catalog data; what is tested here is grouping and
writing, the weights of п.107 are tested in test_block.py). Expected blocks are 0.4 × O + 0.6 × H of
the direction scores the same run reports.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from toolkit.bodies import find_body
from toolkit.catalog import load_catalog
from toolkit.jsonio import extract, fill
from toolkit.run import score_paths
from toolkit.workbook.template import write_template

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CATALOG = load_catalog("2023-01")
ASSESSOR = SAMPLES / "assessor-openness-2022.xlsx"
TWO = {"openness": 0.4, "complaints": 0.6}


@pytest.fixture
def two_weights(monkeypatch):
    monkeypatch.setitem(CATALOG.weights, "cgo", TWO)
    monkeypatch.setitem(CATALOG.weights, "mio", TWO)


def _combined(code: str) -> dict:
    complaints, _ = extract(SAMPLES / f"complaints-{code}.xlsx")
    openness, _ = extract(SAMPLES / f"openness-{code}.xlsx")
    return {**complaints, "openness": openness["openness"], "penalties": complaints["penalties"] + openness["penalties"]}


@pytest.fixture(scope="module")
def all_workbook(tmp_path_factory) -> Path:
    """МЮ's complaints and openness figures in one workbook issued with `--direction all`."""
    folder = tmp_path_factory.mktemp("all")
    blank = folder / "blank.xlsx"
    directions = ("complaints", "openness")
    write_template(blank, CATALOG, directions, "cgo", 2022, find_body("МЮ").body())
    target = folder / "МЮ-все.xlsx"
    assert fill(blank, _combined("МЮ"), target) == []
    return target


def _copy(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        shutil.copy(SAMPLES / name, tmp_path / name)
        out.append(tmp_path / name)
    return out


def _block_column(journal) -> object:
    """«Балл по блоку» of the first run, found by its header."""
    col = next(c.column for c in journal[1] if c.value == "Балл по блоку")
    return journal.cell(2, col).value


def _by_name(report) -> dict:
    return {Path(f.path).name: f for f in report.files}


def test_one_all_workbook_and_separate_workbooks_give_the_same_block(tmp_path, all_workbook, two_weights):
    one = _by_name(score_paths([all_workbook, ASSESSOR], tmp_path / "one"))[all_workbook.name].result
    assert one is not None and one.block is not None, one and one.block_note
    o, h = one.directions["openness"].score, one.directions["complaints"].score
    assert one.block.score == pytest.approx(0.4 * o + 0.6 * h, rel=1e-12)
    assert one.block.directions == {"openness": o, "complaints": h}
    assert not one.block.provisional

    files = _copy(tmp_path, "complaints-МЮ.xlsx", "openness-МЮ.xlsx", "complaints-МО.xlsx")
    report = _by_name(score_paths([*files, ASSESSOR], tmp_path / "three", jobs=2))
    for name in ("complaints-МЮ.xlsx", "openness-МЮ.xlsx"):
        result = report[name].result
        assert result.block is not None, result.block_note
        assert result.block.exact == one.block.exact  # the same figure to the last digit
        assert result.block.to_dict() == {
            "score": one.block.score, "grade": one.block.grade.id, "provisional": False,
            "directions": {"openness": o, "complaints": h},
            "sources": {"openness": str(files[1]), "complaints": str(files[0])}}
    assert report["complaints-МО.xlsx"].result.block is None  # another body: its openness was not given
    assert "«Открытость государственного органа»" in report["complaints-МО.xlsx"].result.block_note


def test_json_and_journal_and_conclusion_show_the_block(tmp_path, two_weights):
    files = _copy(tmp_path, "complaints-МЮ.xlsx", "openness-МЮ.xlsx")
    report = score_paths([*files, ASSESSOR], tmp_path / "out")
    document = json.loads(json.dumps(report.files[0].to_dict()))
    block = document["block"]
    assert set(block) == {"score", "grade", "provisional", "directions", "sources"}
    for f in report.files:
        wb = openpyxl.load_workbook(f.output)
        assert _block_column(wb["Журнал"]) == pytest.approx(round(f.result.block.score, 6))
        sheet = wb["Заключение"]
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        start = next(i for i, t in enumerate(texts) if t.startswith("Приложение 15"))
        form = texts[start:]
        assert any("по блоку «Взаимодействие государственного органа с физическими и юридическими лицами»" in t
                   for t in form)
        assert any(t.startswith("Итоговая оценка (п.107): 0,4 × ") for t in form)
        assert "Выводы и рекомендации:" in form
        assert "Заместитель Председателя Агентства Республики Казахстан по делам государственной службы" in form
        first_row = next(c.row for row in sheet.iter_rows() for c in row if str(c.value).startswith("Приложение 15"))
        assert first_row - 1 in [b.id for b in sheet.row_breaks.brk]  # Прил. 15 begins a printed page
        assert sheet.oddFooter.right.text == "Стр. &P из &N" and "2022 год" in sheet.oddFooter.left.text


def test_directions_scored_apart_have_no_block_and_say_why(tmp_path, two_weights):
    files = _copy(tmp_path, "complaints-МЮ.xlsx", "openness-МЮ.xlsx")
    first = score_paths([files[0]], tmp_path / "a").files[0].result
    assert first.block is None
    assert first.to_dict()["block"] is None
    assert first.to_dict()["block_note"].startswith(
        "Балл по блоку не рассчитан: нет оцененного направления «Открытость государственного органа»")


def test_a_provisional_direction_gives_a_provisional_block(tmp_path, two_weights):
    """Without the assessor workbook МЮ's openness lacks its P5 monitoring and surveys: provisional."""
    files = _copy(tmp_path, "complaints-МЮ.xlsx", "openness-МЮ.xlsx")
    report = score_paths(files, tmp_path / "out")
    for f in report.files:
        assert f.result.directions.get("openness", f.result.directions.get("complaints")) is not None
        assert f.result.block is not None and f.result.block.provisional
    wb = openpyxl.load_workbook(report.files[0].output)
    texts = [str(c.value) for row in wb["Заключение"].iter_rows() for c in row if c.value is not None]
    form = texts[next(i for i, t in enumerate(texts) if t.startswith("Приложение 15")):]
    assert "ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ" in form[:6]


def test_another_period_is_not_grouped(tmp_path, two_weights):
    data, _ = extract(SAMPLES / "complaints-МЮ.xlsx")
    blank = tmp_path / "blank.xlsx"
    write_template(blank, CATALOG, ("complaints",), "cgo", 2021, find_body("МЮ").body())
    earlier = tmp_path / "complaints-МЮ-2021.xlsx"
    assert fill(blank, {**data, "period": 2021}, earlier) == []
    (openness,) = _copy(tmp_path, "openness-МЮ.xlsx")
    result = _by_name(score_paths([earlier, openness, ASSESSOR], tmp_path / "out"))["openness-МЮ.xlsx"].result
    assert result.block is None
    assert "не объединен с этим: отчетный период 2021, а не 2022" in result.block_note


def test_an_all_workbook_and_a_separate_one_of_the_same_direction_give_no_block(tmp_path, all_workbook, two_weights):
    (complaints,) = _copy(tmp_path, "complaints-МЮ.xlsx")
    for f in score_paths([all_workbook, complaints, ASSESSOR], tmp_path / "out").files:
        assert f.result.block is None
        assert "дано в нескольких файлах" in f.result.block_note


def test_a_workbook_with_errors_is_named_as_the_missing_direction(tmp_path, two_weights):
    complaints, openness = _copy(tmp_path, "complaints-МЮ.xlsx", "openness-МЮ.xlsx")
    wb = openpyxl.load_workbook(complaints)
    sheet, cell = next(iter(wb.defined_names["complaints.considered_total"].destinations))
    wb[sheet][cell.replace("$", "")].value = -5
    wb.save(complaints)
    report = _by_name(score_paths([complaints, openness, ASSESSOR], tmp_path / "out"))
    assert report["complaints-МЮ.xlsx"].result is None
    note = report["openness-МЮ.xlsx"].result.block_note
    assert f"«Качество рассмотрения жалоб и заявлений» (файл {complaints} не оценен: в нем ошибки)" in note


# ---- the real block: services, openness and complaints with the weights of п.107


def _all_three(folder: Path, code: str, body_type: str) -> Path:
    """The body's three sample reports' figures in one workbook issued with `--direction all`."""
    data = _combined(code)
    services, _ = extract(SAMPLES / f"services-{code}.xlsx")
    data = {**data, "services": services["services"], "penalties": data["penalties"] + services["penalties"]}
    blank = folder / f"blank-{code}.xlsx"
    write_template(blank, CATALOG, ("complaints", "openness", "services"), body_type, 2022, find_body(code).body())
    target = folder / f"{code}-все.xlsx"
    assert fill(blank, data, target) == []
    return target


@pytest.mark.parametrize(("code", "body_type"), [("МЮ", "cgo"), ("АКТО", "mio")])
def test_block_of_three_directions_one_workbook_or_three(tmp_path, code, body_type):
    together = _all_three(tmp_path, code, body_type)
    one = score_paths([together, ASSESSOR], tmp_path / "one").files[0].result
    assert one is not None and one.block is not None, one and one.block_note
    u, o, h = (one.directions[d].score for d in ("services", "openness", "complaints"))
    assert one.block.score == pytest.approx(0.5 * u + 0.2 * o + 0.3 * h, rel=1e-12)  # п.107
    assert one.block.grade.id == ("high" if round(0.5 * u + 0.2 * o + 0.3 * h, 2) >= 90 else
                                  "medium" if round(0.5 * u + 0.2 * o + 0.3 * h, 2) >= 70 else "low")

    apart = _copy(tmp_path, f"services-{code}.xlsx", f"openness-{code}.xlsx", f"complaints-{code}.xlsx")
    report = score_paths([*apart, ASSESSOR], tmp_path / "three")
    for f in report.files:
        assert f.result.block is not None, f.result.block_note
        assert f.result.block.exact == one.block.exact
        assert f.result.block.directions == {"services": u, "openness": o, "complaints": h}
        assert f.result.directions[next(iter(f.result.directions))].score in (u, o, h)


def test_cli_json_block_for_every_file_of_the_body(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli

    apart = _copy(tmp_path, "services-НБ.xlsx", "openness-НБ.xlsx", "complaints-НБ.xlsx", "complaints-ПАВО.xlsx")
    result = CliRunner().invoke(cli, ["score", *map(str, apart), str(ASSESSOR), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    blocks = [files[f"{d}-НБ.xlsx"]["block"] for d in ("services", "openness", "complaints")]
    assert blocks[0] == blocks[1] == blocks[2]
    u, o, h = (files[f"{d}-НБ.xlsx"]["directions"][d]["score"] for d in ("services", "openness", "complaints"))
    assert blocks[0]["score"] == pytest.approx(0.5 * u + 0.2 * o + 0.3 * h, rel=1e-12)
    assert blocks[0]["directions"] == {"services": u, "openness": o, "complaints": h}
    assert files["complaints-ПАВО.xlsx"]["block"] is None
    assert "«Качество оказания государственных услуг», «Открытость государственного органа»" in \
        files["complaints-ПАВО.xlsx"]["block_note"]


def test_cli_table_shows_the_block_once_per_body(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli

    apart = _copy(tmp_path, "services-АКТО.xlsx", "openness-АКТО.xlsx", "complaints-АКТО.xlsx")
    result = CliRunner().invoke(cli, ["score", *map(str, apart), str(ASSESSOR), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Блок (п.107)") == 1
    scored = score_paths([*apart, ASSESSOR], tmp_path / "again").files[0].result.block
    assert score_text_1(scored.score) in result.stdout


def score_text_1(value: float) -> str:
    from toolkit.numbers import score_text

    return score_text(value, 1)


def test_demo_summary_gives_each_body_its_block_beside_its_directions(tmp_path):
    """`demo`'s last table: per body the three directions, the block (1 decimal) and its grade; ПАВО has no
    openness sample, so its row has no block and a note that says which direction is missing."""
    from rich.console import Console

    from toolkit.demo import summary_table
    from toolkit.numbers import score_text

    folder = tmp_path / "in"
    folder.mkdir()
    for p in SAMPLES.glob("*.xlsx"):
        shutil.copy(p, folder / p.name)
    files = score_paths([folder], tmp_path / "out").files
    console = Console(width=200, record=True)
    console.print(summary_table([f for f in files if f.result is not None]))
    text = console.export_text()
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    scores = {}
    for f in files:
        if f.result is not None:
            scores.setdefault(f.result.body.code, {}).update({d: s.score for d, s in f.result.directions.items()})
    for code, got in scores.items():
        if len(got) < 3:
            continue
        block = 0.5 * got["services"] + 0.2 * got["openness"] + 0.3 * got["complaints"]  # п.107
        row = lines[code]
        assert row[2:5] == [score_text(got[d]) for d in ("services", "openness", "complaints")]
        assert row[5] == score_text(block, 1)
        assert row[6] == {"high": "высокая", "medium": "средняя", "low": "низкая"}[
            "high" if block >= 90 else "medium" if block >= 70 else "low"]
    assert sum(len(got) == 3 for got in scores.values()) == 5
    assert lines["ПАВО"][3] == "—" and lines["ПАВО"][5] == "—"
    assert "ПАВО: нет отчета по направлению «Открытость»" in text


def test_in_place_batch_of_three_workbooks_writes_the_block_into_each(tmp_path):
    apart = _copy(tmp_path, "services-АЛМАТЫ.xlsx", "openness-АЛМАТЫ.xlsx", "complaints-АЛМАТЫ.xlsx")
    report = score_paths([*apart, ASSESSOR], in_place=True)
    blocks = {f.result.block.exact for f in report.files if f.result is not None}
    assert len(blocks) == 1
    for path in apart:
        assert (tmp_path / (path.name + ".bak")).exists()
        journal = openpyxl.load_workbook(path)["Журнал"]
        assert _block_column(journal) == pytest.approx(float(next(iter(blocks))), abs=1e-6)


def test_only_files_with_siblings_wait_for_the_batch(tmp_path, monkeypatch):
    """A file no other file of the run shares a body with (by metadata, or the code typed on a blank
    template's «Инструкция») is written in the first pass; a body's files wait for each other."""
    import toolkit.run

    waited: list[str] = []
    real = toolkit.run._finish_held

    def counting(held, *args):
        waited.append(held.path.name)
        return real(held, *args)

    monkeypatch.setattr(toolkit.run, "_finish_held", counting)
    files = _copy(tmp_path, "complaints-ПАВО.xlsx", "complaints-АКТО.xlsx", "services-МЮ.xlsx", "complaints-МЮ.xlsx")
    report = _by_name(score_paths(files, tmp_path / "out"))
    assert sorted(waited) == ["complaints-МЮ.xlsx", "services-МЮ.xlsx"]
    assert all(f.exit_code == 0 for f in report.values())
    assert "«Открытость государственного органа»" in report["services-МЮ.xlsx"].result.block_note
