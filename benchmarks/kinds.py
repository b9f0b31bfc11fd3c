"""The workbooks the benchmark measures: a list of "kinds", each a generator of one workbook.

A kind writes a filled report the way a body would return it: a template from
`write_template`, inputs and «Акт сверки» rows written by `toolkit.jsonio.fill`, then, for the
large kinds, what a body's own Excel would add (more act rows, a sheet of its own) written with
openpyxl. Only these stable calls are used, so the benchmark follows the toolkit's
reader/writer wherever they go.

Openness kinds use the demo's generated reports (`toolkit.sample_openness`): a typical one, and one
with every list filled to the template's capacity (240 publications, 80 media requests…). Services
reports are the demo's samples with the satisfaction varied (issue 14): the batch then holds the three
directions of the sample bodies in equal parts, so their blocks are formed as in a real period.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.worksheet.cell_range import MultiCellRange

from toolkit.catalog import load_catalog
from toolkit.demo import openness_samples, samples, services_samples
from toolkit.jsonio import fill
from toolkit.workbook.template import write_template

EDITION = "2023-01"
ACT_SHEET = "Акт сверки"  # the template's sheet and table names (toolkit.workbook.layout)
ACT_TABLE = "penalties"
ACT_HEADER_ROW = 6
LARGE_ACT_ROWS = 2_000
EXTRA_SHEET = "Данные органа"
EXTRA_ROWS, EXTRA_COLUMNS = 2_100, 10

Maker = Callable[[Path, int, Path], None]  # (target, seed, folder of blank templates)


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    direction: str
    summary: str
    make: Maker
    large: bool = False


def prepare_blanks(folder: Path) -> None:
    """Write every blank template the samples need, once, before any worker forks."""
    folder.mkdir(parents=True, exist_ok=True)
    for sample in samples():
        _blank(folder, sample.data["body"]["type"], sample.data["period"])
    for sample in openness_samples():
        _blank(folder, sample.data["body"]["type"], sample.data["period"], "openness")
    for sample in services_samples():
        _blank(folder, sample.data["body"]["type"], sample.data["period"], "services")


def _blank(folder: Path, body_type: str, period: int, direction: str = "complaints") -> Path:
    path = folder / f"{direction}-{body_type}-{period}.xlsx"
    if not path.exists():
        write_template(path, load_catalog(EDITION), (direction,), body_type, period)
    return path


def complaints_data(seed: int, penalties: int = 3) -> dict[str, Any]:
    """A sample body with inputs varied by `seed`, always passing the catalog's checks."""
    rng = random.Random(seed)
    data = dict(samples()[seed % len(samples())].data)
    m = rng.randint(500, 100_000)
    p = m - rng.randint(0, m // 50)
    f = rng.randint(0, p // 100)
    n = rng.randint(0, m // 100)
    x = rng.randint(0, (f + n) // 10)
    d = rng.randint(0, f + n - x)
    data["complaints"] = {"received_total": m, "considered_total": p, "considered_late": f,
                          "court_satisfied": rng.randint(0, p // 2000), "redirected_late": n,
                          "disciplined": d, "liability_impossible": x}
    data["penalties"] = [_penalty(rng, i) for i in range(penalties)]
    return data


def _penalty(rng: random.Random, i: int) -> dict[str, str]:
    kind = rng.choice(("unreliable", "unreliable", "unreliable", "incomplete"))
    return {"direction": "complaints", "kind": kind,
            "text": f"Факт {i + 1}: при перепроверке по данным ИС «Е-Өтініш» установлено расхождение "
                    f"{rng.randint(1, 999)} обращений с отчетной информацией."}


def make_typical(target: Path, seed: int, blanks: Path) -> None:
    """The common case: template, seven inputs, three rows in «Акт сверки»."""
    data = complaints_data(seed)
    problems = fill(_blank(blanks, data["body"]["type"], data["period"]), data, target)
    if problems:
        raise ValueError(f"fill refused the benchmark data: {problems[0].message}")


def make_large_act(target: Path, seed: int, blanks: Path) -> None:
    """The typical report with the «Акт сверки» table grown to 2 000 valid rows, as Excel grows a table.

    `fill` stops at the template's 30 rows, so the rest is written with openpyxl: the row number,
    the three text cells, the points formula translated down, the style of the first row, the
    table's range and its drop-down lists extended.
    """
    make_typical(target, seed, blanks)
    rng = random.Random(seed)
    catalog = load_catalog(EDITION)
    direction = catalog.direction("complaints").title
    wb = openpyxl.load_workbook(target)
    ws = wb[ACT_SHEET]
    first = ACT_HEADER_ROW + 1
    last = ACT_HEADER_ROW + LARGE_ACT_ROWS
    formula = ws[f"E{first}"].value
    filled = sum(1 for r in range(first, last + 1) if ws[f"C{r}"].value)
    for r in range(first + filled, last + 1):
        row = _penalty(rng, r - first)
        for col, value in zip("ABCD", (r - ACT_HEADER_ROW, direction,
                                       catalog.penalty_kinds[row["kind"]].label, row["text"])):
            ws[f"{col}{r}"] = value
            ws[f"{col}{r}"]._style = ws[f"{col}{first}"]._style
        ws[f"E{r}"] = Translator(formula, origin=f"E{first}").translate_formula(f"E{r}")
        ws[f"E{r}"]._style = ws[f"E{first}"]._style
    table = ws.tables[ACT_TABLE]
    table.ref = f"A{ACT_HEADER_ROW}:E{last}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    for dv in ws.data_validations.dataValidation:
        column = re.match(r"[A-Z]+", str(dv.sqref)).group()  # "B7 B8 …" or "B7:B36" → "B"
        dv.sqref = MultiCellRange(f"{column}{first}:{column}{last}")
    wb.save(target)


def make_large_sheet(target: Path, seed: int, blanks: Path) -> None:
    """The typical report plus a sheet the body added: 2 100 rows × 10 columns of text and numbers."""
    make_typical(target, seed, blanks)
    rng = random.Random(seed)
    regions = ("Абайская", "Акмолинская", "Актюбинская", "Алматинская", "Атырауская", "г. Астана", "г. Алматы")
    wb = openpyxl.load_workbook(target)
    ws = wb.create_sheet(EXTRA_SHEET)
    ws.append(["№", "Регион", "Рег. номер", "Поступило", "Рассмотрено", "Доля в срок", "Исполнитель",
               "Содержание", "Срок, дней", "Статус"][:EXTRA_COLUMNS])
    for i in range(1, EXTRA_ROWS):
        received = rng.randint(1, 5_000)
        ws.append([i, rng.choice(regions), f"ЖТ-{seed:04d}-{i:05d}", received, rng.randint(0, received),
                   round(rng.random(), 4), f"Исполнитель {rng.randint(1, 300)}",
                   f"Обращение {i} по вопросу {rng.randint(1, 40)}: ответ направлен заявителю", rng.randint(1, 30),
                   rng.choice(("рассмотрено", "перенаправлено", "на контроле"))][:EXTRA_COLUMNS])
    wb.save(target)


def openness_data(seed: int) -> dict[str, Any]:
    return copy.deepcopy(openness_samples()[seed % len(openness_samples())].data)


def make_openness(target: Path, seed: int, blanks: Path) -> None:
    """A generated openness report of a sample body (a few dozen rows per list)."""
    fill_openness(blanks, openness_data(seed), target)


def make_openness_full(target: Path, seed: int, blanks: Path) -> None:
    """The openness report with every list filled to the template's capacity, rows made unique."""
    data = openness_data(seed)
    catalog = load_catalog(EDITION)
    for spec in catalog.direction("openness").lists_for(data["body"]["type"]):
        section = data["openness"]
        *parents, name = spec.key.split(".")[1:]
        for part in parents:
            section = section[part]
        rows = section[name]
        if not rows:  # the sample body had none: nothing to repeat
            continue
        text = next(f for f in spec.unique if spec.column(f).type == "text")
        section[name] = [dict(rows[i % len(rows)]) for i in range(spec.rows)]
        for i, row in enumerate(section[name][len(rows):], start=len(rows)):
            row[text] = f"{row.get(text) or spec.column(text).label} ({i})"
    fill_openness(blanks, data, target)


def fill_openness(blanks: Path, data: dict[str, Any], target: Path) -> None:
    problems = fill(_blank(blanks, data["body"]["type"], data["period"], "openness"), data, target)
    if problems:
        raise ValueError(f"fill refused the benchmark data: {problems[0].message}")


def services_data(seed: int) -> dict[str, Any]:
    """A sample body's services report (Прил. 2) with its monitored satisfaction varied by `seed`."""
    rng = random.Random(seed)
    data = copy.deepcopy(services_samples()[seed % len(services_samples())].data)
    for row in data["services"]["monitoring"]:
        row["satisfaction"] = round(min(5.0, max(3.0, row["satisfaction"] + rng.uniform(-0.5, 0.3))), 2)
    return data


def make_services(target: Path, seed: int, blanks: Path) -> None:
    """A services report of a sample body: the Прил. 2 figures, the monitoring list, CGO automation."""
    data = services_data(seed)
    problems = fill(_blank(blanks, data["body"]["type"], data["period"], "services"), data, target)
    if problems:
        raise ValueError(f"fill refused the benchmark data: {problems[0].message}")


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


KINDS: list[Kind] = [
    Kind("typical", "complaints", "filled complaints report, 3 rows in «Акт сверки»", make_typical),
    Kind("large-act", "complaints", f"typical + «Акт сверки» table grown to {_n(LARGE_ACT_ROWS)} rows",
         make_large_act, large=True),
    Kind("large-sheet", "complaints",
         f"typical + a sheet of the body's own, {_n(EXTRA_ROWS)} rows × {EXTRA_COLUMNS} columns",
         make_large_sheet, large=True),
    Kind("openness", "openness", "generated openness report of a sample body (Прил. 9 lists)", make_openness),
    Kind("openness-full", "openness", "openness report with every list filled to the template's capacity",
         make_openness_full, large=True),
    Kind("services", "services", "services report of a sample body (Прил. 2, monitoring list, CGO automation)",
         make_services),
]
PENDING: dict[str, str] = {}
