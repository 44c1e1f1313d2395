"""The surveys demo: three measurements with samples and generated answers."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from mysam.organisation import demo as org_demo
from mysam.surveys import demo
from mysam.surveys.models import (
    Answer,
    Audience,
    Invitation,
    InvitationStatus,
    Measurement,
    MeasurementStatus,
    Response,
    ResponseStatus,
)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        result = org_demo.demo_build()
        started = time.perf_counter()
        summary = demo.build(result.gavleborg)
        seconds = time.perf_counter() - started
        yield result.gavleborg, summary, seconds
        demo.remove()
        org_demo.demo_remove()


@pytest.mark.django_db
class TestSurveysDemo:
    def test_it_builds_three_measurements_in_order(self, built) -> None:  # type: ignore[no-untyped-def]
        association, summary, _seconds = built
        measurements = {m.name: m for m in Measurement.objects.filter(association=association)}
        assert set(measurements) == set(demo.NAMES)
        baseline = measurements[demo.BASELINE]
        assert baseline.status == MeasurementStatus.CLOSED
        assert measurements[demo.FOLLOW_UP].previous == baseline
        assert measurements[demo.FOLLOW_UP].status == MeasurementStatus.CLOSED
        assert measurements[demo.CURRENT].status == MeasurementStatus.OPEN
        assert "Baslinjemätning 2016" in summary
        for measurement in measurements.values():
            audiences = set(measurement.questionnaires.values_list("audience", flat=True))
            assert audiences == {Audience.MANAGERS, Audience.STAFF}

    def test_the_baseline_sample_and_answers_have_the_reports_size(self, built) -> None:  # type: ignore[no-untyped-def]
        staff = Invitation.objects.filter(
            questionnaire__measurement__name=demo.BASELINE,
            questionnaire__audience=Audience.STAFF,
        )
        assert staff.count() == 1164
        statuses = dict(staff.values_list("status").annotate(n=Count("pk")))
        assert statuses[InvitationStatus.EXCLUDED] == 15
        assert not staff.filter(status=InvitationStatus.EXCLUDED, excluded_reason="").exists()
        answered = statuses[InvitationStatus.ANSWERED] + statuses[InvitationStatus.SCREENED_OUT]
        assert answered == 817
        assert 100 <= statuses[InvitationStatus.SCREENED_OUT] <= 200
        assert statuses.get(InvitationStatus.STARTED, 0) > 0
        assert statuses[InvitationStatus.INVITED] > 250
        responses = Response.objects.filter(
            questionnaire__measurement__name=demo.BASELINE,
            questionnaire__audience=Audience.STAFF,
        )
        by_status = dict(responses.values_list("status").annotate(n=Count("pk")))
        assert by_status[ResponseStatus.SCREENED_OUT] == statuses[InvitationStatus.SCREENED_OUT]
        assert by_status[ResponseStatus.COMPLETE] == statuses[InvitationStatus.ANSWERED]
        assert not responses.filter(party__isnull=True).exists()
        # Some answer the climate questions for several municipalities.
        per_area = Answer.objects.filter(
            response__in=responses,
            question__item__code="lyssnar",
        )
        assert per_area.filter(area_municipality__isnull=True).count() == 0
        several = per_area.values("response").annotate(n=Count("pk")).filter(n__gt=1).count()
        assert 30 <= several <= 150
        assert all(i.email.endswith("@exempel.example") for i in staff[:50])

    def test_the_managers_answer_per_group(self, built) -> None:  # type: ignore[no-untyped-def]
        responses = Response.objects.filter(
            questionnaire__measurement__name=demo.BASELINE,
            questionnaire__audience=Audience.MANAGERS,
        )
        assert 45 <= responses.count() <= 55
        per_group = Answer.objects.filter(response__in=responses, question__item__code="lyssnar")
        assert per_group.count() > 0
        assert not per_group.filter(area_group__isnull=True).exists()

    def test_the_follow_up_answers_are_better_and_the_current_one_has_a_few(self, built) -> None:  # type: ignore[no-untyped-def]
        def high_share(name: str) -> float:
            answers = Answer.objects.filter(
                response__questionnaire__measurement__name=name,
                question__item__code="lyssnar",
                value__isnull=False,
            )
            return answers.filter(value__gte=4).count() / answers.count()

        assert high_share(demo.FOLLOW_UP) > high_share(demo.BASELINE)
        current = Response.objects.filter(questionnaire__measurement__name=demo.CURRENT)
        assert 20 <= current.count() <= 100

    def test_it_is_fast(self, built) -> None:  # type: ignore[no-untyped-def]
        # Not a timing assertion on the machine's speed: a guard against per-row queries,
        # with ample headroom over the ~5 s it takes.
        _association, _summary, seconds = built
        assert seconds < 60

    def test_remove_deletes_it_all(self, built) -> None:  # type: ignore[no-untyped-def]
        association, _summary, _seconds = built
        demo.remove()
        assert not Measurement.objects.filter(association=association).exists()
        assert not Response.objects.exists() and not Invitation.objects.exists()
        assert not Answer.objects.exists()
        demo.build(association)  # leave it as the fixture expects for its teardown
