"""The zip package under a workbook, opened as if it were hostile.

Everything a body sends passes through here first. The package is refused, with a reason a clerk can
act on, when it is damaged, encrypted, ambiguous (two entries with one name) or would inflate past
sane limits; XML is parsed by defusedxml with DTDs forbidden, so entity expansion and external
entities never run. Parts are looked up case-insensitively, as OPC part names are.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
import xml.etree.ElementTree as ET
from xml.parsers import expat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from toolkit.workbook.conformance import STRICT

MAX_PART = 200 * 2**20  # one sheet of 100 000 honest rows is ~20 MB of XML
MAX_TOTAL = 1 * 2**30
MAX_ENTRIES = 20_000
MAX_RATIO = 250  # honest XML deflates 5–60×; a bomb deflates 1 000×
RATIO_FLOOR = 4 * 2**20  # below this size no ratio is suspicious
CHUNK = 1 << 16
INFLATE_LIMIT = 8 * 2**20  # parts up to this size are inflated at once when sound (Package._inflated)
IN_MEMORY = 32 * 2**20  # packages up to this size are read into memory whole (Package._stored)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS_SUFFIX = "/officeDocument/2006/relationships"  # transitional, under any host (ECMA drafts used others)


class PackageError(Exception):
    """The package cannot be read safely; `reason` is Russian and ends up in `file.unreadable`."""

    def __init__(self, reason: str, part: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.part = part


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a package part: id, type, target."""

    id: str
    type: str
    target: str  # a part name for internal targets, the raw URI for external ones
    external: bool = False

    def is_a(self, kind: str) -> bool:
        """Relationship types differ between transitional and strict OOXML only in their prefix."""
        return self.type.rsplit("/", 1)[-1] == kind


def local(tag: str) -> str:
    """A tag without its namespace; the few tags a workbook uses are remembered (a dict lookup instead
    of a split, in every loop over a part's elements)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL) < 4096:  # a hostile part's made-up tags do not grow it without end
            _LOCAL[tag] = name
    return name


_LOCAL: dict[str, str] = {}


def rel_id(element: Element) -> str | None:
    """The r:id of an element, whatever prefix the writer bound the relationships namespace to, in a
    transitional or a strict workbook."""
    for name, value in element.attrib.items():
        if name.endswith("}id"):
            namespace = name[1:].split("}", 1)[0]
            if namespace.endswith(R_NS_SUFFIX) or namespace == STRICT.relationships:
                return value
    return None


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class Package:
    """Read access to the parts of one zip package, with every limit checked before inflating."""

    def __init__(self, path: str | Path | IO[bytes]):
        """A file by its path, or a package already in memory (a template regenerated for comparison)."""
        self.path = Path(path) if isinstance(path, (str, Path)) else Path("<memory>")
        self._bytes: bytes | None = None  # the whole file, when it is small enough to read at once
        self._sound: set[str] = set()  # members `_inflated` read and found sound
        try:
            source: Path | IO[bytes] = self.path if isinstance(path, (str, Path)) else path
            if isinstance(source, Path) and source.stat().st_size <= IN_MEMORY:
                self._bytes = source.read_bytes()
                source = io.BytesIO(self._bytes)
            self._zip = zipfile.ZipFile(source)
        except Exception as exc:  # BadZipFile, EOFError, NotImplementedError (a damaged version field), …
            raise PackageError("архив поврежден или обрезан") from exc
        try:
            self.infos = self._check(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise
        self._by_lower = {info.filename.lower(): info for info in self.infos}
        self._parsed: set[str] = set()  # parts already parsed whole: known well-formed and DTD-free

    @staticmethod
    def _check(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
        if len(infos) > MAX_ENTRIES:
            raise PackageError(f"в архиве {len(infos)} частей — больше допустимого ({MAX_ENTRIES})")
        seen: set[str] = set()
        total = 0
        for info in infos:
            if not info.filename:  # zipfile itself trips over such an entry (ZipInfo.is_dir)
                raise PackageError("в архиве часть без имени")
            if info.filename.startswith("/") or "\\" in info.filename or "\x00" in info.filename:
                raise PackageError(f"в архиве часть с недопустимым именем «{info.filename}»", info.filename)
            name = info.filename.lower()
            if name in seen:
                raise PackageError(f"в архиве дважды записана часть {info.filename}", info.filename)
            seen.add(name)
            if info.flag_bits & 0x1:
                raise PackageError(f"часть {info.filename} зашифрована", info.filename)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise PackageError(f"часть {info.filename} сжата неподдерживаемым методом", info.filename)
            if info.file_size > MAX_PART or (info.file_size > RATIO_FLOOR
                                             and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise PackageError(_bomb(info.filename), info.filename)
            total += info.file_size
        if total > MAX_TOTAL:
            raise PackageError("архив распаковывается в слишком большой объем (возможна «zip-бомба»)")
        return infos

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self._by_lower.get(name.lstrip("/").lower())

    def has(self, name: str) -> bool:
        return self.info(name) is not None

    def open(self, name: str) -> IO[bytes]:
        """A stream of the part that stops with an error, not a flood, if the part lies about its size."""
        info = self.info(name)
        if info is None:
            raise PackageError(f"нет части {name}", name)
        if info.file_size <= INFLATE_LIMIT:
            data = self._inflated(info)
            if data is not None:
                return io.BytesIO(data)
        try:
            return _Bounded(self._zip.open(info), info)
        except Exception as exc:  # a bad local header, a name that differs from the directory's
            raise PackageError(f"часть {info.filename} повреждена", info.filename) from exc

    def _inflated(self, info: zipfile.ZipInfo) -> bytes | None:
        """A sound member's bytes, inflated in one call; None for anything unusual, which `zipfile`
        then reads and judges as before (the same bytes, or the same error).

        Reading a small part through `zipfile.ZipExtFile` costs 15–50 µs of Python (a shared file
        object, chunked inflating, a running CRC); a report has 20–80 parts, some read twice (issue 15).
        Here the local header is checked as `ZipFile.open` checks it (signature, name, flags), the
        stored bytes are inflated at once, and the result is returned only when it is exactly what
        `zipfile` would return without complaint: the whole declared size, the stream complete, the
        CRC right. A stream that inflates past its declared size stops there and goes the slow way."""
        if info.flag_bits & 0x61 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None  # encrypted, patched or strongly encrypted: zipfile says what it says
        raw = self._stored(info)
        if raw is None:
            return None
        if info.compress_type == zipfile.ZIP_STORED:
            data = raw
        else:
            inflater = zlib.decompressobj(-15)
            try:
                data = inflater.decompress(raw, info.file_size + 1)
            except zlib.error:
                return None
            if not inflater.eof:
                return None
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        self._sound.add(info.filename)
        return data

    def _stored(self, info: zipfile.ZipInfo) -> bytes | None:
        """A member's stored bytes after a local header that names it as the directory does, from the
        file in memory (slices: no seeking and reading per part) or from the file; None if unusual."""
        buf = self._bytes
        try:
            if buf is not None:
                at = info.header_offset
                header = buf[at:at + 30] if at >= 0 else b""
            else:
                fp = self._zip.fp
                if fp is None:
                    return None
                fp.seek(info.header_offset)
                header = fp.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                return None
            flags, name_len, extra_len = struct.unpack("<H", header[6:8])[0], *struct.unpack("<HH", header[26:30])
            if buf is not None:
                name = buf[at + 30:at + 30 + name_len]
                start = at + 30 + name_len + extra_len
                raw = buf[start:start + info.compress_size]
            else:
                name = fp.read(name_len)
                fp.seek(extra_len, 1)
                raw = fp.read(info.compress_size)
            encoding = "ascii" if name.isascii() else "utf-8" if flags & 0x800 else (
                getattr(self._zip, "metadata_encoding", None) or "cp437")  # both agree with ASCII on ASCII
            if name.decode(encoding) != info.orig_filename:
                return None
        except (OSError, ValueError, UnicodeDecodeError, struct.error):
            return None
        return raw if len(raw) == info.compress_size else None

    def read(self, name: str) -> bytes:
        data = self._small(name)
        if data is not None:
            return data
        with self.open(name) as fh:
            return fh.read()

    def xml(self, name: str) -> Element:
        data = self._small(name)
        if data is not None:
            root = parse_xml(data, name)
        else:
            with self.open(name) as fh:
                root = parse_xml(fh, name)
        self._parsed.add(name.lstrip("/").lower())
        return root

    def _small(self, name: str) -> bytes | None:
        """A sound part up to INFLATE_LIMIT, inflated in one call, as `open` would give it (without the
        stream around it); None for anything else, which `open` then reads or refuses."""
        info = self.info(name)
        return self._inflated(info) if info is not None and info.file_size <= INFLATE_LIMIT else None

    def mark_parsed(self, name: str) -> None:
        """A part read to its end and found well-formed by a caller (rowbatches.py): not checked again."""
        self._parsed.add(name.lstrip("/").lower())

    def iterparse(self, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
        """Stream a part's parse events; the prolog is checked for DTDs before expat sees any of it."""
        with self.open(name) as fh:
            head = fh.read(CHUNK)
            if not _plain_prolog(head, name):
                root = parse_xml(head + fh.read(), name)  # rare encodings: the slow, defused parser
                yield from _events(root, events)
                return
            parser = ET.XMLPullParser(events)
            try:
                chunk = head
                while chunk:
                    parser.feed(chunk)
                    yield from parser.read_events()
                    chunk = fh.read(CHUNK)
                parser.close()
                yield from parser.read_events()
                self._parsed.add(name.lstrip("/").lower())
            except ET.ParseError as exc:
                raise PackageError(_xml_reason(name, exc), name) from exc

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """An entry's stored (compressed) bytes, for copying it without inflating and deflating again."""
        fp = self._zip.fp
        if fp is None:
            raise PackageError("архив закрыт")
        try:
            fp.seek(info.header_offset)
            header = fp.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                raise PackageError(f"часть {info.filename} повреждена", info.filename)
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            fp.seek(info.header_offset + 30 + name_len + extra_len)
            data = fp.read(info.compress_size)
        except (OSError, ValueError, struct.error) as exc:  # offsets pointing before the file or past it
            raise PackageError(f"часть {info.filename} повреждена", info.filename) from exc
        if len(data) != info.compress_size:
            raise PackageError(f"часть {info.filename} обрезана", info.filename)
        return data

    def sha256(self, name: str) -> str:
        """A part's SHA-256, streamed: a sound part of up to INFLATE_LIMIT is inflated in one call
        (`_inflated`), others through zipfile in bounded steps; a lying part is refused as reading it is."""
        import hashlib  # OpenSSL's _hashlib: not for `validate` (tests/test_startup.py)

        digest = hashlib.sha256()
        with self.open(name) as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    def check_parts(self) -> None:
        """Every part must inflate to its declared size with the right CRC, and every XML part must be
        well-formed and DTD-free, read or not: a damaged part we merely copy would make the scored copy
        unreadable to Excel, so the file is refused up front."""
        if not self.has("[Content_Types].xml"):
            raise PackageError("в архиве нет списка частей [Content_Types].xml")
        for info in self.infos:
            if info.is_dir():
                continue
            name = info.filename
            if name not in self._sound:  # a member inflated soundly has a readable header and stream
                self.raw(info)
            if name.lower() in self._parsed:
                continue  # read to its end already: inflated, CRC-checked, parsed
            xml = name.lower().endswith((".xml", ".rels"))  # VML is often not well-formed XML: not checked
            with self.open(name) as fh:
                head = fh.read(CHUNK)
                if not xml:
                    while fh.read(CHUNK):
                        pass
                    continue
                if not _plain_prolog(head, name):
                    parse_xml(head + fh.read(), name)
                    continue
                parser = expat.ParserCreate()
                try:
                    chunk = head
                    while chunk:
                        parser.Parse(chunk, False)
                        chunk = fh.read(CHUNK)
                    parser.Parse(b"", True)
                except expat.ExpatError as exc:
                    raise PackageError(_xml_reason(name, exc), name) from exc

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of `part` (use "" for the package's own), targets resolved to part names."""
        name = rels_name(part) if part else "_rels/.rels"
        if not self.has(name):
            return {}
        out = {}
        base = posixpath.dirname(part)
        for el in self.xml(name):
            if local(el.tag) != "Relationship":
                continue
            rid, rtype, target = el.get("Id"), el.get("Type", ""), el.get("Target", "")
            if not rid:
                continue
            external = el.get("TargetMode") == "External"
            out[rid] = Relationship(rid, rtype, target if external else resolve(base, target), external)
        return out

    def related(self, part: str, kind: str) -> list[Relationship]:
        return [r for r in self.rels(part).values() if r.is_a(kind) and not r.external]


@lru_cache(maxsize=4096)  # a pure function; every report resolves the same few dozen targets (issue 15)
def resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def parse_xml(source: IO[bytes] | bytes, name: str) -> Element:
    data = source if isinstance(source, bytes) else source.read()
    try:
        if _plain_prolog(data, name):
            return ET.fromstring(data)
        return SafeET.fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise PackageError(_xml_reason(name, exc), name) from exc


_PROLOG_SKIP = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _plain_prolog(data: bytes, name: str = "") -> bool:
    """True when the part is UTF-8 and its prolog holds no DOCTYPE, so the fast C parser is safe.

    Entities (internal, external, "billion laughs") can only be declared in a DOCTYPE, and a DOCTYPE
    can only stand in the prolog; Excel never writes one. A DOCTYPE raises here. Anything unusual
    (UTF-16, another declared encoding) returns False and goes to defusedxml, which forbids DTDs too.
    """
    if data[:1] == b"<" and data[1:2] not in (b"?", b"!") and b"\x00" not in data[:4]:
        return True  # the root's start tag first (our writer's parts): no prolog to look at
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return False
    pos = 0
    while True:
        m = _PROLOG_SKIP.match(data, pos)
        if m is None:
            break
        if m.group(0).startswith(b"<?xml") and re.search(rb"encoding\s*=\s*[\"'](?!utf-?8[\"'])", m.group(0), re.I):
            return False
        pos = m.end()
    if data.startswith(b"<!", pos):
        raise PackageError(f"часть {name or 'книги'} содержит объявление DTD или сущностей XML, которых в книгах Excel "
                           "не бывает", name or None)
    return True


def _events(el: Element, events: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
    """Replay a parsed tree as pull-parser events, for the rare parts the streaming path cannot take."""
    if "start" in events:
        yield "start", el
    for child in el:
        yield from _events(child, events)
    if "end" in events:
        yield "end", el


def _xml_reason(name: str, exc: Exception) -> str:
    if isinstance(exc, DefusedXmlException):
        return f"часть {name} содержит объявления DTD или сущностей XML, которых в книгах Excel не бывает"
    return f"часть {name} — поврежденный XML"


def _bomb(name: str) -> str:
    return f"часть {name} распаковывается в слишком большой объем (возможна «zip-бомба»)"


class _Bounded:
    """Wraps a zip member stream; refuses to inflate past the size the archive declared."""

    def __init__(self, raw: IO[bytes], info: zipfile.ZipInfo):
        self._raw, self._info, self._left = raw, info, info.file_size

    def read(self, n: int = -1) -> bytes:
        try:
            data = self._raw.read(self._left + 1 if n is None or n < 0 else min(n, self._left + 1))
        except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError: a damaged stream
            raise PackageError(f"часть {self._info.filename} повреждена", self._info.filename) from exc
        self._left -= len(data)
        if self._left < 0:
            raise PackageError(_bomb(self._info.filename), self._info.filename)
        return data

    def __enter__(self) -> _Bounded:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._raw.close()

    def close(self) -> None:
        self._raw.close()
