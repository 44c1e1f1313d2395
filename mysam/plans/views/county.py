"""The county view (office, board), the plan template and the target-group catalogue.

Who may use what:
- the county view: the office and the board (``require_county_reader``);
- the template (current and earlier versions) and the catalogue: read by everyone with a
  role in the association (conveners see what they write from); changed by the office only.

Editing the template: see mysam/plans/template_services.py (a new version when a plan uses
the current one, so existing plans never change).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts.actor import Actor
from mysam.organisation import access as organisation_access
from mysam.organisation import services as organisation_services
from mysam.organisation.forms import TOKEN_FIELD
from mysam.plans import access, defaults, template_services
from mysam.plans.selectors import county as selectors
from mysam.plans.template_forms import (
    GoalAreaForm,
    GoalAreaFormSet,
    SectionForm,
    SectionFormSet,
    TargetGroupForm,
    TemplateHeaderForm,
    kept_forms,
)


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _errors_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- The county view --------------------------------------------------------------------------


@login_required
@require_GET
def county(request: HttpRequest) -> HttpResponse:
    """Which groups have an adopted plan for a year, overdue activities, prioritised target
    groups and budget use per group."""
    actor = _actor(request)
    access.require_county_reader(actor)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    overview = selectors.county_overview(actor=actor, year=year, today=today)
    if year not in overview.years:
        overview.years.append(year)
        overview.years.sort(reverse=True)
    return render(request, "plans/county/county.html", {"overview": overview})


# --- The template -----------------------------------------------------------------------------


@login_required
@require_GET
def template_detail(request: HttpRequest) -> HttpResponse:
    """The current template: sections in order, goal areas with their guiding questions,
    and the earlier versions with how many plans use each."""
    actor = _actor(request)
    organisation_access.require_reader(actor)
    template = selectors.current_template(actor=actor)
    context: dict[str, Any] = {
        "contents": selectors.template_contents(template=template) if template else None,
        "versions": selectors.template_versions(actor=actor),
        "can_edit": actor.is_admin,
        "is_current_page": True,
    }
    return render(request, "plans/template/detail.html", context)


@login_required
@require_GET
def template_version(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the template, current or earlier, read-only."""
    actor = _actor(request)
    template = access.get_template_for_user(actor, pk)
    context: dict[str, Any] = {
        "contents": selectors.template_contents(template=template),
        "versions": selectors.template_versions(actor=actor),
        "can_edit": actor.is_admin,
        "is_current_page": False,
    }
    return render(request, "plans/template/detail.html", context)


@login_required
def template_create_default(request: HttpRequest) -> HttpResponse:
    """POST: give the association the default template and catalogue (if it has none)."""
    actor = _actor(request)
    access.require_office(actor)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    association = organisation_access.require_admin(actor)
    had = selectors.current_template(actor=actor) is not None
    defaults.template_create_default(association=association, created_by_id=request.user.pk)
    if had:
        messages.info(request, _("The association already has a template; nothing was changed."))
    else:
        messages.success(request, _("The default template and target groups were created."))
    return redirect("plans:template_detail")


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest) -> HttpResponse:
    """Edit the current template: name, sections and goal areas with their questions."""
    actor = _actor(request)
    access.require_office(actor)
    association = organisation_access.require_admin(actor)
    template = selectors.current_template(actor=actor)
    if template is None:
        messages.info(request, _("Create the default template first; then change it."))
        return redirect("plans:template_detail")
    contents = selectors.template_contents(template=template)

    if request.method == "POST":
        header = TemplateHeaderForm(request.POST)
        sections = SectionFormSet(request.POST, prefix="sections")
        areas = GoalAreaFormSet(request.POST, prefix="areas")
        errors: list[str] = []
        if header.is_valid() and sections.is_valid() and areas.is_valid():
            data = header.cleaned_data

            def write() -> template_services.TemplateSaveResult:
                return template_services.template_save(
                    association=association,
                    based_on=data["based_on"],
                    name=data["name"],
                    introduction=data["introduction"],
                    sections=[form.to_input() for form in kept_forms(sections)],
                    goal_areas=[form.to_input() for form in kept_forms(areas)],
                    user_id=request.user.pk,
                )

            try:
                result = organisation_services.form_submission_once(
                    token=data[TOKEN_FIELD], write=write
                )
            except organisation_services.AlreadySubmitted:
                messages.info(
                    request, _("This form had already been saved; it was not saved again.")
                )
                return redirect("plans:template_detail")
            except ValidationError as error:
                errors = _errors_of(error)
            else:
                if not result.changed:
                    messages.info(request, _("Nothing was changed."))
                elif result.new_version:
                    messages.success(
                        request,
                        _(
                            "Saved as version %(version)s of the template. Existing plans "
                            "keep the version they started from."
                        )
                        % {"version": result.template.version},
                    )
                else:
                    messages.success(request, _("The template was saved."))
                return redirect("plans:template_detail")
    else:
        header = TemplateHeaderForm(
            initial={
                "name": template.name,
                "introduction": template.introduction,
                "based_on": template.version,
            }
        )
        sections = SectionFormSet(
            prefix="sections", initial=[SectionForm.initial_for(s) for s in contents.sections]
        )
        areas = GoalAreaFormSet(
            prefix="areas", initial=[GoalAreaForm.initial_for(a) for a in contents.goal_areas]
        )
        errors = []
    context = {
        "template": template,
        "header": header,
        "sections": sections,
        "areas": areas,
        "service_errors": errors,
        "in_use": template.plans.exists(),
    }
    return render(request, "plans/template/edit.html", context)


# --- The target-group catalogue ---------------------------------------------------------------


@login_required
@require_GET
def target_group_list(request: HttpRequest) -> HttpResponse:
    """The association's target groups; everyone in the association reads them."""
    actor = _actor(request)
    organisation_access.require_reader(actor)
    rows = selectors.target_group_list(actor=actor)
    return render(
        request,
        "plans/template/target_group_list.html",
        {"rows": rows, "can_edit": actor.is_admin},
    )


def _target_group_form(
    request: HttpRequest, *, form: TargetGroupForm, title: str, submit_label: str
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit_label": submit_label,
        "cancel_url": reverse("plans:target_group_list"),
        "breadcrumbs": [(_("Target groups"), reverse("plans:target_group_list"))],
    }
    return render(request, "organisation/registry/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def target_group_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    access.require_office(actor)
    association = organisation_access.require_admin(actor)
    title, submit = _("New target group"), _("Add the target group")
    if request.method != "POST":
        return _target_group_form(request, form=TargetGroupForm(), title=title, submit_label=submit)
    form = TargetGroupForm(request.POST)
    if not form.is_valid():
        return _target_group_form(request, form=form, title=title, submit_label=submit)
    data = form.data_for_service
    try:
        organisation_services.form_submission_once(
            token=form.cleaned_data[TOKEN_FIELD],
            write=lambda: template_services.target_group_create(association=association, **data),
        )
    except organisation_services.AlreadySubmitted:
        messages.info(request, _("This form had already been saved; it was not saved again."))
    except ValidationError as error:
        form.add_error(None, error)
        return _target_group_form(request, form=form, title=title, submit_label=submit)
    else:
        messages.success(request, _("The target group was added."))
    return redirect("plans:target_group_list")


@login_required
@require_http_methods(["GET", "POST"])
def target_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    target_group = access.get_target_group_for_user(actor, pk, write=True)
    title = _("Change the target group “%(name)s”") % {"name": target_group.name}
    submit = _("Save")
    if request.method != "POST":
        form = TargetGroupForm(
            initial={
                "name": target_group.name,
                "description": target_group.description,
                "order": target_group.order,
                "is_active": target_group.is_active,
            }
        )
        return _target_group_form(request, form=form, title=title, submit_label=submit)
    form = TargetGroupForm(request.POST)
    if not form.is_valid():
        return _target_group_form(request, form=form, title=title, submit_label=submit)
    data = form.data_for_service
    try:
        organisation_services.form_submission_once(
            token=form.cleaned_data[TOKEN_FIELD],
            write=lambda: template_services.target_group_update(target_group=target_group, **data),
        )
    except organisation_services.AlreadySubmitted:
        messages.info(request, _("This form had already been saved; it was not saved again."))
    except ValidationError as error:
        form.add_error(None, error)
        return _target_group_form(request, form=form, title=title, submit_label=submit)
    else:
        messages.success(request, _("The target group was saved."))
    return redirect("plans:target_group_list")


urlpatterns: list[URLPattern] = [
    path("lan/", county, name="county"),
    path("mall/", template_detail, name="template_detail"),
    path("mall/andra/", template_edit, name="template_edit"),
    path("mall/standard/", template_create_default, name="template_create_default"),
    path("mall/<int:pk>/", template_version, name="template_version"),
    path("malgrupper/", target_group_list, name="target_group_list"),
    path("malgrupper/ny/", target_group_create, name="target_group_create"),
    path("malgrupper/<int:pk>/andra/", target_group_edit, name="target_group_edit"),
]
