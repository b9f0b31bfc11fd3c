"""Peer averages for indicators that do not apply to a body (METHODOLOGY rule 1.5).

A body for which an indicator is not applicable (the Ministry of Defence on meetings with the
population, a secret budget…) receives, per language half, the mean score of the bodies of the
same type, period and edition in the same batch for which it is applicable. The batch is scored
once without peers to learn the applicable scores, then the averages are handed to every file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

from toolkit.engine.inputs import Meta
from toolkit.engine.scoring import Peers, ScoreResult

Group = tuple[str, int, str]  # (edition, period, body type)


def group_of(meta: Meta) -> Group:
    return meta.edition, meta.period, meta.body_type


Contribution = tuple[Group, tuple[tuple[str, Fraction], ...]]  # a body's applicable points per peer-averaged half


def peer_averages(results: Iterable[ScoreResult]) -> dict[Group, Peers]:
    """Mean points per half over the applicable scores of each group; halves nobody could be assessed on are absent."""
    return averages(contribution(r) for r in results)


def contribution(result: ScoreResult) -> Contribution:
    """What one unpeered result adds to the averages: a few numbers, cheap to send between processes,
    where the whole result is tens of kilobytes (a batch's workers send it instead, issue 15)."""
    return group_of(result.meta), tuple(
        (half.id, half.exact) for direction in result.directions.values() for criterion in direction.criteria
        for half in criterion.indicators
        if half.applicable and half.half is not None and half.half.not_applicable is not None)


def averages(contributions: Iterable[Contribution]) -> dict[Group, Peers]:
    collected: dict[Group, dict[str, list[Fraction]]] = defaultdict(lambda: defaultdict(list))
    for group, halves in contributions:
        for hid, points in halves:
            collected[group][hid].append(points)
    return {group: {hid: (sum(points, Fraction(0)) / len(points), len(points)) for hid, points in halves.items()}
            for group, halves in collected.items()}


def waits_for_peers(result: ScoreResult) -> bool:
    """Whether peer averages can change this result: some half is not applicable to the body (rule 1.5).
    Every other result is final without them, so a batch writes it at once instead of holding it."""
    return any(not half.applicable and half.half is not None and half.half.not_applicable is not None
               for direction in result.directions.values() for criterion in direction.criteria
               for half in criterion.indicators)
