"""Permission-scoped lookups for measurements (the office side of the surveys).

Who may read: the office (admin) and the board: every measurement, questionnaire, item,
mailing and the response rates of the association. Who may write (item bank, building
questionnaires, samples, invitations, opening and closing): the office only. Other members
of the association get 403; another association's rows answer 404. Respondents never come
through here: they reach their questionnaire by the token in their link.

Results of a measurement (mysam.insights) have their own rules there.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.organisation.access import scope
from mysam.organisation.models import Association
from mysam.surveys.models import Item, Mailing, Measurement, Question, Questionnaire, Section

M = TypeVar("M", bound=Model)


def require_surveys_reader(actor: Actor) -> Association:
    """The actor's association if they may read its measurements (office or board);
    404 without an association, 403 for other roles."""
    scope(actor)
    if not actor.reads_everything or actor.association is None:
        raise PermissionDenied
    return actor.association


def require_surveys_admin(actor: Actor) -> Association:
    """The actor's association if they run its measurements (the office); 403 otherwise."""
    association = require_surveys_reader(actor)
    if not actor.is_admin:
        raise PermissionDenied
    return association


def _get(queryset: QuerySet[M], pk: int, actor: Actor, *, write: bool) -> M:
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    require_surveys_reader(actor)
    if write and not actor.is_admin:
        raise PermissionDenied
    return obj


def _scoped(queryset: QuerySet[M], path: str, actor: Actor) -> QuerySet[M]:
    # 404 before 403: another association's row must look as if it did not exist, whatever
    # the actor's role; scope() raises 404 when the actor works in no association.
    return queryset.filter(**{path: scope(actor)})


def get_item_for_user(actor: Actor, pk: int, *, write: bool = False) -> Item:
    """An item of the association's bank. Changing one needs the office; a locked item's
    wording and scale cannot be changed at all (the services refuse it)."""
    items = _scoped(Item.objects.all(), "association_id", actor)
    return _get(items, pk, actor, write=write)


def get_measurement_for_user(actor: Actor, pk: int, *, write: bool = False) -> Measurement:
    """A measurement of the actor's association (office and board read; office writes)."""
    measurements = _scoped(Measurement.objects.all(), "association_id", actor)
    return _get(measurements, pk, actor, write=write)


def get_questionnaire_for_user(actor: Actor, pk: int, *, write: bool = False) -> Questionnaire:
    """A questionnaire with its measurement (office and board read; office writes)."""
    questionnaires = _scoped(
        Questionnaire.objects.select_related("measurement"), "measurement__association_id", actor
    )
    return _get(questionnaires, pk, actor, write=write)


def get_section_for_user(actor: Actor, pk: int, *, write: bool = False) -> Section:
    """A section with its questionnaire and measurement."""
    sections = _scoped(
        Section.objects.select_related("questionnaire__measurement"),
        "questionnaire__measurement__association_id",
        actor,
    )
    return _get(sections, pk, actor, write=write)


def get_question_for_user(actor: Actor, pk: int, *, write: bool = False) -> Question:
    """A question with its item, section, questionnaire and measurement."""
    questions = _scoped(
        Question.objects.select_related("item", "section", "questionnaire__measurement"),
        "questionnaire__measurement__association_id",
        actor,
    )
    return _get(questions, pk, actor, write=write)


def get_mailing_for_user(actor: Actor, pk: int, *, write: bool = False) -> Mailing:
    """A send-out of invitations or reminders with its questionnaire."""
    mailings = _scoped(
        Mailing.objects.select_related("questionnaire__measurement"),
        "questionnaire__measurement__association_id",
        actor,
    )
    return _get(mailings, pk, actor, write=write)
