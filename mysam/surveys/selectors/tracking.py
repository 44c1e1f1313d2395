"""Live response rates of a questionnaire per party, unit and municipality, and overall.

Counts come from the invitations' status (personal links); answers through the open link
are counted separately from the `Response` rows, since they cannot be tied to the sample.
Nothing here is per person. Rows where fewer people were invited than the association's
threshold are hidden (mysam.lib.disclosure) so that a small unit's rate reveals nobody.
Five queries, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from mysam.lib.disclosure import hidden_groups, total_is_shown
from mysam.surveys.models import Invitation, InvitationStatus, Questionnaire, Response

S = InvitationStatus


@dataclass(frozen=True)
class RateRow:
    label: str
    invited: int  # after exclusions
    excluded: int
    answered: int  # answered + screened out (submitted at least one answer)
    screened_out: int
    incomplete: int  # started, not submitted
    valid: int  # complete answers
    hidden: bool = False

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[RateRow]

    @property
    def any_hidden(self) -> bool:
        return any(r.hidden for r in self.rows)


@dataclass(frozen=True)
class Tracking:
    overall: RateRow
    breakdowns: list[Breakdown]
    open_link_complete: int
    open_link_screened: int
    threshold: int


_COUNTS: dict[str, Any] = {
    "total": Count("pk"),
    "excluded": Count("pk", filter=Q(status=S.EXCLUDED)),
    "answered": Count("pk", filter=Q(status=S.ANSWERED)),
    "screened_out": Count("pk", filter=Q(status=S.SCREENED_OUT)),
    "incomplete": Count("pk", filter=Q(status=S.STARTED)),
}


def _row(label: str, values: dict[str, Any], hidden: bool = False) -> RateRow:
    return RateRow(
        label=label,
        invited=values["total"] - values["excluded"],
        excluded=values["excluded"],
        answered=values["answered"] + values["screened_out"],
        screened_out=values["screened_out"],
        incomplete=values["incomplete"],
        valid=values["answered"],
        hidden=hidden,
    )


def tracking(questionnaire: Questionnaire, *, titles: dict[str, str]) -> Tracking:
    """The response rates; `titles` names the breakdowns (party, unit, municipality)."""
    from django.utils.translation import gettext as _

    threshold = questionnaire.measurement.association.small_group_threshold
    invitations = Invitation.objects.filter(questionnaire=questionnaire)
    totals = invitations.aggregate(**_COUNTS)
    overall = _row(
        _("All"),
        totals,
        hidden=not total_is_shown(
            {"all": totals["total"] - totals["excluded"]}, threshold=threshold
        ),
    )
    breakdowns = []
    for key, name_path in (
        ("party", "party__name"),
        ("unit", "unit__name"),
        ("municipality", "municipality__name"),
    ):
        grouped = list(
            invitations.values(f"{key}_id", name_path).annotate(**_COUNTS).order_by(name_path)
        )
        sizes = {g[f"{key}_id"]: g["total"] - g["excluded"] for g in grouped}
        hidden = hidden_groups(sizes, threshold=threshold)
        rows = [
            _row(g[name_path] or _("Not given"), g, hidden=g[f"{key}_id"] in hidden)
            for g in grouped
        ]
        breakdowns.append(Breakdown(key=key, title=titles.get(key, key), rows=rows))
    open_link = Response.objects.filter(questionnaire=questionnaire).aggregate(
        complete=Count("pk", filter=Q(status="complete")),
        screened=Count("pk", filter=Q(status="screened_out")),
    )
    # Responses via personal links are also Response rows: the open link's are the rest.
    personal_complete = overall.valid
    personal_screened = overall.screened_out
    return Tracking(
        overall=overall,
        breakdowns=breakdowns,
        open_link_complete=max(open_link["complete"] - personal_complete, 0),
        open_link_screened=max(open_link["screened"] - personal_screened, 0),
        threshold=threshold,
    )
