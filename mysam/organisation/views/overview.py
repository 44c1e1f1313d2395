"""The county's structure, the list of groups, group and person pages, and the
representation check. Anyone with a role in the association may read them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mysam.organisation import access, diagram, selectors
from mysam.organisation.representation import Check, check_label


def _structure_pictures(
    structure: selectors.Structure, association: str
) -> dict[str, diagram.Picture]:
    """The picture twice: county parts side by side (wide screens) and stacked (phones)."""
    columns = []
    team_count = 0
    group_count = 0
    for part in structure.county_parts:
        groups = []
        for card in part.groups:
            conveners = ", ".join(m.person.full_name for m in card.conveners)
            teams = [t.name for t in card.trisam_teams]
            team_count += len(teams)
            group_count += 1
            groups.append(
                diagram.DiagramGroup(
                    name=card.group.name,
                    url=reverse("organisation:group_detail", args=[card.group.pk]),
                    municipalities=", ".join(m.name for m in card.municipalities),
                    counts=card.party_counts(),
                    convener=conveners,
                    teams=teams,
                    flag_count=len(card.representation.flags),
                )
            )
        columns.append(
            diagram.DiagramColumn(
                name=part.county_part.name if part.county_part else _("Other groups"),
                municipalities=", ".join(m.name for m in part.municipalities),
                groups=groups,
            )
        )
    description = " ".join(
        [
            ngettext("%(count)s county part,", "%(count)s county parts,", len(columns))
            % {"count": len(columns)},
            ngettext("%(count)s Mysam group", "%(count)s Mysam groups", group_count)
            % {"count": group_count},
            ngettext("and %(count)s Trisam team.", "and %(count)s Trisam teams.", team_count)
            % {"count": team_count},
            _(
                "Each group shows its current members from the municipality (M), the Region "
                "(R), Försäkringskassan (F) and Arbetsförmedlingen (A). The same information "
                "follows as tables."
            ),
        ]
    )
    title = _("The structure of %(association)s") % {"association": association}
    return {
        layout: diagram.structure_picture(
            association=association,
            columns=columns,
            title=title,
            description=description,
            id_prefix=f"structure-{layout}",
            stacked=layout == "narrow",
        )
        for layout in ("wide", "narrow")
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The structure as a picture, followed by the same facts as tables."""
    actor = request.actor  # type: ignore[attr-defined]
    association = access.get_association_for_user(actor)
    structure = selectors.structure(actor=actor)
    context = {
        "structure": structure,
        "pictures": _structure_pictures(structure, association.name),
        "party_kinds": [
            (diagram.party_letter(k), diagram.party_kind_name(k)) for k in diagram.PARTY_KINDS
        ],
    }
    return render(request, "organisation/overview.html", context)


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """Every group with its municipalities, members, convener, vacancies and flags."""
    actor = request.actor  # type: ignore[attr-defined]
    access.require_reader(actor)
    cards = selectors.group_cards(actor=actor, active_only=False)
    rows = [
        (
            card,
            [
                (check_label(check), card.representation.worst(check), len(flags))
                for check in Check
                if (flags := card.representation.flags_for(check))
            ],
        )
        for card in cards
    ]
    return render(request, "organisation/group_list.html", {"cards": cards, "rows": rows})


@login_required
def representation(request: HttpRequest) -> HttpResponse:
    """The representation check for all groups: a table of groups × checks and counts."""
    actor = request.actor  # type: ignore[attr-defined]
    access.require_reader(actor)
    summary = selectors.representation_summary(actor=actor)
    checks = [(check, check_label(check)) for check in Check]
    rows = [
        (result, [(check, result.flags_for(check), result.worst(check)) for check in Check])
        for result in summary.results
    ]
    context = {
        "summary": summary,
        "checks": checks,
        "rows": rows,
        "counts": [(label, summary.flagged_groups[check]) for check, label in checks],
    }
    return render(request, "organisation/representation.html", context)


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's members by party, co-opted, substitutes, guests, vacancies, Trisam teams,
    steering groups, history and representation flags."""
    actor = request.actor  # type: ignore[attr-defined]
    group = access.get_group_for_user(actor, pk)
    page = selectors.group_page(actor=actor, group=group)
    return render(request, "organisation/group_detail.html", {"group": group, "page": page})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's details, current and past memberships and steering group terms."""
    actor = request.actor  # type: ignore[attr-defined]
    person = access.get_person_for_user(actor, pk)
    page = selectors.person_page(actor=actor, person=person)
    return render(request, "organisation/person_detail.html", {"person": person, "page": page})


urlpatterns = [
    path("", overview, name="overview"),
    path("grupper/", group_list, name="group_list"),
    path("representation/", representation, name="representation"),
    path("grupper/<int:pk>/", group_detail, name="group_detail"),
    path("personer/<int:pk>/", person_detail, name="person_detail"),
]
