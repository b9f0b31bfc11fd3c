"""Per-direction analysis text for the conclusion sheet, generated from the figures."""

from __future__ import annotations

from collections.abc import Callable

from toolkit.analysis import complaints, openness, services
from toolkit.engine.inputs import Inputs
from toolkit.engine.scoring import DirectionScore

Analyst = Callable[[DirectionScore, Inputs], list[str]]
ANALYSIS: dict[str, Analyst] = {"complaints": complaints.analysis, "openness": openness.analysis,
                                "services": services.analysis}
RECOMMENDATIONS: dict[str, Analyst] = {"complaints": complaints.recommendations, "openness": openness.recommendations,
                                       "services": services.recommendations}
