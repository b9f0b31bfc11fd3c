"""The cyclic garbage collector paused while a workbook is read, validated and scored.

Reading a list of 300 000 rows allocates millions of small objects (elements, cells, tuples) that
all live until the file is done; each allocation burst makes CPython's collector walk the young
objects again, and the survivors again in older generations: 35–48 % of `validate`'s time at
60 000–300 000 rows (issue 15). None of what we build there forms reference cycles that need the
collector (reference counting frees it), so the collector is paused for the file and started again
afterwards, when whatever cycles there are get collected at once. Nested pauses are harmless.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (if it was running), and restart it after, whatever happens."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
