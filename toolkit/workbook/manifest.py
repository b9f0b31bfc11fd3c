"""What a scoring did to the package, recorded (in our record part) so it can be checked later.

For the file as submitted: the SHA-256 of every part that is not ours, the edits made to the shared
parts (to undo them), the parts we own, and the style indices we appended. `compare` undoes the
edits of the newest run and compares hashes; the older runs are checked the same way, each against
the state the previous step reconstructed, so the chain reaches back to the body's own file.

A manifest read back is hostile input (anyone can edit a package): `Manifest.parse` checks every
field's type and says which one is wrong, and undoing edits never fails on nonsense positions (the
hashes then simply differ).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from toolkit.workbook.edits import Record, revert

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Manifest:
    """A scoring run's record of the package: hashes of the body's parts, our edits and parts."""

    parts: dict[str, str]  # submitted part → SHA-256 of its bytes
    edits: dict[str, list[Record]] = field(default_factory=dict)  # shared part → records to undo
    ours: tuple[str, ...] = ()  # parts that hold our sheets and record after this scoring
    styles: dict[str, int] = field(default_factory=dict)  # our style name → cellXfs index
    styles_sha256: str = ""  # the style part as written, to know whether our indices still hold

    def to_dict(self) -> dict[str, Any]:
        return {"parts": self.parts, "edits": self.edits, "ours": list(self.ours), "styles": self.styles,
                "styles_sha256": self.styles_sha256}

    @classmethod
    def parse(cls, data: Any, where: str = "package") -> Manifest:
        """The manifest of a record, every field checked; `ValueError(field)` names the first wrong one."""
        data = _typed(data, dict, where)

        def field_(key: str, kind: type) -> Any:
            return _typed(data.get(key), kind, f"{where}.{key}")

        parts = {_typed(k, str, f"{where}.parts"): _sha(v, f"{where}.parts") for k, v in field_("parts", dict).items()}
        edits = {_typed(k, str, f"{where}.edits"): [_edit(r, f"{where}.edits") for r in _typed(v, list, f"{where}.edits")]
                 for k, v in field_("edits", dict).items()}
        ours = tuple(_typed(p, str, f"{where}.ours") for p in field_("ours", list))
        styles = {_typed(k, str, f"{where}.styles"): _count(v, f"{where}.styles") for k, v in field_("styles", dict).items()}
        return cls(parts, edits, ours, styles, field_("styles_sha256", str))

def _typed(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValueError(where)
    return value


def _sha(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ValueError(where)
    return value


def _count(value: Any, where: str) -> int:
    if _typed(value, int, where) < 0:
        raise ValueError(where)
    return value


def _edit(value: Any, where: str) -> Record:
    if not isinstance(value, list) or len(value) != 3:
        raise ValueError(where)
    return [_count(value[0], where), _count(value[1], where), _typed(value[2], str, where)]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference between the recorded submission and the file now."""

    kind: str  # changed, missing, added
    part: str


def compare(current: dict[str, bytes], manifest: Manifest) -> tuple[list[Finding], dict[str, bytes]]:
    """Differences between `current` parts and the manifest, and the parts as they were submitted."""
    ours = set(manifest.ours)
    submitted: dict[str, bytes] = {}
    unreadable: set[str] = set()
    for name, data in current.items():
        if name in ours:
            continue
        try:
            submitted[name] = revert(data, manifest.edits[name]) if name in manifest.edits else data
        except ValueError:  # edits that cannot have been made to this part: it is not what we wrote
            submitted[name] = data
            unreadable.add(name)
    findings: list[Finding] = []
    for name, digest in sorted(manifest.parts.items()):
        if name not in submitted:
            findings.append(Finding("missing", name))
        elif name in unreadable or sha256(submitted[name]) != digest:
            findings.append(Finding("changed", name))
    findings += [Finding("added", name) for name in sorted(set(submitted) - set(manifest.parts))]
    return findings, submitted
