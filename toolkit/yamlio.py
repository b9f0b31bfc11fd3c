"""YAML of our own (catalog editions, the registry of bodies), parsed by libyaml when PyYAML has it.

PyYAML's pure-Python loader takes about 0.14 s for an edition, a quarter of a `validate` run; its C
loader (`CSafeLoader`, in the PyYAML wheels) builds the same objects in about 0.015 s. Both are safe
loaders: only plain data, no Python objects. Without libyaml the pure-Python one is used.
"""

from __future__ import annotations

from typing import Any



def load_yaml(text: str) -> Any:
    """One YAML document as plain data (dicts, lists, strings, numbers, dates). PyYAML is imported here
    (~11 ms): a start that finds the catalog compiled in the cache (toolkit/compiled.py) never needs it."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
