"""Every problem the toolkit can report, defined once.

Validation returns problems instead of raising: a broken workbook is a report, not a traceback.
Each problem type has a stable code (grouped by prefix), a severity and a Russian message template
with named tokens, so messages are built from the registry and tests build expected text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Category(str, Enum):
    """What kind of failure a problem is; the CLI maps categories to exit codes."""

    UNREADABLE = "unreadable"  # not a workbook of ours: exit 2
    INVALID = "invalid"  # ours, but the data are wrong: exit 1
    NOTICE = "notice"  # warnings only: exit 0


@dataclass(frozen=True, slots=True)
class ProblemType:
    """A kind of problem, defined once: code, severity, category (exit code) and Russian template."""

    code: str
    severity: Severity
    category: Category
    title: str
    template: str


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell the problem or value comes from; `cell` is an A1 address on `sheet`."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found, with its Russian message and the cell it is about."""

    code: str
    message: str
    where: CellRef | None = None
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def type(self) -> ProblemType:
        return PROBLEMS[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "sheet": self.where.sheet if self.where else None,
            "cell": self.where.cell if self.where else None,
            "key": self.key,
            "message": self.message,
        }


E, W = Severity.ERROR, Severity.WARNING
U, I, N = Category.UNREADABLE, Category.INVALID, Category.NOTICE

_TYPES = [
    ProblemType("file.not_found", E, U, "Файл не найден", "Файл не найден: {path}."),
    ProblemType("file.unreadable", E, U, "Файл не читается как книга Excel",
                "Файл не читается как книга Excel (.xlsx): {reason}. Сохраните отчет в формате «Книга Excel (*.xlsx)» и отправьте снова."),
    ProblemType("file.no_workbooks", E, U, "В папке нет книг Excel",
                "В папке {path} нет книг Excel (.xlsx, .xlsm). Проверьте путь; книги старого формата (.xls) пересохраните как .xlsx."),
    ProblemType("file.encrypted", E, U, "Книга защищена паролем",
                "Книга зашифрована паролем; открыть ее без пароля нельзя. Снимите пароль на открытие (Файл → Сведения → Защита книги) и отправьте снова."),
    ProblemType("file.write_failed", E, U, "Не удалось записать результат",
                "Не удалось записать {path}: {reason}. Исходный файл не изменен; освободите место или проверьте права и повторите."),
    ProblemType("file.locked", E, U, "Файл занят другой оценкой",
                "Файл {path} оценивается другим запуском xlscore; дождитесь его окончания и повторите."),
    ProblemType("file.output_clash", E, U, "Два файла дали бы один результат",
                "Файлы {first} и {second} дали бы один и тот же результат {output}; ничего не записано. Рассчитайте их "
                "по отдельности (с разными -o) или укажите папку с отчетами: в папке результатов повторяются ее вложенные папки."),
    ProblemType("file.no_folder", E, U, "Папки для результата нет",
                "Папка {path} не существует; ничего не записано. Создайте ее или укажите в -o существующую папку."),
    ProblemType("file.output_not_folder", E, U, "Несколько результатов в один файл",
                "-o {path} — имя файла, а результатов будет несколько ({count}: несколько файлов или папка); ничего не "
                "записано. Укажите в -o папку (она будет создана) или рассчитывайте файлы по одному."),
    ProblemType("file.output_exists", E, U, "Файл результата занят чужим файлом",
                "Файл {path} уже есть, и это не оцененная копия xlscore ({reason}); он не перезаписан. Переименуйте "
                "или удалите его либо укажите другое место в -o."),
    ProblemType("record.damaged", E, U, "Запись xlscore об оценке повреждена",
                "Запись xlscore об оценке в книге ({part}) повреждена: {reason}. По ней нельзя ни проверить книгу, ни "
                "узнать, какие листы добавлены xlscore; рассчитайте заново исходный файл органа."),
    ProblemType("record.legacy", E, U, "Книга оценена прежней версией xlscore",
                "Книга оценена прежней версией xlscore (записи об оценке — в столбце I листа «Журнал»); эта версия "
                "их не читает и лист не перезаписывает. Рассчитайте заново исходный файл органа."),
    ProblemType("workbook.not_ours", E, U, "Книга не является шаблоном xlscore",
                "Книга не создана по шаблону xlscore: нет листа метаданных «{sheet}». Заполните отчет в выданном шаблоне."),
    ProblemType("workbook.metadata", E, U, "Метаданные шаблона повреждены",
                "Метаданные шаблона повреждены: {detail}. Заполните отчет в новом экземпляре шаблона."),
    ProblemType("workbook.edition", E, U, "Шаблон другой редакции методики",
                "Шаблон составлен по редакции методики «{edition}», а она не поддерживается (известны: {known}). Заполните отчет в шаблоне текущей редакции."),
    ProblemType("workbook.direction_unsupported", E, U, "Направление без отчета в этой версии",
                "Шаблон относится к направлению «{direction}», отчета по которому эта версия xlscore не принимает. Проверьте, тот ли файл прислан, или обновите xlscore."),
    ProblemType("workbook.body_mismatch", E, I, "Орган на листе «Инструкция» не тот, которому выдан шаблон",
                "{where} («{label}»): «{value}», а шаблон выдан органу «{issued}» ({name}). Отчет засчитывается органу, "
                "для которого выдан шаблон: верните «{expected}» или запросите шаблон для своего органа."),
    ProblemType("workbook.body_registry", W, N, "Орган на листе «Инструкция» противоречит реестру",
                "{where} («{label}»): «{value}» — {why}. Укажите код и наименование своего органа, как в реестре; "
                "лучше всего заполняйте шаблон, выданный вашему органу (xlscore template --body)."),
    ProblemType("workbook.layout_shifted", E, I, "Строки листа сдвинуты",
                "{where} («{label}»): в строке ячейки ввода должно стоять «{symbol}», а стоит {found} — строки листа сдвинуты (вставлены или удалены). Заполните отчет в новом экземпляре шаблона."),
    ProblemType("penalty.outside_table", E, I, "Факт записан вне таблицы акта сверки",
                "{where}: запись ниже таблицы акта сверки не учитывается при расчете. Перенесите ее в таблицу (расширьте таблицу, потянув за ее правый нижний угол)."),
    ProblemType("workbook.sheet_missing", E, I, "Нет обязательного листа",
                "Нет листа «{sheet}», обязательного для направления «{direction}». Не удаляйте и не переименовывайте листы шаблона."),
    ProblemType("workbook.name_missing", E, I, "Нет именованной ячейки",
                "Нет имени «{name}» («{label}»), указывающего ячейку ввода. Не удаляйте имена ячеек; заполните отчет в новом экземпляре шаблона."),
    ProblemType("workbook.name_moved", E, I, "Имя ячейки указывает не туда",
                "Имя «{name}» («{label}») указывает на {target}, а должно — на {expected}. Не переименовывайте и не перемещайте ячейки ввода."),
    ProblemType("workbook.table_missing", E, I, "Нет таблицы списка",
                "{where}: нет таблицы Excel «{table}» («{title}»). Не удаляйте и не переименовывайте таблицы шаблона; заполните отчет в новом экземпляре шаблона."),
    ProblemType("workbook.table_moved", E, I, "Таблица списка перемещена",
                "{where}: таблица «{table}» («{title}») занимает {ref}, а должна начинаться с {expected}. Не перемещайте таблицы и не вставляйте строки над ними."),
    ProblemType("workbook.table_columns", E, I, "Заголовок столбца таблицы изменен",
                "{where} («{title}»): в заголовке столбца «{found}», а должно быть «{expected}». Не переименовывайте, не переставляйте и не удаляйте столбцы таблиц."),
    ProblemType("list.outside_table", E, I, "Запись вне таблицы и ячеек ввода",
                "{where}: «{value}» записано вне таблицы «{title}» и вне ячеек ввода листа, поэтому не учитывается при расчете. "
                "Перенесите запись в таблицу (строка сразу под таблицей расширяет ее) или удалите."),
    ProblemType("workbook.table_lost", W, N, "Таблица Excel не сохранилась, список прочитан по заголовкам",
                "{where}: в книге нет таблицы Excel «{table}» («{title}») — так бывает, если книгу сохранила другая программа. "
                "Заголовки столбцов на месте, поэтому список прочитан по ним: все непустые строки ниже заголовка. "
                "Проверьте, что ниже списка на листе нет посторонних записей."),
    ProblemType("list.required_missing", E, I, "В списке нет обязательного документа",
                "{where} («{title}»): нет строки «{item}». Этот документ обязателен для всех органов: верните строку "
                "(в графе «{column}» выберите «{item}») и укажите, размещен ли он; неразмещенный документ оставьте с пустыми датами."),
    ProblemType("list.empty_allowed", W, N, "Список пуст",
                "{where}: список «{title}» пуст. Так бывает, если {why}; иначе внесите по строке на каждый элемент."),
    ProblemType("list.empty", E, I, "Список не заполнен",
                "{where}: список «{title}» пуст, а его нужно заполнить ({why}). Внесите по строке на каждый элемент."),
    ProblemType("list.missing", E, I, "Не заполнена обязательная графа",
                "{where} («{title}», строка {row}): не заполнена графа «{column}». Заполните ее или очистите всю строку."),
    ProblemType("list.not_date", E, I, "Не дата",
                "{where} («{title}», графа «{column}»): в ячейке {found}, а не дата. Введите дату цифрами в формате ДД.ММ.ГГГГ (например, 15.03.2022), без слов; если Excel показывает число вместо даты, задайте ячейке формат «Дата»."),
    ProblemType("list.no_such_date", E, I, "Такой даты нет",
                "{where} («{title}», графа «{column}»): даты «{value}» не существует (такого дня нет в этом месяце). Проверьте день и месяц."),
    ProblemType("list.date_as_text", W, N, "Дата записана как текст",
                "{where} («{title}», графа «{column}»): дата «{value}» записана как текст, а не как дата; прочитана как {date}. Проверьте ее; чтобы Excel хранил ее как дату, выделите столбец и выполните «Данные → Текст по столбцам → Готово» или введите дату заново в ячейку с форматом «Дата»."),
    ProblemType("list.date_outside", E, I, "Дата вне допустимого периода",
                "{where} («{title}», графа «{column}»): {value} — вне допустимого периода ({window}: {start} – {end}). Проверьте год и дату."),
    ProblemType("list.date_before", E, I, "Дата раньше события, к которому относится",
                "{where} («{title}», графа «{column}»): {value} раньше, чем «{other}» ({other_value}) в той же строке. Документ не мог быть размещен (ответ дан) до того, как появился (поступил)."),
    ProblemType("list.not_yesno", E, I, "Не «Да» и не «Нет»",
                "{where} («{title}», графа «{column}»): «{value}» — допустимо только «Да» или «Нет». Выберите значение из списка."),
    ProblemType("list.not_url", E, I, "Не ссылка",
                "{where} («{title}», графа «{column}»): «{value}» не похоже на ссылку. Укажите полный адрес, начинающийся с https:// или http://."),
    ProblemType("list.choice", E, I, "Значение не из списка",
                "{where} («{title}», графа «{column}»): «{value}» нет в списке. Выберите одно из значений: {allowed}."),
    ProblemType("list.not_number", E, I, "Не число в списке",
                "{where} («{title}», графа «{column}»): «{value}» — не число от {low} до {high}. Введите число без текста."),
    ProblemType("list.error_value", E, I, "Ошибка Excel в списке",
                "{where} («{title}», графа «{column}»): в ячейке ошибка Excel {value}. Введите значение вместо формулы."),
    ProblemType("list.duplicate", E, I, "Строка повторяется",
                "{where} («{title}»): строка повторяет строку {other} ({fields}). Удалите повтор — одна строка на один элемент."),
    ProblemType("list.requires", W, N, "Отметка без даты размещения",
                "{where} («{title}», графа «{column}»): отмечено «Да», но не заполнена графа «{other}»; без нее отметка не учитывается."),
    ProblemType("input.missing_choice", E, I, "Не выбрано значение",
                "{where} («{label}»): значение не выбрано. Выберите «Да» или «Нет»."),
    ProblemType("input.not_yesno", E, I, "Не «Да» и не «Нет»",
                "{where} («{label}»): «{value}» — допустимо только «Да» или «Нет». Выберите значение из списка."),
    ProblemType("input.out_of_range", E, I, "Значение вне допустимых пределов",
                "{where} («{label}»): {value} — вне пределов от {low} до {high}."),
    ProblemType("input.assessor_missing", E, I, "Строка книги оценщика заполнена не полностью",
                "{where} («{label}»): в строке органа заполнены другие данные оценщика, а эта ячейка пуста. Заполните ее "
                "или очистите всю строку (тогда результат органа будет предварительным)."),
    ProblemType("assessor.unknown_body", E, I, "Органа нет в реестре",
                "{where}: «{body}» — такого органа нет в реестре. Укажите краткое обозначение органа (например, МЮ) "
                "или его полное наименование."),
    ProblemType("assessor.duplicate", E, I, "Орган указан в книге оценщика дважды",
                "{where}: орган «{body}» уже указан в строке {other}. Оставьте одну строку на орган."),
    ProblemType("assessor.invalid_book", E, I, "Книга оценщика содержит ошибки",
                "Книга оценщика «{path}» содержит ошибки (см. замечания к ней), поэтому отчеты этого периода не "
                "рассчитаны. Исправьте книгу оценщика и повторите расчет."),
    ProblemType("assessor.twice", E, U, "Две книги оценщика за один период",
                "Для направления «{direction}» за {period} год передано две книги оценщика: «{first}» и «{second}». "
                "Оставьте одну."),
    ProblemType("workbook.assessor_book", E, U, "Это книга оценщика, а не отчет органа",
                "Это книга данных уполномоченного органа, а не отчет органа. Передайте ее вместе с отчетами "
                "(xlscore score ОТЧЕТЫ КНИГА_ОЦЕНЩИКА) или через --assessor."),
    ProblemType("workbook.input_merged", E, I, "Ячейка ввода объединена с другими",
                "{where} («{label}»): ячейка ввода объединена с другими ({merged}), и значение нельзя отнести к одному показателю. Отмените объединение ячеек и введите каждое значение в свою ячейку."),
    ProblemType("input.missing", E, I, "Не заполнено значение",
                "{where} («{label}»): значение не заполнено. Укажите число (0, если случаев не было)."),
    ProblemType("input.not_number", E, I, "Не число",
                "{where} («{label}»): «{value}» — не число. Укажите целое число без пробелов и текста."),
    ProblemType("input.number_as_text", E, I, "Число записано как текст",
                "{where} («{label}»): «{value}» записано как текст, а не как число. Введите число заново, без апострофа, пробелов и запятых."),
    ProblemType("input.not_integer", E, I, "Не целое число",
                "{where} («{label}»): {value} — не целое число. Укажите количество целым числом."),
    ProblemType("input.negative", E, I, "Отрицательное число",
                "{where} («{label}»): {value} — отрицательное число. Количество не может быть меньше 0."),
    ProblemType("input.error_value", E, I, "Ошибка Excel вместо значения",
                "{where} («{label}»): в ячейке ошибка Excel {value}. Введите число вместо формулы или исправьте ее."),
    ProblemType("input.exceeds", E, I, "Противоречие между значениями",
                "{where} («{label}»): {left_value} больше, чем {right_text} ({right_value}). Исправьте одно из значений."),
    ProblemType("input.exceeds_warning", W, N, "Значение стоит проверить",
                "{where} («{label}»): {left_value} больше, чем {right_text} ({right_value}). Это возможно (например, перенос с прошлого года), но проверьте данные."),
    ProblemType("rule.provisional_alone", W, N, "Оцененный отдельно, файл получит предварительный результат",
                "{where}: {ids} — {why}. Если оценить этот файл отдельно, по этим показателям будет 0 баллов и результат "
                "направления «{direction}» будет предварительным (правило 1.5: средний балл других органов). Оценивайте "
                "его в одном пакете с отчетами других органов того же типа или введите средний балл органов в строке органа в книге оценщика."),
    ProblemType("penalty.direction", E, I, "Неизвестное направление в акте сверки",
                "{where}: «{value}» — неизвестное направление. Выберите из списка: {allowed}."),
    ProblemType("penalty.direction_missing", E, I, "Не выбрано направление в акте сверки",
                "{where}: ячейка направления пуста, а факт в строке записан. Выберите направление из списка: {allowed}."),
    ProblemType("penalty.kind_missing", E, I, "Не выбран вид информации в акте сверки",
                "{where}: ячейка вида информации пуста, а факт в строке записан. Выберите из списка: {allowed}."),
    ProblemType("penalty.kind", E, I, "Неизвестный вид нарушения в акте сверки",
                "{where}: «{value}» — неизвестный вид информации. Выберите из списка: {allowed}."),
    ProblemType("penalty.other_direction", W, N, "Факт по направлению, которого нет в книге",
                "{where}: факт относится к направлению «{direction}», которого нет в этой книге; он не учитывается в расчете. Внесите его в акт сверки книги этого направления."),
    ProblemType("penalty.text", E, I, "Не описан факт в акте сверки",
                "{where}: не описан выявленный факт. Опишите несоответствие (п.19, Прил. 1)."),
    ProblemType("explain.unknown_item", E, U, "Нет такого направления, критерия или показателя",
                "В книге нет направления, критерия или показателя «{item}». Можно указать: {known}."),
    ProblemType("appeal.direction", E, I, "Обжалование: неизвестное направление",
                "{where}: направление «{value}» не из этого отчета. Выберите одно из: {allowed}."),
    ProblemType("appeal.item", E, I, "Обжалование: неизвестный показатель",
                "{where}: «{value}» — не код показателя и не вводимое значение направления «{direction}». Укажите код "
                "показателя из листа «Баллы» (например P1.3:kk, R2) или имя вводимого значения (complaints.considered_late)."),
    ProblemType("appeal.decision", E, I, "Обжалование: нет решения комиссии",
                "{where}: решение «{value}» не распознано. Выберите одно из: {allowed}."),
    ProblemType("appeal.objection", E, I, "Обжалование: нет возражения",
                "{where}: не указано возражение органа. Перенесите его текст из таблицы разногласий (Прил. 14)."),
    ProblemType("appeal.value_missing", E, I, "Обжалование: нет исправленного значения",
                "{where}: возражение принято, но исправленное значение не указано. Укажите баллы показателя или верное "
                "вводимое значение."),
    ProblemType("appeal.points", E, I, "Обжалование: баллы вне пределов показателя",
                "{where}: «{value}» — баллы показателя должны быть числом от 0 до {high}."),
    ProblemType("appeal.exceeds", E, I, "Обжалование: исправление противоречит другим значениям",
                "{where}: с принятым исправлением {left_text} — всего {left_value}, больше, чем {right_text} — всего {right_value}. Проверьте исправленное значение."),
    ProblemType("appeal.exceeds_warning", W, N, "Обжалование: исправление стоит проверить",
                "{where}: с принятым исправлением {left_text} — всего {left_value}, больше, чем {right_text} — всего {right_value}. Это возможно, но проверьте исправленное значение."),
    ProblemType("appeal.twice", E, I, "Обжалование: показатель дважды",
                "{where}: возражение по «{item}» уже принято в строке {first}. Оставьте одну строку с итоговым значением."),
    ProblemType("appeal.outside_table", E, I, "Обжалование: строка вне таблицы",
                "{where}: строка разногласий записана под таблицей и не будет учтена. Перенесите ее в таблицу "
                "(вставьте строку внутри таблицы)."),
    ProblemType("rank.no_table", E, U, "Файл не читается как таблица баллов",
                "{path}: {reason}. Укажите оцененные книги, сводную книгу, рейтинг или таблицу баллов (.csv, .xlsx) "
                "со столбцами code, body_type, scope, score (name — по желанию)."),
    ProblemType("rank.bad_value", E, I, "Неверное значение в таблице баллов",
                "{path}, строка {row}, столбец «{column}»: {reason}."),
    ProblemType("rank.duplicate", E, I, "Орган указан дважды",
                "Орган «{body}» ({scope}, {body_type}) указан дважды с разными баллами: {first} ({first_path}) и "
                "{second} ({second_path}). Оставьте один результат."),
    ProblemType("rank.no_scores", E, I, "Нечего ранжировать",
                "Среди указанных файлов нет ни одного балла органа: {paths}. Сначала выполните xlscore score."),
    ProblemType("rank.not_scored", W, N, "Книга не оценена",
                "{path}: книга не оценена (нет записи xlscore об оценке); в рейтинг она не вошла."),
    ProblemType("rank.periods", E, I, "Баллы разных периодов",
                "В рейтинг переданы баллы разных периодов: {periods}. Рейтинг составляется за один период."),
    ProblemType("data.unreadable", E, U, "Данные не читаются как JSON",
                "Файл данных {path} не читается как JSON: {reason}."),
    ProblemType("data.unknown_key", E, I, "Лишний ключ в данных",
                "Ключ «{name}» не предусмотрен шаблоном (направления шаблона: {directions}). Удалите его или возьмите другой шаблон."),
    ProblemType("pdf.unavailable", E, U, "Заключение не напечатано в PDF",
                "Заключение не напечатано в PDF «{path}»: {reason}. Оценка рассчитана и записана."),
    ProblemType("data.assessor_key", E, I, "Данные оценщика в отчете органа",
                "«{name}» вносит уполномоченный орган в книгу оценщика, а не орган в свой отчет. Перенесите значение "
                "в данные книги оценщика (раздел «assessor», строка органа в «bodies»)."),
    ProblemType("data.unknown_body", E, I, "Органа нет в реестре",
                "«{body}» в данных книги оценщика — такого органа нет в реестре. Укажите краткое обозначение органа из реестра."),
    ProblemType("data.mismatch", E, I, "Данные не подходят к шаблону",
                "«{field}» в данных — «{given}», а в шаблоне — «{expected}»."),
    ProblemType("data.too_many_rows", E, I, "Слишком много строк",
                "В таблице «{table}» {given} строк, а в шаблоне места для {limit}."),
    ProblemType("verify.not_scored", E, U, "Книга не оценивалась",
                "В книге нет записи xlscore об оценке ({part}); сверять не с чем. Проверяется файл, записанный командой xlscore score."),
    ProblemType("verify.record_changed", E, I, "Запись об оценке изменена после оценки",
                "Запись xlscore об оценке № {row} ({time}) изменена после оценки: ее контрольная сумма не совпадает с "
                "указанной в «Журнале» (столбец I); результатам этой записи доверять нельзя."),
    ProblemType("verify.changed", E, I, "Часть книги изменена после оценки",
                "Часть {part} изменена после оценки № {row} ({time}): ее содержимое не совпадает с присланным органом."),
    ProblemType("verify.missing", E, I, "Часть книги удалена после оценки",
                "Часть {part}, присланная органом, удалена из книги после оценки № {row} ({time})."),
    ProblemType("verify.added", E, I, "В книгу добавлена часть после оценки",
                "В книгу после оценки № {row} ({time}) добавлена часть {part}, которой не было в присланном файле."),
    ProblemType("template.label_changed", W, N, "Надпись шаблона изменена",
                "{where}: надпись шаблона изменена: было «{was}», стало «{now}». Верните надпись шаблона: по ней "
                "читают отчет, и ячейки ввода должны остаться при своих подписях."),
    ProblemType("template.formula_changed", W, N, "Формула шаблона изменена",
                "{where}: формула шаблона изменена: было {was}, стало {now}. Верните формулу шаблона или заполните "
                "отчет в новом экземпляре шаблона."),
    ProblemType("template.validation_changed", W, N, "Проверка данных шаблона изменена",
                "{where}: проверка данных шаблона в ячейках {cells} изменена: было {was}, стало {now}. Не изменяйте и "
                "не удаляйте проверку данных (Данные → Проверка данных): она не дает ввести недопустимое значение."),
    ProblemType("template.name_changed", W, N, "Имя ячейки шаблона изменено",
                "{where}: имя «{name}» шаблона изменено: было {was}, стало {now}. Не изменяйте имена ячеек "
                "(Формулы → Диспетчер имен)."),
    ProblemType("template.sheet_changed", W, N, "Лист шаблона удален, переименован, скрыт или показан",
                "Лист «{sheet}» шаблона {what}. Не удаляйте, не переименовывайте, не скрывайте и не показывайте листы шаблона."),
    ProblemType("template.more", W, N, "Показаны не все изменения шаблона",
                "Изменений шаблона больше, чем показано: первые {shown} из {total}. Полный список: "
                "xlscore verify --template «{path}»."),
    ProblemType("template.version", W, N, "Шаблон другой версии xlscore",
                "Отчет заполнен в шаблоне xlscore {version}, а сравнивается с шаблоном версии {current}: часть различий "
                "может объясняться сменой версии. Для точной сверки укажите выданный файл шаблона: "
                "xlscore verify ОТЧЕТ --template ШАБЛОН."),
    ProblemType("template.other", E, U, "Шаблон не подходит к отчету",
                "Шаблон {template} не подходит к этому отчету: {detail}. Укажите файл шаблона, выданный для этого отчета."),
    ProblemType("excel.scored_sheets", E, U, "В открытой книге уже есть лист оценки",
                "В открытой книге уже есть лист «{sheet}». Пересчитать оценку, уже записанную в книгу, из Excel нельзя: "
                "свои листы и журнал xlscore узнает по записи внутри файла, а через Excel она не видна. Сохраните книгу и "
                "выполните «xlscore score ФАЙЛ --in-place» (журнал дополнится проверяемой записью) либо нажмите "
                "«Рассчитать» в исходном отчете, где этих листов нет."),
    ProblemType("excel.no_indicator", E, I, "Не выбран показатель для пояснения",
                "Выделите на листе «{sheet}» ячейку в строке показателя (код в столбце A, например «R2» или «P1.1:kk») "
                "и нажмите «Пояснить» снова; сейчас выделено {selected}."),
    ProblemType("problems.capped", W, N, "Показаны не все замечания",
                "Показаны первые {limit} замечаний; остальные скрыты. Исправьте указанные и проверьте снова."),
]

PROBLEMS: dict[str, ProblemType] = {t.code: t for t in _TYPES}


def problem(code: str, where: CellRef | None = None, key: str | None = None, **params: Any) -> Problem:
    """Build a problem from its registered template; `where` is also available as the {where} token."""
    ptype = PROBLEMS[code]
    tokens = {"where": str(where) if where else "", **params}
    return Problem(code, ptype.template.format(**tokens), where, key, params)


def shown(value: Any) -> str:
    """A raw cell value as a clerk reads it in a message: «пусто», never «None»."""
    return "пусто" if value is None or str(value).strip() == "" else str(value)


def shortened(text: str, width: int = 60) -> str:
    """`text` cut at a word to at most `width` characters, ending «…» when cut (textwrap.shorten, imported
    here only when a message needs it: ~1 ms of every start otherwise)."""
    import textwrap

    return textwrap.shorten(text, width, placeholder="…")
