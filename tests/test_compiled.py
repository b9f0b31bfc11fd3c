"""Issue 15: the catalog and the registry compiled once into the cache folder (toolkit/compiled.py).

The copy must be used when nothing changed, rebuilt when the YAML or our code changed, and a missing,
corrupted or hostile copy must only ever mean «build it again», never an error or a foreign object.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit.bodies import _build_registry
from toolkit.catalog.loader import build_catalog
from toolkit.compiled import Deferred, _rebuilt, cache_root, compiled, dumps

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Item:
    """A class of a module the test allows (this one), as the catalog's classes are for the catalog."""

    name: str


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > pwned.txt",))


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XLSCORE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "xlscore" / "compiled"


def _load(source: Path, built: list[str]) -> tuple[Item, ...]:
    def build() -> tuple[Item, ...]:
        built.append(source.read_text())
        return tuple(Item(w) for w in source.read_text().split())
    return compiled("items", [source], build, tuple, [__name__])


def test_a_copy_is_used_until_its_source_changes(tmp_path, cache):
    source = tmp_path / "items.yaml"
    source.write_text("a b")
    built: list[str] = []
    assert _load(source, built) == (Item("a"), Item("b"))
    assert _load(source, built) == (Item("a"), Item("b"))
    assert built == ["a b"]  # built once, then read from the copy
    source.write_text("a b c")  # an edited YAML is another key
    assert _load(source, built) == (Item("a"), Item("b"), Item("c"))
    assert built == ["a b", "a b c"]
    assert len(list(cache.glob("items-*.pickle"))) == 2


@pytest.mark.parametrize("damage", [
    b"",                                           # an empty file (a crash while writing elsewhere)
    b"\x80\x05garbage",                            # truncated, corrupted
    pickle.dumps(["not", "a", "tuple"]),           # another shape
    pickle.dumps(_Evil()),                         # a callable that is not ours: never called
    pickle.dumps((Path("x"),)),                    # a class of a module not allowed
])
def test_a_damaged_or_foreign_copy_is_rebuilt_never_trusted(tmp_path, cache, damage):
    source = tmp_path / "items.yaml"
    source.write_text("a")
    built: list[str] = []
    _load(source, built)
    (copy,) = cache.glob("items-*.pickle")
    copy.write_bytes(damage)
    os.chdir(tmp_path)
    assert _load(source, built) == (Item("a"),)
    assert built == ["a", "a"]  # the damaged copy meant: build again
    assert not (tmp_path / "pwned.txt").exists()
    assert _load(source, built) == (Item("a"),) and built == ["a", "a"]  # and the copy was mended


def test_an_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XLSCORE_CACHE", str(blocker))
    source = tmp_path / "items.yaml"
    source.write_text("a")
    built: list[str] = []
    assert _load(source, built) == _load(source, built) == (Item("a"),)
    assert built == ["a", "a"]


def _run_catalog_and_registry(cache_dir: Path) -> str:
    """A fresh interpreter loading the catalog and the registry: what it built, as a repr."""
    code = ("from toolkit.catalog import load_catalog; from toolkit.bodies import registry; import sys; "
            "c = load_catalog('2023-01'); r = registry(); "
            "print(len(c.directions), sum(len(d.criteria) for d in c.directions.values()), len(r), "
            "'yaml' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XLSCORE_CACHE": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
                          timeout=120).stdout.split()


def test_the_catalog_and_registry_from_the_copy_equal_the_built_ones(tmp_path):
    cache_dir = tmp_path / "cache"
    first = _run_catalog_and_registry(cache_dir)
    assert first[-1] == "True"  # the first start parses the YAML
    copies = sorted((cache_dir / "xlscore" / "compiled").glob("*.pickle"))
    assert [c.name.split("-")[0] for c in copies] == ["catalog", "registry"]
    second = _run_catalog_and_registry(cache_dir)
    assert second[:-1] == first[:-1] and second[-1] == "False"  # later starts never import PyYAML
    catalog = pickle.loads(copies[0].read_bytes())
    assert catalog == build_catalog("2023-01")
    assert pickle.loads(copies[1].read_bytes()) == _build_registry()
    for copy in copies:  # corrupted copies: the same catalog, rebuilt
        copy.write_bytes(copy.read_bytes()[:100])
    assert _run_catalog_and_registry(cache_dir) == first


def test_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XLSCORE_CACHE", str(tmp_path))
    assert cache_root() == tmp_path / "xlscore"
    monkeypatch.delenv("XLSCORE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "xlscore"


def test_the_template_comparison_from_the_copy_equals_the_one_read_from_the_template(tmp_path):
    """What the tamper check compares with (issued.Expected) comes from the cache after the first run;
    it must be what reading the regenerated template gives, for a report of each direction."""
    code = ("import pickle, sys; from toolkit.check import check_file; "
            "from toolkit.workbook.issued import regenerated, _regenerate; "
            "m = check_file(sys.argv[1]).document.meta; args = (m.edition, m.directions, m.body_type, m.period); "
            "print(regenerated(*args) == _regenerate(*args), 'openpyxl' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XLSCORE_CACHE": str(tmp_path / "cache")}
    for sample in ("complaints-МО.xlsx", "openness-НБ.xlsx"):
        path = str(ROOT / "samples" / sample)
        subprocess.run([sys.executable, "-c", code, path], env=env, check=True, capture_output=True, timeout=300)
        out = subprocess.run([sys.executable, "-c", code, path], env=env, check=True, capture_output=True, text=True,
                             timeout=300).stdout.split()
        assert out == ["True", "False"]  # the same comparison, and no template built for it
    assert len(list((tmp_path / "cache" / "xlscore" / "compiled").glob("expected-*.pickle"))) == 2


def _deferred(tmp_path: Path, built: list[int]) -> Deferred:
    source = tmp_path / "items.yaml"
    source.write_text("a b")

    def build() -> Deferred:
        built.append(1)
        return Deferred({"one": (Item("a"),), "two": (Item("b"), Item("c"))})
    return compiled("deferred", [source], build, Deferred, [__name__])


def test_a_deferred_mapping_loads_each_value_on_first_use(tmp_path, cache):
    """The catalog's directions from the copy (issue 15): a complaints report loads only complaints."""
    built: list[int] = []
    _deferred(tmp_path, built)
    found = _deferred(tmp_path, built)
    assert built == [1]  # the second came from the copy
    assert list(found) == ["one", "two"] and len(found) == 2 and "two" in found and "three" not in found
    assert found._values == {}  # nothing unpickled yet
    assert found["two"] == (Item("b"), Item("c"))
    assert set(found._values) == {"two"}
    assert found == {"one": (Item("a"),), "two": (Item("b"), Item("c"))} == found  # equal to the plain mapping
    assert found.get("three") is None
    with pytest.raises(KeyError):
        found["three"]
    again = pickle.loads(pickle.dumps(found))  # what `score --jobs` sends: values loaded or not, all kept
    assert dict(again) == dict(found)


def test_a_deferred_value_is_loaded_by_the_same_rules(tmp_path, cache):
    """A copy whose deferred value names a callable that is not ours: loading it fails, and never runs it."""
    built: list[int] = []
    _deferred(tmp_path, built)
    (copy,) = cache.glob("deferred-*.pickle")
    evil = Deferred({})
    evil._keys, evil._packed = ("one",), {"one": pickle.dumps(_Evil())}
    copy.write_bytes(pickle.dumps(evil))
    os.chdir(tmp_path)
    found = _deferred(tmp_path, built)
    with pytest.raises(pickle.UnpicklingError):
        found["one"]
    assert not (tmp_path / "pwned.txt").exists()


@pytest.mark.parametrize("damage", [
    (_rebuilt, (Item, ("a", "b"))),           # more values than the class has fields
    (_rebuilt, (Path, ("x",))),               # a class of a module not allowed
    (_rebuilt, (os.system, ("echo pwned",))),  # not a class at all
])
def test_a_compact_object_of_another_shape_is_rebuilt(tmp_path, cache, damage):
    class Reduced:
        def __reduce__(self):
            return damage
    source = tmp_path / "items.yaml"
    source.write_text("a")
    built: list[str] = []
    _load(source, built)
    (copy,) = cache.glob("items-*.pickle")
    copy.write_bytes(pickle.dumps((Reduced(),)))
    os.chdir(tmp_path)
    assert _load(source, built) == (Item("a"),) and built == ["a", "a"]
    assert not (tmp_path / "pwned").exists()


def test_compact_objects_are_the_objects():
    """The copy's form of a slotted data class (class, values) loads as the object itself, at any depth."""
    value = {"x": (Item("a"), [Item("b")]), "y": Deferred({"z": Item("c")})}
    assert pickle.loads(dumps(value)) == value
