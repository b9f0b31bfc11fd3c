"""Reads an edition file and checks every entry, so a broken catalog fails at load naming itself."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.catalog.model import (
    BODY_TYPES,
    DIRECTIONS,
    LANGUAGES,
    Catalog,
    Check,
    Choice,
    Column,
    Criterion,
    DateWindow,
    Direction,
    GradeBand,
    Half,
    Indicator,
    InputSpec,
    Interpretation,
    ListSpec,
    Measure,
    NotApplicable,
    Parameter,
    PenaltyKind,
    ReportSheet,
)
from toolkit.catalog.names import EDITIONS, known_editions
from toolkit.compiled import Deferred, compiled
from toolkit.rules import CatalogError, build_rule
from toolkit.rules.expr import mentions_language, parse, substitute
from toolkit.yamlio import load_yaml

INPUT_TYPES = ("count", "yesno", "fraction", "percent", "points", "hours")
COLUMN_TYPES = ("text", "date", "yesno", "url", "choice", "count", "percent", "rating")
ROW_FUNCTIONS = frozenset({"filled", "on_time", "within_working_days", "half", "earliest", "date"})

_EDITIONS = EDITIONS
_RULES = Path(__file__).parents[1] / "rules"
_SOURCES = [Path("catalog") / name for name in ("loader.py", "model.py", "names.py")] + [Path("yamlio.py")]


@cache
def load_catalog(edition: str = "2023-01") -> Catalog:
    """The edition's catalog, from the compiled copy in the cache when its YAML and our code are unchanged."""
    if edition not in known_editions():
        raise CatalogError(f"edition {edition!r} is not in the catalog (known: {', '.join(known_editions())})")
    rules = sorted(p.name for p in _RULES.iterdir() if p.suffix == ".py")
    return compiled(f"catalog-{edition}", [_EDITIONS / f"{edition}.yaml", *(_RULES / r for r in rules), *_SOURCES],
                    lambda: _deferring(build_catalog(edition)), Catalog,
                    ["toolkit.catalog.model", *(f"toolkit.rules.{r.removesuffix('.py')}" for r in rules)],
                    [("toolkit.rules.expr", "_unpickled")])


def _deferring(catalog: Catalog) -> Catalog:
    """The catalog whose compiled copy loads each direction when first used (toolkit/compiled.py)."""
    return replace(catalog, directions=Deferred(catalog.directions))


def build_catalog(edition: str) -> Catalog:
    """The edition's catalog built from its YAML, every entry checked (what the compiled copy holds)."""
    return parse_catalog(load_yaml((_EDITIONS / f"{edition}.yaml").read_text(encoding="utf-8")))


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
        titles={d: direction.title for d, direction in directions.items()},
    )


def _direction(did: str, spec: Any, interpretations: dict[str, Interpretation]) -> Direction:
    where = f"directions.{did}"
    _need(spec, dict, where)
    languages = dict(spec.get("languages") or {})
    if set(languages) - set(LANGUAGES):
        raise CatalogError(f"{where}.languages: expected {LANGUAGES}")
    sheets = tuple(_sheet(s, f"{where}.sheets[{n}]") for n, s in enumerate(spec.get("sheets", [])))
    sheet_ids = {s.id for s in sheets}
    windows = {wid: _window(wid, w, f"{where}.date_windows.{wid}") for wid, w in (spec.get("date_windows") or {}).items()}
    inputs = tuple(i for n, raw in enumerate(spec.get("inputs", []))
                   for i in _inputs(raw, f"{where}.inputs[{n}]", languages, sheet_ids))
    lists = tuple(_list_spec(raw, f"{where}.lists[{n}]", sheet_ids, windows) for n, raw in enumerate(spec.get("lists", [])))
    _one_table_per_sheet(lists, where)
    keys = [i.key for i in inputs] + [lst.key for lst in lists]
    if len(set(keys)) != len(keys):
        raise CatalogError(f"{where}: input and list keys must be unique")
    measures: list[Measure] = []
    known = {i.symbol for i in inputs}
    for n, raw in enumerate(spec.get("measures", [])):
        for measure in _measures(raw, f"{where}.measures[{n}]", languages, lists, known):
            measures.append(measure)
            known.add(measure.symbol)
    symbols = {i.symbol for i in inputs}
    if len(symbols) != len(inputs):
        raise CatalogError(f"{where}.inputs: symbols must be unique")
    checks = tuple(c for n, raw in enumerate(spec.get("checks", []))
                   for c in _checks(raw, f"{where}.checks[{n}]", symbols, languages))
    parameters = _parameters(spec.get("parameters") or {}, f"{where}.parameters")
    criteria = tuple(_criterion(_with_parameters(c, parameters), f"{where}.criteria[{n}]", known, interpretations, languages)
                     for n, c in enumerate(_list(spec, "criteria", where)))
    ids = [c.id for c in criteria]
    for n, cid in enumerate(ids):
        if cid in ids[:n]:
            raise CatalogError(f"{where}.criteria[{n}].id: {cid!r} is already used by criteria[{ids.index(cid)}]")
    inputs += _peer_inputs(criteria, languages, sheet_ids)
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
        languages=languages,
        sheets=sheets,
        lists=lists,
        measures=tuple(measures),
        date_windows=windows,
        parameters=parameters,
        symbols_shown=bool(spec.get("show_symbols", False)),
    )


def _parameters(spec: Any, where: str) -> dict[str, Parameter]:
    """§7's alternatives: `{id: {value, source, text, forms?}}`; a form's value must name one of its forms."""
    _need(spec, dict, where)
    out = {}
    for pid, raw in spec.items():
        at = f"{where}.{pid}"
        _need(raw, dict, at)
        value, forms = raw.get("value"), raw.get("forms") or {}
        _need(forms, dict, f"{at}.forms")
        if forms and value not in forms:
            raise CatalogError(f"{at}.value: expected one of {sorted(forms)}, got {value!r}")
        if not forms and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise CatalogError(f"{at}.value: expected a number, got {value!r}")
        exprs, texts = {}, {}
        for name, form in forms.items():
            if isinstance(form, dict):  # {expr, text}: the expression and how the rule's text shows it
                exprs[str(name)], texts[str(name)] = _text(form, "expr", f"{at}.forms.{name}"), _text(form, "text", f"{at}.forms.{name}")
            else:
                exprs[str(name)] = str(form)
            parse(exprs[str(name)], f"{at}.forms.{name}")
        out[pid] = Parameter(pid, value if forms else float(value), str(raw.get("source", "")), _text(raw, "text", at),
                             exprs, texts)
    return out


def _with_parameters(spec: Any, parameters: dict[str, Parameter], words: bool = False) -> Any:
    """The catalog entry with every «{parameter}» replaced by what it stands for, recursively: the expression
    in rules, the words in an indicator's `text`."""
    if not parameters:
        return spec
    if isinstance(spec, str):
        for pid, parameter in parameters.items():
            spec = spec.replace("{" + pid + "}", parameter.display if words else parameter.expression)
        return spec
    if isinstance(spec, list):
        return [_with_parameters(s, parameters, words) for s in spec]
    if isinstance(spec, dict):
        return {k: _with_parameters(v, parameters, words or k == "text") for k, v in spec.items()}
    return spec


def _by_type(value: Any, where: str) -> dict[str, str]:
    """A text that may differ by body type: a string, or {cgo: …, mio: …}."""
    if isinstance(value, dict):
        if set(value) - set(BODY_TYPES) or not all(isinstance(v, str) for v in value.values()):
            raise CatalogError(f"{where}: expected a text or a mapping by body type")
        return dict(value)
    return {bt: str(value or "") for bt in BODY_TYPES}


def _body_types(spec: dict[str, Any], where: str) -> tuple[str, ...]:
    types = tuple(spec.get("body_types", BODY_TYPES))
    if not types or set(types) - set(BODY_TYPES):
        raise CatalogError(f"{where}.body_types: expected a list of {BODY_TYPES}")
    return types


def _sheet_names(spec: Any, where: str) -> dict[str, str]:
    names = _by_type(spec, where)
    if any(not n or len(n) > 31 or any(ch in n for ch in "[]:*?/\\") for n in names.values()):
        raise CatalogError(f"{where}: an Excel sheet name of 1–31 characters without []:*?/\\")
    return names


def _sheet(spec: Any, where: str) -> ReportSheet:
    _need(spec, dict, where)
    owner = spec.get("owner", "body")
    if owner not in ("body", "assessor"):
        raise CatalogError(f"{where}.owner: expected 'body' or 'assessor'")
    names = _sheet_names(spec.get("name"), f"{where}.name")
    return ReportSheet(_text(spec, "id", where), names, _by_type(spec.get("title"), f"{where}.title"),
                       _by_type(spec.get("source"), f"{where}.source"), owner, _body_types(spec, where),
                       str(spec.get("filled_by", "")))


def _window(wid: str, spec: Any, where: str) -> DateWindow:
    _need(spec, dict, where)
    ends = []
    for side in ("from", "to"):
        value = spec.get(side)
        if not (isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) for v in value)):
            raise CatalogError(f"{where}.{side}: expected [year offset, month, day]")
        ends.append(tuple(value))
    return DateWindow(wid, ends[0], ends[1], _text(spec, "label", where))


def _languages_of(spec: Any, languages: dict[str, str]) -> list[tuple[str, Any]]:
    """(lang, spec with «{lang}» filled) per language, or one ("", spec) when it names no language."""
    if not mentions_language(spec):
        return [("", spec)]
    if not languages:
        raise CatalogError("«{lang}» used in a direction without languages")
    return [(lang, _lang_labels(substitute(spec, lang), languages[lang])) for lang in languages]


def _lang_labels(spec: Any, label: str) -> Any:
    if isinstance(spec, str):
        return spec.replace("{lang_label}", label)
    if isinstance(spec, dict):
        return {k: _lang_labels(v, label) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_lang_labels(v, label) for v in spec]
    return spec


def _inputs(spec: Any, where: str, languages: dict[str, str], sheets: set[str]) -> list[InputSpec]:
    _need(spec, dict, where)
    return [_input(one, where, sheets, lang) for lang, one in _languages_of(spec, languages)]


def _input(spec: Any, where: str, sheets: set[str] = frozenset(), lang: str = "") -> InputSpec:  # type: ignore[assignment]
    _need(spec, dict, where)
    key, symbol, label, note = (_text(spec, f, where) for f in ("key", "symbol", "label", "note"))
    kind = spec.get("type", "count")
    if kind not in INPUT_TYPES:
        raise CatalogError(f"{where}.type: expected one of {INPUT_TYPES}, got {kind!r}")
    sheet = spec.get("sheet", "")
    if sheets and sheet not in sheets:
        raise CatalogError(f"{where}.sheet: unknown sheet {sheet!r}")
    owner = spec.get("owner", "body")
    if owner not in ("body", "assessor"):
        raise CatalogError(f"{where}.owner: expected 'body' or 'assessor'")
    return InputSpec(key, symbol, label, note, kind, sheet, owner, bool(spec.get("optional")),
                     str(spec.get("source", "")), _body_types(spec, where), lang)


def _peer_inputs(criteria: tuple[Criterion, ...], languages: dict[str, str], sheets: set[str]) -> tuple[InputSpec, ...]:
    """The assessor's manual peer averages (rule 1.5): one optional cell per half that may be not applicable."""
    if "assessor" not in sheets:
        return ()
    out = []
    for criterion in criteria:
        for ind in criterion.indicators:
            for half in ind.halves:
                if half.not_applicable is None:
                    continue
                suffix = f".{half.lang}" if half.lang else ""
                only = ("ЦГО" if tuple(ind.max_by_type) == ("cgo",) else "МИО" if tuple(ind.max_by_type) == ("mio",)
                        else "")  # an id both types have (P2.4) names different indicators: say whose
                lang = f" ({', '.join(filter(None, (only, languages.get(half.lang, ''))))})" if only or half.lang else ""
                out.append(InputSpec(
                    f"openness.peer.{ind.id}{suffix}", peer_symbol(ind.half_id(half)),
                    f"Средний балл органов по показателю {ind.id}{lang}",
                    f"Заполняет уполномоченный орган, только если файл оценивается отдельно от пакета, а показатель "
                    f"{ind.id} «{ind.title}» к органу не применяется (правило 1.5): средний балл органов того же "
                    f"типа, от 0 до максимума показателя. В пакете среднее считается автоматически.",
                    "points", "assessor", "assessor", True, "METHODOLOGY §1.5", tuple(ind.max_by_type), half.lang))
    return tuple(out)


def peer_symbol(half_id: str) -> str:
    return "peer_" + half_id.replace(".", "_").replace(":", "_")


def _list_spec(spec: Any, where: str, sheets: set[str], windows: dict[str, DateWindow]) -> ListSpec:
    _need(spec, dict, where)
    key = _text(spec, "key", where)
    sheet = spec.get("sheet")
    if sheet not in sheets:
        raise CatalogError(f"{where}.sheet: unknown sheet {sheet!r}")
    columns = tuple(_column(c, f"{where}.columns[{n}]", windows) for n, c in enumerate(_list(spec, "columns", where)))
    fields = [c.field for c in columns]
    if len(set(fields)) != len(fields):
        raise CatalogError(f"{where}.columns: field names must be unique")
    for n, col in enumerate(columns):
        for ref in (col.not_before, col.requires, *(col.required_when.names if col.required_when else ())):
            if ref is not None and ref not in fields:
                raise CatalogError(f"{where}.columns[{n}]: unknown field {ref!r}")
    unique = tuple(spec.get("unique", ()))
    if set(unique) - set(fields):
        raise CatalogError(f"{where}.unique: unknown field(s) {sorted(set(unique) - set(fields))}")
    rows = spec.get("rows", 30)
    if not isinstance(rows, int) or isinstance(rows, bool) or not 1 <= rows <= 5000:
        raise CatalogError(f"{where}.rows: expected a whole number 1–5000")
    empty = spec.get("empty", "")
    if empty not in ("", "error", "warning"):
        raise CatalogError(f"{where}.empty: expected 'error' or 'warning'")
    own = _sheet_names(spec["own_sheet"], f"{where}.own_sheet") if "own_sheet" in spec else None
    required_field, required_rows, required_except = _required_rows(spec.get("required_rows"), columns,
                                                                     f"{where}.required_rows")
    named_by = tuple(spec.get("named_by", ()))
    not_text = set(named_by) - {c.field for c in columns if c.type == "text"}
    if not_text:
        raise CatalogError(f"{where}.named_by: not a text field of the list: {sorted(not_text)}")
    return ListSpec(key, sheet, _text(spec, "title", where), _by_type(spec.get("source"), f"{where}.source"),
                    str(spec.get("note", "")), columns, empty, rows, unique, _body_types(spec, where), own,
                    required_field, required_rows, str(spec.get("empty_why", "")), required_except, named_by)


def _one_table_per_sheet(lists: tuple[ListSpec, ...], where: str) -> None:
    """A list must be the last thing on its sheet to grow like an Excel table: a sheet holds one."""
    for body_type in BODY_TYPES:
        shared = [lst.sheet for lst in lists if body_type in lst.body_types and lst.own_sheet is None]
        twice = sorted({s for s in shared if shared.count(s) > 1})
        if twice:
            raise CatalogError(f"{where}.lists: sheet(s) {twice} hold more than one list for {body_type}; "
                               "give the others an own_sheet")


def _required_rows(spec: Any, columns: tuple[Column, ...], where: str
                   ) -> tuple[str, tuple[str, ...], dict[str, tuple[str, ...]]]:
    """`{field: kind, values: [...], except: {value: [registry exception, …]}}`: items of a choice
    column every report must list, less those a body's exceptions make not applicable."""
    if spec is None:
        return "", (), {}
    _need(spec, dict, where)
    column = next((c for c in columns if c.field == spec.get("field")), None)
    if column is None or column.type != "choice":
        raise CatalogError(f"{where}.field: expected a choice column of the list")
    values = tuple(spec.get("values") or ())
    unknown = set(values) - {c.code for c in column.choices}
    if not values or unknown:
        raise CatalogError(f"{where}.values: expected codes of {column.field!r}, unknown: {sorted(map(str, unknown))}")
    excepted = spec.get("except") or {}
    if not isinstance(excepted, dict) or set(excepted) - set(values) or not all(isinstance(v, list) for v in excepted.values()):
        raise CatalogError(f"{where}.except: expected {{required value: [registry exception, …]}}")
    return column.field, values, {k: tuple(v) for k, v in excepted.items()}


def _column(spec: Any, where: str, windows: dict[str, DateWindow]) -> Column:
    _need(spec, dict, where)
    kind = spec.get("type")
    if kind not in COLUMN_TYPES:
        raise CatalogError(f"{where}.type: expected one of {COLUMN_TYPES}, got {kind!r}")
    window = spec.get("window")
    if window is not None and (kind != "date" or window not in windows):
        raise CatalogError(f"{where}.window: a date column's window must be one of {sorted(windows)}")
    choices = tuple(_choice(c, f"{where}.choices[{n}]") for n, c in enumerate(spec.get("choices", [])))
    if (kind == "choice") != bool(choices):
        raise CatalogError(f"{where}.choices: a choice column needs choices, and only it")
    required_when = parse(spec["required_when"], f"{where}.required_when", ROW_FUNCTIONS) if "required_when" in spec else None
    return Column(_text(spec, "field", where), _text(spec, "label", where), kind, _text(spec, "note", where),
                  bool(spec.get("required")), window, spec.get("not_before"), spec.get("requires"), choices, required_when,
                  float(spec["width"]) if isinstance(spec.get("width"), (int, float)) else None)


def _choice(spec: Any, where: str) -> Choice:
    _need(spec, dict, where)
    code = spec.get("code")
    if isinstance(code, bool) or not isinstance(code, (str, int)):
        raise CatalogError(f"{where}.code: expected a text or a whole number")
    value = spec.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise CatalogError(f"{where}.value: expected a number")
    return Choice(code, _text(spec, "label", where), None if value is None else float(value), _body_types(spec, where))


def _measures(spec: Any, where: str, languages: dict[str, str], lists: tuple[ListSpec, ...],
              known: set[str]) -> list[Measure]:
    _need(spec, dict, where)
    variants = [spec]
    if "for_kinds" in spec:  # one measure per kind of a list's `kind` column: statement_{kind}_{lang}
        list_spec = next((lst for lst in lists if lst.key == spec.get("count")), None)
        if list_spec is None or "kind" not in {c.field for c in list_spec.columns}:
            raise CatalogError(f"{where}.for_kinds: needs a counted list with a 'kind' column")
        labels = {c.code: c.label for c in list_spec.column("kind").choices}
        variants = []
        for kind in spec["for_kinds"]:
            if kind not in labels:
                raise CatalogError(f"{where}.for_kinds: unknown kind {kind!r}")
            text = {k: v for k, v in spec.items() if k != "for_kinds"}
            variants.append({k: v.replace("{kind}", kind).replace("{kind_label}", labels[kind]) if isinstance(v, str) else v
                             for k, v in text.items()})
    out = []
    for variant in variants:
        for lang, one in _languages_of(variant, languages):
            out.append(_measure(one, where, lists, known | {m.symbol for m in out}, lang))
    return out


def _measure(spec: dict[str, Any], where: str, lists: tuple[ListSpec, ...], known: set[str], lang: str) -> Measure:
    symbol, label = _text(spec, "symbol", where), _text(spec, "label", where)
    if symbol in known:
        raise CatalogError(f"{where}.symbol: {symbol!r} is already used")
    kinds = [k for k in ("count", "mean", "value") if k in spec]
    if len(kinds) != 1:
        raise CatalogError(f"{where}: a measure is exactly one of count, mean, value")
    kind = kinds[0]
    if kind == "value":
        expr = parse(spec["value"], f"{where}.value")
        unknown = [n for n in expr.names if n not in known]
        if unknown:
            raise CatalogError(f"{where}.value: unknown symbol(s) {', '.join(unknown)}")
        return Measure(symbol, label, kind, expr=expr, lang=lang, missing=str(spec.get("missing", "")))
    list_spec = next((lst for lst in lists if lst.key == spec[kind]), None)
    if list_spec is None:
        raise CatalogError(f"{where}.{kind}: unknown list {spec[kind]!r}")
    where_expr = parse(spec["where"], f"{where}.where", ROW_FUNCTIONS) if "where" in spec else None
    fields = {c.field for c in list_spec.columns} | {"period"}
    if where_expr is not None:
        unknown = [n for n in where_expr.names if n not in fields]
        if unknown:
            raise CatalogError(f"{where}.where: unknown field(s) {', '.join(unknown)} of {list_spec.key}")
    value_field = None
    bands: tuple[tuple[float, float], ...] = ()
    if kind == "mean":
        value_field = spec.get("field")
        column = list_spec.column(value_field) if value_field in fields - {"period"} else None
        if column is not None and "bands" in spec and column.type in ("rating", "count", "percent"):
            bands = _mean_bands(spec["bands"], f"{where}.bands")
        elif column is None or column.type != "choice" or any(c.value is None for c in column.choices):
            raise CatalogError(f"{where}.field: a mean needs a choice column whose choices have values, "
                               "or a number column and bands")
    return Measure(symbol, label, kind, list_spec.key, where_expr, value_field, None, lang, str(spec.get("missing", "")),
                   bands)


def _mean_bands(spec: Any, where: str) -> tuple[tuple[float, float], ...]:
    """[{min, value}, …] with strictly decreasing lower bounds ending at 0 (Прил. 6 levels)."""
    raw = _need(spec, list, where)
    bands = []
    for i, band in enumerate(raw):
        if not isinstance(band, dict) or any(isinstance(band.get(k), bool) or not isinstance(band.get(k), (int, float))
                                             for k in ("min", "value")):
            raise CatalogError(f"{where}[{i}]: expected {{min: N, value: V}}, got {band!r}")
        bands.append((float(band["min"]), float(band["value"])))
    if not bands or any(b[0] >= a[0] for a, b in zip(bands, bands[1:])) or bands[-1][0] != 0:
        raise CatalogError(f"{where}: lower bounds must strictly decrease and end at 0")
    return tuple(bands)


def _checks(spec: Any, where: str, symbols: set[str], languages: dict[str, str]) -> list[Check]:
    _need(spec, dict, where)
    return [_check(one, where, symbols) for _, one in _languages_of(spec, languages)]


def _check(spec: Any, where: str, symbols: set[str]) -> Check:
    _need(spec, dict, where)
    for side in ("left", "right"):
        bad = [s for s in spec.get(side, []) if s not in symbols]
        if bad or not spec.get(side):
            raise CatalogError(f"{where}.{side}: unknown or missing symbols {bad}")
    if spec.get("severity") not in ("error", "warning"):
        raise CatalogError(f"{where}.severity: expected 'error' or 'warning'")
    return Check(spec["id"], tuple(spec["left"]), tuple(spec["right"]), spec["severity"])


def _maxima(spec: dict[str, Any], where: str) -> dict[str, float]:
    raw_max = spec.get("max")
    types = spec.get("body_types", list(BODY_TYPES))
    if isinstance(raw_max, dict):
        max_by_type = {bt: float(v) for bt, v in raw_max.items() if bt in types}
    elif isinstance(raw_max, (int, float)) and not isinstance(raw_max, bool):
        max_by_type = {bt: float(raw_max) for bt in types}
    else:
        raise CatalogError(f"{where}.max: expected a number or a mapping by body type, got {raw_max!r}")
    if set(max_by_type) - set(BODY_TYPES) or any(v < 0 for v in max_by_type.values()):
        raise CatalogError(f"{where}.max: body types must be {BODY_TYPES} and maxima non-negative")
    return max_by_type


def _refs(spec: dict[str, Any], where: str, interpretations: dict[str, Interpretation]) -> tuple[str, ...]:
    refs = tuple(spec.get("interpretations", []))
    missing = [r for r in refs if r not in interpretations]
    if missing:
        raise CatalogError(f"{where}.interpretations: unknown id(s) {', '.join(missing)}")
    return refs


def _criterion(spec: Any, where: str, symbols: set[str], interpretations: dict[str, Interpretation],
               languages: dict[str, str] | None = None) -> Criterion:
    _need(spec, dict, where)
    max_by_type = _maxima(spec, where)
    refs = _refs(spec, where, interpretations)
    cid, title = _text(spec, "id", where), _text(spec, "title", where)
    if "rule" in spec and "indicators" in spec:
        raise CatalogError(f"{where}: a criterion has either one rule or indicators")
    if "rule" in spec:  # a criterion scored by one rule (complaints): one indicator of the same id
        rule = build_rule(spec["rule"], f"{where}.rule", symbols)
        indicators: tuple[Indicator, ...] = (Indicator(cid, title, max_by_type, (Half("", rule),), str(spec.get("source", "")), refs),)
    else:
        indicators = tuple(_indicator(i, f"{where}.indicators[{n}]", symbols, interpretations, languages or {}, cid)
                           for n, i in enumerate(spec.get("indicators", [])))
    keys = [(i.id, bt) for i in indicators for bt in i.max_by_type]
    if len(set(keys)) != len(keys):
        raise CatalogError(f"{where}.indicators: an indicator id is used twice for one body type")
    combine = None
    if "combine" in spec:
        combine = parse(spec["combine"], f"{where}.combine")
        suffixes = {i.id.removeprefix(cid + ".") for i in indicators}
        unknown = [n for n in combine.names if n not in suffixes]
        if unknown:
            raise CatalogError(f"{where}.combine: unknown indicator(s) {', '.join(unknown)}")
    return Criterion(cid, title, str(spec.get("source", "")), max_by_type, indicators, refs,
                     bool(spec.get("penalty")), combine)


def _indicator(spec: Any, where: str, symbols: set[str], interpretations: dict[str, Interpretation],
               languages: dict[str, str], criterion: str) -> Indicator:
    _need(spec, dict, where)
    iid = _text(spec, "id", where)
    if not iid.startswith(criterion + "."):
        raise CatalogError(f"{where}.id: {iid!r} must start with {criterion}.")
    body = {k: v for k, v in spec.items() if k in ("rule", "zero_if", "max_if", "not_applicable", "notes")}
    if "rule" not in body:
        raise CatalogError(f"{where}.rule: missing")
    if spec.get("languages", True) is False:
        variants = [("", body)]
    elif mentions_language(body) or not languages:
        variants = _languages_of(body, languages)
    else:  # language-free rule, but the appendix scores both halves (meetings rows, P6 B and D)
        variants = [(lang, body) for lang in languages]
    halves = []
    for lang, one in variants:
        at = f"{where}[{lang}]" if lang else where
        rule = build_rule(one["rule"], f"{at}.rule", symbols)
        zero_if = _condition(one.get("zero_if"), f"{at}.zero_if", symbols)
        max_if = _condition(one.get("max_if"), f"{at}.max_if", symbols)
        na = None
        if "not_applicable" in one:
            raw = _need(one["not_applicable"], dict, f"{at}.not_applicable")
            na = NotApplicable(tuple(raw.get("exceptions", ())), _condition(raw.get("when"), f"{at}.not_applicable.when", symbols))
        notes = tuple((_condition(n.get("when"), f"{at}.notes[{i}].when", symbols), _text(n, "text", f"{at}.notes[{i}]"))
                      for i, n in enumerate(_need(one.get("notes", []), list, f"{at}.notes")))
        halves.append(Half(lang, rule, zero_if, max_if, na, notes))
    return Indicator(iid, _text(spec, "title", where), _maxima(spec, where), tuple(halves), str(spec.get("source", "")),
                     _refs(spec, where, interpretations), bool(spec.get("bonus")), bool(spec.get("factor")),
                     str(spec.get("advice", "")), str(spec.get("text", "")))


def _condition(text: Any, where: str, symbols: set[str]):  # type: ignore[no-untyped-def]
    if text is None:
        return None
    expr = parse(text, where)
    unknown = [n for n in expr.names if n not in symbols]
    if unknown:
        raise CatalogError(f"{where}: unknown symbol(s) {', '.join(unknown)}")
    return expr


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
