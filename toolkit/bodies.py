"""The registry of assessed bodies (seed 000, seed 001): codes, names, types and special cases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from toolkit.compiled import compiled
from toolkit.engine.inputs import Body
from toolkit.yamlio import load_yaml


@dataclass(frozen=True, slots=True)
class RegisteredBody:
    """A body of the registry: code, full name, type (cgo/mio) and its rule 1.5 exceptions."""

    code: str
    name: str
    type: str
    exceptions: tuple[str, ...] = ()

    def body(self) -> Body:
        return Body(self.name, self.type, self.code)


_REGISTRY = Path(__file__).with_name("data") / "bodies.yaml"  # not importlib.resources: ~6 ms to import


@cache
def registry() -> tuple[RegisteredBody, ...]:
    """The registry, from the compiled copy in the cache when bodies.yaml and this module are unchanged."""
    return compiled("registry", [_REGISTRY, Path(__file__)], _build_registry, tuple, ["toolkit.bodies"])


def _build_registry() -> tuple[RegisteredBody, ...]:
    doc = load_yaml(_REGISTRY.read_text(encoding="utf-8"))
    return tuple(RegisteredBody(b["code"], b["name"], b["type"], tuple(b.get("exceptions") or ()))
                 for b in doc["bodies"])


def find_body(name_or_code: str) -> RegisteredBody | None:
    """A body by its code or full name, ignoring case and surrounding spaces."""
    wanted = name_or_code.strip().casefold()
    return next((b for b in registry() if wanted in (b.code.casefold(), b.name.casefold())), None)
