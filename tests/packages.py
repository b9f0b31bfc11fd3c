"""Package diffs for tests: what scoring may change in a body's file, and nothing more.

Between a submitted and a scored package there may be only (a) our parts (our sheets and our record),
added or (when the file was scored before) replaced, and (b) the shared parts ([Content_Types].xml,
the package's and the workbook's relationships, workbook.xml, styles.xml) with the edits our record
holds, which undo exactly to the submitted bytes. Every other part is the same, down to its
compressed bytes.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from toolkit.workbook.edits import revert
from toolkit.workbook.opc import Package
from toolkit.workbook.record import record_part
from toolkit.workbook.xlsx import Xlsx

SHARED = {"[content_types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml",
          "xl/calcchain.xml"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}


def raw_entries(path: Path) -> dict[str, tuple[int, int, int]]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}


def record_of(path: Path) -> dict[str, Any]:
    """Our record part of a scored package, as JSON, found through the package's relationships."""
    with Package(path) as package:
        part = record_part(package)
        assert part is not None, f"{path} has no record"
        return json.loads(package.read(part))


def journal_package(path: Path, run: int = -1) -> dict[str, Any]:
    """The package record of a run (the newest by default)."""
    return record_of(path)["runs"][run]["package"]


def our_parts(path: Path) -> dict[str, str]:
    """Sheet name → part name of our output sheets, by what the record lists (never by name)."""
    ours = {sheet["part"].lower() for sheet in record_of(path)["sheets"].values()}
    with Package(path) as package:
        return {s.name: package.info(s.part).filename for s in Xlsx(package).sheets if s.part.lower() in ours}


def assert_only_ours_and_recorded_edits(original: Path, scored: Path) -> None:
    before, after = parts(original), parts(scored)
    record = journal_package(scored)
    ours = {p.lower() for p in record["ours"]}
    assert not set(before) - set(after), f"parts lost: {set(before) - set(after)}"
    added = {n.lower() for n in set(after) - set(before)}
    assert added <= ours | {n.lower() for n in record["ours"]}, added - ours
    edited = {n for n in before if after[n] != before[n] and n.lower() not in ours}
    assert {n.lower() for n in edited} <= SHARED, edited
    assert set(record["edits"]) == edited
    for name in edited:
        assert revert(after[name], record["edits"][name]) == before[name], name
        for _, _, old in record["edits"][name]:
            removed_chain_entry = name.lower() == "xl/calcchain.xml" and old.startswith("<c ")
            # insertions, count values and a self-closing "/>" opened up; no element of the body's goes
            assert "<" not in old or removed_chain_entry, f"{name}: an edit removed {old!r}"
    for name, digest in record["parts"].items():
        assert hashlib.sha256(before[name]).hexdigest() == digest, name
    mine = {n for n in before if n.lower() in ours or n.lower().startswith("xl/worksheets/_rels/")}
    assert set(before) - mine <= set(record["parts"]), set(before) - mine - set(record["parts"])
    raw_before, raw_after = raw_entries(original), raw_entries(scored)
    for name in set(before) - edited:
        if name.lower() not in ours:
            assert raw_after[name] == raw_before[name], f"{name} was recompressed"
