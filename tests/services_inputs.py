"""Services inputs for tests: symbols by hand, the monitoring list as typed rows (no workbook needed)."""

from __future__ import annotations

from fractions import Fraction

from toolkit.catalog import load_catalog
from toolkit.catalog.model import Catalog
from toolkit.engine.inputs import Body, Inputs, ListData, ListRow, Meta

CATALOG = load_catalog("2023-01")
SERVICES = CATALOG.direction("services")
KEYS = {spec.symbol: spec.key for spec in SERVICES.inputs}
REPORT = ("b1", "b", "i", "a", "a2", "c", "e")
AUTOMATION = ("n", "ck", "dk", "ev", "z", "bv", "c2", "w", "t", "q", "l")

# A clean CGO report; its scores are worked out in test_rules_services.test_whole_cgo_by_hand.
BASE = {"b1": 100000, "b": 120000, "i": 20, "a": 24, "a2": 5, "c": 10, "e": 30,
        "n": 100, "ck": 30, "dk": 50, "ev": 60, "z": 100, "bv": 20, "c2": 80, "w": 40, "t": 10, "q": 1, "l": 1}
BASE_MONITORING = (4.85, 4.65, 4.45)


def monitoring(satisfactions: tuple[float, ...]) -> ListData:
    rows = tuple(ListRow(7 + n, {"service": f"Услуга {n + 1}", "satisfaction": Fraction(str(s))})
                 for n, s in enumerate(satisfactions))
    return ListData("services.monitoring", "Мониторинг услуг", "A6:B66", {"service": "A", "satisfaction": "B"}, rows)


def services_inputs(body_type: str = "cgo", satisfactions: tuple[float, ...] = BASE_MONITORING,
                    code: str = "МЮ", **symbols: float) -> Inputs:
    wanted = REPORT + (AUTOMATION if body_type == "cgo" else ())
    merged = {**BASE, **symbols}
    return Inputs(
        meta=Meta(edition="2023-01", directions=("services",), body_type=body_type, period=2022, toolkit_version="test"),
        body=Body(name="Тестовый орган", type=body_type, code=code),
        values={KEYS[s]: merged[s] for s in wanted},
        cells={},
        lists={"services.monitoring": monitoring(satisfactions)},
    )


def catalog_with(**parameters: object) -> Catalog:
    """The edition with §7 parameters changed, as an assessor would edit the catalog file."""
    from toolkit.catalog.loader import _EDITIONS, parse_catalog
    from toolkit.yamlio import load_yaml

    doc = load_yaml((_EDITIONS / "2023-01.yaml").read_text(encoding="utf-8"))
    for name, value in parameters.items():
        doc["directions"]["services"]["parameters"][name]["value"] = value
    return parse_catalog(doc)
