"""The block (п.107–108, METHODOLOGY §5): its arithmetic, its grade, and which files make one body's block.

Unit tests use direction scores written by hand; the expected block is the weighted sum worked out in
the comment beside each case (weights 0.5 / 0.2 / 0.3 for services / openness / complaints, both body
types, from the catalog).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.block.compute import block_score, grade_for
from toolkit.block.group import ALONE, Member, block_for, contexts, key_of, what_block_for_reads
from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Body, Meta
from toolkit.engine.scoring import DirectionScore, ScoreResult

CATALOG = load_catalog("2023-01")
TITLES = {d: CATALOG.direction(d).title for d in ("services", "openness", "complaints")}


def direction(did: str, value: str | float, provisional: bool = False) -> DirectionScore:
    exact = Fraction(value) if isinstance(value, str) else Fraction(value)
    return DirectionScore(did, TITLES[did], float(exact), 0.0, float(exact), grade_for(exact, CATALOG), (),
                          provisional=provisional, exact=exact)


def three(u: str, o: str, h: str, **provisional: bool) -> dict[str, DirectionScore]:
    return {"services": direction("services", u, provisional.get("services", False)),
            "openness": direction("openness", o, provisional.get("openness", False)),
            "complaints": direction("complaints", h, provisional.get("complaints", False))}


def test_weights_are_catalog_data():
    """п.107: O = 0,5·U + 0,2·D + 0,3·H (CGO) and A = 0,5·T + 0,2·F + 0,3·H (MIO)."""
    assert CATALOG.weights == {"cgo": {"services": 0.5, "openness": 0.2, "complaints": 0.3},
                               "mio": {"services": 0.5, "openness": 0.2, "complaints": 0.3}}


BLOCK_CASES = [
    # U, O, H, expected block (hand-computed), grade
    ("80", "70", "90", Fraction(81), "medium"),  # 40 + 14 + 27 = 81
    ("100", "100", "100", Fraction(100), "high"),  # 50 + 20 + 30
    ("0", "0", "0", Fraction(0), "inefficient"),
    ("85.2", "77.16", "93.6", Fraction("86.112"), "medium"),  # 42.6 + 15.432 + 28.08 = 86.112
    ("89.995", "89.995", "89.995", Fraction("89.995"), "high"),  # rule 1.4: 89.995 → 90.00 → high
    ("90", "89.975", "90", Fraction("89.995"), "high"),  # 45 + 17.995 + 27 = 89.995
    ("100", "100", "66.65", Fraction("89.995"), "high"),  # 50 + 20 + 19.995 = 89.995
    ("89.99", "89.99", "89.99", Fraction("89.99"), "medium"),
    ("90", "89.97", "90", Fraction("89.994"), "medium"),  # 45 + 17.994 + 27 = 89.994 → 89.99
    ("69.995", "69.995", "69.995", Fraction("69.995"), "medium"),  # → 70.00
    ("70", "69.95", "69.99", Fraction("69.987"), "low"),  # 35 + 13.99 + 20.997 = 69.987 → 69.99
    ("49.995", "49.995", "49.995", Fraction("49.995"), "low"),  # → 50.00
    ("49.99", "49.99", "49.99", Fraction("49.99"), "inefficient"),
]


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
@pytest.mark.parametrize(("u", "o", "h", "expected", "grade"), BLOCK_CASES)
def test_block_arithmetic_and_grade(u, o, h, expected, grade, body_type):
    block = block_score(three(u, o, h), body_type, CATALOG)
    assert block is not None
    assert block.exact == expected
    assert block.score == float(expected)
    assert block.grade.id == grade
    assert block.directions == {"services": float(Fraction(u)), "openness": float(Fraction(o)),
                                "complaints": float(Fraction(h))}
    assert block.to_dict() == {"score": float(expected), "grade": grade, "provisional": False,
                               "directions": block.directions}


def test_block_is_summed_exactly_at_the_band_edge():
    """45 (0,5 × 89,99 = 44,995) + 17,994 + 27,006 = 89,995 exactly → high; the same sum in floats is
    89.99499999999999, which rounding half up to 2 places would make 89,99 and «средняя»."""
    assert 0.5 * 89.99 + 0.2 * 89.97 + 0.3 * 90.02 < 89.995  # what a float sum would have graded
    block = block_score(three("89.99", "89.97", "90.02"), "cgo", CATALOG)
    assert block is not None and block.exact == Fraction("89.995")
    assert block.grade.id == "high"


@pytest.mark.parametrize("absent", ["services", "openness", "complaints"])
def test_a_missing_direction_gives_no_block_and_says_which(absent):
    scores = three("80", "70", "90")
    del scores[absent]
    assert block_score(scores, "cgo", CATALOG) is None
    result = ScoreResult(Body("Министерство юстиции", "cgo", "МЮ"), _meta(tuple(scores)), scores, None)
    block, note = block_for(result, ALONE, "a.xlsx")
    assert block is None
    assert note.startswith("Балл по блоку не рассчитан: нет оцененного направления")
    assert f"«{TITLES[absent]}»" in note
    assert all(f"«{TITLES[d]}»" not in note.split(";")[0] for d in scores)


@pytest.mark.parametrize("which", ["services", "openness", "complaints"])
def test_a_provisional_direction_makes_the_block_provisional(which):
    block = block_score(three("80", "70", "90", **{which: True}), "mio", CATALOG)
    assert block is not None and block.provisional
    assert block.exact == 81  # the figure itself is still the weighted sum: 40 + 14 + 27
    assert block.to_dict()["provisional"] is True
    assert not block_score(three("80", "70", "90"), "mio", CATALOG).provisional


# ---- grouping the files of one run


def _meta(directions: tuple[str, ...], code: str = "МЮ", body_type: str = "cgo", period: int = 2022,
          edition: str = "2023-01") -> Meta:
    return Meta(edition, directions, body_type, period, "test", code, "")


def _member(path: str, did: str, value: str, **meta: object) -> Member:
    m = _meta((did,), **meta)  # type: ignore[arg-type]
    return Member(path, m, Body("", m.body_type, m.body_code), {did: direction(did, value)})


def _result(member: Member) -> ScoreResult:
    assert member.directions is not None
    return ScoreResult(member.body, member.meta, dict(member.directions), None)


def _blocks(members: list[Member]) -> dict[str, tuple[object, str]]:
    found = contexts(members)
    return {m.path: block_for(_result(m), found.get(m.path, ALONE), m.path) for m in members if m.directions}


def test_three_workbooks_of_one_body_make_one_block():
    members = [_member("u.xlsx", "services", "80"), _member("o.xlsx", "openness", "70"),
               _member("h.xlsx", "complaints", "90")]
    blocks = _blocks(members)
    for path, (block, note) in blocks.items():
        assert note == "" and block is not None, path
        assert block.exact == 81  # 40 + 14 + 27
        assert block.sources == {"services": "u.xlsx", "openness": "o.xlsx", "complaints": "h.xlsx"}
        assert block.to_dict()["sources"] == block.sources


def test_key_is_code_type_period_edition():
    assert key_of(_meta(("complaints",), code=" мю ")) == ("мю", "cgo", 2022, "2023-01")
    assert key_of(_meta(("complaints",), code=""), Body("", "cgo", "МО")) == ("мо", "cgo", 2022, "2023-01")
    assert key_of(_meta(("complaints",), code=""), Body("", "cgo", "")) is None


def test_a_blank_template_groups_by_the_body_it_was_identified_as():
    """A blank template has no code in its metadata; the body it was identified as (from «Инструкция»,
    checked against the registry) groups it."""
    members = [Member("u.xlsx", _meta(("services",), code=""), Body("", "cgo", "МЮ"), {"services": direction("services", "80")}),
               _member("o.xlsx", "openness", "70"), _member("h.xlsx", "complaints", "90")]
    for block, note in _blocks(members).values():
        assert block is not None and block.exact == 81, note  # 40 + 14 + 27


@pytest.mark.parametrize(("field", "value", "says"), [
    ("period", 2021, "отчетный период 2021, а не 2022"),
    ("edition", "2099-01", "редакция методики 2099-01, а не 2023-01"),
    ("body_type", "mio", "тип органа mio, а не cgo"),
])
def test_mismatched_metadata_is_not_grouped(field, value, says):
    members = [_member("u.xlsx", "services", "80"), _member("o.xlsx", "openness", "70"),
               _member("h.xlsx", "complaints", "90", **{field: value})]
    found = contexts(members)
    assert set(found["u.xlsx"].others) == {"openness"}
    assert set(found["h.xlsx"].others) == set()
    block, note = block_for(_result(members[0]), found["u.xlsx"], "u.xlsx")
    assert block is None
    assert f"«{TITLES['complaints']}»" in note.split(";")[0]
    assert f"(h.xlsx) не объединен с этим: {says}" in note


def test_another_body_is_not_grouped():
    members = [_member("u.xlsx", "services", "80"), _member("o.xlsx", "openness", "70"),
               _member("h.xlsx", "complaints", "90", code="МО")]
    assert all(b is None for b, _ in _blocks(members).values())


def test_a_direction_given_twice_gives_no_block():
    members = [_member("u.xlsx", "services", "80"), _member("o.xlsx", "openness", "70"),
               _member("h.xlsx", "complaints", "90"), _member("h2.xlsx", "complaints", "60")]
    for block, note in _blocks(members).values():
        assert block is None
        assert "дано в нескольких файлах (h.xlsx, h2.xlsx)" in note


def test_an_unscored_workbook_of_the_body_is_named():
    members = [_member("u.xlsx", "services", "80"), _member("o.xlsx", "openness", "70")]
    failed = _meta(("complaints",))
    members.append(Member("h.xlsx", failed, Body("", "cgo", "МЮ"), None))
    block, note = _blocks(members)["u.xlsx"]
    assert block is None
    assert f"«{TITLES['complaints']}» (файл h.xlsx не оценен: в нем ошибки)" in note


def test_without_a_code_files_are_not_grouped_and_it_says_why():
    members = [_member("u.xlsx", "services", "80", code=""), _member("o.xlsx", "openness", "70", code=""),
               _member("h.xlsx", "complaints", "90", code="")]
    for block, note in _blocks(members).values():
        assert block is None
        assert "код не указан" in note


def test_one_workbook_with_all_three_needs_no_code():
    scores = three("80", "70", "90")
    result = ScoreResult(Body("", "cgo", ""), _meta(tuple(scores), code=""), scores, None)
    block, note = block_for(result)
    assert block is not None and block.exact == 81 and note == ""
    assert block.sources == {}  # one workbook: no file per direction to name


# ---- properties

SCORES = st.fractions(min_value=0, max_value=100, max_denominator=10_000)


@given(SCORES, SCORES, SCORES, st.sampled_from(["cgo", "mio"]))
def test_block_is_within_0_100_and_between_its_directions(u, o, h, body_type):
    block = block_score(three(str(u), str(o), str(h)), body_type, CATALOG)
    assert block is not None
    assert 0 <= block.exact <= 100
    assert min(u, o, h) <= block.exact <= max(u, o, h)  # weights sum to 1


@given(SCORES, SCORES, SCORES, SCORES, st.sampled_from(["services", "openness", "complaints"]))
def test_block_never_falls_when_a_direction_rises(u, o, h, more, which):
    base = three(str(u), str(o), str(h))
    raised = dict(base)
    raised[which] = direction(which, str(min(Fraction(100), base[which].exact + more)))
    low, high = block_score(base, "cgo", CATALOG), block_score(raised, "cgo", CATALOG)
    assert low is not None and high is not None and high.exact >= low.exact
    assert [b.min for b in CATALOG.grades].index(high.grade.min) <= [b.min for b in CATALOG.grades].index(low.grade.min)


def _contexts_by_definition(members: list[Member]) -> dict[str, tuple[object, ...]]:
    """The grouping rule written as plainly as it reads (every file compared with every other), the
    oracle for `contexts`, which indexes the files by key and code instead (issue 15)."""
    from toolkit.block.group import _differs, _title
    from toolkit.block.notes import not_grouped

    out = {}
    for m in members:
        key = key_of(m.meta, m.body)
        if m.directions is None or key is None:
            continue
        group = [o for o in members if key_of(o.meta, o.body) == key]
        holders: dict[str, list[str]] = {}
        for o in group:
            for d in o.directions or ():
                holders.setdefault(d, []).append(o.path)
        others = {d: (o.path, o.directions[d]) for o in group if o is not m and o.directions is not None
                  for d in o.directions}
        unscored = {d: o.path for o in group if o.directions is None for d in o.meta.directions}
        near = tuple(not_grouped(_title(m.meta.edition, d), o.path, _differs(m.meta, o.meta))
                     for o in members if (k := key_of(o.meta, o.body)) is not None and k[0] == key[0] and k != key
                     for d in o.meta.directions)
        # lists of items: the order of each mapping is part of what the block's sources show
        out[m.path] = (list(others.items()), [(d, tuple(p)) for d, p in holders.items() if len(p) > 1],
                       list(unscored.items()), near)
    return out


_MEMBER = st.tuples(st.sampled_from(["services", "openness", "complaints"]), st.sampled_from(["МЮ", "мо", ""]),
                    st.sampled_from(["cgo", "mio"]), st.sampled_from([2021, 2022]), st.booleans())


@given(st.lists(_MEMBER, max_size=12))
def test_contexts_are_the_grouping_rule_applied_to_every_file(specs):
    members = []
    for i, (did, code, body_type, period, scored) in enumerate(specs):
        m = _meta((did,), code=code, body_type=body_type, period=period)
        members.append(Member(f"f{i}.xlsx", m, Body("", body_type, code), {did: direction(did, "50")} if scored else None))
    found = contexts(members)
    got = {path: (list(c.others.items()), list(c.twice.items()), list(c.unscored.items()), c.near)
           for path, c in found.items()}
    assert got == _contexts_by_definition(members)
    for m in members:  # what a batch sends a held file gives the same block and note as the whole context
        if m.path in found:
            assert block_for(_result(m), what_block_for_reads(found[m.path]), m.path) == \
                block_for(_result(m), found[m.path], m.path)
