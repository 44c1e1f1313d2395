"""The agenda: from the association's template, items added, proposed, decided and moved
with the keyboard buttons, offered items (open action items, the plan follow-up),
attachments, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mysam.conftest import page_problems, signed_in_context
from mysam.meetings import models as m
from mysam.meetings.defaults import DEFAULT_ITEMS, agenda_template_create_default
from mysam.meetings.services.agenda import agenda_from_template, agenda_item_add
from mysam.meetings.tests.factories import make_meeting, make_minutes

pytestmark = pytest.mark.django_db


def _titles(meeting: m.Meeting, status: str = m.AgendaItemStatus.ACCEPTED) -> list[str]:
    return list(
        meeting.agenda_items.filter(status=status).order_by("order").values_list("title", flat=True)
    )


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


class TestTemplate:
    def test_it_builds_the_agenda_from_the_default_template(self, world):  # type: ignore[no-untyped-def]
        template = agenda_template_create_default(association=world.association)
        assert agenda_template_create_default(association=world.association) == template
        assert template.items.count() == len(DEFAULT_ITEMS)
        meeting = make_meeting(world.group, with_agenda=False)
        agenda_from_template(meeting=meeting)
        titles = _titles(meeting)
        assert titles[:3] == ["Välkommen", "Dagordning", "Föregående minnesanteckningar"]
        assert titles[-1] == "Övrigt"
        assert "Uppföljning av handlingsplanen" in titles

    def test_it_adds_nothing_without_a_template(self, world):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group, with_agenda=False)
        assert agenda_from_template(meeting=meeting) == []

    def test_the_office_creates_and_edits_the_template(self, world, clients):  # type: ignore[no-untyped-def]
        url = reverse("meetings:agenda_template")
        assert clients["admin"].get(url).status_code == 200
        assert (
            clients["member"].post(reverse("meetings:agenda_template_create_default")).status_code
            == 403
        )
        clients["admin"].post(reverse("meetings:agenda_template_create_default"))
        response = clients["member"].get(url)
        assert response.status_code == 200
        assert "Samordningsförbundet informerar" in response.content.decode()
        edit = reverse("meetings:agenda_template_edit")
        assert clients["convener"].get(edit).status_code == 403
        assert clients["admin"].get(edit).status_code == 200
        n = len(DEFAULT_ITEMS)
        data = {
            "name": "Ny mall",
            "items-TOTAL_FORMS": str(n + 1),
            "items-INITIAL_FORMS": str(n),
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        }
        for i, (title, kind, minutes) in enumerate(DEFAULT_ITEMS):
            data |= {
                f"items-{i}-title": title,
                f"items-{i}-kind": kind,
                f"items-{i}-estimated_minutes": str(minutes),
                f"items-{i}-position": str(i + 1),
            }
        data["items-0-position"] = "4"  # Välkommen after Föregående minnesanteckningar
        data["items-3-remove"] = "on"  # Trisam
        data |= {
            f"items-{n}-title": "Nyheter",
            f"items-{n}-kind": "topic",
            f"items-{n}-position": "99",
        }
        response = clients["admin"].post(edit, data)
        assert response.status_code == 302
        template = m.AgendaTemplate.objects.get(association=world.association, is_current=True)
        titles = list(template.items.order_by("order").values_list("title", flat=True))
        assert template.name == "Ny mall"
        assert titles[:3] == ["Dagordning", "Föregående minnesanteckningar", "Välkommen"]
        assert "Trisam" not in titles
        assert titles[-1] == "Nyheter"


class TestAgendaItems:
    def test_the_convener_adds_an_item_before_any_other_business(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        url = reverse("meetings:agenda_item_add", args=[meeting.pk])
        page = clients["convener"].get(url)
        token = page.context["form"]["form_token"].value()
        data = {
            "title": "Projekt Trygg Ung",
            "presenter": "Johanna",
            "estimated_minutes": "20",
            "form_token": token,
        }
        assert clients["convener"].post(url, data).status_code == 302
        assert clients["convener"].post(url, data).status_code == 302  # a double submit
        titles = _titles(meeting)
        assert titles.count("Projekt Trygg Ung") == 1
        assert titles[-2:] == ["Projekt Trygg Ung", "Övrigt"]

    def test_the_keyboard_buttons_move_an_item_and_keep_the_order_consistent(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        trisam = meeting.agenda_items.get(title="Trisam")
        move = reverse("meetings:agenda_item_move", args=[trisam.pk])
        response = clients["convener"].post(move, {"direction": "up"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#item-{trisam.pk}")
        titles = _titles(meeting)
        assert titles.index("Trisam") == 2
        assert titles.index("Föregående minnesanteckningar") == 3
        clients["convener"].post(move, {"direction": "down"})
        clients["convener"].post(move, {"direction": "down"})
        assert _titles(meeting).index("Trisam") == 4
        orders = list(meeting.agenda_items.order_by("order").values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1))
        # The first item cannot go further up: nothing changes.
        first = meeting.agenda_items.get(title="Välkommen")
        clients["convener"].post(
            reverse("meetings:agenda_item_move", args=[first.pk]), {"direction": "up"}
        )
        assert _titles(meeting)[0] == "Välkommen"

    def test_with_htmx_the_list_is_rerendered_and_the_new_position_announced(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        trisam = meeting.agenda_items.get(title="Trisam")
        response = clients["convener"].post(
            reverse("meetings:agenda_item_move", args=[trisam.pk]),
            {"direction": "down"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="agenda-items"' in html
        assert f'id="move-down-{trisam.pk}"' in html
        assert 'id="agenda-announce"' in html and "hx-swap-oob" in html
        assert "5" in html.split('id="agenda-announce"')[1]

    def test_members_propose_and_the_convener_accepts_or_declines(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        url = reverse("meetings:agenda_item_propose", args=[meeting.pk])
        for title in ("Aktivitetskravet", "Fikaschema"):
            token = clients["member"].get(url).context["form"]["form_token"].value()
            assert (
                clients["member"].post(url, {"title": title, "form_token": token}).status_code
                == 302
            )
        assert _titles(meeting, m.AgendaItemStatus.PROPOSED) == ["Aktivitetskravet", "Fikaschema"]
        page = clients["convener"].get(reverse("meetings:agenda", args=[meeting.pk]))
        assert "Aktivitetskravet" in page.content.decode()
        first = meeting.agenda_items.get(title="Aktivitetskravet")
        second = meeting.agenda_items.get(title="Fikaschema")
        decide = "meetings:agenda_item_decide"
        assert (
            clients["member"]
            .post(reverse(decide, args=[first.pk]), {"decision": "accept"})
            .status_code
            == 403
        )
        clients["convener"].post(reverse(decide, args=[first.pk]), {"decision": "accept"})
        clients["convener"].post(reverse(decide, args=[second.pk]), {"decision": "decline"})
        titles = _titles(meeting)
        assert titles[-2:] == ["Aktivitetskravet", "Övrigt"]
        assert _titles(meeting, m.AgendaItemStatus.DECLINED) == ["Fikaschema"]

    def test_the_convener_edits_and_removes_an_item(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        item = meeting.agenda_items.get(title="Statistik")
        edit = reverse("meetings:agenda_item_edit", args=[item.pk])
        clients["convener"].post(edit, {"title": "Statistik Power BI", "estimated_minutes": "15"})
        item.refresh_from_db()
        assert (item.title, item.estimated_minutes) == ("Statistik Power BI", 15)
        clients["convener"].post(reverse("meetings:agenda_item_delete", args=[item.pk]))
        assert "Statistik Power BI" not in _titles(meeting)
        orders = list(meeting.agenda_items.order_by("order").values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1))

    def test_the_page_shows_numbers_total_and_running_clock(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group, start=datetime.time(13, 0))
        meeting.agenda_items.filter(title="Välkommen").update(estimated_minutes=5)
        meeting.agenda_items.filter(title="Dagordning").update(
            estimated_minutes=10, presenter="Sören"
        )
        html = clients["member"].get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
        assert "1. Välkommen" in html and "7. Övrigt" in html
        assert "13:05" in html and "13:15" in html  # Dagordning starts 13:05, then 13:15
        assert "15" in html and "Sören" in html


class TestOffered:
    def test_open_action_items_of_earlier_minutes_are_offered_and_added(self, world, clients):  # type: ignore[no-untyped-def]
        earlier = make_meeting(world.group, day=datetime.date(2026, 2, 9))
        minutes = make_minutes(earlier, status=m.MinutesStatus.APPROVED)
        action = m.ActionItem.objects.create(
            minutes=minutes,
            text="Ta fram statistik för Trisam",
            responsible=world.people["member"],
            due_date=datetime.date(2026, 3, 20),
        )
        m.ActionItem.objects.create(
            minutes=minutes,
            text="Klar sedan länge",
            responsible=world.people["member"],
            due_date=datetime.date(2026, 3, 1),
            status=m.ActionItemStatus.DONE,
        )
        meeting = make_meeting(world.group)
        url = reverse("meetings:agenda", args=[meeting.pk])
        html = clients["convener"].get(url).content.decode()
        assert "Ta fram statistik för Trisam" in html
        assert "Klar sedan länge" not in html
        offered = reverse("meetings:agenda_item_add_offered", args=[meeting.pk])
        assert clients["member"].post(offered, {"offer": f"action-{action.pk}"}).status_code == 403
        clients["convener"].post(offered, {"offer": f"action-{action.pk}"})
        item = meeting.agenda_items.get(action_item=action)
        assert item.kind == m.AgendaItemKind.ACTION_ITEMS
        # Offered once only.
        assert f'value="action-{action.pk}"' not in clients["convener"].get(url).content.decode()

    def test_the_plan_follow_up_is_offered_and_shows_the_summary(self, world, clients):  # type: ignore[no-untyped-def]
        from mysam.plans.tests import factories as pf

        pf.make_plan(world.group)
        meeting = make_meeting(world.group)
        url = reverse("meetings:agenda", args=[meeting.pk])
        assert 'value="plan"' in clients["convener"].get(url).content.decode()
        clients["convener"].post(
            reverse("meetings:agenda_item_add_offered", args=[meeting.pk]), {"offer": "plan"}
        )
        item = meeting.agenda_items.get(kind=m.AgendaItemKind.PLAN_FOLLOW_UP)
        assert item.title == "Uppföljning av handlingsplanen"
        response = clients["member"].get(url)
        assert response.context["summary"] is not None
        assert 'class="follow-up"' in response.content.decode()
        board = clients["board"].get(url)
        assert board.context["summary"] is not None


class TestAttachments:
    def test_the_convener_uploads_and_readers_download_through_the_view(
        self, world, clients, media
    ):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        item = meeting.agenda_items.get(title="Statistik")
        url = reverse("meetings:attachment_add", args=[meeting.pk])
        token = clients["convener"].get(url).context["form"]["form_token"].value()
        upload = SimpleUploadedFile(
            "statistik.pdf", b"%PDF-1.4 test", content_type="application/pdf"
        )
        response = clients["convener"].post(
            url, {"file": upload, "agenda_item": item.pk, "form_token": token}
        )
        assert response.status_code == 302
        attachment = m.Attachment.objects.get(meeting=meeting)
        assert attachment.agenda_item == item
        download = reverse("meetings:attachment_download", args=[attachment.pk])
        assert (
            download
            in clients["member"].get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
        )
        response = clients["member"].get(download)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert clients["board"].get(download).status_code == 200
        assert clients["outsider"].get(download).status_code == 404
        assert clients["other_admin"].get(download).status_code == 404
        assert clients["anonymous"].get(download).status_code == 302

    def test_a_refused_file_type_gets_a_clear_message(self, world, clients, media):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        url = reverse("meetings:attachment_add", args=[meeting.pk])
        token = clients["convener"].get(url).context["form"]["form_token"].value()
        upload = SimpleUploadedFile("program.exe", b"MZ", content_type="application/octet-stream")
        response = clients["convener"].post(url, {"file": upload, "form_token": token})
        assert response.status_code == 200
        assert "docx" in response.content.decode()
        assert not m.Attachment.objects.exists()

    def test_a_file_over_20_mb_is_refused(self, world, media):  # type: ignore[no-untyped-def]
        from django.core.exceptions import ValidationError

        from mysam.meetings.services.agenda import attachment_add

        meeting = make_meeting(world.group)
        upload = SimpleUploadedFile("stor.pdf", b"x")
        upload.size = 21 * 1024 * 1024
        with pytest.raises(ValidationError, match="20 MB"):
            attachment_add(meeting=meeting, file=upload, user=world.users["convener"])


class TestPermissions:
    """anonymous → login; member reads, proposes, may not write; outsider and other_admin 404;
    board reads."""

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 302),
            ("member", 200),
            ("convener", 200),
            ("outsider", 404),
            ("board", 200),
            ("admin", 200),
            ("other_admin", 404),
        ],
    )
    def test_reading_the_agenda(self, world, clients, role, status):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        response = clients[role].get(reverse("meetings:agenda", args=[meeting.pk]))
        assert response.status_code == status
        if role == "anonymous":
            assert "/konto/login/" in response["Location"]

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 302),
            ("member", 403),
            ("convener", 200),
            ("outsider", 404),
            ("board", 403),
            ("admin", 200),
            ("other_admin", 404),
        ],
    )
    def test_writing_the_agenda(self, world, clients, role, status):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        item = meeting.agenda_items.first()
        assert item is not None
        for name, pk in (
            ("meetings:agenda_item_add", meeting.pk),
            ("meetings:agenda_item_edit", item.pk),
            ("meetings:agenda_item_delete", item.pk),
            ("meetings:attachment_add", meeting.pk),
        ):
            assert clients[role].get(reverse(name, args=[pk])).status_code == status, name
        post_status = 302 if status == 200 else status
        response = clients[role].post(
            reverse("meetings:agenda_item_move", args=[item.pk]), {"direction": "down"}
        )
        assert response.status_code == post_status

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 302),
            ("member", 200),
            ("convener", 200),
            ("outsider", 404),
            ("board", 403),
            ("admin", 200),
            ("other_admin", 404),
        ],
    )
    def test_proposing(self, world, clients, role, status):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        response = clients[role].get(reverse("meetings:agenda_item_propose", args=[meeting.pk]))
        assert response.status_code == status

    @pytest.mark.parametrize(
        ("role", "status", "edit"),
        [
            ("anonymous", 302, 302),
            ("member", 200, 403),
            ("convener", 200, 403),
            ("outsider", 200, 403),
            ("board", 200, 403),
            ("admin", 200, 200),
            ("other_admin", 200, 200),  # their own association's template
        ],
    )
    def test_the_template(self, world, clients, role, status, edit):  # type: ignore[no-untyped-def]
        assert clients[role].get(reverse("meetings:agenda_template")).status_code == status
        assert clients[role].get(reverse("meetings:agenda_template_edit")).status_code == edit


class TestQueryCounts:
    def _count(self, client, url):  # type: ignore[no-untyped-def]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    @pytest.mark.parametrize("role", ["convener", "member"])
    def test_the_agenda_page_does_not_grow_with_items(self, world, clients, role, media):  # type: ignore[no-untyped-def]
        small = make_meeting(world.group, with_agenda=False)
        big = make_meeting(world.group, day=datetime.date(2026, 4, 20), with_agenda=False)
        for meeting, n in ((small, 2), (big, 20)):
            for i in range(n):
                item = agenda_item_add(meeting=meeting, title=f"Punkt {i}", estimated_minutes=5)
                m.Attachment.objects.create(
                    meeting=meeting, agenda_item=item, title=f"B{i}", file="x.pdf"
                )
        client = clients[role]
        a = self._count(client, reverse("meetings:agenda", args=[small.pk]))
        b = self._count(client, reverse("meetings:agenda", args=[big.pk]))
        assert a == b


# --- In the browser ----------------------------------------------------------------------


def _browser_page(chromium, live_server, user, viewport):  # type: ignore[no-untyped-def]
    context = signed_in_context(chromium, live_server, user, viewport)
    return context, context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_agenda_pages_pass_axe_and_fit_a_phone(chromium, live_server, world, media):  # type: ignore[no-untyped-def]
    """The agenda with move buttons, proposals, offered items and attachments, the item and
    attachment forms, attendance and the template: no axe violation at 1280 and 375 px,
    nothing wider than a phone; the move buttons work from the keyboard with htmx."""
    from mysam.meetings.services.agenda import (
        AttendanceEntry,
        agenda_item_propose,
        attachment_add,
        attendance_record,
    )

    agenda_template_create_default(association=world.association)
    earlier = make_meeting(world.group, day=datetime.date(2026, 2, 9))
    minutes = make_minutes(earlier, status=m.MinutesStatus.APPROVED)
    m.ActionItem.objects.create(
        minutes=minutes,
        text="Bjud in Trygg Ung",
        responsible=world.people["member"],
        due_date=datetime.date(2026, 3, 20),
    )
    meeting = make_meeting(world.group)
    item = meeting.agenda_items.get(title="Trisam")
    attachment_add(
        meeting=meeting,
        file=SimpleUploadedFile("statistik.pdf", b"%PDF-1.4"),
        user=world.users["convener"],
        agenda_item=item,
    )
    agenda_item_propose(meeting=meeting, user=world.users["member"], title="Aktivitetskravet")
    attendance_record(
        meeting=meeting,
        entries=[
            AttendanceEntry(person=world.people["convener"], present=True),
            AttendanceEntry(person=world.people["member"], present=False),
        ],
    )
    pages = [
        (world.users["convener"], reverse("meetings:agenda", args=[meeting.pk])),
        (world.users["member"], reverse("meetings:agenda", args=[meeting.pk])),
        (world.users["convener"], reverse("meetings:agenda_item_add", args=[meeting.pk])),
        (world.users["convener"], reverse("meetings:agenda_item_edit", args=[item.pk])),
        (world.users["convener"], reverse("meetings:attachment_add", args=[meeting.pk])),
        (world.users["member"], reverse("meetings:agenda_item_propose", args=[meeting.pk])),
        (world.users["convener"], reverse("meetings:attendance", args=[meeting.pk])),
        (world.users["member"], reverse("meetings:attendance", args=[meeting.pk])),
        (world.users["admin"], reverse("meetings:agenda_template")),
        (world.users["admin"], reverse("meetings:agenda_template_edit")),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)

    # The keyboard: Tab to "Move down" on Trisam, press Enter; the list re-renders in place,
    # focus stays on the button and the live region says the new position.
    context, page = _browser_page(
        chromium, live_server, world.users["convener"], {"width": 375, "height": 812}
    )
    page.goto(live_server.url + reverse("meetings:agenda", args=[meeting.pk]))
    button = page.locator(f"#move-down-{item.pk}")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.getElementById('agenda-announce').textContent.trim() !== ''"
    )
    assert page.evaluate("() => document.activeElement.id") == f"move-down-{item.pk}"
    assert "5" in page.locator("#agenda-announce").text_content()
    assert _titles(meeting).index("Trisam") == 4
    context.close()
