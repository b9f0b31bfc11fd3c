"""Reads an edition file and checks every entry, so a broken catalog fails at load naming itself."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from toolkit.catalog.model import (
    BODY_TYPES,
    DIRECTIONS,
    Catalog,
    Check,
    Criterion,
    Direction,
    GradeBand,
    InputSpec,
    Interpretation,
    PenaltyKind,
)
from toolkit.rules import CatalogError, build_rule

_EDITIONS = resources.files("toolkit.catalog") / "editions"


def known_editions() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in _EDITIONS.iterdir() if p.name.endswith(".yaml"))


@cache
def load_catalog(edition: str = "2023-01") -> Catalog:
    if edition not in known_editions():
        raise CatalogError(f"edition {edition!r} is not in the catalog (known: {', '.join(known_editions())})")
    return parse_catalog(yaml.safe_load((_EDITIONS / f"{edition}.yaml").read_text(encoding="utf-8")))


def parse_catalog(doc: Any) -> Catalog:
    _need(doc, dict, "catalog")
    interpretations = {}
    for n, item in enumerate(_list(doc, "interpretations", "catalog")):
        where = f"interpretations[{n}]"
        _need(item, dict, where)
        iid, kind, text = (_text(item, f, where) for f in ("id", "kind", "text"))
        interpretations[iid] = Interpretation(iid, kind, str(item.get("source", "")), text)
    directions = {d: _direction(d, spec, interpretations) for d, spec in _need(doc.get("directions"), dict, "directions").items()}
    unknown = set(directions) - set(DIRECTIONS)
    if unknown:
        raise CatalogError(f"directions: unknown direction(s) {', '.join(sorted(unknown))}")
    block = _need(doc.get("block"), dict, "block")
    grades = _need(doc.get("grades"), dict, "grades")
    bands = tuple(GradeBand(b["id"], b["label"], float(b["min"])) for b in _list(grades, "bands", "grades"))
    if [b.min for b in bands] != sorted((b.min for b in bands), reverse=True) or bands[-1].min != 0:
        raise CatalogError("grades.bands: lower bounds must decrease and end at 0")
    penalties = _need(doc.get("penalties"), dict, "penalties")
    return Catalog(
        edition=str(doc["edition"]),
        title=doc["title"],
        block_title=block["title"],
        weights={bt: {d: float(w) for d, w in ws.items()} for bt, ws in block["weights"].items()},
        body_types=dict(doc["body_types"]),
        grades=bands,
        grade_rounding=int(grades.get("rounding", 2)),
        penalty_kinds={k: _penalty_kind(k, v) for k, v in _need(penalties.get("kinds"), dict, "penalties.kinds").items()},
        penalty_cap=float(penalties["cap"]),
        interpretations=interpretations,
        directions=directions,
    )


def _direction(did: str, spec: Any, interpretations: dict[str, Interpretation]) -> Direction:
    where = f"directions.{did}"
    _need(spec, dict, where)
    inputs = tuple(_input(i, f"{where}.inputs[{n}]") for n, i in enumerate(spec.get("inputs", [])))
    symbols = {i.symbol for i in inputs}
    if len(symbols) != len(inputs):
        raise CatalogError(f"{where}.inputs: symbols must be unique")
    checks = tuple(_check(c, f"{where}.checks[{n}]", symbols) for n, c in enumerate(spec.get("checks", [])))
    criteria = tuple(_criterion(c, f"{where}.criteria[{n}]", symbols, interpretations)
                     for n, c in enumerate(_list(spec, "criteria", where)))
    ids = [c.id for c in criteria]
    for n, cid in enumerate(ids):
        if cid in ids[:n]:
            raise CatalogError(f"{where}.criteria[{n}].id: {cid!r} is already used by criteria[{ids.index(cid)}]")
    appendix = spec.get("conclusion_appendix", "")
    return Direction(
        id=did,
        title=spec["title"],
        short=spec.get("short", spec["title"]),
        source=spec.get("source", ""),
        report_appendix=spec.get("report_appendix", ""),
        conclusion_appendix=appendix if isinstance(appendix, dict) else {bt: appendix for bt in BODY_TYPES},
        max=float(spec.get("max", 100)),
        inputs=inputs,
        checks=checks,
        criteria=criteria,
    )


def _input(spec: Any, where: str) -> InputSpec:
    _need(spec, dict, where)
    key, symbol, label, note = (_text(spec, f, where) for f in ("key", "symbol", "label", "note"))
    return InputSpec(key, symbol, label, note)


def _check(spec: Any, where: str, symbols: set[str]) -> Check:
    _need(spec, dict, where)
    for side in ("left", "right"):
        bad = [s for s in spec.get(side, []) if s not in symbols]
        if bad or not spec.get(side):
            raise CatalogError(f"{where}.{side}: unknown or missing symbols {bad}")
    if spec.get("severity") not in ("error", "warning"):
        raise CatalogError(f"{where}.severity: expected 'error' or 'warning'")
    return Check(spec["id"], tuple(spec["left"]), tuple(spec["right"]), spec["severity"])


def _criterion(spec: Any, where: str, symbols: set[str], interpretations: dict[str, Interpretation]) -> Criterion:
    _need(spec, dict, where)
    raw_max = spec.get("max")
    types = spec.get("body_types", list(BODY_TYPES))
    if isinstance(raw_max, dict):
        max_by_type = {bt: float(v) for bt, v in raw_max.items()}
    elif isinstance(raw_max, (int, float)) and not isinstance(raw_max, bool):
        max_by_type = {bt: float(raw_max) for bt in types}
    else:
        raise CatalogError(f"{where}.max: expected a number or a mapping by body type, got {raw_max!r}")
    if set(max_by_type) - set(BODY_TYPES) or any(v < 0 for v in max_by_type.values()):
        raise CatalogError(f"{where}.max: body types must be {BODY_TYPES} and maxima non-negative")
    refs = tuple(spec.get("interpretations", []))
    missing = [r for r in refs if r not in interpretations]
    if missing:
        raise CatalogError(f"{where}.interpretations: unknown id(s) {', '.join(missing)}")
    rule = build_rule(spec["rule"], f"{where}.rule", symbols) if "rule" in spec else None
    return Criterion(_text(spec, "id", where), _text(spec, "title", where), str(spec.get("source", "")), max_by_type,
                     rule, refs, bool(spec.get("penalty")))


def _penalty_kind(kind: str, spec: Any) -> PenaltyKind:
    where = f"penalties.kinds.{kind}"
    _need(spec, dict, where)
    points = spec.get("points")
    if not isinstance(points, (int, float)) or isinstance(points, bool) or points < 0:
        raise CatalogError(f"{where}.points: expected a non-negative number, got {points!r}")
    return PenaltyKind(kind, _text(spec, "label", where), float(points))


def _text(spec: dict[str, Any], name: str, where: str) -> str:
    value = spec.get(name)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}.{name}: missing or not text")
    return value


def _need(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind):
        raise CatalogError(f"{where}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _list(doc: dict[str, Any], name: str, where: str) -> list[Any]:
    return _need(doc.get(name), list, f"{where}.{name}")
