"""A group's plans: the list, creating a plan, the plan page, writing the newest draft
(sections, target groups, goals, activities), progress, budget and spending, adopting a
version and starting a revision.

Every view starts with an access call (mysam.plans.access): 404 for what the actor may not
see, 403 for what they may see but not change (locked versions included). Create forms
carry a one-time token (organisation services.form_submission_once), edit forms the
object's revision: a save over someone else's newer save shows both texts (EditConflict).
Deleting, adopting and starting a revision ask for confirmation on a GET and act on a POST.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts.actor import Actor
from mysam.organisation import services as org_services
from mysam.plans import access, forms, services
from mysam.plans.models import ActionPlan, Activity, PlanGoal, PlanVersion
from mysam.plans.richtext import html_to_markup
from mysam.plans.selectors import plan as selectors

GET_POST = require_http_methods(["GET", "POST"])


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _user(request: HttpRequest) -> Any:
    return request.user


def _plan_url(plan_or_pk: ActionPlan | int, anchor: str = "") -> str:
    pk = plan_or_pk if isinstance(plan_or_pk, int) else plan_or_pk.pk
    url = reverse("plans:plan_detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def _add_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


def _once(
    request: HttpRequest,
    form: forms.OnceForm,
    write: Callable[[dict[str, Any]], Any],
    *,
    success: Callable[[Any], str],
    message: str,
    already_url: str,
) -> HttpResponse | None:
    """Validate a create form and run ``write`` once per form token. None: show the form."""
    if not form.is_valid():
        return None
    data = form.data_for_service
    try:
        result = org_services.form_submission_once(token=form.token, write=lambda: write(data))
    except org_services.AlreadySubmitted:
        messages.info(request, _("This form had already been saved; it was not saved again."))
        return redirect(already_url)
    except ValidationError as error:
        _add_errors(form, error)
        return None
    messages.success(request, message)
    return redirect(success(result))


def _render_form(
    request: HttpRequest,
    *,
    form: django_forms.BaseForm | None,
    title: str,
    plan: ActionPlan,
    cancel_url: str,
    submit_label: str | None = None,
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "plan": plan,
        "cancel_url": cancel_url,
        "submit_label": submit_label or _("Save"),
        **extra,
    }
    return render(request, "plans/plan/form.html", context)


def _conflict_form(
    form_class: Callable[..., django_forms.Form],
    request: HttpRequest,
    conflict: services.EditConflict,
    **kwargs: Any,
) -> django_forms.Form:
    """The user's form again, unsaved values kept, with the revision they must now build on."""
    data = request.POST.copy()
    data["revision"] = str(conflict.revision)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _conflict_info(conflict: services.EditConflict) -> dict[str, Any]:
    current = conflict.current
    return {"by": current.updated_by, "at": current.updated_at}


# --- List, create, plan page ---------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the actor may see, per group, with a create action for conveners/office."""
    groups = selectors.plan_list(actor=_actor(request))
    return render(request, "plans/plan/list.html", {"groups": groups})


@login_required
@GET_POST
def plan_create(request: HttpRequest, group_pk: int) -> HttpResponse:
    actor = _actor(request)
    group = access.get_group_for_plan_create(actor, group_pk)
    template = selectors.current_template(group=group)
    today = timezone.localdate()
    form = None
    if template is not None:
        form = forms.PlanCreateForm(
            request.POST or None,
            initial={"start_year": today.year, "plan_date": today},
        )
        if request.method == "POST":
            response = _once(
                request,
                form,
                lambda data: services.plan_create(group=group, user=_user(request), **data),
                success=lambda plan: _plan_url(plan),
                message=_("The plan was created. Now write its sections, goals and activities."),
                already_url=reverse("plans:plan_list"),
            )
            if response is not None:
                return response
    return render(
        request,
        "plans/plan/create.html",
        {
            "form": form,
            "group": group,
            "template": template,
            "example_one": services.default_plan_title(
                group=group, start_year=today.year, end_year=today.year
            ),
            "example_two": services.default_plan_title(
                group=group, start_year=today.year, end_year=today.year + 1
            ),
        },
    )


def _since(request: HttpRequest, today: datetime.date) -> datetime.date:
    raw = request.GET.get("sedan", "")
    try:
        parsed = parse_date(raw) if raw else None
    except ValueError:
        parsed = None
    return parsed or today - datetime.timedelta(days=30)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page: the version the reader may see, follow-up, budget, participants."""
    actor = _actor(request)
    plan = access.get_plan_for_user(actor, pk)
    today = timezone.localdate()
    page = selectors.plan_page(actor=actor, plan=plan, since=_since(request, today), today=today)
    if page is None:
        raise Http404
    return render(request, "plans/plan/detail.html", {"page": page, "plan": plan})


# --- Sections and target groups ------------------------------------------------------------


@login_required
@GET_POST
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    section = access.get_section_for_user(actor, pk, write=True)
    plan = section.version.plan
    conflict = None
    if request.method == "POST":
        form: django_forms.Form = forms.SectionForm(request.POST)
        if form.is_valid():
            try:
                services.section_update(section=section, user=_user(request), **form.cleaned_data)
            except services.EditConflict as error:
                form = _conflict_form(forms.SectionForm, request, error)
                conflict = {
                    **_conflict_info(error),
                    "text": html_to_markup(error.current.body),
                    "html": error.current.body,
                }
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The section was saved."))
                return redirect(_plan_url(plan, f"section-{section.template_section.key}"))
    else:
        form = forms.SectionForm(
            initial={"body": html_to_markup(section.body), "revision": section.revision}
        )
    return _render_form(
        request,
        form=form,
        title=section.template_section.title,
        plan=plan,
        cancel_url=_plan_url(plan),
        conflict=conflict,
        guidance=section.template_section.guidance,
    )


@login_required
@GET_POST
def target_groups_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    version = access.get_version_for_user(actor, pk, write=True)
    plan = version.plan
    rows = selectors.target_groups_of_version(version=version)
    catalogue = selectors.catalogue_for_version(version=version)
    form = forms.TargetGroupsForm(request.POST or None, rows=rows, catalogue=catalogue)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_target_groups_update(version=version, **form.data_for_service)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The prioritised target groups were saved."))
            return redirect(_plan_url(plan, "target-groups"))
    return render(
        request,
        "plans/plan/target_groups.html",
        {"form": form, "plan": plan, "version": version},
    )


# --- Goals ---------------------------------------------------------------------------------


@login_required
@GET_POST
def goal_add(request: HttpRequest, version_pk: int, area_pk: int) -> HttpResponse:
    actor = _actor(request)
    version = access.get_version_for_user(actor, version_pk, write=True)
    area = access.get_goal_area_for_version(version, area_pk)
    plan = version.plan
    form = forms.GoalCreateForm(request.POST or None)
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda data: services.goal_create(
                version=version, goal_area=area, user=_user(request), **data
            ),
            success=lambda goal: _plan_url(plan, f"goal-{goal.pk}"),
            message=_("The goal was added."),
            already_url=_plan_url(plan, f"area-{area.number}"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        form=form,
        title=_("New goal under %(area)s") % {"area": area},
        plan=plan,
        cancel_url=_plan_url(plan, f"area-{area.number}"),
        area=area,
        questions=selectors.guiding_questions(goal_area=area),
    )


@login_required
@GET_POST
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    goal = access.get_goal_for_user(actor, pk, write=True)
    plan = goal.version.plan
    conflict = None
    if request.method == "POST":
        form: django_forms.Form = forms.GoalEditForm(request.POST)
        if form.is_valid():
            try:
                services.goal_update(goal=goal, user=_user(request), **form.cleaned_data)
            except services.EditConflict as error:
                form = _conflict_form(forms.GoalEditForm, request, error)
                conflict = {**_conflict_info(error), "text": error.current.text}
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The goal was saved."))
                return redirect(_plan_url(plan, f"goal-{goal.pk}"))
    else:
        form = forms.GoalEditForm(initial={"text": goal.text, "revision": goal.revision})
    return _render_form(
        request,
        form=form,
        title=_("Edit goal under %(area)s") % {"area": goal.goal_area},
        plan=plan,
        cancel_url=_plan_url(plan, f"goal-{goal.pk}"),
        conflict=conflict,
        area=goal.goal_area,
        questions=selectors.guiding_questions(goal_area=goal.goal_area),
    )


def _confirm(
    request: HttpRequest,
    *,
    plan: ActionPlan,
    title: str,
    text: str,
    submit_label: str,
    act: Callable[[], Any],
    success_url: str,
    message: str,
    danger: bool = True,
    cancel_url: str | None = None,
) -> HttpResponse:
    """GET: ask; POST: act once (one-time token) and go back to the plan."""
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda _data: act(),
            success=lambda _result: success_url,
            message=message,
            already_url=success_url,
        )
        if response is not None:
            return response
    return render(
        request,
        "plans/plan/confirm.html",
        {
            "form": form,
            "plan": plan,
            "title": title,
            "text": text,
            "submit_label": submit_label,
            "danger": danger,
            "cancel_url": cancel_url or _plan_url(plan),
        },
    )


@login_required
@GET_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    goal = access.get_goal_for_user(actor, pk, write=True)
    plan = goal.version.plan
    return _confirm(
        request,
        plan=plan,
        title=_("Remove the goal?"),
        text=_("“%(goal)s” and its activities are removed from this draft.") % {"goal": goal.text},
        submit_label=_("Remove"),
        act=lambda: services.goal_delete(goal=goal),
        success_url=_plan_url(plan, f"area-{goal.goal_area.number}"),
        message=_("The goal was removed."),
    )


# --- Activities and progress ---------------------------------------------------------------


def _activity_kwargs(plan: ActionPlan) -> dict[str, Any]:
    return {
        "parties": selectors.parties_for_plan(plan=plan),
        "people": selectors.people_for_plan(plan=plan),
    }


@login_required
@GET_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    goal: PlanGoal = access.get_goal_for_user(actor, pk, write=True)
    plan = goal.version.plan
    form = forms.ActivityCreateForm(request.POST or None, **_activity_kwargs(plan))
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda data: services.activity_create(goal=goal, user=_user(request), **data),
            success=lambda activity: _plan_url(plan, f"activity-{activity.pk}"),
            message=_("The activity was added."),
            already_url=_plan_url(plan, f"goal-{goal.pk}"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        form=form,
        title=_("New activity"),
        plan=plan,
        cancel_url=_plan_url(plan, f"goal-{goal.pk}"),
        goal=goal,
        area=goal.goal_area,
        questions=selectors.guiding_questions(goal_area=goal.goal_area),
    )


def _activity_facts(activity: Activity) -> list[tuple[str, Any]]:
    """The saved activity, field by field, for the conflict message."""
    return [
        (_("Activity"), activity.title),
        (_("Description"), activity.description or "–"),
        (_("Responsible party"), activity.responsible_party or "–"),
        (_("Responsible person"), activity.responsible_person or "–"),
        (_("Start"), activity.start_date),
        (_("Due"), activity.due_date),
        (_("Status"), activity.get_status_display()),
        (_("Planned amount (kr)"), activity.planned_amount),
    ]


@login_required
@GET_POST
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    activity = access.get_activity_for_user(actor, pk, write=True)
    plan = activity.goal.version.plan
    kwargs = _activity_kwargs(plan)
    conflict = None
    if request.method == "POST":
        form: django_forms.Form = forms.ActivityEditForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.activity_update(
                    activity=activity, user=_user(request), **form.cleaned_data
                )
            except services.EditConflict as error:
                form = _conflict_form(forms.ActivityEditForm, request, error, **kwargs)
                conflict = {**_conflict_info(error), "facts": _activity_facts(error.current)}
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The activity was saved."))
                return redirect(_plan_url(plan, f"activity-{activity.pk}"))
    else:
        form = forms.ActivityEditForm(
            initial={
                "revision": activity.revision,
                "title": activity.title,
                "description": activity.description,
                "responsible_party": activity.responsible_party_id,
                "responsible_person": activity.responsible_person_id,
                "start_date": activity.start_date,
                "due_date": activity.due_date,
                "status": activity.status,
                "planned_amount": activity.planned_amount,
            },
            **kwargs,
        )
    return _render_form(
        request,
        form=form,
        title=_("Edit activity"),
        plan=plan,
        cancel_url=_plan_url(plan, f"activity-{activity.pk}"),
        conflict=conflict,
        goal=activity.goal,
        area=activity.goal.goal_area,
        questions=selectors.guiding_questions(goal_area=activity.goal.goal_area),
    )


@login_required
@GET_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    activity = access.get_activity_for_user(actor, pk, write=True)
    plan = activity.goal.version.plan
    return _confirm(
        request,
        plan=plan,
        title=_("Remove the activity?"),
        text=_(
            "“%(activity)s” is removed from this draft. Earlier versions and its progress "
            "log keep it. To show that it will not be done, set its status to cancelled instead."
        )
        % {"activity": activity.title},
        submit_label=_("Remove"),
        act=lambda: services.activity_delete(activity=activity),
        success_url=_plan_url(plan, f"goal-{activity.goal_id}"),
        message=_("The activity was removed."),
    )


@login_required
@GET_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    activity = access.get_activity_for_progress(actor, pk)
    plan = activity.goal.version.plan
    form = forms.ProgressForm(request.POST or None)
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda data: services.progress_add(activity=activity, user=_user(request), **data),
            success=lambda _entry: _plan_url(plan, f"activity-{activity.pk}"),
            message=_("The progress was logged."),
            already_url=_plan_url(plan, f"activity-{activity.pk}"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        form=form,
        title=_("Log progress: %(activity)s") % {"activity": activity.title},
        plan=plan,
        cancel_url=_plan_url(plan, f"activity-{activity.pk}"),
        facts=[(_("Status now"), activity.get_status_display()), (_("Due"), activity.due_date)],
    )


# --- Budget and spending -------------------------------------------------------------------


@login_required
@GET_POST
def budget_set(request: HttpRequest, pk: int) -> HttpResponse:
    """The office sets the group's budget for a year of the plan."""
    actor = _actor(request)
    plan = access.get_plan_for_user(actor, pk)
    access.require_office(actor)
    form = forms.BudgetForm(request.POST or None, initial={"year": plan.start_year})
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda data: services.budget_set(group=plan.group, **data),
            success=lambda _budget: _plan_url(plan, "budget"),
            message=_("The budget was saved."),
            already_url=_plan_url(plan, "budget"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        form=form,
        title=_("Budget for %(group)s") % {"group": plan.group.name},
        plan=plan,
        cancel_url=_plan_url(plan, "budget"),
        intro=_(
            "The budget applies per year and cannot be carried over to the next year. "
            "Saving a year that already has a budget replaces it."
        ),
    )


@login_required
@GET_POST
def spending_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = access.get_plan_for_user(actor, pk, write=True)
    version = selectors.newest_version(plan=plan)
    if version is None:
        raise Http404
    activities = selectors.activities_of_plan_version(version=version)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if request.GET.get("aktivitet", "").isdigit():
        initial["activity"] = int(request.GET["aktivitet"])
    form = forms.SpendingForm(request.POST or None, activities=activities, initial=initial)
    if request.method == "POST":
        response = _once(
            request,
            form,
            lambda data: services.spending_add(plan=plan, user=_user(request), **data),
            success=lambda _spending: _plan_url(plan, "budget"),
            message=_("The spending was recorded."),
            already_url=_plan_url(plan, "budget"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        form=form,
        title=_("Record spending"),
        plan=plan,
        cancel_url=_plan_url(plan, "budget"),
    )


@login_required
@GET_POST
def spending_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    spending = access.get_spending_for_user(actor, pk, write=True)
    plan = spending.plan
    return _confirm(
        request,
        plan=plan,
        title=_("Remove the spending entry?"),
        text=_("%(date)s, %(what)s: %(amount)s kr.")
        % {
            "date": spending.date.isoformat(),
            "what": spending.description,
            "amount": spending.amount,
        },
        submit_label=_("Remove"),
        act=lambda: services.spending_delete(spending=spending),
        success_url=_plan_url(plan, "budget"),
        message=_("The spending entry was removed."),
    )


# --- Adopting and revising -----------------------------------------------------------------


@login_required
@GET_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    version: PlanVersion = access.get_version_for_user(actor, pk, write=True)
    plan = version.plan
    return _confirm(
        request,
        plan=plan,
        title=_("Adopt version %(number)s?") % {"number": version.number},
        text=_(
            "An adopted version is locked: its text, goals and activities can no longer be "
            "changed. Progress can still be logged. To change the plan later, start a revision."
        ),
        submit_label=_("Adopt the plan"),
        act=lambda: services.version_adopt(version=version, user=_user(request)),
        success_url=_plan_url(plan),
        message=_("Version %(number)s was adopted.") % {"number": version.number},
        danger=False,
    )


@login_required
@GET_POST
def revision_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    plan = access.get_plan_for_user(actor, pk, write=True)
    newest = selectors.newest_version(plan=plan)
    form = forms.RevisionStartForm(request.POST or None)
    if request.method == "POST":
        # A second start (another tab) is refused by the service as a ValidationError;
        # a double click is stopped earlier by the form token.
        response = _once(
            request,
            form,
            lambda data: services.revision_start(plan=plan, user=_user(request), **data),
            success=lambda _version: _plan_url(plan),
            message=_("The revision was started: a new draft copies the adopted version."),
            already_url=_plan_url(plan),
        )
        if response is not None:
            return response
    return render(
        request,
        "plans/plan/revision_start.html",
        {"form": form, "plan": plan, "newest": newest},
    )


urlpatterns: list[URLPattern] = [
    path("", plan_list, name="plan_list"),
    path("grupper/<int:group_pk>/ny/", plan_create, name="plan_create"),
    path("<int:pk>/", plan_detail, name="plan_detail"),
    path("<int:pk>/budget/", budget_set, name="budget_set"),
    path("<int:pk>/utgifter/ny/", spending_add, name="spending_add"),
    path("<int:pk>/revidera/", revision_start, name="revision_start"),
    path("avsnitt/<int:pk>/andra/", section_edit, name="section_edit"),
    path("versioner/<int:pk>/malgrupper/", target_groups_edit, name="target_groups_edit"),
    path("versioner/<int:pk>/faststall/", version_adopt, name="version_adopt"),
    path(
        "versioner/<int:version_pk>/malomraden/<int:area_pk>/nytt-mal/",
        goal_add,
        name="goal_add",
    ),
    path("mal/<int:pk>/andra/", goal_edit, name="goal_edit"),
    path("mal/<int:pk>/ta-bort/", goal_delete, name="goal_delete"),
    path("mal/<int:pk>/ny-aktivitet/", activity_add, name="activity_add"),
    path("aktiviteter/<int:pk>/andra/", activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/ta-bort/", activity_delete, name="activity_delete"),
    path("aktiviteter/<int:pk>/framsteg/", progress_add, name="progress_add"),
    path("utgifter/<int:pk>/ta-bort/", spending_delete, name="spending_delete"),
]
