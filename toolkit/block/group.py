"""Which files of one run make one body's block (METHODOLOGY §5).

A body's directions come in one workbook (`template --direction all`) or in several, one per assessing
body; they belong together when their metadata name the same body code, body type, period and edition
(the code is the one recorded when the template was issued, `toolkit.integrity.identity`). `contexts` looks at
every file of a run once and tells each file what the other files of its body bring; `block_for`
then makes the block from the file's own directions and those, or says why there is none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.block.compute import BlockScore, block_score, missing
from toolkit.block.notes import missing_note, no_code_note, not_grouped, twice_note
from toolkit.catalog import load_catalog
from toolkit.catalog.names import known_editions
from toolkit.engine.inputs import Body, Meta
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import kind_of, open_workbook, read_meta, stated_text

if TYPE_CHECKING:
    from toolkit.engine.scoring import DirectionScore, ScoreResult

Key = tuple[str, str, int, str]  # body code, body type, period, edition


def key_of(meta: Meta, body: Body | None = None) -> Key | None:
    """The body identity a block is formed on: the code the metadata recorded when the template was
    issued (`template --body`), else, for a blank template, the body it was identified as from
    «Инструкция» (checked against the registry, `toolkit.integrity.identity`); None without either."""
    code = (meta.body_code or (body.code if body else "") or "").strip()
    return (code.casefold(), meta.body_type, meta.period, meta.edition) if code else None


def read_identity(path: Path) -> tuple[Meta, Body] | None:
    """A report's metadata and the body code it is identified by (issued, else typed on «Инструкция»,
    as `read_document` takes it), reading nothing else; None when it is not a report of ours."""
    return read_head(path).identity


@dataclass(frozen=True, slots=True)
class Head:
    """What a run reads of a file before checking it, in one opening: the metadata's kind (assessor
    workbooks are picked out by it) and, when asked for, the report's identity (files of one body are
    grouped by it)."""

    kind: str | None
    identity: tuple[Meta, Body] | None


def read_head(path: Path, identity: bool = True) -> Head:
    """The file's `Head`; nothing else is read. Without `identity` (a run of one file) only the kind."""
    wb, _ = open_workbook(path)
    if wb is None:
        return Head(None, None)
    try:
        try:
            kind = kind_of(wb)
        except PackageError:
            return Head(None, None)
        if not identity:
            return Head(kind, None)
        try:
            meta = read_meta(wb)[0]
            if meta is None:
                return Head(kind, None)
            typed = "" if meta.body_code else stated_text(wb, "body.code")
            return Head(kind, (meta, Body("", meta.body_type, meta.body_code or typed)))
        except PackageError:
            return Head(kind, None)
    finally:
        wb.package.close()


@dataclass(frozen=True, slots=True)
class Context:
    """What the other files of a run bring to one file's block."""

    others: Mapping[str, tuple[str, DirectionScore]] = field(default_factory=dict)  # direction → (path, score)
    twice: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # direction → the files that all hold it
    unscored: Mapping[str, str] = field(default_factory=dict)  # direction → a file of the body not scored
    near: tuple[str, ...] = ()  # files of the same body code not grouped with it, and why


ALONE = Context()


@dataclass(frozen=True, slots=True)
class Member:
    """A file of the run as grouping sees it: its identity, and its scores when it was scored."""

    path: str
    meta: Meta
    body: Body
    directions: Mapping[str, DirectionScore] | None  # None: not scored (errors)


def contexts(members: Iterable[Member]) -> dict[str, Context]:
    """Each scored file's context: the directions its body's other files bring, and what stops a block.
    Files are indexed by key and by body code, so a run's files are looked at once per file of their
    own body (a batch of 500 files of a few bodies took a second here when every file was compared
    with every other; issue 15)."""
    members = list(members)
    keys = [key_of(m.meta, m.body) for m in members]
    by_key: dict[Key, list[Member]] = {}
    by_code: dict[str, list[tuple[Key, Member]]] = {}
    for m, key in zip(members, keys):
        if key is not None:
            by_key.setdefault(key, []).append(m)
            by_code.setdefault(key[0], []).append((key, m))
    shared: dict[Key, tuple[dict[str, tuple[str, ...]], dict[str, str]]] = {}  # what every file of a body is told alike
    out: dict[str, Context] = {}
    for m, key in zip(members, keys):
        if m.directions is None or key is None:
            continue
        group = by_key[key]
        if key not in shared:
            holders: dict[str, list[str]] = {}
            for other in group:
                for d in other.directions or ():
                    holders.setdefault(d, []).append(other.path)
            unscored = {d: o.path for o in group if o.directions is None for d in o.meta.directions}
            shared[key] = {d: tuple(p) for d, p in holders.items() if len(p) > 1}, unscored
        twice, unscored = shared[key]
        others = {d: (o.path, o.directions[d]) for o in group if o is not m and o.directions is not None
                  for d in o.directions}
        near = tuple(not_grouped(_title(m.meta.edition, d), o.path, _differs(m.meta, o.meta))
                     for k, o in by_code[key[0]] if k != key for d in o.meta.directions)
        out[m.path] = Context(others, twice, unscored, near)
    return out


def _title(edition: str, direction: str) -> str:
    """A direction's title in the edition of the file being told (another file's edition may be unknown)."""
    if edition not in known_editions():
        return direction
    catalog = load_catalog(edition)
    return catalog.title_of(direction) if direction in catalog.directions else direction


def _differs(mine: Meta, other: Meta) -> str:
    parts = []
    if other.period != mine.period:
        parts.append(f"отчетный период {other.period}, а не {mine.period}")
    if other.body_type != mine.body_type:
        parts.append(f"тип органа {other.body_type}, а не {mine.body_type}")
    if other.edition != mine.edition:
        parts.append(f"редакция методики {other.edition}, а не {mine.edition}")
    return ", ".join(parts)


def what_block_for_reads(context: Context) -> Context:
    """The part of `context` that `block_for` reads: when a direction is given twice, only the first such
    direction (its note ends the block), else all of it. A batch sends each held file its context; with
    many files of one body (the benchmark's 500 files are six bodies) the whole one was ~13 KB a file of
    paths and scores never read (issue 15)."""
    if context.twice:
        direction, paths = next(iter(context.twice.items()))
        return Context(twice={direction: paths})
    return context


def block_for(result: ScoreResult, context: Context = ALONE, path: str = "") -> tuple[BlockScore | None, str]:
    """The block of the file's body from its own directions and its context's, or None and why not."""
    catalog = load_catalog(result.meta.edition)
    body_type = result.meta.body_type
    if context.twice:
        direction, paths = next(iter(context.twice.items()))
        return None, twice_note(catalog, direction, paths)
    own = dict(result.directions)
    taken = {d: s for d, (_, s) in context.others.items() if d not in own}
    sources = {d: p for d, (p, _) in context.others.items() if d not in own}
    if sources:  # several files: name each direction's file, this one's too
        sources.update({d: path for d in own})
    block = block_score({**own, **taken}, body_type, catalog, sources)
    if block is not None:
        return block, ""
    present = set(own) | set(taken)
    if key_of(result.meta, result.body) is None and missing(catalog, body_type, present):
        return None, no_code_note(catalog, body_type, present)
    return None, missing_note(catalog, body_type, present, context.unscored, context.near)
