"""xlwings Lite: the xlscore buttons inside Excel (Microsoft 365 / Office 2021+), Python in WebAssembly.

Paste this file into the xlwings Lite editor (main.py) and requirements.txt beside it; the scripts
then appear under «Scripts» in the task pane. Nothing leaves the PC: the book's values are handed to
Python in the browser engine, the result comes back as changes to the open book.
"""

import xlwings as xw
from xlwings import func, script

from toolkit.excel import entry, whatif


@script(name="Проверить")
def proverit(book: xw.Book):
    """«Проверить»: problems on «Замечания», the first bad cell selected."""
    checked = entry.check(book)
    print(f"xlscore: замечаний {len(checked.problems)}, ошибок {sum(p.is_error for p in checked.problems)}")


@script(name="Рассчитать")
def rasschitat(book: xw.Book):
    """«Рассчитать»: «Баллы», «Заключение», «Журнал» added to the book, as `xlscore score` writes them."""
    checked = entry.calculate(book)
    print("xlscore: рассчитано" if checked.valid and checked.inputs is not None else "xlscore: не рассчитано, см. лист «Замечания»")


@script(name="Пояснить")
def poyasnit(book: xw.Book):
    """«Пояснить»: how the indicator in the selected row of «Баллы» was scored."""
    lines = entry.explain(book)
    print("\n".join(lines) if lines else "xlscore: см. лист «Замечания»")


@func
def xlscore_complaints(m, p, f, a, n, d, x, criterion=""):
    """What-if: the complaints score for these figures (or `criterion`'s points, e.g. "R1"), as xlscore computes it."""
    return whatif.complaints((m, p, f, a, n, d, x), criterion or "")
