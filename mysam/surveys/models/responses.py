"""The anonymous answers.

A `Response` is one submitted questionnaire; its `Answer` rows hold the values. Neither
refers to an invitation, neither has a time finer than the date, and both have random
primary keys, so that neither a column nor the order of ids links an answer to a person.
A test inspects the schema and the rows to keep it so.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import CooperationGroup, Municipality, Party, Unit
from mysam.surveys.models.measurements import Question, Questionnaire


def random_id() -> int:
    """A random positive 63-bit primary key: ids say nothing about the order of answers."""
    return secrets.randbits(62) + 1


class ResponseStatus(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    SCREENED_OUT = "screened_out", _("Screened out")
    INCOMPLETE = "incomplete", _("Incomplete")


class Response(models.Model):
    """One respondent's submitted questionnaire."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_on = models.DateField(_("submitted"))
    status = models.CharField(_("status"), max_length=20, choices=ResponseStatus.choices)
    # The sample-frame attributes copied from the invitation at submit time (empty for the
    # open link and for imports that lack them). They are what results are broken down by.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_imported = models.BooleanField(_("imported from another tool"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["questionnaire", "status"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.submitted_on}"


class Answer(models.Model):
    """One value given to one question (per area for a per-area block).

    `value` is the 1-based step of a scale, yes/no (1 = Ja, 2 = Nej) or choice, or the
    number; a multiple choice stores one row per chosen option; an area choice stores one
    row per chosen area in `area_municipality` / `area_group`. "Vet ej" is `dont_know`
    with no value: it is never a valid answer.
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    area_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area_group = models.ForeignKey(
        CooperationGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.IntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
