"""«Заключение»: the conclusion in the form of the direction's appendix (Прил. 12 for complaints,
Прил. 8 for openness); each direction picks its form from FORMS, the default being Прил. 12's."""

from __future__ import annotations

from collections.abc import Callable

from toolkit.analysis import ANALYSIS, RECOMMENDATIONS, openness
from toolkit.analysis import services as services_analysis
from toolkit.block.conclusion import block_form
from toolkit.catalog.model import Catalog
from toolkit.engine.inputs import Inputs
from toolkit.numbers import number_text, points_text, round_half_up, shown_parts
from toolkit.engine.provisional import reason
from toolkit.engine.scoring import DirectionScore, ScoreResult
from toolkit.sheets.appeal import appeal_section
from toolkit.sheets.signatures import signature_block
from toolkit.sheets.model import SheetSpec
from toolkit.workbook.layout import CONCLUSION_SHEET

_ORGAN = {"cgo": ("центрального государственного органа", "центрального государственного органа"),
          "mio": ("местного исполнительного органа", "местного исполнительного органа")}
_WIDTHS = (6, 58, 12, 12)
_WIDE = (5, 40, 17, 17, 9, 16)  # Прил. 8: two language columns before «Балл» and «Максимальный балл»


def conclusion_sheet(result: ScoreResult, inputs: Inputs, catalog: Catalog) -> SheetSpec:
    wide = any(d in FORMS for d in result.directions)
    sheet = SheetSpec(CONCLUSION_SHEET, _WIDE if wide else _WIDTHS)
    for n, direction in enumerate(result.directions.values()):
        if n:
            sheet.new_page()  # each direction's form on its own printed page
        FORMS.get(direction.id, _form)(sheet, direction, result, inputs, catalog, 1)
        appeal_section(sheet, direction, inputs, len(_WIDE if wide else _WIDTHS))
    block_form(sheet, result, catalog)
    sheet.footer = f"{result.body.name or '(наименование не указано)'}, {result.meta.period} год"
    return sheet


def _heading(sheet: SheetSpec, direction: DirectionScore, result: ScoreResult, catalog: Catalog, skip: int,
             title: str, span: int, appendix: str = "") -> None:
    body_type = result.meta.body_type
    appendix = appendix or catalog.direction(direction.id).conclusion_appendix[body_type]
    sheet.add(f"{appendix.replace('Прил.', 'Приложение')} к Методике операционной оценки взаимодействия "
              "государственного органа с физическими и юридическими лицами", style="subtitle", span=span, skip=skip)
    sheet.add("Форма", style="subtitle", span=span)
    sheet.add(title, style="title", span=span, skip=2)
    if direction.provisional:  # in the title area, so a printed page can never pass for a final one
        sheet.add("ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ", style="title", span=span)
        sheet.add(f"Результат предварительный: {reason(direction)}.", style="check", span=span)
    sheet.add(result.body.name or "", style="bold", span=span, skip=2)
    sheet.add(f"(наименование {_ORGAN[body_type][0]})", style="caption", span=span)
    sheet.add(f"{result.meta.period} год", style="bold", span=span)
    sheet.add("(отчетный период)", style="caption", span=span)


def _form(sheet: SheetSpec, direction: DirectionScore, result: ScoreResult, inputs: Inputs, catalog: Catalog,
          skip: int, title: str = "", signers: tuple[str, ...] = ("Руководитель Уполномоченного органа",),
          max_label: str = "Макс. балл") -> None:
    """Прил. 12 (and the same table form of Прил. 3 / 4): criteria, totals, grade, analysis, conclusions."""
    body_type = result.meta.body_type
    _heading(sheet, direction, result, catalog, skip, title or f"Заключение о результатах операционной оценки по "
             f"направлению «{direction.title}» блока «{catalog.block_title}»", 4)
    adjusted = _criteria_table(sheet, direction.criteria, max_label, direction.raw)
    _total(sheet, "Общая оценка по критериям", direction.raw, catalog.direction(direction.id).max)
    _total(sheet, "Вычет штрафных баллов", direction.penalty, cap_text(catalog.penalty_cap))
    _total(sheet, "Итоговая оценка с учетом вычета штрафных баллов", direction.score, catalog.direction(direction.id).max)
    sheet.add("", "Оценка эффективности (п.108)", direction.grade.label, style="total")
    sheet.merges.append((sheet.row, 3, sheet.row, 4))
    if adjusted:
        sheet.add(adjusted, style="caption", span=4)
    heading = sheet.add(f"Анализ эффективности деятельности {_ORGAN[body_type][1]} по критериям операционной оценки:",
                        style="bold", span=4, skip=2)
    sheet.keep(heading, heading + 1)
    for i, (criterion, text) in enumerate(zip(direction.criteria, ANALYSIS[direction.id](direction, inputs)), 1):
        sheet.add(f"{i}. По критерию «{criterion.title}»: {text}", style="text", span=4)
    _closing(sheet, direction, inputs, catalog, 4, signers)


def _criteria_table(sheet: SheetSpec, criteria: tuple, max_label: str, total: float) -> str:  # type: ignore[type-arg]
    """№, criterion, points as printed (adding up to the printed total), maximum; the note when rounding moved one."""
    sheet.add("№", "Критерии операционной оценки", "Балл", max_label, style="header", skip=2)
    shown, adjusted = printed_points([c.points for c in criteria], total)
    for i, (criterion, points) in enumerate(zip(criteria, shown), start=1):
        row = sheet.add(i, criterion.title, points, criterion.max)
        sheet.put(row, 1, i, "cell_center")
        sheet.put(row, 3, points, "number")
    return adjusted


def _closing(sheet: SheetSpec, direction: DirectionScore, inputs: Inputs, catalog: Catalog, span: int,
             signers: tuple[str, ...] = ("Руководитель Уполномоченного органа",), lines: list[str] | None = None) -> None:
    heading = sheet.add("Выводы и рекомендации:", style="bold", span=span, skip=2)
    for line in _conclusions(direction, inputs, catalog) if lines is None else lines:
        sheet.add(line, style="text", span=span)
    sheet.keep(heading, heading + 1)  # a heading never ends a page
    signature_block(sheet, signers, span)


def _total(sheet: SheetSpec, label: str, value: float, maximum: float | str) -> None:
    row = sheet.add("", label, value, maximum, style="total")
    sheet.put(row, 3, value, "total_number")


ROUNDING_NOTE = ("Баллы по критериям показаны с округлением до сотых так, чтобы их сумма совпадала с общей оценкой "
                 "(метод наибольшего остатка); общая оценка рассчитана по неокругленным баллам, точные баллы — "
                 "на листе «Баллы».")
UNROUNDED_NOTE = ("Общая оценка рассчитана по неокругленным баллам критериев (с учетом ограничения от 0 до 100), "
                  "поэтому может не совпадать с суммой округленных баллов; точные баллы — на листе «Баллы».")


def printed_points(parts: list[float], total: float) -> tuple[list[float], str]:
    """The parts as printed (hundredths that add up to the printed total) and the note to print under
    the table when they differ from plain rounding («» when they do not)."""
    shown = shown_parts(parts, total)
    if shown is None:
        plain = [round_half_up(p, 2) + 0.0 for p in parts]  # + 0.0: never «-0,00»
        return plain, UNROUNDED_NOTE if round_half_up(sum(plain), 2) != round_half_up(total, 2) else ""
    return shown, ROUNDING_NOTE if shown != [round_half_up(p, 2) for p in parts] else ""


def cap_text(cap: float) -> str:
    """The «Максимальный балл» of a deduction: what it may take away, not a negative maximum."""
    return f"вычет до {number_text(cap)}" if cap else "не применяется"


def _conclusions(direction: DirectionScore, inputs: Inputs, catalog: Catalog) -> list[str]:
    lines = [f"{i}) {text}" for i, text in enumerate(RECOMMENDATIONS[direction.id](direction, inputs), 1)]
    if direction.facts:
        lines.append("По итогам перепроверки (акт сверки, п.17–21) выявлены факты:")
        for i, fact in enumerate(direction.facts, 1):
            kind = catalog.penalty_kinds[fact.kind]
            lines.append(f"   {i}) {kind.label}: {fact.text} (−{points_text(kind.points)})")
        lines.append(f"Итоговый вычет: {points_text(direction.penalty, 2)} (не более {points_text(catalog.penalty_cap)}).")
    return lines


# ---- Прил. 8: openness, with the points per language


def _minus(value: float) -> float:
    return 0.0 - value  # a deduction shown as a negative number, never «-0»


def _by_language_form(sheet: SheetSpec, direction: DirectionScore, result: ScoreResult, inputs: Inputs,
                      catalog: Catalog, skip: int) -> None:
    body_type = result.meta.body_type
    spec = catalog.direction(direction.id)
    _heading(sheet, direction, result, catalog, skip, "Заключение о результатах операционной оценки эффективности "
             f"деятельности государственных органов по направлению «{direction.title}»", 6)
    sheet.add("№", "Критерии операционной оценки", spec.languages["kk"], spec.languages["ru"], "Балл",
              "Максимальный балл", style="header", skip=2)
    combines = {c.id: c.combine for c in spec.criteria_for(body_type)}
    signed = [_minus(c.points) if c.penalty else c.points for c in direction.criteria]
    shown, adjusted = printed_points(signed, direction.raw)
    for i, (criterion, points) in enumerate(zip(direction.criteria, shown), start=1):
        lang = openness.by_language(criterion, combines[criterion.id])
        sign = -1 if criterion.penalty else 1
        kk, ru = sign * lang["kk"], sign * lang["ru"]
        pair = shown_parts([kk, ru], points) if abs(kk + ru - points) < 0.005 else None
        kk, ru = pair or (round_half_up(kk, 2), round_half_up(ru, 2))
        values = (_minus(-kk), _minus(-ru), points)
        maximum = cap_text(criterion.max) if criterion.penalty else criterion.max
        row = sheet.add(i, criterion.title, *values, maximum)
        sheet.put(row, 1, i, "cell_center")
        for col, value in enumerate(values, start=3):
            sheet.put(row, col, value, "number")
        if criterion.penalty:
            sheet.put(row, 6, maximum, "cell_center")
    for label, value, top in (("Общая оценка по критериям", direction.raw, spec.max),
                              ("Вычет штрафных баллов (акт сверки, п.17–21)", direction.penalty, cap_text(catalog.penalty_cap)),
                              ("Итоговая оценка с учетом вычета штрафных баллов", direction.score, spec.max)):
        row = sheet.add("", label, "", "", value, top, style="total")
        sheet.merges.append((row, 2, row, 4))
        sheet.put(row, 5, value, "total_number")
    sheet.add("", "Оценка эффективности (п.108)", "", "", direction.grade.label, style="total")
    sheet.merges += [(sheet.row, 2, sheet.row, 4), (sheet.row, 5, sheet.row, 6)]
    if adjusted:
        sheet.add(adjusted, style="caption", span=6)
    for criterion in direction.criteria:
        if criterion.note:
            sheet.add(f"Примечание к критерию «{criterion.title}»: {criterion.note}.", style="caption", span=6)
    heading = sheet.add(f"Анализ эффективности деятельности {_ORGAN[body_type][1]} по критериям операционной оценки:",
                        style="bold", span=6, skip=2)
    sheet.keep(heading, heading + 1)
    for i, (criterion, lines) in enumerate(zip(direction.criteria, openness.paragraphs(direction, inputs)), 1):
        sheet.add(f"{i}) По критерию «{criterion.title}»: {lines[0]}", style="text", span=6)
        for line in lines[1:]:
            sheet.add(f"– {line}", style="text", span=6)
    _closing(sheet, direction, inputs, catalog, 6)


# ---- Прил. 3 (CGO) and Прил. 4 (MIO): services; for CGO the Ministry's Прил. 5 on K3 follows

_AGENCY = ("Заместитель Председателя Агентства Республики Казахстан по делам государственной службы",
           "Руководитель соответствующего структурного подразделения уполномоченного на оценку органа")
_SERVICES_TITLE = {"cgo": "центральными государственными органами", "mio": "местными исполнительными органами"}


def _services_form(sheet: SheetSpec, direction: DirectionScore, result: ScoreResult, inputs: Inputs, catalog: Catalog,
                   skip: int) -> None:
    body_type = result.meta.body_type
    _form(sheet, direction, result, inputs, catalog, skip, "Заключение о результатах операционной оценки качества "
          f"оказания государственных услуг, предоставляемых {_SERVICES_TITLE[body_type]}", _AGENCY, "Максимальный балл")
    automation = next((c for c in direction.criteria if c.id == "K3"), None)
    if automation is not None:
        _automation_form(sheet, direction, automation, result, inputs, catalog)


def _automation_form(sheet: SheetSpec, direction: DirectionScore, k3, result: ScoreResult, inputs: Inputs,  # type: ignore[no-untyped-def]
                     catalog: Catalog) -> None:
    """Прил. 5: the Ministry's conclusion on K3, printed after Прил. 3 on its own page."""
    sheet.new_page()
    _heading(sheet, direction, result, catalog, 1, "Заключение о результатах операционной оценки качества оказания "
             "государственных услуг по критерию «Автоматизация государственных услуг»", 4, "Прил. 5")
    _criteria_table(sheet, (k3,), "Максимальный балл", k3.points)
    sheet.add("Анализ эффективности деятельности центрального государственного органа по критерию "
              "«Автоматизация государственных услуг»:", style="bold", span=4, skip=2)
    sheet.add(services_analysis.automation(direction, inputs), style="text", span=4)
    advice = [line for line in RECOMMENDATIONS[direction.id](direction, inputs) if k3.title in line]
    _closing(sheet, direction, inputs, catalog, 4,
             ("Руководитель государственного органа", _AGENCY[1]),
             [f"{i}) {text}" for i, text in enumerate(advice or ["Нарушений по критерию не выявлено; рекомендуется "
                                                                 "сохранить достигнутый уровень."], 1)])


FORMS: dict[str, Callable[[SheetSpec, DirectionScore, ScoreResult, Inputs, Catalog, int], None]] = {
    "openness": _by_language_form, "services": _services_form}
