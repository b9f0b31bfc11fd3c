"""A whole period for tests (issue 14): every registry body (24 CGO, 17 akimats) with all three directions in
one workbook, figures drawn from the demo's samples of its type (its own where it has one) with a seeded
jitter, and the assessor workbook of the period. Synthetic: not any body's real report."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from toolkit.assessor.book import assessor_document, split_assessor_values
from toolkit.assessor.template import write_assessor_template
from toolkit.bodies import registry
from toolkit.catalog import load_catalog
from toolkit.demo import samples, services_samples
from toolkit.jsonio import fill
from toolkit.sample_openness import openness_report, profiles
from toolkit.workbook.template import write_template

PERIOD = 2022
DIRECTIONS = ("complaints", "openness", "services")
BASE = {"cgo": "МЮ", "mio": "АКТО"}  # whose figures a body without its own sample starts from


def _complaints(figures: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Late answers scaled by 0.1–3 (so the bodies spread over the grades); d + x kept within f + n (Прил. 11)."""
    out = dict(figures)
    out["considered_late"] = int(figures["considered_late"] * rng.uniform(0.1, 3.0))
    room = out["considered_late"] + figures["redirected_late"] - figures["liability_impossible"]
    out["disciplined"] = max(0, min(figures["disciplined"], room))
    return out


def _services(figures: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    monitoring = [{**row, "satisfaction": round(min(5.0, max(3.0, row["satisfaction"] + rng.uniform(-0.5, 0.3))), 2)}
                  for row in figures["monitoring"]]
    return {**figures, "monitoring": monitoring}


def write_period(folder: Path) -> list[Path]:
    """The reports (ОРГАН.xlsx) and the assessor workbook, written into `folder`."""
    catalog = load_catalog("2023-01")
    complaints = {s.code: s.data["complaints"] for s in samples()}
    services = {s.code: s.data["services"] for s in services_samples()}
    openness = {p["code"]: p for p in profiles()}
    blanks = {}
    for body_type in ("cgo", "mio"):
        blanks[body_type] = folder / f".blank-{body_type}.xlsx"
        write_template(blanks[body_type], catalog, DIRECTIONS, body_type, PERIOD)
    written, book = [], {}
    for body in registry():
        rng = random.Random(body.code)
        base = body.code if body.code in openness else BASE[body.type]
        report, assessed = split_assessor_values(openness_report({**openness[base], "code": body.code}),
                                                 catalog.direction("openness"))
        data = {"edition": "2023-01", "period": PERIOD, "body": body.body().to_dict(),
                "complaints": _complaints(complaints[base], rng), "openness": report["openness"],
                "services": _services(services[base], rng), "penalties": []}
        target = folder / f"{body.code}.xlsx"
        problems = fill(blanks[body.type], data, target)
        assert not problems, (body.code, [p.message for p in problems])
        written.append(target)
        book[body.code] = assessed
    assessor = folder / "оценщик.xlsx"
    write_assessor_template(assessor, catalog, "openness", PERIOD)
    assert not fill(assessor, assessor_document("openness", PERIOD, "2023-01", book), assessor)
    for blank in blanks.values():
        blank.unlink()
    return [*written, assessor]
