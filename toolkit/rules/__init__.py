"""Rule kinds, registered by name. The kinds' modules are imported when a rule is first built from the
YAML (`build_rule`), or by the unpickler for the kinds a compiled catalog's direction holds: a complaints
report does not import the share rules only openness uses (issue 15)."""

from toolkit.rules.base import RULE_KINDS, CatalogError, Outcome, Rule, build_rule

__all__ = ["RULE_KINDS", "CatalogError", "Outcome", "Rule", "build_rule"]
