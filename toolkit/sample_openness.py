"""Sample openness reports (Прил. 9) for the demo: each body's profile in sample_bodies.yaml made into list rows.

A profile says how many items a body reports and what share of them is placed, late, correct…; this module
draws the items themselves (dataset publications, budget documents, drafts, comments, media requests…) with
`random.Random(code)`, so the same profile always gives the same report. The output is the JSON input shape
of CONTRACTS «JSON shapes» (what `toolkit.jsonio.fill` takes). Longer than our usual module: it is the one
place that knows how each Прил. 9 table is filled, one short function per table.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from toolkit.bodies import find_body
from toolkit.calendar import add_working_days, is_working_day, moved_deadline
from toolkit.yamlio import load_yaml

EDITION = "2023-01"
YES, NO = "Да", "Нет"
LANGS = ("kk", "ru")
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь")
STATEMENTS = {"balance": "Консолидированный бухгалтерский баланс",
              "results": "Консолидированный отчет о результатах финансовой деятельности",
              "cash": "Консолидированный отчет о движении денег",
              "equity": "Консолидированный отчет об изменениях чистых активов/капитала",
              "notes": "Пояснительная записка к консолидированной финансовой отчетности"}
AUDITORS = {"cgo": ("Высшая аудиторская палата Республики Казахстан",
                    "Комитет внутреннего государственного аудита Министерства финансов"),
            "mio": ("Ревизионная комиссия {region}", "Департамент внутреннего государственного аудита {region}")}
SITE_ROWS = ("contacts", "budget", "inspections", "rulemaking", "statistics", "questions")
VIOLATIONS = ("no_info", "no_sets", "late_sets", "wrong_sets", "no_blog")


@cache
def _section() -> dict[str, Any]:
    text = (resources.files("toolkit.data") / "sample_bodies.yaml").read_text(encoding="utf-8")
    return load_yaml(text)["openness"]


def profiles() -> tuple[dict[str, Any], ...]:
    return tuple(_section()["bodies"])


def openness_samples() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(code, report) for every profile, in the file's order."""
    return tuple((p["code"], openness_report(p)) for p in profiles())


def openness_report(profile: dict[str, Any]) -> dict[str, Any]:
    body = find_body(profile["code"])
    if body is None:
        raise ValueError(f"sample_bodies.yaml: openness body {profile['code']!r} is not in the registry")
    g = _Draw(profile, body.type)
    openness = {"open_data": _open_data(g), "budget": _budget(g), "npa": _npa(g), "dialogue": _dialogue(g),
                "media": _media(g), "site": _site(profile["site"])}
    if body.type == "cgo":
        openness["subordinate"] = _subordinate(g)
    return {"edition": EDITION, "period": g.period, "body": body.body().to_dict(), "openness": openness,
            "penalties": list(profile.get("penalties") or [])}


class _Draw:
    """The body's profile, its names with the region filled in, and the seeded drawing helpers."""

    def __init__(self, profile: dict[str, Any], body_type: str):
        self.p, self.type, self.period = profile, body_type, profile["period"]
        self.rng = random.Random(profile["code"])
        region = profile.get("region", "")
        self.names = _fill_region(_section()["names"][profile["sector"]], region)
        self.outlets = [*_section()["outlets"], *profile.get("outlets", [])]
        self.auditors = [a.replace("{region}", region) for a in AUDITORS[body_type]]
        self.site = profile["site_url"].rstrip("/")

    def pick(self, items: Any, k: int) -> set[Any]:
        items = sorted(items)
        return set(self.rng.sample(items, max(0, min(k, len(items)))))

    def nested(self, items: Any, counts: dict[str, int]) -> dict[str, set[Any]]:
        """One set per language of the given sizes, the smaller inside the larger (a gap in one language is usually both)."""
        big, small = sorted(LANGS, key=lambda lang: -counts.get(lang, 0))
        outer = self.pick(items, counts.get(big, 0))
        return {big: outer, small: self.pick(outer, counts.get(small, 0))}

    def day(self, start: date, end: date) -> date:
        """A working day between start and end (inclusive, end if none is drawn)."""
        for _ in range(20):
            d = start + timedelta(self.rng.randint(0, (end - start).days))
            if is_working_day(d):
                return d
        return end

    def in_year(self, months: tuple[int, int] = (1, 12)) -> date:
        return self.day(date(self.period, months[0], 1), _month_end(self.period, months[1]))

    def number(self, digits: int = 6) -> int:
        return self.rng.randint(10 ** (digits - 1), 10**digits - 1)

    def on_time(self, deadline: date) -> date:
        """Placed by the deadline as п.62 moves it; half of the moved ones exactly on the moved day."""
        due = moved_deadline(deadline)
        if due != deadline and self.rng.random() < 0.5:
            return due
        return _working_back(deadline - timedelta(self.rng.choice((0, 0, 1, 1, 2, 3, 5, 8))))

    def late(self, deadline: date, most: int = 20) -> date:
        return moved_deadline(moved_deadline(deadline) + timedelta(self.rng.randint(1, most)))


# --------------------------------------------------------------------------- table 1: open data


def _open_data(g: _Draw) -> dict[str, Any]:
    od = g.p["open_data"]
    rows, datasets = _publications(g, od)
    return {"no_sets_in_systems": od["no_sets_in_systems"], "publications": rows,
            "requests": _data_requests(g, od["requests"], datasets), "events": _needs_events(g, od["events"])}


def _publications(g: _Draw, od: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    due = [(name, label, deadline) for kind, count in od["datasets"].items() for name in g.names["datasets"][kind][:count]
           for label, deadline in _due_dates(kind, g.period)]
    datasets = list(dict.fromkeys(name for name, _, _ in due))
    n = len(due)
    placed = g.nested(range(n), {lang: round(od["placed"][lang] * n) for lang in LANGS})
    late = {lang: g.pick(placed[lang], round(od["late"][lang] * len(placed[lang]))) for lang in LANGS}
    correct = {lang: g.pick(placed[lang], round(od["correct"][lang] * len(placed[lang]))) for lang in LANGS}
    api = g.pick(datasets, od["api_datasets"])
    rows = []
    for i, (name, label, deadline) in enumerate(due):
        row: dict[str, Any] = {"dataset": name, "data_period": label, "deadline": deadline.isoformat()}
        if i in placed["kk"] | placed["ru"]:
            row["link"] = f"https://data.egov.kz/datasets/view?index={_slug(name)[:40]}"
        dates = _two_dates(g, deadline, {lang: (i in placed[lang], i in late[lang]) for lang in LANGS})
        for lang in LANGS:
            if dates[lang]:
                row[f"placed_{lang}"] = dates[lang].isoformat()
                row[f"correct_{lang}"] = YES if i in correct[lang] else NO
        row["api"] = YES if name in api and i in placed["ru"] else NO
        rows.append(row)
    return rows, datasets


def _due_dates(kind: str, year: int) -> list[tuple[str, date]]:
    """Publications whose deadline falls in `year`: (data period label, deadline)."""
    if kind == "monthly":
        months = [(year - 1, 12)] + [(year, m) for m in range(1, 12)]
        return [(f"{MONTHS[m - 1]} {y}", date(year, m % 12 + 1, 15) if y == year else date(year, 1, 15)) for y, m in months]
    if kind == "quarterly":
        later = [(f"{'I' * q} квартал {year}", date(year, 3 * q + 1, 25)) for q in (1, 2, 3)]
        return [(f"IV квартал {year - 1}", date(year, 1, 25)), *later]
    if kind == "half_year":
        return [(f"II полугодие {year - 1}", date(year, 1, 31)), (f"I полугодие {year}", date(year, 7, 31))]
    return [(str(year - 1), date(year, 3, 1))]


def _two_dates(g: _Draw, deadline: date, status: dict[str, tuple[bool, bool]]) -> dict[str, date | None]:
    """Placement dates per language from (placed, late); the Kazakh version is often the same day as the Russian."""
    out: dict[str, date | None] = {}
    for lang in ("ru", "kk"):
        placed, late = status[lang]
        if not placed:
            out[lang] = None
        elif lang == "kk" and status["ru"] == status["kk"] and g.rng.random() < 0.7:
            out[lang] = out["ru"]
        else:
            out[lang] = g.late(deadline) if late else g.on_time(deadline)
    return out


def _data_requests(g: _Draw, spec: dict[str, Any], used: list[str]) -> list[dict[str, Any]]:
    units = "областей и городов республиканского значения" if g.type == "cgo" else "районов"
    spare = [n for kind in g.names["datasets"].values() for n in kind if n not in used]
    published = g.nested(range(spec["total"]), spec["published"])
    rows = []
    for i, received in enumerate(sorted(g.in_year() for _ in range(spec["total"]))):
        content = spare[i] if i < len(spare) else f"{used[i % len(used)]} в разрезе {units}"
        flags = {lang: i in published[lang] for lang in LANGS}
        decision = ("Набор опубликован на портале открытых данных" if all(flags.values()) else
                    "Набор опубликован только на русском языке" if flags["ru"] else
                    "Отказано: сведения не формируются в информационных системах органа")
        rows.append({"received": received.isoformat(), "content": content,
                     "channel": g.rng.choice(("portal", "portal", "appeal")), "decision": decision,
                     **{f"published_{lang}": YES if flags[lang] else NO for lang in LANGS}})
    return rows


def _needs_events(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    halves = {1: (1, 6), 2: (7, 12)}
    plan = [(1, halves[h]) for h in spec["surveys"]] + [(2, halves[h]) for h in spec["it_meetings"]]
    plan += [(3, (2, 12))] * spec["blog"]
    rows = []
    for kind, months in plan:
        when, topic = g.in_year(months), g.rng.choice(g.names["topics"])
        text, link = {1: (f"Опрос на портале «Открытый диалог» о потребностях в открытых данных: «{topic}»",
                          f"https://dialog.egov.kz/surveys/{g.number()}"),
                      2: (f"Встреча с IT-компаниями и участниками Data-лаба по открытым данным: «{topic}»",
                          f"{g.site}/press/news/details/{g.number()}"),
                      3: (f"Запись в блоге первого руководителя об итогах мероприятий по открытым данным "
                          f"({MONTHS[when.month - 1]} {when.year})",
                          f"https://dialog.egov.kz/blogs/{g.number()}")}[kind]
        row = {"kind": kind, "date": when.isoformat(), "description": text, "link_ru": f"{link}?lang=ru"}
        if kind not in spec["no_kk"]:
            row["link_kk"] = f"{link}?lang=kk"
        rows.append(row)
    return sorted(rows, key=lambda r: r["date"])


# --------------------------------------------------------------------------- tables 2–3: open budget


def _budget(g: _Draw) -> dict[str, Any]:
    b = g.p["budget"]
    programs = _programs(g, b["programs"])
    return {"secret": b["secret"], "no_audit": b["no_audit"], "documents": _documents(g, b["documents"]),
            "programs": programs, "comments": _budget_comments(g, b["comments"], programs)}


def _documents(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    y = g.period
    kinds = [*(list(STATEMENTS) + ["strategic"] if g.type == "cgo" else []), *["audit"] * spec["audits"], "citizens"]
    kinds = [k for k in kinds if k not in spec.get("without", [])]
    seen: dict[str, int] = {}
    rows = []
    for kind in kinds:
        nth = seen[kind] = seen.get(kind, -1) + 1
        marked = {what: {lang: spec.get(what, {}).get(lang, []).count(kind) > nth for lang in LANGS}
                  for what in ("missing", "late", "incorrect")}
        rows.append(_document(g, kind, nth, marked, y))
    return rows


def _document(g: _Draw, kind: str, nth: int, marked: dict[str, dict[str, bool]], y: int) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": kind}
    formed = deadline = None
    if kind in STATEMENTS:
        row["title"], deadline = f"{STATEMENTS[kind]} за {y - 1} год", date(y, 5, 15)
    elif kind == "citizens":
        row["title"], deadline = f"Гражданский бюджет на {y + 1}–{y + 3} годы", date(y, 12, 10 if g.type == "cgo" else 30)
    else:
        formed = g.in_year((4, 4)) if kind == "strategic" else g.in_year((2, 10))
        row["title"] = (f"Отчет о реализации стратегического плана за {y - 1} год" if kind == "strategic" else
                        f"Результаты государственного аудита: {g.auditors[nth % 2]}, "
                        f"акт № {g.rng.randint(5, 95)} от {formed:%d.%m.%Y}")
        row["formed"] = formed.isoformat()
    if deadline:
        row["deadline"] = deadline.isoformat()
    row["link"] = f"{g.site}/documents/details/{g.number()}"
    for lang in LANGS:
        if marked["missing"][lang]:
            continue
        if formed:
            placed = add_working_days(formed, g.rng.randint(16, 30) if marked["late"][lang] else g.rng.randint(2, 14))
        else:
            placed = g.late(deadline) if marked["late"][lang] else g.on_time(deadline)
        row[f"placed_{lang}"] = placed.isoformat()
        row[f"correct_{lang}"] = NO if marked["incorrect"][lang] else YES
    return row


def _programs(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    n, y = spec["count"], g.period
    chosen = sorted(g.rng.sample(g.names["programs"], n)) if n else []
    council = g.pick(range(n), spec.get("council", 0))
    late_reports = g.pick(council, spec.get("reports_late", 0))
    late_drafts = g.pick(range(n), spec.get("drafts_late", 0))
    wrong_reports = {lang: g.pick(range(n), spec.get("reports_incorrect", {}).get(lang, 0)) for lang in LANGS}
    wrong_drafts = {lang: g.pick(range(n), spec.get("drafts_incorrect", {}).get(lang, 0)) for lang in LANGS}
    unannounced = g.nested(range(n), spec.get("unannounced", {}))
    draft_deadline = date(y, 5, 15) if g.type == "cgo" else date(y, 10, 15)
    rows = []
    for i, text in enumerate(chosen):
        code, name = _program_code(text)
        row: dict[str, Any] = {"code": code, "name": name}
        meeting = g.day(date(y, 3, 10), date(y, 3, 31)) if i in council else None
        if meeting:
            row["council"] = meeting.isoformat()
        report = (meeting + timedelta(g.rng.randint(1, 10)) if i in late_reports else
                  _working_back(meeting - timedelta(g.rng.randint(1, 6))) if meeting else g.day(date(y, 2, 15), date(y, 3, 31)))
        draft = g.late(draft_deadline) if i in late_drafts else g.on_time(draft_deadline)
        for lang in LANGS:
            row[f"report_{lang}"] = report.isoformat()
            row[f"report_correct_{lang}"] = NO if i in wrong_reports[lang] else YES
        row["draft_deadline"] = draft_deadline.isoformat()
        for lang in LANGS:
            row[f"draft_{lang}"] = draft.isoformat()
            row[f"draft_correct_{lang}"] = NO if i in wrong_drafts[lang] else YES
        for lang in LANGS:
            row[f"announced_{lang}"] = NO if i in unannounced[lang] else YES
        rows.append(row)
    return rows


def _program_code(text: str) -> tuple[str, str]:
    """«360 003 Общеобразовательное обучение» → ("360 003", "Общеобразовательное обучение")."""
    match = re.match(r"([\d ]+?)\s+(\D.*)", text)
    assert match, text
    return match.group(1), match.group(2)


def _budget_comments(g: _Draw, spec: dict[str, Any], programs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answered = g.pick(range(spec["received"]), spec["answered"])
    rows = []
    for i, received in enumerate(sorted(g.in_year() for _ in range(spec["received"]))):
        program = g.rng.choice(programs)
        what = "Проект бюджетной программы" if received.month >= 5 else "Отчет о реализации бюджетной программы"
        rows.append({"received": received.isoformat(), "document": f"{what} {program['code']} «{program['name']}»",
                     "link": f"https://budget.egov.kz/budgetprogram/view/{g.number()}", "answered": YES if i in answered else NO})
    return rows


# --------------------------------------------------------------------------- table 4: open legal acts


def _npa(g: _Draw) -> dict[str, Any]:
    n = g.p["npa"]
    drafts = _drafts(g, n["drafts"])
    out = {"nothing_planned": n["nothing_planned"], "drafts": drafts, "comments": _npa_comments(g, n["comments"], drafts)}
    if g.type == "cgo":
        out["events"] = _npa_events(g, n.get("events"), drafts)
    return out


def _draft_titles(g: _Draw, spec: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(kind, title, amends) for concepts, laws and other acts; amending acts cite the act they change."""
    laws = g.names["laws"]
    out = [("concept", f"Концепция проекта Закона Республики Казахстан «{laws[i % len(laws)]}»", False)
           for i in range(spec.get("concepts", 0))]
    out += [("law", f"Проект Закона Республики Казахстан «{laws[(i + spec.get('concepts', 0)) % len(laws)]}»", True)
            for i in range(spec.get("laws", 0))]
    subjects = g.rng.sample(g.names["subjects"], len(g.names["subjects"]))
    amending = g.pick(range(spec["acts"]), round(spec["amends"] * spec["acts"]))
    for i in range(spec["acts"]):
        subject = subjects[i % len(subjects)]
        if i in amending or i >= len(subjects):
            old = date(g.rng.randint(2015, g.period - 1), g.rng.randint(1, 12), g.rng.randint(1, 28))
            title = (f"О внесении изменений в {g.names['issuer']} от {old:%d.%m.%Y} года № {g.rng.randint(1, 400)} "
                     f"«Об утверждении {subject}»")
            out.append(("act", title, True))
        else:
            out.append(("act", f"Об утверждении {subject}", False))
    return out


def _drafts(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    titles = _draft_titles(g, spec)
    n = len(titles)
    unplaced = g.nested(range(n), spec.get("unplaced", {}))
    unannounced = g.nested(range(n), spec.get("unannounced", {}))
    no_note = g.pick(range(n), spec.get("no_explanatory", 0))
    no_table = g.pick([i for i, t in enumerate(titles) if t[2]], spec.get("no_comparative", 0))
    wrong = {lang: g.pick(set(range(n)) - unplaced[lang], spec.get("forms_wrong", {}).get(lang, 0)) for lang in LANGS}
    rows = []
    for i, (kind, title, amends) in enumerate(titles):
        placed = g.in_year()
        row: dict[str, Any] = {"title": title, "kind": kind, "amends": YES if amends else NO,
                               "link": f"https://legalacts.egov.kz/npa/view?id={g.number(7)}"}
        later = _working_back(placed + timedelta(g.rng.choice((0, 0, 1))))  # the Kazakh version the same or the next day
        for lang, day in (("kk", later if later.year == g.period else placed), ("ru", placed)):
            if i not in unplaced[lang]:
                row[f"placed_{lang}"] = day.isoformat()
        row["explanatory"] = NO if i in no_note else YES
        if amends:
            row["comparative"] = NO if i in no_table else YES
        for lang in LANGS:
            if f"placed_{lang}" in row:
                row[f"form_{lang}"] = NO if i in wrong[lang] else YES
        for lang in LANGS:
            row[f"announced_{lang}"] = NO if i in unannounced[lang] else YES
        rows.append(row)
    return sorted(rows, key=lambda r: r.get("placed_ru") or r.get("placed_kk") or "")


def _npa_comments(g: _Draw, spec: dict[str, Any], drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answered = g.pick(range(spec["received"]), spec["answered"])
    placed = [d for d in drafts if "placed_ru" in d] or drafts
    rows = []
    for i in range(spec["received"]):
        draft = g.rng.choice(placed)
        start = date.fromisoformat(draft.get("placed_ru", f"{g.period}-01-01"))
        received = g.day(start, min(start + timedelta(10), date(g.period, 12, 31)))
        rows.append({"received": received.isoformat(), "document": draft["title"],
                     "link": f"{draft['link']}&comment={g.number(5)}", "answered": YES if i in answered else NO})
    return sorted(rows, key=lambda r: r["received"])


def _npa_events(g: _Draw, spec: dict[str, Any] | None, drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    laws = [d["title"] for d in drafts if d["kind"] in ("concept", "law")]
    if not spec or not laws:
        return []
    kk = g.pick(range(len(spec["categories"])), spec["kk"])
    rows = []
    for i, category in enumerate(spec["categories"]):
        rows.append({"date": g.in_year((2, 12)).isoformat(), "draft": laws[i % len(laws)],
                     "event": g.rng.choice(_section()["npa_events"][category]), "category": category,
                     "lang_kk": YES if i in kk else NO, "lang_ru": YES, "link": f"{g.site}/press/news/details/{g.number()}"})
    return sorted(rows, key=lambda r: r["date"])


# --------------------------------------------------------------------------- tables 5, 5-1, 6 and the assessor's sheet


def _dialogue(g: _Draw) -> dict[str, Any]:
    d = g.p["dialogue"]
    out: dict[str, Any] = {f"questions_{what}_{lang}": d["questions"][what][lang]
                           for what in ("received", "answered", "late", "rated", "disliked") for lang in LANGS}
    out |= {f"blog_posts_{lang}": d["blog_posts"][lang] for lang in LANGS}
    out["open_meetings_held"] = d["open_meetings"]["held"]
    out |= {f"open_meetings_streamed_{lang}": d["open_meetings"]["streamed"][lang] for lang in LANGS}
    pop = d["population"]
    out |= {"population_scheduled": pop["scheduled"], "population_held": pop["held"],
            "population_with_plan": pop["with_plan"], "population_with_reception": pop["with_reception"]}
    if g.type == "cgo":
        out["population_with_ngo"] = pop["with_ngo"]
    out["conferences"] = _conferences(g, d["conferences"])
    return out


def _conferences(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    kk = g.pick(range(spec["count"]), spec["kk"])
    rows = []
    for i in range(spec["count"]):
        kind = g.rng.choice(("conference", "survey"))
        rows.append({"date": g.in_year().isoformat(), "kind": kind, "topic": g.names["topics"][i % len(g.names["topics"])],
                     "lang_kk": YES if i in kk else NO, "lang_ru": YES,
                     "participants": g.rng.randint(40, 300) if kind == "conference" else g.rng.randint(150, 2500),
                     "link": f"https://dialog.egov.kz/{'conferences' if kind == 'conference' else 'surveys'}/{g.number()}"})
    return sorted(rows, key=lambda r: r["date"])


def _media(g: _Draw) -> dict[str, Any]:
    m = g.p["media"]
    return {"events_total": m["events"]["total"], **{f"events_public_{lang}": m["events"]["public"][lang] for lang in LANGS},
            "survey_media": m["survey"]["media"], "survey_population": m["survey"]["population"],
            "requests": _media_requests(g, m["requests"])}


def _media_requests(g: _Draw, spec: dict[str, Any]) -> list[dict[str, Any]]:
    n = spec["received"]
    unanswered = g.pick(range(n), spec["unanswered"])
    late = g.pick(set(range(n)) - unanswered, spec["late"])
    rows = []
    for i, received in enumerate(sorted(g.in_year() for _ in range(n))):
        deadline = received + timedelta(7)  # Закон «О средствах массовой информации»: seven calendar days
        row = {"number": f"04-15/{100 + 7 * i}", "outlet": g.rng.choice(g.outlets), "received": received.isoformat(),
               "deadline": deadline.isoformat()}
        if i in late:
            row["answered"] = g.late(deadline, 8).isoformat()
        elif i not in unanswered:
            row["answered"] = max(received, _working_back(deadline - timedelta(g.rng.randint(0, 5)))).isoformat()
        rows.append(row)
    return rows


def _site(values: dict[str, list[float]]) -> dict[str, float]:
    return {f"{row}_{lang}": values[lang][i] for i, row in enumerate(SITE_ROWS) for lang in LANGS}


def _subordinate(g: _Draw) -> dict[str, Any]:
    spec = g.p["subordinate"]
    names = g.names["subordinate"][: spec["count"]]
    marks = {v: g.nested(names, spec["violations"].get(v, {})) for v in (*VIOLATIONS, "low_answers")}
    rows = []
    for name in names:
        row: dict[str, Any] = {"name": name, "site": f"https://www.gov.kz/memleket/entities/{_slug(name)[:30]}"}
        row |= {f"{v}_{lang}": YES if name in marks[v][lang] else NO for v in VIOLATIONS for lang in LANGS}
        row |= {f"answered_{lang}": g.rng.randint(55, 89) if name in marks["low_answers"][lang] else g.rng.randint(90, 100)
                for lang in LANGS}
        rows.append(row)
    return {"organisations": rows}


# --------------------------------------------------------------------------- small helpers


def _working_back(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(1)
    return day


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(1)


def _fill_region(value: Any, region: str) -> Any:
    if isinstance(value, str):
        return value.replace("{region}", region).replace(" ,", ",").strip()
    if isinstance(value, list):
        return [_fill_region(v, region) for v in value]
    if isinstance(value, dict):
        return {k: _fill_region(v, region) for k, v in value.items()}
    return value


_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
                   "kh", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya", "a", "g", "q", "n", "o", "u", "u", "h", "i"]))


def _slug(text: str) -> str:
    latin = "".join(_LATIN.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "_", latin).strip("_")
