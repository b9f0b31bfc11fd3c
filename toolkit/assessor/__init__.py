"""The assessor workbook of a period: the assessing body's own inputs, one row per body.

The P5 monitoring of each body's website, the C and D surveys and hand-entered peer averages are the
assessor's findings, not the body's report, so they live outside the body's workbook, where a body
could fill them (CONTRACTS «Workbooks»): `book.py` holds the data and how it joins a body's inputs,
`template.py` writes the blank, `reader.py` reads and checks a filled one.
"""
