"""Our YAML data compiled once into the user's cache folder, so a command does not parse it at every start.

Building the catalog from its edition (PyYAML's import and parse, then every entry checked and every
expression parsed) takes about 45 ms of a `validate` that is otherwise ~0.15 s; unpickling the built
objects takes about 3 ms (issue 15). The compiled copy is kept under a key made of the toolkit's version,
a BLAKE2b hash of the YAML files and of the modules that define and build the objects, so an edited
edition, registry or model is a new key and the old copy is simply never read again.

The cache is someone else's folder, so its files are not trusted: the unpickler finds only the classes
of the modules given (our frozen data classes) and the functions named (an expression is parsed through
its whitelist when first used), never any other callable; anything wrong with a file (missing,
truncated, corrupted, of another shape, written by another version) means «build from the YAML», never
an error. Where the folder cannot be written, nothing is kept and the objects are built at each start,
as before.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from toolkit import __version__

T = TypeVar("T")

_ROOT = Path(__file__).parent  # a plain folder of the package (importlib.resources costs ~6 ms to import)


def cache_root() -> Path:
    """The user's cache folder for xlscore: XLSCORE_CACHE, else XDG_CACHE_HOME, else ~/.cache."""
    base = os.environ.get("XLSCORE_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xlscore"


def digest_of(data: bytes = b"") -> Any:
    """A BLAKE2b hash object for a cache key. `_blake2` is the interpreter's own: importing `hashlib`
    loads OpenSSL first (3–5 ms of every start, issue 15), and a key only has to tell versions apart."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=16)


def source_digest(files: Iterable[Path]) -> str:
    """BLAKE2b over the toolkit's version and the bytes of `files` (paths relative to the package or absolute)."""
    digest = digest_of(__version__.encode() + Path(__file__).read_bytes())  # this module writes the copies
    for f in files:
        path = f if f.is_absolute() else _ROOT / f
        digest.update(str(f).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


_FIELDS: dict[type, tuple[str, ...]] = {}
_COMPACT: dict[type, bool] = {}
_GETSTATE = getattr(dataclasses, "_dataclass_getstate", None)  # what a frozen, slotted data class pickles with
_SETSTATE = getattr(dataclasses, "_dataclass_setstate", None)


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _compact(cls: type) -> bool:
    """A slotted data class pickled by dataclasses' own state functions (none of its own __reduce__)."""
    found = _COMPACT.get(cls)
    if found is None:
        found = _COMPACT[cls] = (_GETSTATE is not None and "__slots__" in cls.__dict__
                                 and getattr(cls, "__getstate__", None) is _GETSTATE
                                 and getattr(cls, "__setstate__", None) is _SETSTATE
                                 and getattr(cls, "__reduce__", None) is object.__reduce__
                                 and getattr(cls, "__reduce_ex__", None) is object.__reduce_ex__)
    return found


def _rebuilt(cls: type, values: tuple[Any, ...]) -> Any:
    """A frozen, slotted data class's object from its field values, as `dumps` writes it.
    Pickle's own way for such a class (`__getstate__`/`__setstate__`) looks up the class's fields for
    every object, both ways: 7 ms of the 8 ms it took to load the catalog (713 objects for openness),
    and most of what sending a result between a batch's processes cost; this looks them up once a class."""
    names = _names(cls)
    if len(names) != len(values):
        raise pickle.UnpicklingError(f"{cls.__name__}: {len(values)} values for {len(names)} fields")
    made = object.__new__(cls)
    for name, value in zip(names, values):
        object.__setattr__(made, name, value)
    return made


class _Compact(pickle.Pickler):
    """Writes each slotted data class object as `_rebuilt(cls, values)`; other objects as pickle does."""

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if not _compact(cls):
            return NotImplemented
        return _rebuilt, (cls, tuple([getattr(obj, name) for name in _names(cls)]))


def dumps(value: Any) -> bytes:
    """`value` pickled, our data class objects compactly (the compiled copies, the batch's workers)."""
    out = io.BytesIO()
    _Compact(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


class Deferred(Mapping[str, Any]):
    """A mapping whose values a compiled copy keeps as pickles of their own, each loaded on first use.
    The catalog's directions are one: a complaints report need not load openness's ~700 objects, nor
    import the rule kinds only openness uses (6 data classes, ~4 ms of a start; issue 15). Built from
    a plain mapping it is that mapping; it compares equal to any mapping with the same items."""

    __slots__ = ("_keys", "_values", "_packed", "_load")

    def __init__(self, values: Mapping[str, Any]):
        self._keys = tuple(values)
        self._values = dict(values)
        self._packed: dict[str, bytes] = {}
        self._load: Callable[[bytes], Any] = pickle.loads

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._load(self._packed[key])  # KeyError for a key it does not hold
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values or key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return _deferred, ({k: dumps(self._values[k]) if k in self._values else self._packed[k] for k in self._keys},)


def _deferred(packed: dict[str, bytes], load: Callable[[bytes], Any] = pickle.loads) -> Deferred:
    if not isinstance(packed, dict) or not all(isinstance(k, str) and isinstance(v, bytes) for k, v in packed.items()):
        raise pickle.UnpicklingError("not a deferred mapping")
    made = Deferred({})
    made._keys, made._packed, made._load = tuple(packed), packed, load
    return made


class _OnlyOurs(pickle.Unpickler):
    """An unpickler that can make only the classes of `modules` (and what `extra` names), nothing else."""

    def __init__(self, data: bytes, modules: frozenset[str], extra: frozenset[tuple[str, str]]):
        super().__init__(io.BytesIO(data))
        self.modules, self.extra = modules, extra

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_rebuilt"):
            return _rebuilt  # it makes only what find_class gave it: a class of ours
        if (module, name) == (__name__, "_deferred"):  # its values are loaded by the same rules, later
            return lambda packed: _deferred(packed, lambda data: _OnlyOurs(data, self.modules, self.extra).load())
        if (module, name) in self.extra or (module in self.modules and "." not in name):
            found = super().find_class(module, name)
            if isinstance(found, type) or (module, name) in self.extra:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not ours to load")


def compiled(name: str, sources: Iterable[Path], build: Callable[[], T], expect: type,
             modules: Iterable[str], extra: Iterable[tuple[str, str]] = ()) -> T:
    """`build()`'s result, from the cache when a copy made from the same `sources` is there and loads as
    an `expect` using only `modules`' classes; otherwise built and kept for the next start."""
    path = cache_root() / "compiled" / f"{name}-{source_digest(sources)}.pickle"
    with contextlib.suppress(Exception):  # a missing, foreign or damaged copy: build it again
        found = _OnlyOurs(path.read_bytes(), frozenset(modules), frozenset(extra)).load()
        if isinstance(found, expect):
            return found  # type: ignore[return-value]
    value = build()
    with contextlib.suppress(Exception):  # an object pickle cannot take: nothing kept
        keep(path, dumps(value))
    return value


def keep(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a reader never sees half of one); where the cache folder
    cannot be written (read-only, full), nothing is kept and nothing fails."""
    import tempfile  # ~4 ms, only when a copy is written

    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            try:
                fh.write(data)
            except OSError:
                fh.close()
                os.unlink(fh.name)
                raise
        os.replace(fh.name, path)
