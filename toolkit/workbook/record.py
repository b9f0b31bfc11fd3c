"""Our record in the package: which parts are ours, and what every scoring did, in a part of its own.

The record is JSON in `xlscore/journal.json` (content type application/json), which the package's
own relationships (`_rels/.rels`) point at with RECORD_TYPE. It names our sheets (part and sheet
name), so a sheet is ours only when the record lists it: a body's own «Баллы» or «Журнал» is never
taken for ours. Both must match: LibreOffice keeps our record when it re-saves a copy but renumbers
the sheet parts, so a part name alone could then point at a body's sheet.
It holds every run whole (no cell limit to cut it at); «Журнал» is the readable view of it.

A run is `chained` when it scored the package the run before it wrote (in place, or a scored copy
scored again): `verify` follows those back. A run that scored a body's own file starts a new chain;
the runs before it were carried from the earlier scored copy it replaced — history this package
cannot prove, kept so that no result is lost.

A record read back is hostile input: bounded in size, nesting caught, every field's type checked;
anything wrong is `RecordError` with a Russian reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from toolkit.workbook.manifest import Manifest
from toolkit.workbook.opc import Package

RECORD_TYPE = "urn:xlscore:relationships:journal"
RECORD_PART = "xlscore/journal.json"
RECORD_CONTENT_TYPE = "application/json"
FORMAT, VERSION = "xlscore-journal", 2
ROLES = ("scores", "conclusion", "journal")
MAX_RECORD = 64 * 2**20  # a run is some kilobytes; a bigger part is not a record of ours
MAX_DEPTH = 32  # our results nest 4 deep; writing the record back (indented) recurses in Python


class RecordError(Exception):
    """The record is there but cannot be used; `reason` is Russian."""

    def __init__(self, reason: str, part: str = RECORD_PART):
        super().__init__(reason)
        self.reason, self.part = reason, part


class LegacyCopy(RecordError):
    """A copy scored by the version that kept its records in «Журнал» column I."""


@dataclass(frozen=True, slots=True)
class Run:
    """One scoring: the «Журнал» row's values, the full result, and what it did to the package."""

    time: str
    user: str
    version: str
    edition: str
    source_sha256: str
    summary: str
    block: float | None
    result: dict[str, Any]
    chained: bool = False
    package: Manifest | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"chained": self.chained, "time": self.time, "user": self.user, "version": self.version,
                "edition": self.edition, "source_sha256": self.source_sha256, "summary": self.summary,
                "block": self.block, "result": self.result,
                "package": self.package.to_dict() if self.package else None}

    @property
    def digest(self) -> str:
        """SHA-256 of the run as recorded; «Журнал» names it, so a row and its run are found by it."""
        return hashlib.sha256(_dumps(self.to_dict(), sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class OurSheet:
    """A sheet of ours in a scored copy: its part and its name."""

    part: str
    name: str


@dataclass(frozen=True, slots=True)
class Record:
    """Our record part: which sheets are ours and every scoring run."""

    part: str
    sheets: dict[str, OurSheet]  # role (scores, conclusion, journal) → our sheet
    runs: tuple[Run, ...]

    def to_bytes(self) -> bytes:
        sheets = {role: {"part": s.part, "name": s.name} for role, s in self.sheets.items()}
        doc = {"format": FORMAT, "version": VERSION, "sheets": sheets, "runs": [r.to_dict() for r in self.runs]}
        # compact: with an indent `json` falls back to its pure-Python encoder, ≈ 5 × slower (a record with a
        # 2 000-row «Акт сверки» took 20 of a score's 80 ms); the record is read by xlscore, not by eye
        return _dumps(doc, separators=(",", ":")).encode("utf-8")


def _dumps(doc: Any, **kwargs: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, **kwargs)


def record_part(package: Package) -> str | None:
    """The part the package's relationships name as our record (its spelling in the zip), if any."""
    for rel in package.rels("").values():
        if rel.type == RECORD_TYPE:
            info = None if rel.external else package.info(rel.target)
            if info is None:
                raise RecordError(f"связь ведет к отсутствующей части «{rel.target}»", rel.target)
            return info.filename
    return None


def read_record(package: Package) -> Record | None:
    part = record_part(package)
    if part is None:
        return None
    info = package.info(part)
    assert info is not None
    if info.file_size > MAX_RECORD:
        raise RecordError(f"часть больше {MAX_RECORD // 2**20} МБ", part)
    try:
        doc = json.loads(package.read(part).decode("utf-8"))
    except UnicodeDecodeError:
        raise RecordError("часть записана не в кодировке UTF-8", part) from None
    except RecursionError:
        raise RecordError("в JSON слишком глубокая вложенность", part) from None
    except json.JSONDecodeError as exc:
        raise RecordError(f"это не JSON (ошибка в строке {exc.lineno}, позиции {exc.colno})", part) from None
    except ValueError:  # anything else json refuses
        raise RecordError("это не JSON", part) from None
    try:
        return _parse(doc, part)
    except ValueError as exc:
        raise RecordError(f"поле «{exc}» неверного вида", part) from None


def _parse(doc: Any, part: str) -> Record:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("format")
    if doc.get("version") != VERSION:
        raise ValueError("version")
    runs = doc.get("runs")
    if not isinstance(runs, list) or not runs:
        raise ValueError("runs")
    return Record(part, _sheets(doc.get("sheets")), tuple(_run(r, f"runs[{i}]") for i, r in enumerate(runs)))


def _sheets(data: Any) -> dict[str, OurSheet]:
    if not isinstance(data, dict) or not set(data) <= set(ROLES):
        raise ValueError("sheets")
    out = {}
    for role, sheet in data.items():
        if not isinstance(sheet, dict) or not isinstance(sheet.get("part"), str) or not isinstance(sheet.get("name"), str):
            raise ValueError(f"sheets.{role}")
        out[role] = OurSheet(sheet["part"], sheet["name"])
    if len({s.part.lower() for s in out.values()}) != len(out):
        raise ValueError("sheets")
    return out


_TEXTS = ("time", "user", "version", "edition", "source_sha256", "summary")


def _run(data: Any, where: str) -> Run:
    if not isinstance(data, dict):
        raise ValueError(where)
    for key in _TEXTS:
        if not isinstance(data.get(key), str):
            raise ValueError(f"{where}.{key}")
    block = data.get("block")
    if block is not None and (isinstance(block, bool) or not isinstance(block, (int, float))):
        raise ValueError(f"{where}.block")
    if not isinstance(data.get("result"), dict) or _deeper_than(data["result"], MAX_DEPTH):
        raise ValueError(f"{where}.result")
    if not isinstance(data.get("chained"), bool):
        raise ValueError(f"{where}.chained")
    return Run(*(data[k] for k in _TEXTS), block, data["result"], data["chained"],
               Manifest.parse(data.get("package"), f"{where}.package"))


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` deep (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False
