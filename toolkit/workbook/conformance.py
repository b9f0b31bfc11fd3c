"""The two conformance classes of SpreadsheetML a workbook can be saved in.

Excel's default «Книга Excel (*.xlsx)» is *transitional*; «Strict Open XML Spreadsheet» is *strict*.
As far as we read and write they differ only in the namespace of SpreadsheetML, the namespace of the
`r:id` attributes and the prefix of relationship types (the package's own parts, `[Content_Types].xml`
and the `.rels` files, are the same OPC in both; so are content types). A strict workbook also stores
dates as `t="d"` cells with ISO 8601 values, which the reader decodes in either class.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Conformance:
    """The namespaces of one SpreadsheetML flavour (transitional or strict)."""

    name: str
    main: str  # the SpreadsheetML namespace
    relationships: str  # the namespace of r:id, and the prefix of relationship types

    def rel_type(self, kind: str) -> str:
        """The relationship type URI of `kind` (worksheet, styles, …) in this class."""
        return f"{self.relationships}/{kind}"


TRANSITIONAL = Conformance("transitional", "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                           "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
STRICT = Conformance("strict", "http://purl.oclc.org/ooxml/spreadsheetml/main",
                     "http://purl.oclc.org/ooxml/officeDocument/relationships")


def conformance_of(tag: str) -> Conformance:
    """The class of a workbook part, from its root element's qualified tag."""
    return STRICT if tag.startswith("{" + STRICT.main + "}") else TRANSITIONAL
