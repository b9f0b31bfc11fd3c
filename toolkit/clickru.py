"""click's own texts in Russian: usage, help, «[обязательно]», errors of arguments and options.

click marks its texts for gettext (`_()`, `ngettext()`), bound by name in each of its modules. A
translation catalogue (.mo) would need the gettext domain set up process-wide and files shipped; here
the same English texts are looked up in a dictionary instead: `install()` rebinds `_` and `ngettext`
in click's modules. A text we do not know stays English (a newer click may add some; a test lists the
ones the CLI shows). Placeholders are click's own; `{name!r}` quotes become «» here. Errors start in
lower case: click prints them after «Ошибка: », as our own usage errors.
"""

from __future__ import annotations

import importlib

import click

_TEXTS = {
    "Usage:": "Запуск:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "required": "обязательно",
    "default: {default}": "по умолчанию: {default}",
    "env var: {var}": "переменная окружения: {var}",
    "(dynamic)": "(вычисляется)",
    "deprecated": "устарело",
    "Aborted!": "Прервано.",
    "Missing command.": "не указана команда.",
    "Missing argument": "не указан аргумент",
    "Missing option": "не указан параметр",
    "Missing parameter": "не указано значение",
    "Missing {param_type}": "не указано значение ({param_type})",
    "Missing parameter: {param_name}": "не указано значение: {param_name}",
    "Error: {message}": "Ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: {command} {option}",
    "Invalid value: {message}": "недопустимое значение: {message}",
    "Invalid value for {param_hint}: {message}": "недопустимое значение {param_hint}: {message}",
    "No such option {name!r}.": "нет параметра «{name}».",
    "No such command {name!r}.": "нет команды «{name}».",
    "Could not open file {filename!r}: {message}": "не удалось открыть файл «{filename}»: {message}",
    "unknown error": "неизвестная ошибка",
    "Value must be an iterable.": "Нужен список значений.",
    "Invalid start character for option ({option})": "недопустимый первый символ параметра ({option})",
    "Option {name!r} does not take a value.": "параметр «{name}» не принимает значения.",
    "Argument {name!r} takes {nargs} values.": "аргументу «{name}» нужно значений: {nargs}.",
    "file": "файл",
    "directory": "папка",
    "path": "путь",
    "Choose from:\n\t{choices}": "Выберите из:\n\t{choices}",
    "Choice({choices})": "Выбор({choices})",
    "{value} is not in the range {range}.": "{value} вне допустимых пределов {range}.",
    "{value!r} is not a valid {number_type}.": "«{value}» — не число.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "«{value}» — не логическое значение. Допустимо: {states}",
    "{value!r} is not a valid UUID.": "«{value}» — не UUID.",
    "{name} {filename!r} does not exist.": "{name} «{filename}» не существует.",
    "{name} {filename!r} is a file.": "«{filename}» — файл, а нужна папка.",
    "{name} {filename!r} is a directory.": "«{filename}» — папка, а нужен файл.",
    "{name} {filename!r} is not readable.": "«{filename}»: нет прав на чтение.",
    "{name} {filename!r} is not writable.": "«{filename}»: нет прав на запись.",
    "{name} {filename!r} is not executable.": "«{filename}»: нет прав на запуск.",
    "Unknown standard stream '{name}'": "Неизвестный стандартный поток «{name}»",
    "Do you want to continue?": "Продолжить?",
    "Confirm the action without prompting.": "Подтвердить без вопроса.",
    "Press any key to continue...": "Нажмите любую клавишу…",
    "Repeat for confirmation": "Повторите для подтверждения",
    "Error: The two entered values do not match.": "Ошибка: введенные значения не совпадают.",
    "Error: invalid input": "Ошибка: недопустимый ввод",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Предупреждение: команда «{name}» устарела.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Предупреждение: параметр «{name}» устарел.{extra_message}",
}
# (singular, plural) → (one, many): Russian needs the number's form, but click passes only 1 or «many»
_PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("лишний аргумент: {args}", "лишние аргументы: {args}"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Нужно значений: {nargs}, указано: 1.", "Нужно значений: {nargs}, указано: {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Может быть, имелось в виду {possibility}?", "(Может быть, имелось в виду одно из: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("параметру «{name}» нужно значение.", "параметру «{name}» нужно значений: {nargs}."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("«{value}» — не {choice}.", "«{value}» — не из списка: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("«{value}» не в формате {format}.", "«{value}» не в одном из форматов {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Нужно значений: {len_type}, указано: {len_value}.", "Нужно значений: {len_type}, указано: {len_value}."),
}
# Errors in declaring commands (ours to fix, raised at import, never met by a user): left in English.
DEVELOPER_TEXTS = frozenset({
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Could not determine name for option with declarations {decls!r}",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Unknown color {colour!r}",
})
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")
OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"
SUBCOMMAND_METAVAR = "КОМАНДА [АРГУМЕНТЫ]..."


def gettext(message: str) -> str:
    return _TEXTS.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = _PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def _error_hint(self: click.Parameter, ctx: click.Context) -> str:
    """«--jobs», «ФАЙЛ» in messages, as every other quote we print (click writes '--jobs')."""
    return " / ".join(f"«{name}»" for name in (self.opts or [self.human_readable_name]))


def _argument_hint(self: click.Argument, ctx: click.Context | None) -> str:
    return f"«{self.make_metavar(ctx) if ctx is not None else self.human_readable_name}»"


def install() -> None:
    """Make click speak Russian in this process (idempotent; before any command is declared)."""
    click.Parameter.get_error_hint = _error_hint  # type: ignore[method-assign]
    click.Argument.get_error_hint = _argument_hint  # type: ignore[method-assign]
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class Command(click.Command):
    """A command whose usage line reads «[ПАРАМЕТРЫ]»."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """The `xlscore` group: «КОМАНДА [АРГУМЕНТЫ]...», and its commands are `Command`s."""

    command_class = Command

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
