"""Saving workbooks so that the same content gives the same bytes, and never half a file."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

FIXED_ZIP_TIME = (2023, 1, 31, 0, 0, 0)
FIXED_DOC_TIME = "2023-01-31T00:00:00Z"
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def deterministic_bytes(wb: Workbook) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries; replace both."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _W3CDTF.sub(rb"\g<1>" + FIXED_DOC_TIME.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a crash leaves either the old file or the new one.

    A new file gets the mode any program's new file gets (0666 less the umask, which the kernel applies
    because the temporary file is created here with 0666, not by mkstemp with 0600); a file replaced
    keeps its mode.
    """
    path = Path(path)
    keep = _mode(path)
    fd, tmp = _temporary(path)
    try:
        if keep is not None:
            os.chmod(tmp, keep)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def backup(path: Path) -> Path:
    """Copy `path` to its first free backup name: NAME.bak, then NAME.2.bak, NAME.3.bak, …

    An existing backup is never replaced (the first one is the body's original), and a backup is
    whole or absent: copied to a temporary file, flushed to disk, then linked to its name, which fails
    rather than replace a file that appeared meanwhile. Mode and times are the original's.
    """
    path = Path(path)
    fd, tmp = _temporary(path)
    try:
        with open(fd, "wb") as fh, path.open("rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copystat(path, tmp)
        n = 1
        while True:
            name = path.with_name(f"{path.name}.bak" if n == 1 else f"{path.name}.{n}.bak")
            try:
                _link(tmp, name)
                return name
            except FileExistsError:
                n += 1
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link(tmp: str, name: Path) -> None:
    """Give the temporary file its final name unless that name exists (FileExistsError then)."""
    try:
        os.link(tmp, name)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links; we hold the file's lock, so check, then rename
        if os.path.lexists(name):
            raise FileExistsError(name) from None
        os.rename(tmp, name)


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, created with 0666 so the umask decides its mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp"))
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (hard links and symbolic links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
