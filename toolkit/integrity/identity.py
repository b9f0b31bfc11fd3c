"""Who a report is for: the body recorded in the template's metadata when it was issued.

A template issued for a body (`xlscore template --body МЮ`) records the body's code and name on the
metadata sheet; that record decides whose report it is and which registry exceptions apply (rule
1.5). What a clerk types on «Инструкция» is only shown: text there that names another body than the
record, or contradicts the registry, is an error, so a report can never be moved to another body by
editing a cell. A template issued without a body (a blank) keeps identifying the body by the code or
name on «Инструкция», checked against the registry.
"""

from __future__ import annotations

from toolkit.bodies import RegisteredBody, find_body
from toolkit.engine.inputs import Body, Document, Meta
from toolkit.problems import Problem, problem

LABELS = {"body.name": "Государственный орган", "body.code": "Краткое обозначение"}


def issued_body(meta: Meta) -> Body | None:
    """The body the template was issued to, from its metadata; None for a blank template."""
    if not meta.body_code:
        return None
    registered = find_body(meta.body_code)
    name = meta.body_name or (registered.name if registered else "")
    return Body(name, meta.body_type, meta.body_code)


def exceptions(doc: Document) -> tuple[str, ...]:
    """The body's registry exceptions (rule 1.5): by the issued code, else by what «Инструкция» says;
    only when the registry's body type is the template's."""
    registered = _registered(doc)
    return registered.exceptions if registered and registered.type == doc.meta.body_type else ()


def identity_problems(doc: Document, body_types: dict[str, str]) -> list[Problem]:
    """Text on «Инструкция» that contradicts the issued body (an error) or, in a blank, the registry (a
    warning); `body_types` are the catalog's names of the body types, for the messages."""
    if doc.meta.body_code:
        return _against_issued(doc, body_types)
    return _against_registry(doc, body_types)


def _registered(doc: Document) -> RegisteredBody | None:
    if doc.meta.body_code:
        return find_body(doc.meta.body_code)
    code, name = _typed(doc, "body.code"), _typed(doc, "body.name")
    return (find_body(code) if code else None) or (find_body(name) if name else None)


def _typed(doc: Document, key: str) -> str:
    raw = doc.stated.get(key)
    return " ".join(str(raw.value).split()) if raw is not None and raw.value is not None else ""


def same_text(a: str, b: str) -> bool:
    """Equal as a clerk reads them: case and runs of spaces do not count."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _against_issued(doc: Document, body_types: dict[str, str]) -> list[Problem]:
    body = doc.body
    registered = find_body(body.code)
    if registered is not None and registered.type != doc.meta.body_type:  # only an edited metadata sheet does this
        return [problem("workbook.metadata", detail=f"шаблон выдан органу «{body.code}», а в реестре это "
                        f"{body_types[registered.type]}, не {body_types[doc.meta.body_type]}")]
    problems = []
    for key, expected in (("body.code", body.code), ("body.name", body.name)):
        raw, typed = doc.stated.get(key), _typed(doc, key)
        if raw is None or not typed or same_text(typed, expected):
            continue
        named = find_body(typed)
        if registered is not None and named == registered:  # the code typed for the name, or the other way round
            continue
        problems.append(problem("workbook.body_mismatch", raw.where, key, label=LABELS[key], value=typed,
                                issued=body.code, name=body.name, expected=expected))
    return problems


def _against_registry(doc: Document, body_types: dict[str, str]) -> list[Problem]:
    """A blank template: a code and a name of two registered bodies, or of a body of another type, are
    warnings (the identity still comes from the code, and exceptions only with the template's type)."""
    code, name = _typed(doc, "body.code"), _typed(doc, "body.name")
    by_code = find_body(code) if code else None
    by_name = find_body(name) if name else None
    if by_code is not None and by_name is not None and by_code != by_name:
        raw = doc.stated["body.name"]
        return [problem("workbook.body_registry", raw.where, "body.name", label=LABELS["body.name"], value=name,
                        why=f"в реестре это «{by_name.code}», а в ячейке «{LABELS['body.code']}» указан код "
                            f"«{by_code.code}» ({by_code.name}); отчет отнесен к «{by_code.code}»")]
    registered, key = (by_code, "body.code") if by_code is not None else (by_name, "body.name")
    if registered is not None and registered.type != doc.meta.body_type:
        return [_type_problem(doc, key, registered, body_types)]
    return []


def _type_problem(doc: Document, key: str, registered: RegisteredBody, body_types: dict[str, str]) -> Problem:
    raw = doc.stated.get(key)
    return problem("workbook.body_registry", raw.where if raw else None, key, label=LABELS[key],
                   value=_typed(doc, key) or registered.code,
                   why=f"в реестре «{registered.code}» ({registered.name}) — {body_types[registered.type]}, "
                       f"а шаблон — для органа типа «{body_types[doc.meta.body_type]}», поэтому особенности "
                       "органа по реестру (правило 1.5) не применяются")
