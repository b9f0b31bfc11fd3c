"""Rule kinds, registered by name; importing this package registers them all."""

from toolkit.rules import bands, rate, shares  # noqa: F401  (registration side effect)
from toolkit.rules.base import RULE_KINDS, CatalogError, Outcome, Rule, build_rule

__all__ = ["RULE_KINDS", "CatalogError", "Outcome", "Rule", "build_rule"]
