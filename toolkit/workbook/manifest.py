"""What a scoring did to the package, recorded in «Журнал» so it can be checked later.

For the file as submitted: the SHA-256 of every part that is not ours, the edits made to the shared
parts (to undo them), the parts we own, and the style indices we appended. `check` undoes the
edits of the newest row and compares hashes; the older rows are checked the same way, each against
the state the previous step reconstructed, so the chain reaches back to the body's own file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from toolkit.workbook.edits import Record, revert

MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class Manifest:
    parts: dict[str, str]  # submitted part → SHA-256 of its bytes
    edits: dict[str, list[Record]] = field(default_factory=dict)  # shared part → records to undo
    ours: tuple[str, ...] = ()  # parts that hold our sheets after this scoring
    styles: dict[str, int] = field(default_factory=dict)  # our style name → cellXfs index
    styles_sha256: str = ""  # the style part as written, to know whether our indices still hold

    @property
    def digest(self) -> str:
        return parts_digest(self.parts)

    def to_dict(self, with_parts: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"version": MANIFEST_VERSION, "digest": self.digest, "edits": self.edits,
                               "ours": list(self.ours), "styles": self.styles, "styles_sha256": self.styles_sha256}
        if with_parts:
            out["parts"] = self.parts
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Manifest | None:
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return None
        try:
            return cls(dict(data.get("parts") or {}), {k: [list(r) for r in v] for k, v in (data.get("edits") or {}).items()},
                       tuple(data.get("ours") or ()), dict(data.get("styles") or {}), str(data.get("styles_sha256") or ""))
        except (TypeError, ValueError, AttributeError):
            return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parts_digest(parts: dict[str, str]) -> str:
    """One hash over all part hashes, so a record too long for a cell still pins the whole package."""
    lines = "".join(f"{name}\0{digest}\n" for name, digest in sorted(parts.items()))
    return sha256(lines.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference between the recorded submission and the file now."""

    kind: str  # changed, missing, added, digest
    part: str


def compare(current: dict[str, bytes], manifest: Manifest, recorded_digest: str | None = None) -> tuple[list[Finding], dict[str, bytes]]:
    """Differences between `current` parts and the manifest, and the parts as they were submitted."""
    ours = set(manifest.ours)
    submitted: dict[str, bytes] = {}
    for name, data in current.items():
        if name in ours:
            continue
        submitted[name] = revert(data, manifest.edits[name]) if name in manifest.edits else data
    findings: list[Finding] = []
    if manifest.parts:
        for name, digest in sorted(manifest.parts.items()):
            if name not in submitted:
                findings.append(Finding("missing", name))
            elif sha256(submitted[name]) != digest:
                findings.append(Finding("changed", name))
        findings += [Finding("added", name) for name in sorted(set(submitted) - set(manifest.parts))]
    elif recorded_digest and parts_digest({n: sha256(d) for n, d in submitted.items()}) != recorded_digest:
        findings.append(Finding("digest", ""))
    return findings, submitted
