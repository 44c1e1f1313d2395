"""The report's content as neutral blocks, read through the result selectors.

Chapters as in seed 004: title page, contents, introduction (the office's text), method,
sample and non-response, results per item (whole association, then per county part,
municipality and party, with a diagram and a table each), the two-way table of each
background question by county part, the "respect" items side by side per county part,
structured cooperation or not per municipality, comments (only groups above the
threshold), the comparison with the previous measurement, discussion (the office's text)
and an appendix per municipality.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.documents.html import read_blocks
from mysam.insights.selectors import results
from mysam.lib.formatting import format_date, format_number, format_percent
from mysam.organisation.models import Municipality
from mysam.surveys.models import ItemKind, Measurement, Question
from mysam.surveys.models.items import DONT_KNOW_LABEL
from mysam.surveys.selectors.tracking import RateRow, tracking

HIDDEN = "–"
BREAKDOWNS = ("county_part", "municipality", "party")
RESPECT_CODES = ("lyssnar", "vet_tillfora")
CHART_BREAKDOWNS = ("county_part",)


# --- blocks ---------------------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1
    anchor: str = ""


@dataclass
class Paragraph:
    text: str
    muted: bool = False


@dataclass
class RichText:
    html: str


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric_from: int = 1  # columns from this index hold numbers (right-aligned)
    note: str = ""


@dataclass
class Chart:
    """A diagram of mysam.insights.charts: "item" (one table), "paired" (two items per
    group) or "split" (one item per group in two conditions, named by `short`)."""

    title: str
    tables: tuple[results.ItemTable, ...]
    kind: str = "item"
    short: tuple[str, str] = ("", "")


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | RichText | Table | Chart | PageBreak


@dataclass
class ReportDocument:
    measurement: Measurement
    association_name: str
    title: str
    subtitle: str
    made_on: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 1]

    @property
    def chart_count(self) -> int:
        return sum(isinstance(b, Chart) for b in self.blocks)


Progress = Callable[[int, str], None]


class Tables:
    """Each (question, breakdown) counted once per report and reused by every chapter, so
    the appendix prints exactly the suppressed groups the results chapter printed."""

    def __init__(self) -> None:
        self._tables: dict[tuple[int, str | None], results.ItemTable] = {}

    def get(self, question: Question, breakdown: str | None = None) -> results.ItemTable:
        key = (question.pk, breakdown)
        if key not in self._tables:
            self._tables[key] = results.item_distribution(question=question, breakdown=breakdown)
        return self._tables[key]


# --- formatting -----------------------------------------------------------------------------


def pct(value: float | None, decimals: int = 0) -> str:
    return HIDDEN if value is None else format_percent(value, decimals)


def num(value: int | None) -> str:
    return HIDDEN if value is None else format_number(value)


def _interval(group: results.GroupResult) -> str:
    if group.high_interval is None:
        return HIDDEN
    return f"{format_percent(group.high_interval.low)}–{format_percent(group.high_interval.high)}"


def item_table_block(table: results.ItemTable, caption: str) -> Table:
    """Counts and shares per step, valid n, missing and high values, one row per group."""
    headers = [table.breakdown_label if table.breakdown else _("Group")]
    headers += [step.label for step in table.steps]
    headers += [_("Valid n"), _("Missing"), _("High values"), _("95 % interval")]
    rows = []
    groups = [*table.groups, table.total] if table.breakdown else [table.total]
    for group in groups:
        label = group.label if group is not table.total else _("All")
        if group.hidden:
            rows.append([label] + [HIDDEN] * (len(table.steps) + 4))
            continue
        cells = []
        for step in table.steps:
            count = group.count(step.value) or 0
            share = next((c.share for c in group.cells if c.value == step.value), None)
            cells.append(f"{format_number(count)}\u00a0({pct(share)})".replace(" ", "\u00a0"))
        high = pct(group.high_share) if table.high_values else ""
        interval = _interval(group) if table.high_values else ""
        rows.append([label, *cells, num(group.n), num(group.missing), high, interval])
    note = ""
    if table.counted_per:
        note = _(
            "Asked once per area: counted per area, %(n)s answers from %(persons)s respondents."
        ) % {"n": num(table.total.n), "persons": num(table.total.persons)}
    if table.any_hidden:
        note = (note + " " if note else "") + _(
            "– = hidden: fewer than %(threshold)s answers, or hidden so that a small group "
            "cannot be worked out from the others."
        ) % {"threshold": table.threshold}
    return Table(caption=caption, headers=headers, rows=rows, note=note)


def chart_block(table: results.ItemTable, title: str) -> Chart:
    return Chart(title=title, tables=(table,))


# --- chapters -------------------------------------------------------------------------------


def _method(
    document: ReportDocument, summaries: Sequence[results.QuestionnaireSummary], threshold: int
) -> None:
    measurement = document.measurement
    blocks = document.blocks
    blocks.append(Heading(_("Method"), anchor="metod"))
    period = ""
    if measurement.opens_on and measurement.closes_on:
        period = _("The questionnaires were open from %(opens)s to %(closes)s.") % {
            "opens": format_date(measurement.opens_on),
            "closes": format_date(measurement.closes_on),
        }
    names = ", ".join(
        f"{s.questionnaire.title} ({s.questionnaire.get_audience_display()})" for s in summaries
    )
    blocks.append(
        Paragraph(
            _("The measurement was made with %(count)s web questionnaire(s): %(names)s.")
            % {"count": len(summaries), "names": names}
            + (" " + period if period else "")
        )
    )
    blocks.append(
        Paragraph(
            _(
                "The items use fixed scales with six steps (Aldrig … Alltid, Inte alls … Helt "
                "och hållet) or five (importance). The top three steps are reported as high "
                'values, with a 95-percent confidence interval (Wilson). "Vet ej" and questions '
                "left blank are counted as missing, never as answers: every table gives the "
                "number of valid answers (n) and the missing."
            )
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Questions asked once per municipality (or group) a respondent works in are "
                "counted per area, so their number of answers can exceed the number of "
                "respondents; such tables say so."
            )
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Answers are anonymous. To protect respondents, a group with fewer than "
                "%(threshold)s answers is not shown (–), nor is a group from which a hidden "
                "one could be worked out by subtraction. Comments are shown only for groups "
                "that are shown."
            )
            % {"threshold": threshold}
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Comparisons between groups and with the previous measurement treat the "
                "answers as independent samples (answers cannot be linked to persons): the "
                "difference in the share of high values is given with a 95 % interval "
                "(Newcombe) and the whole distribution is tested (Mann–Whitney U). A "
                "difference is called significant only when p < 0.05."
            )
        )
    )


def _rate_rows(rows: Sequence[RateRow]) -> list[list[str]]:
    out = []
    for row in rows:
        if row.hidden:
            out.append(
                [row.label, num(row.invited + row.excluded), HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]
            )
            continue
        out.append(
            [
                row.label,
                num(row.invited + row.excluded),
                num(row.excluded),
                num(row.invited),
                num(row.valid),
                num(row.screened_out),
                pct(row.rate),
            ]
        )
    return out


def _sample(
    document: ReportDocument, summaries: Sequence[results.QuestionnaireSummary], threshold: int
) -> None:
    blocks = document.blocks
    blocks.append(Heading(_("Sample and non-response"), anchor="urval"))
    blocks.append(
        Paragraph(
            _(
                "The response rate is the number who answered (including those a screening "
                "question ended the survey for) divided by the number invited after "
                "exclusions. Answers given through an open link cannot be tied to the sample "
                "and are counted separately."
            )
        )
    )
    headers = [
        _("Group"),
        _("Invited"),
        _("Excluded"),
        _("In the sample"),
        _("Complete answers"),
        _("Screened out"),
        _("Response rate"),
    ]
    titles = {"party": _("Party"), "unit": _("Unit"), "municipality": _("Municipality")}
    for summary in summaries:
        questionnaire = summary.questionnaire
        rates = tracking(questionnaire, titles=titles)
        blocks.append(Heading(questionnaire.title, level=2))
        overall = [_rate_rows([rates.overall])[0]]
        blocks.append(
            Table(
                caption=_("Sample and answers: %(title)s") % {"title": questionnaire.title},
                headers=headers,
                rows=overall,
            )
        )
        facts = _(
            "Responses received: %(complete)s complete, %(screened)s screened out, "
            "%(incomplete)s incomplete."
        ) % {
            "complete": num(summary.complete),
            "screened": num(summary.screened_out),
            "incomplete": num(summary.incomplete),
        }
        if rates.open_link_complete or rates.open_link_screened:
            facts += " " + _("Of these, %(n)s came through the open link.") % {
                "n": num(rates.open_link_complete + rates.open_link_screened)
            }
        blocks.append(Paragraph(facts))
        for breakdown in rates.breakdowns:
            if breakdown.key == "municipality":
                continue
            blocks.append(
                Table(
                    caption=_("Response rate per %(breakdown)s: %(title)s")
                    % {"breakdown": breakdown.title.lower(), "title": questionnaire.title},
                    headers=[breakdown.title, *headers[1:]],
                    rows=_rate_rows(breakdown.rows),
                    note=_(
                        "– = hidden: fewer than %(threshold)s in the group, or hidden so that a small group cannot be worked out."
                    )
                    % {"threshold": threshold}
                    if breakdown.any_hidden
                    else "",
                )
            )


def _results(
    document: ReportDocument,
    summary: results.QuestionnaireSummary,
    progress: Callable[[str], None],
    tables: Tables,
) -> list[Question]:
    """Per item: a diagram and a table for the whole association and per county part, a
    table per municipality and per party (seed 004 draws the county parts)."""
    blocks = document.blocks
    questionnaire = summary.questionnaire
    questions = [
        q
        for q in results.results_questions(questionnaire)
        if q.item.kind not in (ItemKind.FREE_TEXT, ItemKind.NUMBER)
    ]
    blocks.append(
        Heading(
            _("Results: %(title)s") % {"title": questionnaire.title},
            anchor=f"resultat-{questionnaire.pk}",
        )
    )
    for number, question in enumerate(questions, start=1):
        progress(question.item.text)
        item = question.item
        blocks.append(Heading(f"{number}. {item.text}", level=2))
        whole = tables.get(question)
        blocks.append(chart_block(whole, item.text))
        blocks.append(
            item_table_block(whole, _("%(item)s: the whole association") % {"item": item.text})
        )
        for breakdown in BREAKDOWNS:
            table = tables.get(question, breakdown)
            if not table.groups:
                continue
            title = _("%(item)s per %(breakdown)s") % {
                "item": item.text,
                "breakdown": table.breakdown_label.lower(),
            }
            blocks.append(Heading(table.breakdown_label, level=3))
            if breakdown in CHART_BREAKDOWNS:
                blocks.append(chart_block(table, title))
            blocks.append(item_table_block(table, title))
    return questions


def _two_way(document: ReportDocument, summary: results.QuestionnaireSummary) -> None:
    background = [
        q
        for q in results.background_questions(summary.questionnaire)
        if q.item.kind == ItemKind.YES_NO
    ]
    if not background:
        return
    blocks = document.blocks
    for question in background:
        table = results.two_way_table(
            row_question_or_breakdown="county_part", column_question=question
        )
        if not table.rows:
            continue
        blocks.append(Heading(_("%(item)s by county part") % {"item": question.item.text}, level=2))
        headers = [table.row_label, *[s.label for s in table.columns], _("Total")]
        rows = []
        for row in table.rows:
            cells = [
                HIDDEN
                if cell.count is None
                else f"{format_number(cell.count)} ({pct(cell.row_share)})"
                for cell in row.cells
            ]
            rows.append([row.label, *cells, num(row.total)])
        rows.append([_("Total"), *[num(t) for t in table.column_totals], num(table.total)])
        blocks.append(
            Table(
                caption=_("%(item)s by county part, with row percentages")
                % {"item": question.item.text},
                headers=headers,
                rows=rows,
                note=_("– = hidden to protect small groups.") if table.any_hidden else "",
            )
        )


def _respect(document: ReportDocument, questions: Sequence[Question], tables: Tables) -> None:
    """Seed 004, appendix 1: the two items about respect — being listened to (`lyssnar`)
    and others knowing what one can contribute (`vet_tillfora`) — side by side per county
    part; items whose code says "respekt" are taken too."""
    by_code = {q.item.code: q for q in questions}
    respect = [by_code[code] for code in RESPECT_CODES if code in by_code]
    respect += [q for q in questions if "respekt" in q.item.code.lower() and q not in respect]
    if not respect:
        return
    blocks = document.blocks
    blocks.append(Heading(_("Respect per county part"), level=2))
    pair = [tables.get(q, "county_part") for q in respect[:2]]
    headers = [_("County part")] + [
        _("High values: %(item)s") % {"item": t.item.text} for t in pair
    ]
    labels: list[str] = []
    for table in pair:
        for group in table.groups:
            if group.label not in labels:
                labels.append(group.label)
    rows = []
    for label in labels:
        row = [label]
        for table in pair:
            found = next((g for g in table.groups if g.label == label), None)
            row.append(
                HIDDEN
                if found is None or found.hidden
                else f"{pct(found.high_share)} (n = {num(found.n)})"
            )
        rows.append(row)
    blocks.append(
        Table(caption=_("Share of high values per county part"), headers=headers, rows=rows)
    )
    if len(pair) == 2 and len(pair[0].steps) == len(pair[1].steps):
        blocks.append(
            Chart(
                title=_("Respect per county part"),
                tables=(pair[0], pair[1]),
                kind="paired",
                short=(pair[0].item.text[:34], pair[1].item.text[:34]),
            )
        )
    else:
        for table in pair:
            title = _("%(item)s per county part") % {"item": table.item.text}
            blocks.append(chart_block(table, title))


def _structured(
    document: ReportDocument, summary: results.QuestionnaireSummary, questions: Sequence[Question]
) -> None:
    """Seed 004, appendix 2: per municipality, staff in a structured cooperation group
    against the others. A municipality is shown only when both of its groups are: the
    municipality's own figures are published too, so one group could otherwise be worked
    out from the other. Diagrams for the two respect items (or the first two scale items)."""
    structured = next(
        (
            q
            for q in results.background_questions(summary.questionnaire)
            if "strukturerad" in q.item.code.lower()
        ),
        None,
    )
    if structured is None:
        return
    scale = [q for q in questions if q.item.is_scale]
    if not scale:
        return
    by_code = {q.item.code: q for q in scale}
    drawn = [by_code[code] for code in RESPECT_CODES if code in by_code] or scale[:2]
    blocks = document.blocks
    blocks.append(Heading(_("Structured cooperation or not, per municipality"), level=2))
    for question in scale:
        pair = [
            results.item_distribution(
                question=question,
                breakdown="municipality",
                filters={("question", structured.pk): [value]},
            )
            for value in (1, 2)
        ]
        yes, no = pair
        labels = {g.key: g.label for table in pair for g in table.groups}
        shown = {
            key
            for key in labels
            if all((group := table.group(key)) is not None and not group.hidden for table in pair)
        }
        rows = []
        for key, label in labels.items():
            row = [label]
            for table in pair:
                group = table.group(key)
                row.append(
                    f"{pct(group.high_share)} (n = {num(group.n)})"
                    if key in shown and group is not None
                    else HIDDEN
                )
            rows.append(row)
        blocks.append(
            Table(
                caption=_("%(item)s: share of high values per municipality")
                % {"item": question.item.text},
                headers=[
                    _("Municipality"),
                    _("Structured cooperation"),
                    _("No structured cooperation"),
                ],
                rows=rows,
                note=_(
                    "– = hidden: one of the two groups has too few answers, or is hidden to "
                    "protect another group."
                ),
            )
        )
        if question in drawn:
            blocks.append(
                Chart(
                    title=_("%(item)s per municipality, structured cooperation or not")
                    % {"item": question.item.text},
                    tables=(_only(yes, shown), _only(no, shown)),
                    kind="split",
                    short=(_("Structured cooperation"), _("No structured cooperation")),
                )
            )


def _only(table: results.ItemTable, shown: set[object]) -> results.ItemTable:
    """The table with every group not in `shown` hidden (for the split diagram)."""
    groups = tuple(
        group if group.key in shown else results.GroupResult(group.key, group.label, True)
        for group in table.groups
    )
    return dataclasses.replace(table, groups=groups)


def _comments(document: ReportDocument, questions: Sequence[Question]) -> None:
    blocks = document.blocks
    blocks.append(Heading(_("Comments"), anchor="kommentarer"))
    blocks.append(
        Paragraph(
            _(
                "Comments are listed per municipality, and only for municipalities whose "
                "answers are shown; they are printed as written."
            )
        )
    )
    any_shown = False
    for question in questions:
        if not question.item.has_comment and question.item.kind != ItemKind.FREE_TEXT:
            continue
        groups = [
            g
            for g in results.comments(question=question, breakdown="municipality")
            if not g.hidden and g.comments
        ]
        if not groups:
            continue
        any_shown = True
        blocks.append(Heading(question.item.text, level=2))
        for group in groups:
            blocks.append(Heading(group.label, level=3))
            for text in group.comments:
                blocks.append(Paragraph("– " + text))
    if not any_shown:
        blocks.append(Paragraph(_("No comments can be shown."), muted=True))


def _comparison(document: ReportDocument, questions: Sequence[Question]) -> None:
    measurement = document.measurement
    previous = measurement.previous
    if previous is None:
        return
    blocks = document.blocks
    blocks.append(
        Heading(
            _("Comparison with %(previous)s") % {"previous": previous.name}, anchor="jamforelse"
        )
    )
    blocks.append(
        Paragraph(
            _(
                "The share of high values in this measurement compared with %(previous)s. The "
                "two measurements are independent samples. The difference is given in "
                "percentage points with a 95 %% interval; a difference is significant only when "
                "the test says so."
            )
            % {"previous": previous.name}
        )
    )
    headers = [
        _("Question"),
        previous.name,
        measurement.name,
        _("Difference"),
        _("95 % interval"),
        _("Test"),
    ]
    rows = []
    seen: set[int] = set()
    for question in questions:
        if not question.item.is_scale or question.item_id in seen:
            continue
        seen.add(question.item_id)
        comparison = results.compare_measurements(
            item=question.item,
            earlier=previous,
            later=measurement,
            audience=question.questionnaire.audience,
        )
        if not comparison.available:
            rows.append([question.item.text, HIDDEN, HIDDEN, HIDDEN, HIDDEN, comparison.reason])
            continue
        before, after = comparison.second, comparison.first
        difference = comparison.difference
        rows.append(
            [
                question.item.text,
                f"{pct(before.high_share)} (n = {num(before.n)})",
                f"{pct(after.high_share)} (n = {num(after.n)})",
                HIDDEN if difference is None else _points(difference.difference),
                HIDDEN
                if difference is None
                else f"{_points(difference.interval.low)} – {_points(difference.interval.high)}",
                comparison.sentence,
            ]
        )
    blocks.append(
        Table(caption=_("Change in the share of high values"), headers=headers, rows=rows)
    )


def _points(value: float) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{format_number(abs(value) * 100, 1)} " + _("points")


def _appendix(
    document: ReportDocument,
    summaries: Sequence[results.QuestionnaireSummary],
    tables: Tables,
) -> None:
    """Per municipality, the share of high values of every scale item, read from the same
    per-municipality tables as the results chapter (so the same groups are hidden)."""
    measurement = document.measurement
    municipalities = list(
        Municipality.objects.filter(association_id=measurement.association_id).order_by("name")
    )
    per_item = [
        (summary, tables.get(question, "municipality"))
        for summary in summaries
        for question in results.results_questions(summary.questionnaire)
        if question.item.is_scale
    ]
    blocks = document.blocks
    blocks.append(PageBreak())
    blocks.append(Heading(_("Appendix: results per municipality"), anchor="bilaga"))
    for municipality in municipalities:
        blocks.append(Heading(municipality.name, level=2))
        rows = []
        hidden_any = False
        for summary, table in per_item:
            group = table.group(municipality.pk)
            if group is None:
                continue
            hidden_any = hidden_any or group.hidden
            rows.append(
                [
                    table.item.text,
                    summary.questionnaire.get_audience_display(),
                    num(group.n),
                    HIDDEN if group.hidden else pct(group.high_share),
                    HIDDEN if group.hidden else _interval(group),
                ]
            )
        if not any(row[2] not in (HIDDEN, "0") for row in rows):
            blocks.append(
                Paragraph(
                    _("Too few answers from %(name)s to show results.")
                    % {"name": municipality.name},
                    muted=True,
                )
            )
            continue
        blocks.append(
            Table(
                caption=_("Share of high values in %(name)s") % {"name": municipality.name},
                headers=[
                    _("Question"),
                    _("Questionnaire"),
                    _("Valid n"),
                    _("High values"),
                    _("95 % interval"),
                ],
                rows=rows,
                numeric_from=2,
                note=_(
                    "– = hidden: too few answers, or hidden so that a small group cannot be "
                    "worked out from the others."
                )
                if hidden_any
                else "",
            )
        )


def build_report(measurement: Measurement, *, progress: Progress | None = None) -> ReportDocument:
    """Every chapter of the report, with `progress(percent, step)` called as it goes. Each
    question's answers are read once for all its tables, charts and appendices."""
    with results.shared_reads():
        return _build_report(measurement, progress=progress)


def _build_report(measurement: Measurement, *, progress: Progress | None) -> ReportDocument:
    report = progress or (lambda percent, step: None)
    association = measurement.association
    threshold = association.small_group_threshold
    document = ReportDocument(
        measurement=measurement,
        association_name=association.name,
        title=measurement.name,
        subtitle=_("Report on the cooperation climate"),
        made_on=format_date(timezone.localdate()),
    )
    blocks = document.blocks
    summaries = results.measurement_summary(measurement)
    report(5, _("Introduction and method"))
    blocks.append(Heading(_("Introduction"), anchor="inledning"))
    if measurement.introduction.strip() and read_blocks(measurement.introduction):
        blocks.append(RichText(measurement.introduction))
    else:
        blocks.append(Paragraph(_("The office has not written an introduction."), muted=True))
    _method(document, summaries, threshold)
    _sample(document, summaries, threshold)
    report(10, _("Sample and non-response"))
    all_questions: list[Question] = []
    total_questions = sum(len(s.questions) for s in summaries) or 1
    done = 0

    def step(text: str) -> None:
        nonlocal done
        done += 1
        report(10 + int(60 * min(done, total_questions) / total_questions), text)

    tables = Tables()
    for summary in summaries:
        questions = _results(document, summary, step, tables)
        all_questions += questions
        _two_way(document, summary)
        _respect(document, questions, tables)
        _structured(document, summary, questions)
    report(72, _("Comments"))
    _comments(document, all_questions)
    report(78, _("Comparison"))
    _comparison(document, all_questions)
    blocks.append(Heading(_("Discussion"), anchor="diskussion"))
    if measurement.discussion.strip() and read_blocks(measurement.discussion):
        blocks.append(RichText(measurement.discussion))
    else:
        blocks.append(Paragraph(_("The office has not written a discussion."), muted=True))
    report(82, _("Appendix per municipality"))
    _appendix(document, summaries, tables)
    return document


__all__ = ["DONT_KNOW_LABEL", "ReportDocument", "build_report"]
