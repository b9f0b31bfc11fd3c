"""The methodology catalog: one data file per edition, checked at load."""

from toolkit.catalog.loader import known_editions, load_catalog, parse_catalog
from toolkit.catalog.model import BODY_TYPES, DIRECTIONS, Catalog, Criterion, Direction, InputSpec

__all__ = ["BODY_TYPES", "DIRECTIONS", "Catalog", "Criterion", "Direction", "InputSpec",
           "known_editions", "load_catalog", "parse_catalog"]
