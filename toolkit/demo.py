"""`demo`: sample bodies made, filled, validated and scored, with no network and no arguments.

Complaints and services reports come straight from sample_bodies.yaml; openness reports are generated from the
profiles there by `toolkit.sample_openness` and scored as one batch (rule 1.5 peer averages for МО and НБ); the
services reports are scored as one batch too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table

from toolkit.assessor.book import assessor_document, split_assessor_values
from toolkit.assessor.template import write_assessor_template
from toolkit.bodies import find_body
from toolkit.catalog import load_catalog
from toolkit.numbers import number_text, score_text
from toolkit.check import check_paths
from toolkit.jsonio import fill
from toolkit.engine.inputs import Body
from toolkit.run import FileScore, score_paths
from toolkit.sample_openness import openness_samples as _openness_reports
from toolkit.workbook.template import write_template
from toolkit.yamlio import load_yaml


@dataclass(frozen=True, slots=True)
class Sample:
    """A demo body's figures: its registry code, report data and assessor values."""

    code: str
    data: dict[str, Any]
    assessor: dict[str, Any] = field(default_factory=dict)  # the assessor's values for the body, by input key


@cache
def samples() -> tuple[Sample, ...]:
    doc = load_yaml((resources.files("toolkit.data") / "sample_bodies.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in doc["samples"]:
        body = find_body(entry["code"])
        if body is None:
            raise ValueError(f"sample_bodies.yaml: body {entry['code']!r} is not in the registry")
        data = {"edition": "2023-01", "period": entry["period"], "body": body.body().to_dict(),
                "complaints": entry["complaints"], "penalties": entry.get("penalties") or []}
        out.append(Sample(body.code, data))
    return tuple(out)


@cache
def openness_samples() -> tuple[Sample, ...]:
    """Generated openness reports (Прил. 9) of the bodies profiled in sample_bodies.yaml."""
    direction = load_catalog("2023-01").direction("openness")
    return tuple(Sample(code, *split_assessor_values(data, direction)) for code, data in _openness_reports())


@cache
def services_samples() -> tuple[Sample, ...]:
    """Services reports (Прил. 2) of the bodies in sample_bodies.yaml: figures, monitoring list, CGO automation."""
    doc = load_yaml((resources.files("toolkit.data") / "sample_bodies.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in doc["services"]["bodies"]:
        body = find_body(entry["code"])
        if body is None:
            raise ValueError(f"sample_bodies.yaml: services body {entry['code']!r} is not in the registry")
        services = {**entry["report"], **(entry.get("automation") or {}),
                    "monitoring": [{"service": name, "satisfaction": level} for name, level in entry["monitoring"]]}
        out.append(Sample(body.code, {"edition": "2023-01", "period": entry["period"], "body": body.body().to_dict(),
                                      "services": services, "penalties": entry.get("penalties") or []}))
    return tuple(out)


def assessor_book_data(period: int) -> dict[str, Any]:
    """The assessor workbook of the openness samples of `period`: their monitoring and surveys."""
    rows = {s.code: s.assessor for s in openness_samples() if s.data["period"] == period}
    return assessor_document("openness", period, "2023-01", rows)


def write_samples(directory: Path) -> list[Path]:
    """Filled complaints, openness and services reports of the sample bodies, as a clerk would return them."""
    directory.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog("2023-01")
    written = []
    for sample in samples():
        data = sample.data
        blank = directory / f".blank-{data['body']['type']}-{data['period']}.xlsx"
        if not blank.exists():
            write_template(blank, catalog, ("complaints",), data["body"]["type"], data["period"])
        written.append(_filled(blank, sample, directory / f"complaints-{_slug(sample.code)}.xlsx"))
    for sample in openness_samples():
        data, body = sample.data, Body(**sample.data["body"])
        blank = directory / f".blank-openness-{_slug(sample.code)}.xlsx"  # the body's name is printed on the template
        write_template(blank, catalog, ("openness",), body.type, data["period"], body)
        written.append(_filled(blank, sample, directory / f"openness-{_slug(sample.code)}.xlsx"))
    for sample in services_samples():
        data, body = sample.data, Body(**sample.data["body"])
        blank = directory / f".blank-services-{_slug(sample.code)}.xlsx"
        write_template(blank, catalog, ("services",), body.type, data["period"], body)
        written.append(_filled(blank, sample, directory / f"services-{_slug(sample.code)}.xlsx"))
    for period in sorted({s.data["period"] for s in openness_samples()}):
        target = directory / f"assessor-openness-{period}.xlsx"
        write_assessor_template(target, catalog, "openness", period)
        problems = fill(target, assessor_book_data(period), target)
        if problems:
            raise ValueError(f"assessor workbook {period}: {problems[0].message}")
        written.append(target)
    for blank in directory.glob(".blank-*.xlsx"):
        blank.unlink()
    return written


def _filled(blank: Path, sample: Sample, target: Path) -> Path:
    problems = fill(blank, sample.data, target)
    if problems:
        raise ValueError(f"sample {sample.code}: {problems[0].message}")
    return target


def run_demo(directory: Path) -> Group:
    """Every sample report and the assessor workbook scored in one run, as an assessor would score a
    period: each body's directions then meet in its block (METHODOLOGY §5). A table per direction,
    and last the summary: each body's three directions, its block and grade."""
    written = write_samples(Path(directory))
    reports = [p for p in written if not p.name.startswith("assessor-")]
    check = check_paths(reports)
    assert all(f.valid for f in check.files), [f.path for f in check.files if not f.valid]
    scored = {Path(f.path).name: f for f in score_paths(written).files}
    complaints = [scored[p.name] for p in reports if p.name.startswith("complaints-")]
    openness = [scored[p.name] for p in reports if p.name.startswith("openness-")]
    services = [scored[p.name] for p in reports if p.name.startswith("services-")]
    return Group(_complaints_table(complaints, Path(directory)), _openness_table(openness), _services_table(services),
                 summary_table([scored[p.name] for p in reports]))


def _complaints_table(files: list[FileScore], directory: Path) -> Table:
    table = Table("Орган", "Тип", "R1", "R2", "R3", "R4", "Вычет", "Итог", "Оценка",
                  title=f"xlscore demo: «Качество рассмотрения жалоб и заявлений», {len(files)} органов",
                  caption=f"Отчеты и результаты (*.scored.xlsx): {directory.resolve()}")
    for scored in files:
        result = scored.result
        if result is None:
            table.add_row(Path(scored.path).name, "", "", "", "", "", "", "", "не рассчитано")
            continue
        d = result.directions["complaints"]
        crit = {c.id: score_text(c.points) for c in d.criteria}
        table.add_row(result.body.code, result.body.type.upper(), crit["R1"], crit["R2"], crit["R3"], crit["R4"],
                      score_text(d.penalty), score_text(d.score), d.grade.label)
    return table


def _openness_table(files: list[FileScore]) -> Table:
    """The openness files, scored in the run with the assessor workbook of their period, so that МО and НБ
    get the peer averages of rule 1.5 and every body its monitoring and surveys."""
    criteria = ("P1", "P2", "P3", "P4", "P5", "P6", "P7")
    table = Table("Орган", *criteria, "Вычет", "Итог", "Оценка", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                  title=f"xlscore demo: «Открытость государственного органа», {len(files)} органов одним пакетом с книгой оценщика",
                  caption="P7 — вычет за подведомственные организации; «Вычет» — по акту сверки; «пред.» — "
                          "предварительный результат (нет среднего балла органов, правило 1.5)")
    for scored in files:
        result = scored.result
        if result is None:
            table.add_row(Path(scored.path).name, *[""] * len(criteria), "", "", "не рассчитано")
            continue
        d = result.directions["openness"]
        points = {c.id: score_text(c.points) for c in d.criteria}
        table.add_row(result.body.code, *[points.get(c, "") for c in criteria],
                      score_text(d.penalty), score_text(d.score), d.grade.label + (" пред." if d.provisional else ""))
    return table


def _services_table(files: list[FileScore]) -> Table:
    """The services files, scored in the run with the others, so a body without monitored services would get
    the peers' P1."""
    criteria = ("K1", "K2", "K3", "M1", "M2")
    table = Table("Орган", "Тип", *criteria, "Вычет", "Итог", "Оценка", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True,
                  title=f"xlscore demo: «Качество оказания государственных услуг», {len(files)} органов одним пакетом",
                  caption="ЦГО: U = K1 + K2 + K3 (K3 — автоматизация, данные МЦРИАП); МИО: T = M1 + M2")
    for scored in files:
        result = scored.result
        if result is None:
            table.add_row(Path(scored.path).name, "", *[""] * len(criteria), "", "", "не рассчитано")
            continue
        d = result.directions["services"]
        points = {c.id: score_text(c.points) for c in d.criteria}
        table.add_row(result.body.code, result.body.type.upper(), *[points.get(c, "") for c in criteria],
                      score_text(d.penalty), score_text(d.score), d.grade.label + (" пред." if d.provisional else ""))
    return table


def summary_table(files: list[FileScore]) -> Table:
    """One row per body: its three directions (after penalties), its block (п.107, 1 decimal) and the
    block's grade (п.108); «—» where a direction was not among the reports, and then why there is no block."""
    catalog = load_catalog("2023-01")
    bodies: dict[str, dict[str, Any]] = {}
    for scored in files:
        result = scored.result
        if result is None:
            continue
        row = bodies.setdefault(result.body.code, {"type": result.body.type, "directions": {}, "block": None, "note": ""})
        row["directions"].update(result.directions)
        row["block"] = row["block"] or result.block
        row["note"] = row["note"] or result.block_note
    order = list(catalog.weights["cgo"])
    table = Table("Орган", "Тип", *(catalog.direction(d).short for d in order), "Блок", "Оценка",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                  title=f"xlscore demo: блок «{catalog.block_title}» (п.107), {len(bodies)} органов",
                  caption="Блок = " + " + ".join(f"{number_text(w)} × {catalog.direction(d).short}"
                                                 for d, w in catalog.weights["cgo"].items())
                          + " (каждое направление — с учетом вычета по акту сверки); «пред.» — предварительный результат")
    notes = []
    for code, row in bodies.items():
        shown = [_direction_text(row["directions"].get(d)) for d in order]
        block = row["block"]
        if block is not None:
            table.add_row(code, row["type"].upper(), *shown, score_text(block.score, 1),
                          block.grade.label + (" пред." if block.provisional else ""))
        else:
            absent = [catalog.direction(d).short for d in order if d not in row["directions"]]
            notes.append(f"{code}: нет отчета по направлению {', '.join(f'«{a}»' for a in absent)}" if absent
                         else f"{code}: {row['note']}")
            table.add_row(code, row["type"].upper(), *shown, "—", f"прим. {len(notes)}")
    if notes:
        table.caption += "\n" + "\n".join(f"Прим. {i}. {n}" for i, n in enumerate(notes, 1))
    return table


def _direction_text(direction: Any) -> str:
    if direction is None:
        return "—"
    return score_text(direction.score) + (" пред." if direction.provisional else "")


def _slug(code: str) -> str:
    return code.replace(" ", "_")


if __name__ == "__main__":
    import sys

    for written in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "samples")):
        print(written)
