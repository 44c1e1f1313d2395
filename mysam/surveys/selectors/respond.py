"""Reads for answering: a link's invitation or open questionnaire, the questionnaire's
structure for the engine, and a saved draft.

Respondents have no account: a personal link is found by the hash of its token, the open
link by the questionnaire's open-link token. An unknown token is a 404.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from mysam.organisation.models import CooperationGroup, FormSubmission, Municipality
from mysam.surveys import engine
from mysam.surveys.models import (
    Draft,
    Invitation,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Section,
)
from mysam.surveys.tokens import hash_token

OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"


def invitation_for_token(token: str) -> Invitation:
    """The invitation of a personal link with its questionnaire and measurement; 404 for
    an unknown token (only the token's hash is stored)."""
    try:
        return Invitation.objects.select_related("questionnaire__measurement").get(
            token_hash=hash_token(token)
        )
    except Invitation.DoesNotExist:
        raise Http404("unknown token") from None


def questionnaire_for_open_token(token: str) -> Questionnaire:
    """The questionnaire whose open link (without personal tokens) this is; 404 otherwise."""
    if not token:
        raise Http404("unknown token")
    try:
        return Questionnaire.objects.select_related("measurement").get(open_link_token=token)
    except Questionnaire.DoesNotExist:
        raise Http404("unknown token") from None


def availability(measurement: Measurement, today: datetime.date | None = None) -> str:
    """OPEN when answers are taken today; NOT_YET_OPEN before the opening date or while the
    measurement is being prepared; CLOSED after the closing date or when closed."""
    today = today or timezone.localdate()
    if measurement.status == MeasurementStatus.CLOSED:
        return CLOSED
    if measurement.closes_on is not None and today > measurement.closes_on:
        return CLOSED
    if measurement.status != MeasurementStatus.OPEN:
        return NOT_YET_OPEN
    if measurement.opens_on is not None and today < measurement.opens_on:
        return NOT_YET_OPEN
    return OPEN


# A questionnaire's structure cannot change once its measurement is open (the builder
# refuses changes outside "being prepared"), so each process keeps it for a minute: a
# respondent's page then costs no structure queries. The areas (municipalities, groups)
# may be renamed meanwhile; a minute's delay is harmless.
_CACHE_SECONDS = 60.0
_cache: dict[tuple[int, datetime.datetime], tuple[float, engine.Structure]] = {}


def structure_for(questionnaire: Questionnaire) -> engine.Structure:
    """The questionnaire read once for the engine: sections, questions with their items,
    and the municipalities and active groups of the association (the areas to choose).
    Four queries whatever the size; none for a questionnaire that is no longer being
    prepared and was read by this process in the last minute."""
    if questionnaire.measurement.status == MeasurementStatus.DRAFT:
        return _structure(questionnaire)
    # Keyed with the measurement's last change, so a reopened or rebuilt one is read again.
    key = (questionnaire.pk, questionnaire.measurement.updated_at)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    structure = _structure(questionnaire)
    if len(_cache) > 200:
        _cache.clear()
    _cache[key] = (now + _CACHE_SECONDS, structure)
    return structure


def _structure(questionnaire: Questionnaire) -> engine.Structure:
    questions = Question.objects.select_related("item").order_by("position", "pk")
    sections = list(
        Section.objects.filter(questionnaire=questionnaire)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    association_id = questionnaire.measurement.association_id
    municipalities = tuple(
        engine.Area(engine.MUNICIPALITY, pk, name)
        for pk, name in Municipality.objects.filter(association_id=association_id)
        .order_by("name")
        .values_list("pk", "name")
    )
    groups = tuple(
        engine.Area(engine.GROUP, pk, name)
        for pk, name in CooperationGroup.objects.filter(
            association_id=association_id, is_active=True
        )
        .order_by("name")
        .values_list("pk", "name")
    )
    specs = []
    for section in sections:
        specs.append(
            engine.SectionSpec(
                pk=section.pk,
                title=section.title,
                introduction=section.introduction,
                repeat_for=section.repeat_for_id,
                questions=tuple(_question_spec(q) for q in section.questions.all()),
            )
        )
    return engine.Structure(
        title=questionnaire.title,
        introduction=questionnaire.introduction,
        sections=tuple(specs),
        municipalities=municipalities,
        groups=groups,
    )


def _question_spec(question: Question) -> engine.QuestionSpec:
    item = question.item
    return engine.QuestionSpec(
        pk=question.pk,
        section_pk=question.section_id,
        item=engine.ItemSpec(
            kind=item.kind,
            text=item.text,
            help_text=item.help_text,
            options=tuple(str(o) for o in item.options or ()),
            allows_dont_know=item.allows_dont_know,
            has_comment=item.has_comment,
            comment_label=item.comment_label,
        ),
        required=question.required,
        shown_if_question=question.shown_if_question_id,
        shown_if_values=tuple(int(v) for v in question.shown_if_values or ()),
        screens_out_values=tuple(int(v) for v in question.screens_out_values or ()),
    )


@dataclass(frozen=True)
class SavedDraft:
    answers: engine.Answers
    page: int


def draft_for(*, questionnaire: Questionnaire, token_hash: str) -> SavedDraft | None:
    """The answers saved under a link's token hash, if any."""
    draft = Draft.objects.filter(questionnaire=questionnaire, token_hash=token_hash).first()
    if draft is None:
        return None
    return SavedDraft(engine.answers_from_json(draft.data), draft.page)


def form_token_used(token: str) -> bool:
    """Whether a page form with this one-time token has already been submitted."""
    return bool(token) and FormSubmission.objects.filter(token=token).exists()
