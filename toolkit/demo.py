"""`demo`: sample bodies made, filled, validated and scored, with no network and no arguments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rich.table import Table

from toolkit.bodies import find_body
from toolkit.catalog import load_catalog
from toolkit.numbers import score_text
from toolkit.check import check_file
from toolkit.jsonio import fill
from toolkit.run import score_file
from toolkit.workbook.template import write_template


@dataclass(frozen=True, slots=True)
class Sample:
    code: str
    data: dict[str, Any]


@cache
def samples() -> tuple[Sample, ...]:
    doc = yaml.safe_load((resources.files("toolkit.data") / "sample_bodies.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in doc["samples"]:
        body = find_body(entry["code"])
        if body is None:
            raise ValueError(f"sample_bodies.yaml: body {entry['code']!r} is not in the registry")
        data = {"edition": "2023-01", "period": entry["period"], "body": body.body().to_dict(),
                "complaints": entry["complaints"], "penalties": entry.get("penalties") or []}
        out.append(Sample(body.code, data))
    return tuple(out)


def write_samples(directory: Path) -> list[Path]:
    """Filled complaints reports of the sample bodies, as a clerk would return them."""
    directory.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog("2023-01")
    written = []
    for sample in samples():
        data = sample.data
        blank = directory / f".blank-{data['body']['type']}-{data['period']}.xlsx"
        if not blank.exists():
            write_template(blank, catalog, ("complaints",), data["body"]["type"], data["period"])
        target = directory / f"complaints-{_slug(sample.code)}.xlsx"
        problems = fill(blank, data, target)
        if problems:
            raise ValueError(f"sample {sample.code}: {problems[0].message}")
        written.append(target)
    for blank in directory.glob(".blank-*.xlsx"):
        blank.unlink()
    return written


def run_demo(directory: Path) -> Table:
    files = write_samples(Path(directory))
    table = Table("Орган", "Тип", "R1", "R2", "R3", "R4", "Вычет", "Итог", "Оценка",
                  title=f"xlscore demo: «Качество рассмотрения жалоб и заявлений», {len(files)} органов",
                  caption=f"Отчеты и результаты (*.scored.xlsx): {Path(directory).resolve()}")
    for path in files:
        assert check_file(path).valid, path
        result = score_file(path).result
        if result is None:
            table.add_row(path.name, "", "", "", "", "", "", "", "не рассчитано")
            continue
        d = result.directions["complaints"]
        crit = {c.id: score_text(c.points) for c in d.criteria}
        table.add_row(result.body.code, result.body.type.upper(), crit["R1"], crit["R2"], crit["R3"], crit["R4"],
                      score_text(d.penalty), score_text(d.score), d.grade.label)
    return table


def _slug(code: str) -> str:
    return code.replace(" ", "_")


if __name__ == "__main__":
    import sys

    for written in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "samples")):
        print(written)
