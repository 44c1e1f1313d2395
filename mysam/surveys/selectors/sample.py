"""Reading the sample and the send-outs of a questionnaire (fixed query counts).

The sample list shows who is in the sample and delivery facts (sent, undeliverable), never
whether a person has answered: the status columns about answering are not selected here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from mysam.organisation.models import Municipality, Party, Unit
from mysam.surveys.models import Invitation, InvitationStatus, Mailing, Questionnaire
from mysam.surveys.services.mailing import uncertain

PAGE_SIZE = 200


@dataclass(frozen=True)
class SampleCounts:
    total: int
    excluded: int
    undeliverable: int
    sent: int

    @property
    def adjusted(self) -> int:
        """The sample after exclusions (the report's 1 164 → 1 149)."""
        return self.total - self.excluded


def sample_counts(questionnaire: Questionnaire) -> SampleCounts:
    row = Invitation.objects.filter(questionnaire=questionnaire).aggregate(
        total=Count("pk"),
        excluded=Count("pk", filter=Q(status=InvitationStatus.EXCLUDED)),
        undeliverable=Count("pk", filter=Q(bounced_at__isnull=False)),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
    )
    return SampleCounts(**row)


@dataclass(frozen=True)
class SampleRow:
    pk: int
    name: str
    email: str
    party: str
    unit: str
    municipality: str
    is_excluded: bool
    excluded_reason: str
    sent: bool
    undeliverable: bool
    bounce_reason: str


def sample_page(
    questionnaire: Questionnaire, *, page: int = 1, query: str = ""
) -> tuple[list[SampleRow], bool]:
    """One page of the sample, by e-mail; returns the rows and whether more follow."""
    from mysam.surveys.services.sample import exclusion_reason_label

    rows = Invitation.objects.filter(questionnaire=questionnaire)
    if query:
        rows = rows.filter(Q(email__icontains=query) | Q(name__icontains=query))
    start = (max(page, 1) - 1) * PAGE_SIZE
    values = list(
        rows.order_by("email", "pk").values(
            "pk",
            "name",
            "email",
            "party__name",
            "unit__name",
            "municipality__name",
            "status",
            "excluded_reason",
            "sent_at",
            "bounced_at",
            "bounce_reason",
        )[start : start + PAGE_SIZE + 1]
    )
    more = len(values) > PAGE_SIZE
    result = [
        SampleRow(
            pk=v["pk"],
            name=v["name"],
            email=v["email"],
            party=v["party__name"] or "",
            unit=v["unit__name"] or "",
            municipality=v["municipality__name"] or "",
            # Only "excluded or not": answered/started/screened all read as "in the sample".
            is_excluded=v["status"] == InvitationStatus.EXCLUDED,
            excluded_reason=exclusion_reason_label(stored=v["excluded_reason"])
            if v["excluded_reason"]
            else "",
            sent=v["sent_at"] is not None,
            undeliverable=v["bounced_at"] is not None,
            bounce_reason=v["bounce_reason"],
        )
        for v in values[:PAGE_SIZE]
    ]
    return result, more


def invitation_in(questionnaire: Questionnaire, pk: int) -> Invitation:
    """An invitation of this questionnaire (404 otherwise)."""
    invitation = (
        Invitation.objects.filter(questionnaire=questionnaire, pk=pk)
        .select_related("questionnaire__measurement")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def registry_choices(
    questionnaire: Questionnaire,
) -> tuple[QuerySet[Party], QuerySet[Unit], QuerySet[Municipality]]:
    """The association's parties, units and municipalities for the add-by-hand form."""
    association_id = questionnaire.measurement.association_id
    return (
        Party.objects.filter(association_id=association_id).order_by("name"),
        Unit.objects.filter(party__association_id=association_id)
        .select_related("party")
        .order_by("party__name", "name"),
        Municipality.objects.filter(association_id=association_id).order_by("name"),
    )


def mailings_of(questionnaire: Questionnaire) -> list[Mailing]:
    return list(Mailing.objects.filter(questionnaire=questionnaire).order_by("-created_at"))


def uncertain_list(questionnaire: Questionnaire, *, limit: int = 200) -> list[str]:
    """E-mail addresses whose sending is uncertain (claimed, not known to be sent)."""
    return list(
        uncertain(questionnaire=questionnaire)
        .order_by("email")
        .values_list("email", flat=True)[:limit]
    )


def uncertain_count(questionnaire: Questionnaire) -> int:
    return uncertain(questionnaire=questionnaire).count()


def undeliverable_list(questionnaire: Questionnaire, *, limit: int = 500) -> list[Invitation]:
    return list(
        Invitation.objects.filter(questionnaire=questionnaire, bounced_at__isnull=False)
        .only("pk", "email", "name", "bounced_at", "bounce_reason", "questionnaire_id")
        .order_by("email")[:limit]
    )
