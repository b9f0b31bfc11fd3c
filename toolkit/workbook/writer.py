"""Writes our sheets into a copy of the body's workbook at the level of the package's parts.

Nothing the body sent is re-serialised: every part is copied byte for byte (its compressed bytes,
even), including parts no Python library understands (VBA, Excel's extensions, drawings). Our three
sheets and our record (`record.py`) are parts of their own; the part list, the package's and the
workbook's relationships, its sheet list and its style table get append-only edits, recorded so
`xlscore verify` can undo them and prove the rest unchanged. Re-scoring rewrites only our parts,
found by what the record lists, never by a sheet's name: a body's own «Баллы» stays the body's, and
ours is named «Баллы (оценка)» beside it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.sheets.journal import journal_sheet
from toolkit.sheets.model import SheetSpec
from toolkit.workbook.edits import ATTRS, PartEditor, prefix_of, with_prefix
from toolkit.workbook.history import Journal, merged, read_history
from toolkit.workbook.layout import CONCLUSION_SHEET, JOURNAL_SHEET, SCORES_SHEET, quote_sheet
from toolkit.workbook.manifest import Manifest, sha256
from toolkit.workbook.opc import Package, PackageError, rels_name
from toolkit.workbook.package import FIXED_ZIP_TIME, atomic_write, backup, same_file
from toolkit.workbook.record import RECORD_CONTENT_TYPE, RECORD_PART, RECORD_TYPE, OurSheet, Record, Run
from toolkit.workbook.sheetxml import sheet_entry, sheet_xml
from toolkit.workbook.style_specs import STYLES
from toolkit.workbook.stylesheet import StyleAppender, empty_styles
from toolkit.workbook.xlsx import Xlsx
from toolkit.workbook.xmltext import escape

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
SHEET_NAMES = {"scores": SCORES_SHEET, "conclusion": CONCLUSION_SHEET, "journal": JOURNAL_SHEET}
ROLE_OF = {name: role for role, name in SHEET_NAMES.items()}
JOURNAL_TITLE_ROWS = (1, 1)  # «Журнал»: its header row


def write_scored(source: Path, target: Path, sheets: Sequence[SheetSpec], entry: Run,
                 carried: Journal | None = None) -> Manifest:
    """Write the scored copy to `target`, atomically, with `carried` (the history of the scored copy it
    replaces) before the source's own; in place, the file is first copied to a backup that never
    replaces an earlier one. The caller holds the target's lock (see `toolkit.run`)."""
    source, target = Path(source), Path(target)
    data, manifest = render(source, sheets, entry, carried)
    if same_file(source, target):
        backup(source)
    atomic_write(target, data)
    return manifest


@dataclass
class _Plan:
    """Which parts change, and how, before anything is written."""

    replaced: dict[str, str] = field(default_factory=dict)  # role → the part our sheet goes into
    dropped: set[str] = field(default_factory=set)
    added: dict[str, bytes] = field(default_factory=dict)
    editors: dict[str, PartEditor] = field(default_factory=dict)


def render(source: Path, sheets: Sequence[SheetSpec], entry: Run, carried: Journal | None = None) -> tuple[bytes, Manifest]:
    """The scored package's bytes and what was done to it. Raises RecordError when the source's record
    is unusable (we would not know which sheets are ours)."""
    with Package(source) as package:
        wb = Xlsx(package)
        wb.part = _actual(package, wb.part)
        history = read_history(wb)
        plan = _Plan()
        for role, sheet in history.sheets.items():
            plan.replaced[role] = _actual(package, sheet.part)
            if package.has(rels_name(sheet.part)):
                plan.dropped.add(_actual(package, rels_name(sheet.part)))
        record_part = history.record.part if history.record else None
        ours_before = {*plan.replaced.values(), *plan.dropped, *([record_part] if record_part else [])}
        contents = _Parts(package)
        submitted = {name: package.sha256(name) for name in contents
                     if name not in ours_before and not name.endswith("/")}

        names = {role: sheet.name for role, sheet in history.sheets.items()}
        names.update(_free_names(wb, [r for r in SHEET_NAMES if r not in plan.replaced]))
        titles = {ROLE_OF[spec.name]: spec.title_rows for spec in sheets} | {"journal": JOURNAL_TITLE_ROWS}
        _add_sheets(wb, contents, plan, [(role, names[role]) for role in SHEET_NAMES if role not in plan.replaced], titles)
        record_part = record_part or _add_record(wb, contents, plan)
        previous = history.record.runs[-1].package if history.record else None
        style_ids, styles_part = _styles(wb, contents, plan, previous)
        _calc_chain(wb, contents, plan, list(history.sheets.values()))

        edited = {name: editor.result() for name, editor in plan.editors.items() if editor.changed}
        new_styles = edited[styles_part][0] if styles_part in edited else plan.added.get(styles_part, contents.get(styles_part, b""))
        manifest = Manifest(submitted, {name: records for name, (_, records) in edited.items()},
                            tuple(sorted({*plan.replaced.values(), *plan.added, record_part})), style_ids, sha256(new_styles))
        journal = merged(carried, history.journal)
        runs = (*journal.runs, replace(entry, chained=history.record is not None, package=manifest))
        record = Record(record_part, {role: OurSheet(part, names[role]) for role, part in plan.replaced.items()}, runs)
        specs = {ROLE_OF[spec.name]: spec for spec in sheets}
        specs["journal"] = journal_sheet(JOURNAL_SHEET, record_part, replace(journal, runs=runs))
        specs["journal"].title_rows = JOURNAL_TITLE_ROWS
        specs["journal"].footer = next((spec.footer for spec in sheets if spec.footer), "")
        written = {plan.replaced[role]: sheet_xml(spec, style_ids, wb.conformance) for role, spec in specs.items()}
        written.update({name: data for name, (data, _) in edited.items()})
        written[record_part] = record.to_bytes()
        return _zip(source, package, written, plan), manifest


class _Parts(Mapping[str, bytes]):
    """Every part's name, and a part's bytes inflated when first asked for: only the few parts we edit
    are held in memory, not the whole package at once (a 300 000-row sheet is tens of MB inflated)."""

    def __init__(self, package: Package):
        self.package = package
        self.names = [info.filename for info in package.infos if not info.is_dir()]
        self._names = set(self.names)
        self._read: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = self.package.read(name)
        return self._read[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def _actual(package: Package, part: str) -> str:
    """The zip entry's own spelling of a part name that relationships may spell in another case."""
    info = package.info(part)
    if info is None:
        raise PackageError(f"нет части {part}, на которую ссылается книга", part)
    return info.filename


def _free_names(wb: Xlsx, roles: list[str]) -> dict[str, str]:
    """A sheet name for each of our new sheets: its own («Баллы») unless the workbook already has a
    sheet of that name (Excel compares names case-insensitively), else «Баллы (оценка)», «… (оценка 2)»."""
    taken = {name.casefold() for name, _ in wb.all_sheets}
    out = {}
    for role in roles:
        base = SHEET_NAMES[role]
        name, n = base, 1
        while name.casefold() in taken:
            name = f"{base} (оценка)" if n == 1 else f"{base} (оценка {n})"
            n += 1
        taken.add(name.casefold())
        out[role] = name
    return out


def _editor(plan: _Plan, contents: dict[str, bytes], name: str) -> PartEditor:
    if name not in plan.editors:
        plan.editors[name] = PartEditor(contents[name], name)
    return plan.editors[name]


def _add_sheets(wb: Xlsx, contents: dict[str, bytes], plan: _Plan, names: list[tuple[str, str]],
                titles: Mapping[str, tuple[int, int] | None]) -> None:
    """New parts for our sheets, and their entries appended to workbook.xml, its rels and the part list;
    with each sheet's print titles (rows repeated on every printed page) as a defined name. A sheet's
    title rows never move between runs, so the name written with the sheet stays right when it is
    rewritten."""
    if not names:
        return
    rels_part = _actual(wb.package, rels_name(wb.part))
    types_part = _actual(wb.package, CONTENT_TYPES)
    workbook = _editor(plan, contents, wb.part)
    rels = _editor(plan, contents, rels_part)
    types = _editor(plan, contents, types_part)
    taken = {name.lower() for name in contents}
    rids = set(re.findall(rb'\bId\s*=\s*"([^"]*)"', contents[rels_part]))
    sheet_ids = [int(sheet_id) for _, sheet_id in wb.all_sheets if sheet_id.isdigit()]
    next_id = max(sheet_ids, default=0) + 1
    folder = posixpath.dirname(wb.part)
    r_prefix = _relationships_prefix(contents[wb.part], wb.conformance.relationships)
    rel_type = next((r.type for r in wb.rels.values() if r.is_a("worksheet")), wb.conformance.rel_type("worksheet")).encode()
    sheet_tag_prefix = prefix_of(contents[wb.part], "sheets")
    number, n = 1, 1
    entries, rel_entries, type_entries = [], [], []
    for role, name in names:
        while posixpath.join(folder, f"worksheets/sheet{number}.xml").lower() in taken:
            number += 1
        part = posixpath.join(folder, f"worksheets/sheet{number}.xml")
        taken.add(part.lower())
        while f"rIdXl{n}".encode() in rids:
            n += 1
        rid = f"rIdXl{n}"
        rids.add(rid.encode())
        plan.replaced[role] = part
        entries.append(with_prefix(sheet_entry(name, next_id, rid, r_prefix, wb.conformance), sheet_tag_prefix))
        next_id += 1
        target = posixpath.relpath(part, folder or ".")
        rel_entries.append(b'<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid.encode(), rel_type, target.encode()))
        type_entries.append(b'<Override PartName="/%s" ContentType="%s"/>' % (part.encode(), WORKSHEET_TYPE.encode()))
    workbook.insert_before_close("sheets", b"".join(entries))
    first = len(wb.all_sheets)  # our sheets come after every sheet of the body: their positions
    _print_titles(workbook, contents[wb.part], [(first + i, name, titles.get(role)) for i, (role, name) in enumerate(names)])
    rels.insert_before_close("Relationships", with_prefix(b"".join(rel_entries), prefix_of(contents[rels_part], "Relationships")))
    types.insert_before_close("Types", with_prefix(b"".join(type_entries), prefix_of(contents[types_part], "Types")))


_AFTER_SHEETS = re.compile(rb"</(?:[\w.-]+:)?(?:sheets|functionGroups|externalReferences)\s*>|"
                           rb"<(?:[\w.-]+:)?(?:sheets|functionGroups|externalReferences)\b" + ATTRS + rb"/>")


def _print_titles(workbook: PartEditor, data: bytes, sheets: list[tuple[int, str, tuple[int, int] | None]]) -> None:
    """`_xlnm.Print_Titles` of each new sheet with title rows, appended to the workbook's defined names
    (a `definedNames` element is added after the sheet list, where the schema wants it, if there is none)."""
    entries = b"".join(b'<definedName name="_xlnm.Print_Titles" localSheetId="%d">%s</definedName>'
                       % (index, escape(f"{quote_sheet(name)}!${rows[0]}:${rows[1]}").encode())
                       for index, name, rows in sheets if rows)
    if not entries:
        return
    prefix = prefix_of(data, "workbook")
    if re.search(rb"<(?:[\w.-]+:)?definedNames\b", data):
        workbook.insert_before_close("definedNames", with_prefix(entries, prefix))
        return
    end = max((m.end() for m in _AFTER_SHEETS.finditer(data)), default=None)
    if end is None:
        raise PackageError("в книге нет списка листов", workbook.name)
    workbook.insert(end, with_prefix(b"<definedNames>" + entries + b"</definedNames>", prefix))


def _add_record(wb: Xlsx, contents: dict[str, bytes], plan: _Plan) -> str:
    """A part for our record, related from the package's relationships and listed in the part list."""
    taken = {name.lower() for name in contents}
    part, n = RECORD_PART, 2
    while part.lower() in taken:  # a body's own part of that name stays the body's
        part, n = f"xlscore/journal{n}.json", n + 1
    types_part = _actual(wb.package, CONTENT_TYPES)
    _editor(plan, contents, types_part).insert_before_close("Types", with_prefix(
        b'<Override PartName="/%s" ContentType="%s"/>' % (part.encode(), RECORD_CONTENT_TYPE.encode()),
        prefix_of(contents[types_part], "Types")))
    relationship = b'<Relationship Id="%%s" Type="%s" Target="%s"/>' % (RECORD_TYPE.encode(), part.encode())
    rels = wb.package.info(PACKAGE_RELS)
    if rels is None:  # not a valid package, but readable: the part list of relationships starts with ours
        plan.added[PACKAGE_RELS] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
                                    b'"http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
                                    % (relationship % b"rIdXlRecord"))
        return part
    ids = set(re.findall(rb'\bId\s*=\s*"([^"]*)"', contents[rels.filename]))
    rid, n = b"rIdXlRecord", 2
    while rid in ids:
        rid, n = b"rIdXlRecord%d" % n, n + 1
    _editor(plan, contents, rels.filename).insert_before_close(
        "Relationships", with_prefix(relationship % rid, prefix_of(contents[rels.filename], "Relationships")))
    return part


def _styles(wb: Xlsx, contents: dict[str, bytes], plan: _Plan, previous: Manifest | None) -> tuple[dict[str, int], str]:
    """Our style indices: reused if the style part is exactly as we last wrote it, else appended."""
    linked = wb.linked("styles")
    if linked is not None and previous and previous.styles and set(previous.styles) >= set(STYLES) \
            and previous.styles_sha256 == sha256(contents[linked]):
        return dict(previous.styles), linked
    # Without a linked style part, readers that look for xl/styles.xml by name (openpyxl does) must find
    # ours, so an unlinked one is linked and appended to; otherwise a new one is added.
    part = linked or posixpath.join(posixpath.dirname(wb.part), "styles.xml")
    if wb.package.has(part):
        part = _actual(wb.package, part)
        ids, edits = _appended(contents[part], part)
        ids = dict(ids)  # the remembered dict stays as it was
        plan.editors[part] = PartEditor(contents[part], part, list(edits))
    else:
        appender = StyleAppender(empty_styles(wb.conformance), part)
        ids = appender.add(STYLES)
        plan.added[part] = appender.result().result()[0]
    if linked is not None:
        return ids, part
    types_part = _actual(wb.package, CONTENT_TYPES)
    _editor(plan, contents, _actual(wb.package, rels_name(wb.part))).insert_before_close(
        "Relationships", b'<Relationship Id="rIdXlStyles" Type="%s" Target="%s"/>'
        % (wb.conformance.rel_type("styles").encode(), posixpath.relpath(part, posixpath.dirname(wb.part) or ".").encode()))
    if f'PartName="/{part}"'.lower().encode() not in contents[types_part].lower():
        _editor(plan, contents, types_part).insert_before_close(
            "Types", b'<Override PartName="/%s" ContentType="%s"/>' % (part.encode(), STYLES_TYPE.encode()))
    return ids, part


@lru_cache(maxsize=8)
def _appended(data: bytes, part: str) -> tuple[dict[str, int], tuple[tuple[int, int, bytes], ...]]:
    """Our styles appended to a style part: their indices and the edits. Remembered by the part's bytes,
    since the files of a batch filled in from one template share it (issue 15); the edits depend on
    nothing else (STYLES is fixed)."""
    appender = StyleAppender(data, part)
    ids = appender.add(STYLES)
    return ids, tuple(appender.result().edits)


_CALC_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b" + ATTRS + rb"/>|<(?:[\w.-]+:)?c\b" + ATTRS + rb">.*?</(?:[\w.-]+:)?c\s*>", re.S)
_CALC_SHEET = re.compile(rb"\si\s*=\s*[\"'](\d+)[\"']")


def _calc_chain(wb: Xlsx, contents: dict[str, bytes], plan: _Plan, replaced: list[Any]) -> None:
    """Drop calculation-chain entries on our own sheets being rewritten.

    Excel lists every formula cell in calcChain.xml by sheet id; an entry left pointing at a cell of
    ours that no longer holds a formula makes Excel offer to repair the file. The entries are removed
    as recorded edits (the `i` attribute carries over to following entries of the same sheet only, so
    removing a sheet's entries never changes what the others mean); the body's entries stay.
    """
    ids = {int(s.sheet_id) for s in replaced if s.sheet_id.isdigit()}
    part = wb.linked("calcChain")
    if not ids or part is None:
        return
    data = contents[part]
    ours, others, sheet = [], 0, 0
    for m in _CALC_CELL.finditer(data):
        found = _CALC_SHEET.search(m.group(0))
        sheet = int(found.group(1)) if found else sheet
        if sheet in ids:
            ours.append(m.span())
        else:
            others += 1
    if ours and others:  # a chain must keep one entry; one that is all ours is left for Excel to rebuild
        editor = _editor(plan, contents, part)
        for start, end in ours:
            editor.replace(start, end, b"")


def _relationships_prefix(data: bytes, namespace: str) -> str | None:
    """The prefix workbook.xml binds the relationships namespace of its class to (usually «r»)."""
    m = re.search(rb'xmlns:([\w.-]+)\s*=\s*"' + re.escape(namespace.encode()) + rb'"', data[:4096])
    if m is None and namespace.endswith("/2006/relationships"):  # transitional under another host
        m = re.search(rb'xmlns:([\w.-]+)\s*=\s*"[^"]*/officeDocument/2006/relationships"', data[:4096])
    return m.group(1).decode() if m else None


def _zip(source: Path, package: Package, written: dict[str, bytes], plan: _Plan) -> bytes:
    """The submitted entries in their order (copied compressed, untouched), ours rewritten, new ones last."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in package.infos:
            name = info.filename
            if name in plan.dropped:
                continue
            if name in written:
                _write(dst, name, written[name], info.date_time)
            else:
                _copy_raw(package, info, dst)
        present = {info.filename for info in package.infos}
        for name, data in [*((n, d) for n, d in written.items() if n not in present), *plan.added.items()]:
            _write(dst, name, data, FIXED_ZIP_TIME)
    return out.getvalue()


def _write(dst: zipfile.ZipFile, name: str, data: bytes, date_time: tuple[int, ...]) -> None:
    """Our parts, deflated at level 1: 2–3 × faster than the default 6 on a long «Баллы», ≈ 5 % larger."""
    entry = zipfile.ZipInfo(name, date_time)  # type: ignore[arg-type]
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    dst.writestr(entry, data, compresslevel=1)


def _copy_raw(package: Package, info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Copy an entry's compressed bytes as they are: no inflate, no deflate, the same CRC.

    The standard library has no call for this; it writes the same local header `writestr` would,
    then the stored bytes, and registers the entry so `close()` writes the central directory.
    """
    data = package.raw(info)
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = info.compress_type
    entry.CRC, entry.compress_size, entry.file_size = info.CRC, info.compress_size, info.file_size
    entry.external_attr = info.external_attr
    entry.flag_bits = info.flag_bits & 0x800  # keep only "name is UTF-8"; sizes go in the header
    entry.header_offset = dst.fp.tell()  # type: ignore[union-attr]
    dst.fp.write(entry.FileHeader(None))  # type: ignore[union-attr]
    dst.fp.write(data)  # type: ignore[union-attr]
    dst.start_dir = dst.fp.tell()  # type: ignore[attr-defined,union-attr]
    dst.filelist.append(entry)
    dst.NameToInfo[entry.filename] = entry
