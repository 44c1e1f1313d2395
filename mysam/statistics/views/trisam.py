"""Trisam statistics: the overview by team, municipality and county; a team's month grid
(read by everyone in the association, entered by the office and the group's convener); the
yearly targets (the office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.lib.formatting import format_percent
from mysam.statistics import access, charts
from mysam.statistics.forms import MonthGridForm, TargetForm
from mysam.statistics.selectors import trisam as selectors
from mysam.statistics.services import trisam as services
from mysam.statistics.views import actor_of, year_param


def rate_text(counts: selectors.Counts | None) -> str:
    """“41 av 52, 79 %”: the rate with its denominator."""
    if counts is None or counts.share is None:
        return _("no figures")
    return _("%(took_part)s of %(discussed)s, %(percent)s") % {
        "took_part": counts.took_part,
        "discussed": counts.discussed,
        "percent": format_percent(counts.share),
    }


def _target_text(target: selectors.TrisamTarget | None) -> str:
    return (
        _("Target %(percent)s") % {"percent": format_percent(target.share)}
        if target
        else _("No target set")
    )


def rate_chart(
    *, chart_id: str, title: str, areas: list[selectors.Area], target_text: str
) -> SafeString:
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "Horizontal bars: the share of individuals discussed who took part in their own "
            "meeting, year to date. %(target)s. The same numbers follow in the table."
        )
        % {"target": target_text},
        bars=[charts.Bar(label=a.name, share=a.ytd.share, value=rate_text(a.ytd)) for a in areas],
    )


@login_required
@require_GET
def trisam_overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    overview = selectors.trisam_overview(actor=actor, year=year_param(request))
    target_text = _target_text(overview.target)
    title = _("Participation per team, %(year)s") % {"year": overview.year}
    month_bars = charts.bar_chart(
        chart_id="trisam-months",
        title=_("Participation per month, all teams, %(year)s") % {"year": overview.year},
        description=_(
            "Horizontal bars: per month, the share of individuals discussed who took part in "
            "their own meeting, over all teams. %(target)s. The same numbers follow in the "
            "table."
        )
        % {"target": target_text},
        bars=[
            charts.Bar(
                label=f"{overview.year}-{m:02d}", share=c.share if c else None, value=rate_text(c)
            )
            for m, c in overview.county.month_rows()
        ],
    )
    return render(
        request,
        "statistics/trisam/overview.html",
        {
            "overview": overview,
            "target_text": target_text,
            "team_chart": rate_chart(
                chart_id="trisam-teams", title=title, areas=overview.teams, target_text=target_text
            ),
            "municipality_chart": rate_chart(
                chart_id="trisam-municipalities",
                title=_("Participation per municipality, %(year)s") % {"year": overview.year},
                areas=overview.municipalities,
                target_text=target_text,
            ),
            "month_chart": month_bars,
            "can_edit_targets": actor.is_admin,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trisam_team(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    write = request.method == "POST"
    team = access.get_trisam_team_for_user(actor, pk, write=write)
    year = year_param(request) or timezone.localdate().year
    data = selectors.trisam_team_year(actor=actor, team=team, year=year)
    can_enter = access.can_enter_trisam(actor, team)
    initial = {
        f"m{m}_{key}": getattr(row, key)
        for m, row in data.rows.items()
        for key in ("discussed", "took_part", "new_cases", "closed_cases")
    }
    form = MonthGridForm(request.POST or None, year=year, initial=initial) if can_enter else None
    if write and form is not None and form.is_valid():
        try:
            counts = services.trisam_months_save(team=team, year=year, months=form.months)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Saved: %(created)s new, %(updated)s changed and %(removed)s removed months.")
                % counts,
            )
            return redirect(reverse("statistics:trisam_team", args=[team.pk]) + f"?year={year}")
    return render(
        request,
        "statistics/trisam/team.html",
        {
            "data": data,
            "form": form,
            "month_rows": data.area.month_rows(),
            "target_text": _target_text(data.target),
            "ytd_text": rate_text(data.area.ytd),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trisam_targets(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    association = access.require_statistics_admin(actor)
    form = TargetForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "percent": 80},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = services.trisam_target_set(association=association, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The target for %(year)s is %(percent)s %%.")
                % {"year": target.year, "percent": target.percent},
            )
            return redirect("statistics:trisam_targets")
    return render(
        request,
        "statistics/trisam/targets.html",
        {"form": form, "targets": selectors.trisam_targets(actor=actor)},
    )


urlpatterns: list[URLPattern] = [
    path("trisam/", trisam_overview, name="trisam"),
    path("trisam/team/<int:pk>/", trisam_team, name="trisam_team"),
    path("trisam/mal/", trisam_targets, name="trisam_targets"),
]
