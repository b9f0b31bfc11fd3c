"""The `xlscore` command: each command parses options, calls one library function, renders the result.

`--json` puts exactly one JSON document on stdout; everything meant for people goes to stderr, in
Russian. Exit codes: 0 done, 1 invalid data (nothing written), 2 unreadable input or bad arguments,
3 an internal error of ours (never shown as a traceback unless XLSCORE_DEBUG is set).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from toolkit import __version__, clickru
from toolkit.catalog.names import BODY_TYPES, known_editions

clickru.install()  # before the decorators below: some of click's texts are made when a command is declared

if TYPE_CHECKING:
    from rich.table import Table

    from toolkit.bodies import RegisteredBody
    from toolkit.catalog import Catalog
    from toolkit.check import CheckReport
    from toolkit.engine.inputs import Body
    from toolkit.problems import Problem
    from toolkit.run import ScoreReport
    from toolkit.engine.scoring import ScoreResult


# The library is imported on a command's first call, not at start: `--help` then needs only click, and
# each command only its own modules (issue 15; tests/test_startup.py).
def load_catalog(edition: str) -> Catalog:
    from toolkit.catalog import load_catalog as load

    return load(edition)


def find_body(name_or_code: str) -> RegisteredBody | None:
    from toolkit.bodies import find_body as find

    return find(name_or_code)


def check_paths(paths: tuple[Path, ...]) -> CheckReport:
    from toolkit.check import check_paths as check

    return check(paths)


def exit_code(problems: list[Problem]) -> int:
    from toolkit.check import exit_code as code

    return code(problems)


def score_text(value: Any, places: int = 2) -> str:
    from toolkit.numbers import score_text as text

    return text(value, places)


def problem(code: str, *args: Any, **params: Any) -> Problem:
    from toolkit.problems import problem as make

    return make(code, *args, **params)


class _Console:
    """rich's Console, created on the first table: rich takes about 30 ms to import, and a run that
    prints only lines of text (a clean `validate`, `--help`) need not pay it. A plain string is written
    as is, which is what rich prints for it with markup, highlighting and wrapping off."""

    def __init__(self, stderr: bool):
        self.stderr = stderr
        self._rich: Any = None

    def print(self, what: Any) -> None:
        if isinstance(what, str):
            click.echo(what, err=self.stderr)
            return
        if self._rich is None:
            from rich.console import Console

            # markup=False: cell texts are printed as the clerk typed them, «[red]» included
            self._rich = Console(stderr=self.stderr, highlight=False, markup=False, soft_wrap=True)
        self._rich.print(what)


err = _Console(stderr=True)
out = _Console(stderr=False)


def _emit_json(doc: Any, **style: Any) -> None:
    import json  # here: a run without --json (validate, --help) need not import it

    click.echo(json.dumps(doc, ensure_ascii=False, **({"indent": 2} | style)))


def _problems_table(rows: list[tuple[str, Problem]]) -> Table:
    from rich.table import Table

    table = _whole(Table("Файл", "Лист", "Ячейка", "Важность", "Замечание", show_lines=True, expand=True))
    for path, p in rows:
        table.add_row(Path(path).name, p.where.sheet if p.where else "", p.where.cell if p.where else "",
                      "ошибка" if p.is_error else "предупреждение", p.message)
    return table


def _whole(table: Table) -> Table:
    """Every cell shown whole: a name too long for its column is folded onto the next line, never cut
    to «Отчет_Открытос…» (two ministries' reports would read alike)."""
    for column in table.columns:
        column.overflow = "fold"
    return table


@click.group(cls=clickru.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlscore")
def cli() -> None:
    """xlscore — шаблоны отчетов, проверка и расчет операционной оценки блока
    «Взаимодействие государственного органа с физическими и юридическими лицами»."""


@cli.command(short_help="Создать шаблон отчета органа или книгу оценщика.")
@click.option("--direction", required=True, type=click.Choice(["complaints", "openness", "services", "all"]),
              help="Направление оценки (all — все доступные в одной книге).")
@click.option("--body-type", type=click.Choice(BODY_TYPES), help="cgo — ЦГО, mio — МИО (для отчета органа).")
@click.option("--body", "body_name", metavar="ОРГАН", help="Код или полное наименование органа из реестра; без него — шаблон без органа.")
@click.option("--period", metavar="ГОД", type=click.IntRange(2000, 2100), default=date.today().year - 1, show_default="прошлый год",
              help="Отчетный период (год).")
@click.option("--edition", type=click.Choice(known_editions()), default="2023-01", show_default=True)
@click.option("--assessor", "for_assessor", is_flag=True,
              help="Книга оценщика за период: по строке на орган (мониторинг, опросы, средние баллы).")
@click.option("-o", "--output", metavar="ФАЙЛ", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать шаблон (.xlsx); папка должна существовать.")
def template(direction: str, body_type: str | None, body_name: str | None, period: int, edition: str,
             for_assessor: bool, output: Path) -> None:
    """Создать пустой шаблон отчета для заполнения органом (или книгу оценщика с --assessor)."""
    from toolkit.workbook.template import available_directions, write_template

    if for_assessor:
        _assessor_template(direction, body_name, period, edition, output)
        return
    if body_type is None:
        raise click.UsageError("укажите --body-type (cgo или mio) — тип органа, для которого создается отчет")

    directions = available_directions() if direction == "all" else (direction,)
    missing = [d for d in directions if d not in available_directions()]
    if missing:
        raise click.UsageError(f"шаблон по направлению «{missing[0]}» пока не поддерживается "
                               f"(доступно: {', '.join(available_directions())})")
    body = _body(body_name, body_type)
    _writable(output, lambda: write_template(output, load_catalog(edition), directions, body_type, period, body))
    err.print(f"Шаблон записан: {output}")


def _writable(output: Path, write: Callable[[], Any]) -> None:
    """Write a new file: its folder must exist, and a failed write is a message, not an internal error."""
    if not output.parent.is_dir():
        _fail([problem("file.no_folder", path=output.parent)])
    try:
        write()
    except OSError as exc:
        _fail([problem("file.write_failed", path=output, reason=exc.strerror or str(exc))])


def _assessor_template(direction: str, body_name: str | None, period: int, edition: str, output: Path) -> None:
    from toolkit.assessor.book import assessor_inputs
    from toolkit.assessor.template import write_assessor_template

    catalog = load_catalog(edition)
    with_inputs = [d for d in catalog.directions if assessor_inputs(catalog.direction(d))]
    if direction not in with_inputs or body_name:
        raise click.UsageError(f"книга оценщика создается для направления {', '.join(with_inputs)} и без --body "
                               "(в ней строки всех органов)")
    _writable(output, lambda: write_assessor_template(output, catalog, direction, period))
    err.print(f"Книга оценщика записана: {output}")


def _body(body_name: str | None, body_type: str) -> Body | None:
    """The registered body a template is issued to: its code is recorded and decides whose report it is."""
    from toolkit.bodies import registry

    if not body_name:
        return None
    found = find_body(body_name)
    if found is None:
        codes = ", ".join(b.code for b in registry() if b.type == body_type)
        raise click.UsageError(
            f"органа «{body_name.strip()}» нет в реестре. Укажите код или полное наименование из реестра "
            f"(toolkit/data/bodies.yaml); коды органов типа {body_type}: {codes}. "
            "Шаблон без органа создается без --body.")
    if found.type != body_type:
        raise click.UsageError(f"орган «{found.name}» имеет тип {found.type}, а указан --body-type {body_type}")
    return found.body()


@cli.command(short_help="Проверить отчеты и перечислить замечания.")
@click.argument("paths", metavar="ФАЙЛЫ_ИЛИ_ПАПКИ...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Вывести результат как JSON.")
def validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Проверить заполненные отчеты (файлы или папки) и перечислить все замечания."""
    report = check_paths(paths)
    if as_json:
        _emit_json(report.to_dict())
    else:
        _render_check(report)
    sys.exit(report.exit_code)


def _render_check(report: CheckReport) -> None:
    rows = [(f.path, p) for f in report.files for p in f.problems]
    if rows:
        out.print(_problems_table(rows))
    errors = sum(1 for _, p in rows if p.is_error)
    bad = sum(1 for f in report.files if not f.valid)
    err.print(f"Проверено файлов: {len(report.files)}; с ошибками: {bad}; ошибок: {errors}; "
              f"предупреждений: {len(rows) - errors}.")


@cli.command(short_help="Рассчитать баллы и записать результат.")
@click.argument("paths", metavar="ФАЙЛЫ_ИЛИ_ПАПКИ...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="ФАЙЛ_ИЛИ_ПАПКА", type=click.Path(path_type=Path),
              help="Файл результата или папка (для нескольких файлов и папок; вложенные папки повторяются).")
@click.option("--in-place", is_flag=True, help="Записать результат в сам файл (прежний файл сохраняется как ИМЯ.bak, "
                                               "затем ИМЯ.2.bak, …; копии не перезаписываются).")
@click.option("--json", "as_json", is_flag=True, help="Вывести результат как JSON.")
@click.option("--jobs", metavar="ЧИСЛО", type=click.IntRange(1, 64), default=1, show_default=True, help="Число параллельных процессов.")
@click.option("--assessor", "assessor_paths", metavar="ФАЙЛ", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Книга оценщика за период (можно и просто указать ее среди файлов).")
@click.option("--pdf", "as_pdf", is_flag=True,
              help="Также напечатать каждое заключение в PDF (ИМЯ.заключение.pdf, через LibreOffice).")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path),
              help="Записать сводную книгу периода: строка на орган (направления, блок, уровень, замечания) и лист "
                   "файлов, которые не оценены.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
              help="Для сводной книги: рейтинг прошлого года (книга xlscore rank) или таблица баллов прошлого года.")
def score(paths: tuple[Path, ...], output: Path | None, in_place: bool, as_json: bool, jobs: int,
          assessor_paths: tuple[Path, ...], as_pdf: bool, summary: Path | None, previous: Path | None) -> None:
    """Рассчитать баллы и записать листы «Баллы», «Заключение», «Журнал»."""
    from toolkit.run import score_paths

    if in_place and output:
        raise click.UsageError("--in-place и --output нельзя указывать вместе")
    if previous and not summary:
        raise click.UsageError("--previous нужен только вместе с --summary")
    with _progress(not as_json) as progress:
        report = score_paths(paths, output, in_place, jobs, assessor_paths, progress)
    summary_problems = []
    if summary:
        from toolkit.year.batch import write_batch_summary

        summary_problems = write_batch_summary(report, summary, previous)
    if as_pdf:
        from toolkit.pdf import with_conclusion_pdfs

        report = with_conclusion_pdfs(report)
    if as_json:
        doc = report.to_dict()
        if summary:
            doc["summary"] = {"path": None if summary_problems else str(summary),
                              "problems": [{"path": path, **p.to_dict()} for path, p in summary_problems]}
        _emit_json(doc)
    else:
        rows = [(f.path, p) for f in report.files for p in f.problems] + summary_problems
        if rows:
            out.print(_problems_table(rows))
        _render_scores(report)
        if summary and not summary_problems:
            err.print(f"Сводная книга записана: {summary}")
    sys.exit(max(report.exit_code, exit_code([p for _, p in summary_problems])))


class _progress:
    """A rich progress bar on stderr while a batch is scored, only on a terminal and without --json
    (a pipe or a log gets nothing but the results)."""

    def __init__(self, wanted: bool):
        self.wanted = wanted and sys.stderr.isatty()
        self._bar: Any = None

    def __enter__(self) -> Any:
        return self._start if self.wanted else None

    def _start(self, total: int) -> Any:
        if total < 2:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("Оценка"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=True)
        self._bar.start()
        task = self._bar.add_task("score", total=total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.stop()


def _render_scores(report: ScoreReport) -> None:
    """The scores; a provisional one is marked in its row and explained in a numbered note below."""
    from rich.table import Table

    from toolkit.engine.provisional import reason

    table = _whole(Table("Файл", "Орган", "Направление", "Балл", "Оценка", "Результат записан", show_lines=True))
    notes: list[str] = []
    blocks: list[str] = []  # why a workbook with several directions has no block
    shown: set[tuple[str, str, int, str]] = set()
    for f in report.files:
        for d in (f.result.directions.values() if f.result else ()):
            grade = d.grade.label
            if d.provisional:
                notes.append(f"{Path(f.path).name}, «{d.title}»: результат предварительный — {reason(d)}.")
                grade += f"\nпредварительный\n(прим. {len(notes)})"
            table.add_row(Path(f.path).name, f.result.body.name, d.title, score_text(d.score), grade, str(f.output))
        if f.result is None:
            table.add_row(Path(f.path).name, "", "", "", "не рассчитано", "ничего не записано")
        block = f.result.block if f.result else None
        if f.result is not None and block is not None and _first_of_body(f.result, shown):
            table.add_row(Path(f.path).name, f.result.body.name, "Блок (п.107)", score_text(block.score, 1),
                          block.grade.label + ("\nпредварительный" if block.provisional else ""), str(f.output))
        elif f.result is not None and f.result.block_note and len(f.result.directions) > 1:
            blocks.append(f"{Path(f.path).name}: {f.result.block_note}")
    out.print(table)
    for note in dict.fromkeys(blocks):
        out.print(note)
    for i, note in enumerate(notes, start=1):
        out.print(f"Прим. {i}. {note}")
    if notes:
        err.print(f"Предварительных результатов: {len(notes)} — они изменятся, когда появится средний балл органов "
                  "(правило 1.5); см. примечания под таблицей.")


def _first_of_body(result: ScoreResult, shown: set[tuple[str, str, int, str]]) -> bool:
    """The block is shown once per body, on its first file's row (three workbooks share one block)."""
    key = (result.body.code or result.body.name, result.meta.body_type, result.meta.period, result.meta.edition)
    if key in shown:
        return False
    shown.add(key)
    return True


@cli.command(short_help="Доказать, что оцененная книга не изменена.")
@click.argument("paths", metavar="[ФАЙЛЫ]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--template", "template", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path),
              help="Сверить отчеты с выданным шаблоном (файлом, созданным xlscore template); если отчеты не указаны, "
                   "FILE — сам отчет, и он сверяется с шаблоном, восстановленным по его метаданным.")
@click.option("--json", "as_json", is_flag=True, help="Вывести результат как JSON.")
def verify(paths: tuple[Path, ...], template: Path | None, as_json: bool) -> None:
    """Доказать, что в оцененной книге все присланные органом части не изменены (по записи xlscore об оценке);
    с --template — что орган не изменил в выданном шаблоне ничего, кроме ячеек ввода."""
    if not paths and template is None:
        raise click.UsageError("укажите файлы для проверки")
    if template is not None:
        _verify_template(paths or (template,), template if paths else None, as_json)
    from toolkit.integrity.verify import verify_paths

    report = verify_paths(paths)
    _json_or_problems(report, as_json)
    for f in report.files:
        if f.intact:
            earlier = (f"; более ранних оценок, перенесенных из прежней копии: {f.history} — их файлы здесь не "
                       f"сохранены, проверить их нельзя") if f.history else ""
            err.print(f"{f.path}: присланные органом части книги не изменены (частей: {f.parts}; "
                      f"проверено оценок по журналу: {f.scorings}{earlier}).")
    sys.exit(report.exit_code)


def _json_or_problems(report: Any, as_json: bool) -> None:
    """`--json`: the report and its exit status, nothing else; otherwise its problems as a table."""
    if as_json:
        _emit_json(report.to_dict())
        sys.exit(report.exit_code)
    rows = [(f.path, p) for f in report.files for p in f.problems]
    if rows:
        out.print(_problems_table(rows))


def _verify_template(paths: tuple[Path, ...], template: Path | None, as_json: bool) -> None:
    from toolkit.integrity.verify_template import verify_template_paths

    report = verify_template_paths(paths, template)
    _json_or_problems(report, as_json)
    against = f"выданным шаблоном {template}" if template else "шаблоном, восстановленным по метаданным"
    for f in report.files:
        if f.intact:
            chain = f"; присланные органом части не изменены после оценки (оценок: {f.scorings})" if f.scorings else ""
            err.print(f"{f.path}: совпадает с {against} во всем, кроме ячеек ввода{chain}.")
        elif f.changes:
            err.print(f"{f.path}: изменений шаблона: {f.changes}.")
    sys.exit(report.exit_code)


@cli.command(short_help="Записать данные из JSON в шаблон.")
@click.argument("template_path", metavar="ШАБЛОН", type=click.Path(path_type=Path))
@click.argument("data_path", metavar="ДАННЫЕ.json", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="ФАЙЛ", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать заполненную книгу; папка должна существовать.")
def fill(template_path: Path, data_path: Path, output: Path) -> None:
    """Записать исходные данные из JSON в шаблон."""
    import json

    from toolkit.jsonio import fill as fill_workbook

    try:
        data = json.loads(data_path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("ожидается объект JSON")
    except (OSError, ValueError) as exc:
        _fail([problem("data.unreadable", path=data_path, reason=str(exc))])
    if not output.parent.is_dir():
        _fail([problem("file.no_folder", path=output.parent)])
    problems = fill_workbook(template_path, data, output)
    if problems:
        _fail(problems)
    err.print(f"Данные записаны: {output}")


@cli.command(short_help="Прочитать данные из книги в JSON.")
@click.argument("path", metavar="ФАЙЛ", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Компактный JSON в одну строку.")
def extract(path: Path, as_json: bool) -> None:
    """Прочитать исходные данные из книги в JSON (в том виде, который принимает fill)."""
    from toolkit.jsonio import extract as extract_json

    data, problems = extract_json(path)
    if data is None:
        _fail(problems, path)
    if any(p.is_error for p in problems):  # a list or input that could not be read: never a partial JSON
        err.print(f"{path}: книгу не удалось прочитать полностью, данные не выведены.")
        for p in problems:
            err.print(f"{path}: {p.message}")
        sys.exit(2)
    for p in problems:
        err.print(f"{path}: {p.message}")
    _emit_json(data, separators=(",", ":") if as_json else None, indent=None if as_json else 2)


@cli.command(short_help="Показать, как получен балл.")
@click.argument("path", metavar="ФАЙЛ", type=click.Path(path_type=Path))
@click.argument("item", metavar="[КОД]", required=False)
def explain(path: Path, item: str | None) -> None:
    """Показать, как получен балл: критерий → показатель → правило → ячейки и значения."""
    from toolkit.explain import explain as explain_file

    lines, problems = explain_file(path, item)
    if lines is None or problems:
        _fail(problems, path)
    for line in lines:
        click.echo(line)


@cli.command(short_help="Составить рейтинги органов за период.")
@click.argument("paths", metavar="ПУТИ...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--previous", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path),
              help="Рейтинг прошлого года (книга xlscore rank) или таблица баллов прошлого года.")
@click.option("-o", "--output", metavar="ФАЙЛ", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Книга рейтинга (.xlsx).")
@click.option("--json", "as_json", is_flag=True, help="Вывести рейтинг как JSON.")
def rank(paths: tuple[Path, ...], previous: Path | None, output: Path, as_json: bool) -> None:
    """Рейтинги по типу органа и блоку/направлению (как в отчете об оценке) из оцененных книг,
    сводной книги или таблиц баллов (.csv/.xlsx: code, body_type, scope, score, name)."""
    from toolkit.year.rank import rank_paths

    report = rank_paths(paths, previous, output)
    if as_json:
        _emit_json(report.to_dict())
    else:
        rows = [(path, p) for path, p in report.problems]
        if rows:
            out.print(_problems_table(rows))
        if report.rating is not None:
            from toolkit.year.render import rating_tables

            for table in rating_tables(report.rating):
                out.print(table)
        if report.output:
            err.print(f"Рейтинг записан: {report.output}")
        else:
            err.print("Рейтинг не записан: исправьте ошибки выше.")
    sys.exit(report.exit_code)


@cli.command(short_help="Рассчитать образцовые отчеты и показать сводку.")
@click.argument("directory", metavar="[ПАПКА]", required=False, type=click.Path(file_okay=False, path_type=Path))
def demo(directory: Path | None) -> None:
    """Создать отчеты образцовых органов, проверить и рассчитать их, показать сводку."""
    from toolkit.demo import run_demo

    out.print(run_demo(directory or Path("xlscore-demo")))


def _fail(problems: list[Problem], path: Path | None = None) -> None:
    for p in problems:
        err.print(f"{path}: {p.message}" if path else p.message)
    sys.exit(exit_code(problems) or 1)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # our bug: say so plainly, keep the traceback for developers
        if os.environ.get("XLSCORE_DEBUG"):
            raise
        err.print(f"Внутренняя ошибка xlscore ({type(exc).__name__}: {exc}). Сообщите разработчикам; "
                  "для подробностей запустите с XLSCORE_DEBUG=1.")
        sys.exit(3)
