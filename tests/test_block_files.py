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
        journal = wb["Журнал"]
        assert journal["H1"].value == "Балл по блоку"
        assert journal["H2"].value == pytest.approx(round(f.result.block.score, 6))
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
        assert sheet.oddFooter.center.text == "Стр. &P из &N"


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
