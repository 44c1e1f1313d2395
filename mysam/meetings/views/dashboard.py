"""The office dashboard: attendance per group and party, unapproved minutes, overdue action
items; and the meetings behind each attendance bar. For the office and the board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from mysam.accounts.actor import Actor
from mysam.lib.formatting import format_percent
from mysam.meetings import access, charts
from mysam.meetings.selectors import dashboard as selectors
from mysam.organisation.diagram import PARTY_KINDS, party_letter


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _value(rate: selectors.Rate) -> str:
    if rate.share is None:
        return _("no meetings")
    return _("%(percent)s (%(present)s of %(expected)s)") % {
        "percent": format_percent(rate.share),
        "present": rate.present,
        "expected": rate.expected,
    }


def _charts(board: selectors.Dashboard) -> dict[str, object]:
    period = _("%(since)s – %(today)s") % {
        "since": board.since.isoformat(),
        "today": board.today.isoformat(),
    }
    groups = charts.bar_chart(
        chart_id="attendance-groups",
        title=_("Attendance per group, %(period)s") % {"period": period},
        description=_(
            "Horizontal bars: the share of expected members present at the group's meetings. "
            "The same numbers follow in the table."
        ),
        bars=[
            charts.Bar(label=row.name, share=row.rate.share, value=_value(row.rate))
            for row in board.by_group
        ],
    )
    parties = charts.bar_chart(
        chart_id="attendance-parties",
        title=_("Attendance per party, %(period)s") % {"period": period},
        description=_(
            "Horizontal bars: the share of the party's expected members present, over all "
            "groups. Each bar is marked with the party's letter: M municipality, R Region, "
            "F Försäkringskassan, A Arbetsförmedlingen. The same numbers follow in the table."
        ),
        bars=[
            charts.Bar(
                label=row.label,
                share=row.rate.share,
                value=_value(row.rate),
                colour=charts.party_colour(row.kind),
                letter=party_letter(row.kind) if row.kind in PARTY_KINDS else "",
            )
            for row in board.by_party
        ],
    )
    return {"groups": groups, "parties": parties}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access.require_office_or_board(_actor(request))
    board = selectors.dashboard_overview(actor=_actor(request))
    party_rows = [
        (row, party_letter(row.kind) if row.kind in PARTY_KINDS else "") for row in board.by_party
    ]
    return render(
        request,
        "meetings/dashboard/dashboard.html",
        {"board": board, "charts": _charts(board), "party_rows": party_rows},
    )


def _detail(request: HttpRequest, detail: selectors.AttendanceDetail | None) -> HttpResponse:
    if detail is None:
        raise Http404
    return render(request, "meetings/dashboard/attendance.html", {"detail": detail})


@login_required
def group_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_office_or_board(_actor(request))
    return _detail(
        request, selectors.dashboard_attendance_detail(actor=_actor(request), group_id=pk)
    )


@login_required
def party_attendance(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_office_or_board(_actor(request))
    return _detail(
        request, selectors.dashboard_attendance_detail(actor=_actor(request), party_kind=kind)
    )


urlpatterns: list[URLPattern] = [
    path("oversikt/", dashboard, name="dashboard"),
    path("oversikt/narvaro/grupp/<int:pk>/", group_attendance, name="dashboard_group_attendance"),
    path("oversikt/narvaro/part/<slug:kind>/", party_attendance, name="dashboard_party_attendance"),
]
