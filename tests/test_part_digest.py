"""`Package.sha256` (the manifest's digests, streamed): the digest of what `read` gives, and a part that
lies about its CRC or inflates past its declared size, or whose stream is cut, is refused as reading it
is. (A part that declares one byte more than it holds reads, through zipfile, as what it holds.)"""

from __future__ import annotations

import hashlib
import random
import zipfile
from pathlib import Path

import pytest

from toolkit.workbook.opc import Package, PackageError


def _package(path: Path, parts: dict[str, tuple[bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, (data, method) in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0)), data, compress_type=method)
    return path


def _large_text() -> bytes:
    """About 3 MiB of XML-like text: inflated in several bounded steps (1 MiB each)."""
    rng = random.Random(7)
    return b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (i, rng.randint(0, 10**9)) for i in range(90_000))


def test_digest_is_that_of_the_inflated_part(tmp_path):
    large = _large_text()
    assert len(large) > 3 * 2**20
    parts = {"small.xml": (b"<a>\xd0\x91\xd0\xb0\xd0\xbb\xd0\xbb\xd1\x8b</a>", zipfile.ZIP_DEFLATED),
             "stored.bin": (bytes(range(256)) * 10, zipfile.ZIP_STORED),
             "large.xml": (large, zipfile.ZIP_DEFLATED),
             "empty.xml": (b"", zipfile.ZIP_DEFLATED)}
    with Package(_package(tmp_path / "p.zip", parts)) as package:
        for name, (data, _) in parts.items():
            assert package.sha256(name) == hashlib.sha256(data).hexdigest() == hashlib.sha256(package.read(name)).hexdigest()


@pytest.mark.parametrize("lie", ["crc", "size_smaller", "cut"])
def test_a_part_that_lies_is_refused(tmp_path, lie):
    data = _large_text()[:200_000]
    with Package(_package(tmp_path / "p.zip", {"part.xml": (data, zipfile.ZIP_DEFLATED)})) as package:
        info = package.info("part.xml")
        if lie == "crc":
            info.CRC ^= 1
        elif lie == "size_smaller":  # inflates past what it declared: stopped there («zip bomb»)
            info.file_size -= 1
        else:  # the deflate stream ends before its last block
            info.compress_size //= 2
        with pytest.raises(PackageError) as raised:
            package.sha256("part.xml")
        assert "part.xml" in raised.value.reason


def test_a_missing_part_is_refused(tmp_path):
    with Package(_package(tmp_path / "p.zip", {"a.xml": (b"<a/>", zipfile.ZIP_DEFLATED)})) as package:
        with pytest.raises(PackageError):
            package.sha256("b.xml")
