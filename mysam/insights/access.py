"""Who reads the results of a measurement.

The office (admin) and the board read the results of every measurement of their
association, also while it is open (to follow it). Other signed-in members of the
association read the results of CLOSED measurements only — results are anonymous and small
groups are suppressed, so publishing them inside the association is safe, but figures of a
measurement still collecting answers would change under the reader and could be matched
against who has answered so far. An open or draft measurement answers 403 to them. Another
association's measurement answers 404 whatever the role (so does a user with no role).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.organisation.access import scope
from mysam.surveys.models import Measurement, MeasurementStatus, Question, Questionnaire


def may_read_results(actor: Actor, measurement: Measurement) -> bool:
    """Whether the actor may read a measurement of their own association's results."""
    if actor.reads_everything:
        return True
    return actor.has_association and measurement.status == MeasurementStatus.CLOSED


def _check(actor: Actor, measurement: Measurement) -> None:
    if not may_read_results(actor, measurement):
        raise PermissionDenied


def get_measurement_results_for_user(actor: Actor, pk: int) -> Measurement:
    """A measurement whose results the actor may read: 404 for another association's,
    403 for a member when it is not closed."""
    association = scope(actor)
    try:
        measurement = Measurement.objects.select_related("association", "previous").get(
            pk=pk, association_id=association
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _check(actor, measurement)
    return measurement


def get_questionnaire_results_for_user(actor: Actor, pk: int) -> Questionnaire:
    """A questionnaire (with its measurement) whose results the actor may read."""
    association = scope(actor)
    try:
        questionnaire = Questionnaire.objects.select_related("measurement__association").get(
            pk=pk, measurement__association_id=association
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _check(actor, questionnaire.measurement)
    return questionnaire


def get_question_results_for_user(actor: Actor, pk: int) -> Question:
    """A question (with item, questionnaire and measurement) whose results the actor may
    read."""
    association = scope(actor)
    try:
        question = Question.objects.select_related(
            "item", "section", "questionnaire__measurement__association"
        ).get(pk=pk, questionnaire__measurement__association_id=association)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _check(actor, question.questionnaire.measurement)
    return question
