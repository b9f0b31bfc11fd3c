"""Excel's face of the toolkit (issue 13): the book open in Excel, read and written through xlwings.

The same engine as the CLI: `livebook` reads the open book (values, defined names, tables) into the
`Document` the package reader makes, `check`/`scoring`/`sheets` do the rest, and `write` puts the
same `SheetSpec` data back through the xlwings API. `entry` holds the three buttons («Проверить»,
«Рассчитать», «Пояснить»); `macros` (classic RunPython) and `excel/lite/main.py` (xlwings Lite) call it.
xlwings itself is never imported here: the book object is whatever the caller hands us.
"""
