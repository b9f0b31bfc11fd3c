"""The signature block that closes every conclusion form (Прил. 3–5, 8, 12, 15)."""

from __future__ import annotations

from toolkit.sheets.model import SheetSpec


def signature_block(sheet: SheetSpec, signers: tuple[str, ...], span: int) -> None:
    """Each signer's title, a line for the signature and one for the name with their labels centred under
    them, then the date line; printed on one page with the last line of text above it, so a signature is
    never left on a page of its own nor split from its title."""
    last_line = sheet.row
    for n, signer in enumerate(signers):
        sheet.add(signer, style="bold", span=span, skip=3 if n == 0 else 2)
        # each label centred under its own line: the signature in B, the name over the columns right of it
        sheet.add("_" * 24, "_" * 34, style="center", col=2, span=span - 2, skip=2)
        sheet.add("(подпись)", "(расшифровка подписи)", style="caption", col=2, span=span - 2)
    sheet.add("«____» ______________ 20 ___ г.", style="text", span=span, skip=2)
    sheet.keep(last_line, sheet.row)
