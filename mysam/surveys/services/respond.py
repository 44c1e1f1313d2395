"""Writes for answering: saving a draft and submitting an answer.

Anonymity (ARCHITECTURE.md): the `Response` and its `Answer` rows get random ids and only
the date; they never refer to the invitation. Submitting marks the invitation answered
(or screened out) and stores the answer in ONE transaction, with the invitation row locked,
so that a double click or a second tab stores one answer.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.surveys import engine
from mysam.surveys.models import (
    Answer,
    Draft,
    Invitation,
    InvitationStatus,
    Questionnaire,
    Response,
    ResponseStatus,
)
from mysam.surveys.selectors.respond import OPEN, availability


class AlreadyAnswered(Exception):
    """The link's answer has already been submitted; nothing was stored."""


def _check_open(questionnaire: Questionnaire, today: datetime.date) -> None:
    if availability(questionnaire.measurement, today) != OPEN:
        raise ValidationError(_("The questionnaire is not open for answers."))


@transaction.atomic
def draft_save(
    *,
    questionnaire: Questionnaire,
    token_hash: str,
    answers: engine.Answers,
    page: int,
    invitation: Invitation | None = None,
) -> Draft:
    """Save the answers so far to continue later from the same link. A personal link's
    invitation becomes "started". Refuses when the questionnaire is not open or the
    invitation has already answered or was excluded."""
    _check_open(questionnaire, timezone.localdate())
    if invitation is not None:
        # Lock, so that a save racing a submit cannot bring back a deleted draft.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status in (InvitationStatus.ANSWERED, InvitationStatus.SCREENED_OUT):
            raise AlreadyAnswered
        if invitation.status == InvitationStatus.EXCLUDED:
            raise ValidationError(_("This invitation is no longer part of the survey."))
        if invitation.status == InvitationStatus.INVITED:
            invitation.status = InvitationStatus.STARTED
            invitation.save(update_fields=["status"])
    draft, _created = Draft.objects.update_or_create(
        token_hash=token_hash,
        defaults={
            "questionnaire": questionnaire,
            "data": engine.answers_to_json(answers),
            "page": page,
        },
    )
    return draft


def answer_rows(*, response: Response, slot: engine.Slot, given: engine.Given) -> list[Answer]:
    """The Answer rows (not saved) for one slot's answer: one per chosen option or area,
    "Vet ej" as dont_know without a value, the comment on the first row."""
    item = slot.question.item
    area_fields: dict[str, int | None] = {}
    if slot.area is not None:
        name = "area_municipality_id" if slot.area.kind == engine.MUNICIPALITY else "area_group_id"
        area_fields[name] = slot.area.pk

    def row(**fields: object) -> Answer:
        return Answer(response=response, question_id=slot.question.pk, **area_fields, **fields)

    rows: list[Answer] = []
    if given.dont_know:
        rows.append(row(dont_know=True))
    elif item.is_area_choice:
        name = "area_municipality_id" if item.kind == "municipalities" else "area_group_id"
        rows.extend(row(**{name: pk}) for pk in given.values)
    elif item.kind == "free_text":
        if given.text.strip():
            rows.append(row(text=given.text.strip()))
    else:
        rows.extend(row(value=value) for value in given.values)
    comment = given.comment.strip()
    if comment:
        if rows:
            rows[0].comment = comment
        else:
            rows.append(row(comment=comment))
    return rows


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    structure: engine.Structure,
    answers: engine.Answers,
    invitation: Invitation | None = None,
    draft_token_hash: str = "",
    today: datetime.date | None = None,
) -> Response:
    """Store a submitted questionnaire: a Response with the answers of the questions that
    are shown for these answers, the invitation's sample-frame attributes copied (none for
    the open link), status screened out when a screening answer ended it; mark the
    invitation answered or screened out with the date only; delete the draft.

    Refuses (AlreadyAnswered) a second submit of the same link, and (ValidationError) a
    closed questionnaire, an excluded invitation or a required question left unanswered.
    """
    today = today or timezone.localdate()
    _check_open(questionnaire, today)
    if invitation is not None:
        # The lock serialises two submits of the same link (double click, two tabs): the
        # second waits here, then sees the status the first one set.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status in (InvitationStatus.ANSWERED, InvitationStatus.SCREENED_OUT):
            raise AlreadyAnswered
        if invitation.status == InvitationStatus.EXCLUDED:
            raise ValidationError(_("This invitation is no longer part of the survey."))
    screened_out = engine.is_screened_out(structure, answers)
    if not screened_out:
        for page in engine.pages(structure, answers):
            if engine.missing_required(page, answers):
                raise ValidationError(_("Some required questions have not been answered."))
    response = Response.objects.create(
        questionnaire=questionnaire,
        submitted_on=today,
        status=ResponseStatus.SCREENED_OUT if screened_out else ResponseStatus.COMPLETE,
        party_id=invitation.party_id if invitation else None,
        unit_id=invitation.unit_id if invitation else None,
        municipality_id=invitation.municipality_id if invitation else None,
    )
    rows: list[Answer] = []
    for slot, given in engine.visible_answers(structure, answers):
        rows.extend(answer_rows(response=response, slot=slot, given=given))
    Answer.objects.bulk_create(rows)
    if invitation is not None:
        invitation.status = (
            InvitationStatus.SCREENED_OUT if screened_out else InvitationStatus.ANSWERED
        )
        invitation.answered_on = today
        invitation.save(update_fields=["status", "answered_on"])
    if draft_token_hash:
        Draft.objects.filter(token_hash=draft_token_hash).delete()
    return response
