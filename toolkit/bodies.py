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
    bodies = registry()
    if _INDEX[0] is not bodies:  # built once per registry (identity: hashing the registry costs a scan)
        index: dict[str, RegisteredBody] = {}
        for b in bodies:  # the first in the registry wins, as a scan of it would find it
            index.setdefault(b.code.casefold(), b)
            index.setdefault(b.name.casefold(), b)
        _INDEX[:] = [bodies, index]
    return _INDEX[1].get(name_or_code.strip().casefold())


# the registry last indexed and its bodies by case-folded code and full name (`validate` looks a body up
# twice per file: a scan of the registry with two casefolds per body was ~1 % of it, issue 15)
_INDEX: list = [None, {}]
