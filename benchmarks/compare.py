"""Before → after for every target row of two `make bench` JSON files (`--json`), matched by name.

    .venv/bin/python benchmarks/compare.py build/bench-before.json build/bench.json

prints a Markdown table a note can carry; `run.py --compare OLD.json` prints the same after its run.
Rows only one side has are shown with «—» on the other (a target added, a list size not run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from targets import limit_text, met_text, value_text


def rows(before: list[dict], after: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """(measure, before, after, target, met before → after) in the after run's order, then rows only
    the before run has."""
    old = {t["what"]: t for t in before}
    new = {t["what"]: t for t in after}
    out = []
    for what in [*new, *(w for w in old if w not in new)]:
        o, n = old.get(what), new.get(what)
        ref = n or o
        assert ref is not None
        out.append((what,
                    value_text(o["value"], o["unit"]) if o else "—",
                    value_text(n["value"], n["unit"]) if n else "—",
                    limit_text(ref["limit"], ref["unit"]),
                    _met_change(o, n) if ref["limit"] is not None else ""))
    return out


def _met_change(old: dict | None, new: dict | None) -> str:
    before = met_text(old["met"]) or "n/a" if old else "—"
    after = met_text(new["met"]) or "n/a" if new else "—"
    return after if before == after else f"{before} → {after}"


def markdown(table: list[tuple[str, str, str, str, str]]) -> str:
    head = ("measure", "before", "after", "target", "result")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table]
    return "\n".join(lines)


def load_targets(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["targets"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: compare.py BEFORE.json AFTER.json", file=sys.stderr)
        return 2
    print(markdown(rows(load_targets(Path(args[0])), load_targets(Path(args[1])))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
