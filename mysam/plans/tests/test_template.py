"""The plan template and the target-group catalogue (the office's), and who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mysam.conftest import World
from mysam.plans import defaults, template_services
from mysam.plans import models as m
from mysam.plans.richtext import html_to_markup, markup_to_html, sanitize_html
from mysam.plans.template_services import GoalAreaInput, SectionInput
from mysam.plans.tests.factories import make_plan, make_template

SEED_000_QUESTIONS = 20  # Bilaga 1 of seed 000: 2+2+2+2+2+4+2+4 questions, area 9 none


def _inputs(template: m.PlanTemplate) -> tuple[list[SectionInput], list[GoalAreaInput]]:
    sections = [
        SectionInput(
            title=s.title,
            kind=s.kind,
            order=s.order,
            guidance=s.guidance,
            default_text=s.default_text,
            source_id=s.pk,
        )
        for s in template.sections.order_by("order")
    ]
    areas = [
        GoalAreaInput(
            number=a.number,
            title=a.title,
            questions=tuple(q.text for q in a.questions.all()),
            source_id=a.pk,
        )
        for a in template.goal_areas.order_by("number")
    ]
    return sections, areas


def _save(template: m.PlanTemplate, **changes: Any) -> template_services.TemplateSaveResult:
    sections, areas = _inputs(template)
    return template_services.template_save(
        association=template.association,
        based_on=changes.pop("based_on", template.version),
        name=changes.pop("name", template.name),
        introduction=changes.pop("introduction", template.introduction),
        sections=changes.pop("sections", sections),
        goal_areas=changes.pop("goal_areas", areas),
    )


class TestDefaultTemplate:
    def test_it_builds_the_gavleborg_template_from_seed_000(self, world: World):
        template = defaults.template_create_default(association=world.association)
        assert template.is_current and template.version == 1
        titles = list(template.sections.order_by("order").values_list("title", flat=True))
        assert titles == [
            "Samarbetsparter",
            "Bakgrund och förutsättningar",
            "Syfte och målgrupper",
            "Prioriterade grupper",
            "Mål och aktiviteter",
            "Budget",
            "Deltagare",
            "Adjungerade vid behov",
            "Trisam",
        ]
        assert (
            "Mysam står för Myndigheter i samverkan"
            in template.sections.get(key="bakgrund").default_text
        )
        areas = list(template.goal_areas.order_by("number"))
        assert [a.number for a in areas] == list(range(1, 10))
        assert areas[2].title.startswith("Trisam")
        questions = m.GuidingQuestion.objects.filter(goal_area__template=template)
        assert questions.count() == SEED_000_QUESTIONS
        assert questions.filter(
            text="Hur gör vi för att dela goda exempel med varandra?", goal_area__number=8
        ).exists()
        assert questions.filter(text__contains="ESF-medel").exists()
        names = list(
            m.TargetGroup.objects.filter(association=world.association).values_list(
                "name", flat=True
            )
        )
        assert names == [
            "Unga utanför arbete och studier",
            "Personer med psykisk ohälsa",
            "Nyanlända",
            "Långtidsarbetslösa",
            "Personer med låg utbildning",
            "Den diffusa gruppen",
        ]
        diffuse = m.TargetGroup.objects.get(name="Den diffusa gruppen")
        assert "Våld i nära relationer" in diffuse.description

    def test_it_is_idempotent(self, world: World):
        first = defaults.template_create_default(association=world.association)
        again = defaults.template_create_default(association=world.association)
        assert first.pk == again.pk
        assert m.PlanTemplate.objects.filter(association=world.association).count() == 1
        assert m.TemplateSection.objects.filter(template=first).count() == 9
        assert m.TargetGroup.objects.filter(association=world.association).count() == 6

    def test_it_does_not_touch_an_existing_template(self, world: World):
        own = make_template(world.association)
        result = defaults.template_create_default(association=world.association)
        assert result.pk == own.pk
        assert own.sections.count() == 6


class TestDefaultTexts:
    def test_the_default_texts_are_clean_html_that_survives_the_editor(self):
        for section in defaults.SECTIONS:
            assert sanitize_html(section.default_text) == section.default_text
            assert markup_to_html(html_to_markup(section.default_text)) == section.default_text

    def test_the_service_sanitises_what_it_is_given(self, world: World):
        template = defaults.template_create_default(association=world.association)
        sections, areas = _inputs(template)
        sections[0] = SectionInput(
            title="Parter",
            kind="text",
            order=1,
            default_text='<p onclick="x()">Hej<script>alert(1)</script></p>',
            source_id=sections[0].source_id,
        )
        _save(template, sections=sections)
        assert template.sections.get(key="samarbetsparter").default_text == "<p>Hej</p>"


class TestTemplateSave:
    def test_an_unused_template_is_changed_in_place(self, world: World):
        template = defaults.template_create_default(association=world.association)
        sections, areas = _inputs(template)
        sections[0] = SectionInput(
            title="Parter", kind="text", order=1, source_id=sections[0].source_id
        )
        result = _save(template, sections=sections)
        assert result.changed and not result.new_version
        assert m.PlanTemplate.objects.filter(association=world.association).count() == 1
        first = template.sections.order_by("order").first()
        assert first is not None
        assert (first.title, first.key) == ("Parter", "samarbetsparter")

    def test_a_used_template_gets_a_new_version_and_plans_keep_theirs(self, world: World):
        template = defaults.template_create_default(association=world.association)
        plan = make_plan(world.group, template=template)
        section_ids = set(
            m.PlanSection.objects.filter(version__plan=plan).values_list(
                "template_section_id", flat=True
            )
        )
        before = list(template.sections.order_by("order").values_list("pk", "title"))
        sections, areas = _inputs(template)
        sections = [s for s in sections if s.kind != "trisam"]
        sections.append(SectionInput(title="Uppföljning", kind="text", order=99))
        areas[8] = GoalAreaInput(
            number=9,
            title="Övrigt",
            questions=("Vad behöver vi mer?",),
            source_id=areas[8].source_id,
        )

        result = _save(template, sections=sections, goal_areas=areas)

        assert result.new_version and result.template.version == 2
        template.refresh_from_db()
        plan.refresh_from_db()
        assert result.template.is_current and not template.is_current
        assert plan.template_id == template.pk
        assert list(template.sections.order_by("order").values_list("pk", "title")) == before
        assert template.goal_areas.get(number=9).title == "Övriga aktiviteter utifrån lokala behov"
        assert (
            set(
                m.PlanSection.objects.filter(version__plan=plan).values_list(
                    "template_section_id", flat=True
                )
            )
            == section_ids
        )
        new_titles = list(result.template.sections.values_list("title", flat=True))
        assert "Trisam" not in new_titles and new_titles[-1] == "Uppföljning"
        assert result.template.sections.get(title="Uppföljning").key == "uppfoljning"
        new_area = result.template.goal_areas.get(number=9)
        assert [q.text for q in new_area.questions.all()] == ["Vad behöver vi mer?"]

    def test_saving_without_changes_creates_nothing(self, world: World):
        template = defaults.template_create_default(association=world.association)
        make_plan(world.group, template=template)
        result = _save(template)
        assert not result.changed
        assert m.PlanTemplate.objects.filter(association=world.association).count() == 1

    def test_it_refuses_a_save_based_on_an_old_version(self, world: World):
        template = defaults.template_create_default(association=world.association)
        make_plan(world.group, template=template)
        _save(template, name="Ny mall")
        with pytest.raises(template_services.ValidationError, match="medan du ändrade"):
            _save(template, name="Min mall", based_on=1)

    def test_it_refuses_unusable_content(self, world: World):
        template = defaults.template_create_default(association=world.association)
        sections, areas = _inputs(template)
        twice = [*sections, SectionInput(title="Mål igen", kind="goals", order=10)]
        with pytest.raises(template_services.ValidationError, match="bara finnas ett avsnitt"):
            _save(template, sections=twice)
        same = [*areas, GoalAreaInput(number=3, title="Trisam igen")]
        with pytest.raises(template_services.ValidationError, match="samma nummer"):
            _save(template, goal_areas=same)
        with pytest.raises(template_services.ValidationError, match="minst ett avsnitt"):
            _save(template, sections=[], goal_areas=[])


# --- Views ---------------------------------------------------------------------------------------


def _edit_post(template: m.PlanTemplate, client: Client, **overrides: str) -> dict[str, str]:
    """The POST data of the edit page as the browser would send it unchanged."""
    page = client.get(reverse("plans:template_edit"))
    assert page.status_code == 200
    header = page.context["header"]
    data: dict[str, str] = {
        "name": template.name,
        "introduction": template.introduction,
        "based_on": str(template.version),
        "form_token": header["form_token"].initial,
    }
    for prefix in ("sections", "areas"):
        formset = page.context[prefix]
        data.update(
            {f"{formset.prefix}-{k}": str(v) for k, v in formset.management_form.initial.items()}
        )
        for form in formset.forms:
            for name, value in (form.initial or {}).items():
                data[form.add_prefix(name)] = "" if value is None else str(value)
    data.update(overrides)
    return data


class TestTemplateViews:
    def test_the_office_creates_the_default_template_from_the_empty_page(
        self, world: World, clients: dict[str, Client]
    ):
        page = clients["admin"].get(reverse("plans:template_detail"))
        assert reverse("plans:template_create_default") in page.content.decode()
        response = clients["admin"].post(reverse("plans:template_create_default"))
        assert response.status_code == 302
        page = clients["admin"].get(reverse("plans:template_detail"))
        content = page.content.decode()
        assert "Bakgrund och förutsättningar" in content
        assert "Var är vi i processen att utveckla ett arbetssätt enligt Trisam?" in content
        assert reverse("plans:template_edit") in content

    def test_members_read_the_template_but_get_no_buttons(
        self, world: World, clients: dict[str, Client]
    ):
        page = clients["member"].get(reverse("plans:template_detail"))
        assert page.status_code == 200
        assert reverse("plans:template_create_default") not in page.content.decode()
        defaults.template_create_default(association=world.association)
        page = clients["member"].get(reverse("plans:template_detail"))
        assert "Prioriterade grupper" in page.content.decode()
        assert reverse("plans:template_edit") not in page.content.decode()

    def test_editing_through_the_page_makes_a_new_version_and_the_plan_keeps_its_own(
        self, world: World, clients: dict[str, Client]
    ):
        template = defaults.template_create_default(association=world.association)
        plan = make_plan(world.group, template=template)
        client = clients["admin"]
        data = _edit_post(
            template,
            client,
            **{
                "sections-1-title": "Bakgrund",
                "sections-8-DELETE": "on",
                "sections-9-title": "Uppföljning",
                "sections-9-kind": "text",
                "sections-9-order": "20",
                "sections-9-default_text": "Vi följer upp.\n- vid varje möte",
                "areas-9-number": "10",
                "areas-9-title": "Digitala möten",
                "areas-9-questions": "Hur möts vi?\nHur ofta?",
            },
        )
        response = client.post(reverse("plans:template_edit"), data)
        assert response.status_code == 302, response.context and response.context["service_errors"]
        current = m.PlanTemplate.objects.get(association=world.association, is_current=True)
        assert current.version == 2
        titles = list(current.sections.order_by("order").values_list("title", flat=True))
        assert titles[1] == "Bakgrund" and "Trisam" not in titles and titles[-1] == "Uppföljning"
        assert current.sections.get(title="Uppföljning").default_text == (
            "<p>Vi följer upp.</p><ul><li>vid varje möte</li></ul>"
        )
        area = current.goal_areas.get(number=10)
        assert [q.text for q in area.questions.all()] == ["Hur möts vi?", "Hur ofta?"]
        plan.refresh_from_db()
        assert plan.template_id == template.pk
        assert template.sections.get(key="bakgrund").title == "Bakgrund och förutsättningar"
        # The earlier version is listed with the plan that uses it.
        page = client.get(reverse("plans:template_detail"))
        versions = {v.version: v.plan_count for v in page.context["versions"]}
        assert versions == {2: 0, 1: 1}
        old = client.get(reverse("plans:template_version", args=[template.pk]))
        assert "Trisam" in old.content.decode()

    def test_a_double_submit_saves_once(self, world: World, clients: dict[str, Client]):
        template = defaults.template_create_default(association=world.association)
        make_plan(world.group, template=template)
        data = _edit_post(template, clients["admin"], name="Ny mall")
        clients["admin"].post(reverse("plans:template_edit"), data)
        clients["admin"].post(reverse("plans:template_edit"), data)
        assert m.PlanTemplate.objects.filter(association=world.association).count() == 2

    def test_a_refused_save_shows_why(self, world: World, clients: dict[str, Client]):
        template = defaults.template_create_default(association=world.association)
        data = _edit_post(
            template,
            clients["admin"],
            **{"areas-9-number": "3", "areas-9-title": "Trisam igen"},
        )
        response = clients["admin"].post(reverse("plans:template_edit"), data)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert m.GoalArea.objects.filter(template=template).count() == 9

    def test_a_missing_title_is_pointed_out(self, world: World, clients: dict[str, Client]):
        template = defaults.template_create_default(association=world.association)
        data = _edit_post(template, clients["admin"], **{"sections-0-title": ""})
        response = clients["admin"].post(reverse("plans:template_edit"), data)
        assert response.status_code == 200
        assert 'href="#id_sections-0-title"' in response.content.decode()


class TestTargetGroups:
    def test_the_office_adds_and_changes_target_groups(
        self, world: World, clients: dict[str, Client]
    ):
        client = clients["admin"]
        form = client.get(reverse("plans:target_group_create")).context["form"]
        response = client.post(
            reverse("plans:target_group_create"),
            {
                "name": "Unga med funktionsnedsättning",
                "description": "16–29 år",
                "order": "3",
                "is_active": "on",
                "form_token": form["form_token"].initial,
            },
        )
        assert response.status_code == 302
        target_group = m.TargetGroup.objects.get(association=world.association)
        assert target_group.order == 3 and target_group.is_active
        form = client.get(reverse("plans:target_group_edit", args=[target_group.pk])).context[
            "form"
        ]
        client.post(
            reverse("plans:target_group_edit", args=[target_group.pk]),
            {"name": "Unga", "order": "1", "form_token": form["form_token"].initial},
        )
        target_group.refresh_from_db()
        assert target_group.name == "Unga" and not target_group.is_active
        page = clients["member"].get(reverse("plans:target_group_list"))
        assert "Unga" in page.content.decode()

    def test_a_duplicate_name_is_refused(self, world: World, clients: dict[str, Client]):
        m.TargetGroup.objects.create(association=world.association, name="Nyanlända")
        client = clients["admin"]
        form = client.get(reverse("plans:target_group_create")).context["form"]
        response = client.post(
            reverse("plans:target_group_create"),
            {"name": "nyanlända", "order": "0", "form_token": form["form_token"].initial},
        )
        assert response.status_code == 200
        assert "Katalogen har redan en målgrupp" in response.content.decode()
        assert m.TargetGroup.objects.filter(association=world.association).count() == 1

    def test_the_list_counts_plans_in_a_fixed_number_of_queries(
        self, world: World, clients: dict[str, Client], django_assert_max_num_queries
    ):
        template = defaults.template_create_default(association=world.association)
        plan = make_plan(world.group, template=template)
        version = plan.versions.get()
        for tg in m.TargetGroup.objects.filter(association=world.association)[:3]:
            m.PlanTargetGroup.objects.create(version=version, target_group=tg)
        clients["admin"].get(reverse("plans:target_group_list"))
        with django_assert_max_num_queries(8):
            page = clients["admin"].get(reverse("plans:target_group_list"))
        counts = [row.plan_count for row in page.context["rows"]]
        assert counts == [1, 1, 1, 0, 0, 0]


# --- Who may do what -----------------------------------------------------------------------------

EXPECTED = {
    # url name: statuses for member, convener, outsider, board, admin, other_admin
    "template_detail": (200, 200, 200, 200, 200, 200),
    "template_version": (200, 200, 200, 200, 200, 404),
    "template_edit": (403, 403, 403, 403, 200, 302),
    "template_create_default": (403, 403, 403, 403, 405, 405),
    "target_group_list": (200, 200, 200, 200, 200, 200),
    "target_group_create": (403, 403, 403, 403, 200, 200),
    "target_group_edit": (403, 403, 403, 403, 200, 404),
}
ROLES = ("member", "convener", "outsider", "board", "admin", "other_admin")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_role_gets_the_documented_status(name: str, world: World, clients: dict[str, Client]):
    template = defaults.template_create_default(association=world.association)
    target_group = m.TargetGroup.objects.filter(association=world.association).first()
    assert target_group is not None
    args = {"template_version": [template.pk], "target_group_edit": [target_group.pk]}
    url = reverse(f"plans:{name}", args=args.get(name))
    anonymous = clients["anonymous"].get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    got = tuple(clients[role].get(url).status_code for role in ROLES)
    assert got == EXPECTED[name]


def test_only_the_office_posts(world: World, clients: dict[str, Client]):
    defaults.template_create_default(association=world.association)
    for role in ("member", "convener", "board"):
        assert clients[role].post(reverse("plans:template_create_default")).status_code == 403
        assert clients[role].post(reverse("plans:template_edit"), {}).status_code == 403
        assert clients[role].post(reverse("plans:target_group_create"), {}).status_code == 403
    other = m.TargetGroup.objects.create(association=world.other_association, name="Annan")
    response = clients["admin"].post(reverse("plans:target_group_edit", args=[other.pk]), {})
    assert response.status_code == 404
