"""The meetings demo: a year of meetings per group and the Hofors meeting of seed 003."""

from __future__ import annotations

import datetime
import re

import pytest

from mysam.meetings import demo as meetings_demo
from mysam.meetings import models
from mysam.organisation import demo
from mysam.organisation.tests.test_demo import REAL, REAL_SURNAMES, _fold

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def built(db):
    result = demo.demo_build()
    try:
        from mysam.plans import demo as plans_demo
    except ImportError:  # pragma: no cover
        pass
    else:
        plans_demo.plans_demo_build(result.gavleborg)
    meetings = meetings_demo.meetings_demo_build(result.gavleborg, today=TODAY)
    return result.gavleborg, meetings


class TestMeetingsDemo:
    def test_it_gives_every_group_a_year_and_the_coming_half_year(self, built):
        association, meetings = built
        assert len(meetings) == models.Meeting.objects.count()
        for group in association.groups.all():
            days = [m.date for m in meetings if m.group_id == group.pk]
            past = [d for d in days if d < TODAY]
            coming = [d for d in days if d >= TODAY]
            assert len(past) >= 4, group.name
            assert len(coming) >= 2, group.name
            assert min(days) >= TODAY - datetime.timedelta(days=365)
            assert max(days) <= TODAY + datetime.timedelta(days=183)
        rules = set(models.MeetingSeries.objects.values_list("rule", flat=True))
        assert rules == {models.SeriesRule.EVERY_N_WEEKS, models.SeriesRule.DATES}
        assert models.Meeting.objects.filter(status=models.MeetingStatus.CANCELLED).exists()
        assert models.Meeting.objects.filter(is_exception=True).count() >= 2
        # Past meetings have attendance and minutes in every state.
        held = [m for m in meetings if m.date < TODAY]
        assert models.Minutes.objects.count() == len(held)
        assert all(m.agenda_items.exists() for m in meetings)
        statuses = set(models.Minutes.objects.values_list("status", flat=True))
        assert statuses == {"draft", "ready", "approved"}
        attendance = models.Attendance.objects.all()
        present = attendance.filter(status="present").count()
        assert present > 2 * attendance.filter(status="absent").count()
        assert attendance.filter(replaces__isnull=False).count() >= 3
        coordinator = association.people.get(title="Mysam-koordinator")
        # The coordinator comes to (nearly) every meeting: as a guest, or as a member of
        # the groups she sits in.
        assert attendance.filter(person=coordinator, is_guest=True).count() >= len(held) // 2
        assert attendance.filter(person=coordinator).count() >= len(held) - 2
        approved = models.Minutes.objects.filter(status="approved")
        assert approved.filter(approved_at_meeting__isnull=False).exists()
        assert models.MinutesChecker.objects.filter(confirmed_at__isnull=False).exists()
        # Action items: done, open, overdue, and tied to the groups' 2026 plans.
        items = models.ActionItem.objects.all()
        assert items.filter(status="done").exists()
        assert items.filter(status="open", due_date__lt=TODAY).exists()
        assert items.filter(status="open", due_date__gte=TODAY).exists()
        assert items.filter(plan_activity_lineage__isnull=False).exists()
        assert models.Decision.objects.exists()

    def test_it_rebuilds_the_hofors_meeting_of_seed_003_with_invented_names(self, built):
        meeting = models.Meeting.objects.get(
            group__name="Mysam Hofors", starts_at__date=datetime.date(2026, 3, 23)
        )
        assert meeting.location == "Teams"
        start = meeting.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        assert (start.hour, start.minute) == (13, 0)
        assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)
        titles = list(meeting.agenda_items.values_list("title", flat=True))
        assert len(titles) == 9
        assert titles[0] == "Välkommen" and titles[3] == "Projekt Trygg Ung"
        assert titles[8] == "Övrigt"
        notes = {
            n.agenda_item.order: n.body for n in meeting.minutes.notes.select_related("agenda_item")
        }
        assert "Godkänns" in notes[2] and "Godkänns" in notes[3]
        assert "aktivitetskrav" in notes[5].lower()
        assert meeting.minutes.status == "approved"
        present = meeting.attendance.filter(status="present")
        assert present.count() == 8
        assert meeting.attendance.filter(status="absent").count() == 5
        substitute = present.get(replaces__isnull=False)
        assert meeting.attendance.get(person=substitute.replaces).status == "absent"
        self._assert_no_real_names()

    def _assert_no_real_names(self):
        texts = []
        texts += list(models.MinutesNote.objects.values_list("body", flat=True))
        texts += list(models.Decision.objects.values_list("text", flat=True))
        texts += list(models.ActionItem.objects.values_list("text", flat=True))
        texts += list(models.Minutes.objects.values_list("signed_by", flat=True))
        texts += list(models.Minutes.objects.values_list("search_text", flat=True))
        texts += list(models.Attendance.objects.values_list("role_label", flat=True))
        texts += [a.person.full_name for a in models.Attendance.objects.select_related("person")]
        blob = _fold("\n".join(texts))
        for name in REAL:
            assert _fold(name) not in blob, name
        for surname in REAL_SURNAMES:
            assert not re.search(rf"\b{re.escape(_fold(surname))}\b", blob), surname

    def test_it_is_deterministic_and_refuses_to_run_twice(self, built):
        association, meetings = built
        with pytest.raises(ValueError):
            meetings_demo.meetings_demo_build(association, today=TODAY)
        first = [
            (m.group.name, m.date, m.attendance.count(), m.agenda_items.count()) for m in meetings
        ]
        meetings_demo.meetings_demo_remove()
        assert not models.Meeting.objects.exists()
        again = meetings_demo.meetings_demo_build(association, today=TODAY)
        assert [
            (m.group.name, m.date, m.attendance.count(), m.agenda_items.count()) for m in again
        ] == first
