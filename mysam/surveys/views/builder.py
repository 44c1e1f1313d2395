"""Measurements and their questionnaires: sections, questions, conditions (office; the
board reads the lists and the structure).

Every view starts with an access call (mysam.surveys.access): 404 for another
association's rows, 403 for what the actor may see but not change. The services refuse
structural changes once the measurement is open; the message is shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.organisation import services as org_services
from mysam.surveys import access
from mysam.surveys.forms import builder as forms
from mysam.surveys.models import Measurement, MeasurementKind, Questionnaire
from mysam.surveys.selectors import builder as selectors
from mysam.surveys.services import builder as services
from mysam.surveys.views.bank import actor_of, add_errors, posted

GET_POST = require_http_methods(["GET", "POST"])


def _already_saved(request: HttpRequest) -> None:
    messages.info(request, _("This form had already been saved; it was not saved again."))


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("submit_label", _("Save"))
    return render(request, "surveys/builder/form.html", context)


def _measurement_url(measurement_id: int) -> str:
    return reverse("surveys:measurement_detail", args=[measurement_id])


def _questionnaire_url(questionnaire_id: int) -> str:
    return reverse("surveys:questionnaire_detail", kwargs={"pk": questionnaire_id})


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Measurements -----------------------------------------------------------------------------


@login_required
@require_GET
def measurement_list(request: HttpRequest) -> HttpResponse:
    """The association's measurements (office and board)."""
    actor = actor_of(request)
    association = access.require_surveys_reader(actor)
    measurements = selectors.measurement_list(association=association)
    return render(
        request,
        "surveys/builder/measurement_list.html",
        {"measurements": measurements, "can_write": actor.is_admin},
    )


@login_required
@GET_POST
def measurement_create(request: HttpRequest) -> HttpResponse:
    """Start a measurement (name, kind, comparison, dates)."""
    association = access.require_surveys_admin(actor_of(request))
    form = forms.MeasurementForm(
        posted(request),
        token=True,
        previous_choices=selectors.measurement_choices(association=association),
        initial={"kind": MeasurementKind.BASELINE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            measurement = org_services.form_submission_once(
                token=form.token,
                write=lambda: services.measurement_create(
                    association=association, created_by=request.user, **data
                ),
            )
        except org_services.AlreadySubmitted:
            _already_saved(request)
            return redirect("surveys:measurement_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The measurement is created."))
            return redirect(_measurement_url(measurement.pk))
    return _form_page(
        request,
        form=form,
        title=_("New measurement"),
        cancel_url=reverse("surveys:measurement_list"),
    )


@login_required
@require_GET
def measurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A measurement: status, dates, questionnaires and the links to build and run them."""
    actor = actor_of(request)
    measurement = access.get_measurement_for_user(actor, pk)
    context = selectors.measurement_detail(measurement=measurement)
    context.update(measurement=measurement, can_write=actor.is_admin)
    return render(request, "surveys/builder/measurement_detail.html", context)


@login_required
@GET_POST
def measurement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the name, kind, comparison and dates (only the dates once opened)."""
    measurement = access.get_measurement_for_user(actor_of(request), pk, write=True)
    form = forms.MeasurementForm(
        posted(request),
        previous_choices=selectors.measurement_choices(
            association=measurement.association, exclude=measurement
        ),
        initial={
            "name": measurement.name,
            "kind": measurement.kind,
            "previous": measurement.previous_id,
            "opens_on": measurement.opens_on,
            "closes_on": measurement.closes_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_update(measurement=measurement, **form.data_for_service)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The measurement is saved."))
            return redirect(_measurement_url(measurement.pk))
    return _form_page(
        request,
        form=form,
        measurement=measurement,
        title=_("Change the measurement"),
        cancel_url=_measurement_url(measurement.pk),
    )


@login_required
@GET_POST
def measurement_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up of this measurement with copies of its questionnaires (same items)."""
    source = access.get_measurement_for_user(actor_of(request), pk, write=True)
    form = forms.FollowUpForm(posted(request), token=True)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            follow_up = org_services.form_submission_once(
                token=form.token,
                write=lambda: services.measurement_follow_up_create(
                    source=source, created_by=request.user, **data
                ),
            )
        except org_services.AlreadySubmitted:
            _already_saved(request)
            return redirect("surveys:measurement_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The follow-up is created with the same questions as %(name)s.")
                % {"name": source.name},
            )
            return redirect(_measurement_url(follow_up.pk))
    return _form_page(
        request,
        form=form,
        measurement=source,
        intro=_(
            "The follow-up gets copies of this measurement's questionnaires with the same "
            "items, sections, conditions and screening, so that the results can be compared "
            "item by item. You can change the copies before opening the follow-up."
        ),
        title=_("Follow-up of %(name)s") % {"name": source.name},
        submit_label=_("Create the follow-up"),
        cancel_url=_measurement_url(source.pk),
    )


def _confirm(
    request: HttpRequest,
    measurement: Measurement,
    *,
    title: str,
    text: str,
    button: str,
) -> HttpResponse:
    return render(
        request,
        "surveys/builder/confirm.html",
        {
            "measurement": measurement,
            "title": title,
            "text": text,
            "button": button,
            "cancel_url": _measurement_url(measurement.pk),
        },
    )


@login_required
@GET_POST
def measurement_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; open for answers (locking every item used) on POST."""
    measurement = access.get_measurement_for_user(actor_of(request), pk, write=True)
    if request.method == "POST":
        try:
            services.measurement_open(measurement=measurement)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The measurement is open for answers."))
        return redirect(_measurement_url(measurement.pk))
    return _confirm(
        request,
        measurement,
        title=_("Open %(name)s") % {"name": measurement.name},
        text=_(
            "When the measurement is open, its questionnaires can no longer be changed and "
            "every item it uses is locked: its wording and scale stay as they are, so that "
            "later measurements can be compared with this one."
        ),
        button=_("Open for answers"),
    )


@login_required
@GET_POST
def measurement_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; close (no more answers) on POST."""
    measurement = access.get_measurement_for_user(actor_of(request), pk, write=True)
    if request.method == "POST":
        try:
            services.measurement_close(measurement=measurement)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The measurement is closed."))
        return redirect(_measurement_url(measurement.pk))
    return _confirm(
        request,
        measurement,
        title=_("Close %(name)s") % {"name": measurement.name},
        text=_("Respondents can no longer answer once the measurement is closed."),
        button=_("Close the measurement"),
    )


@login_required
@GET_POST
def baseline_build(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; add the two questionnaires of the 2016 baseline on POST."""
    measurement = access.get_measurement_for_user(actor_of(request), pk, write=True)
    if request.method == "POST":
        try:
            services.baseline_questionnaires_build(measurement=measurement)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("The managers' and the staff's questionnaires have been added.")
            )
        return redirect(_measurement_url(measurement.pk))
    return _confirm(
        request,
        measurement,
        title=_("Add the baseline questionnaires"),
        text=_(
            "Adds the two questionnaires of the 2016 baseline measurement, to the Mysam "
            "groups' members and to frontline staff, with every question of the item bank "
            "they use (missing items are added to the bank)."
        ),
        button=_("Add both questionnaires"),
    )


# --- Questionnaires ---------------------------------------------------------------------------


def _questionnaire_initial(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "audience": questionnaire.audience,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "closing_text": questionnaire.closing_text,
        "screened_out_text": questionnaire.screened_out_text,
    }


@login_required
@GET_POST
def questionnaire_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a questionnaire to a measurement being prepared."""
    measurement = access.get_measurement_for_user(actor_of(request), pk, write=True)
    form = forms.QuestionnaireForm(posted(request), token=True)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            questionnaire = org_services.form_submission_once(
                token=form.token,
                write=lambda: services.questionnaire_create(measurement=measurement, **data),
            )
        except org_services.AlreadySubmitted:
            _already_saved(request)
            return redirect(_measurement_url(measurement.pk))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is added."))
            return redirect(_questionnaire_url(questionnaire.pk))
    return _form_page(
        request,
        form=form,
        measurement=measurement,
        title=_("New questionnaire"),
        cancel_url=_measurement_url(measurement.pk),
    )


@login_required
@require_GET
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: sections in order with their questions, conditions and screening."""
    actor = actor_of(request)
    questionnaire = access.get_questionnaire_for_user(actor, pk)
    context = selectors.questionnaire_structure(questionnaire=questionnaire)
    measurement = questionnaire.measurement
    context.update(
        questionnaire=questionnaire,
        measurement=measurement,
        can_write=actor.is_admin,
        is_draft=measurement.status == "draft",
        move_form=forms.MoveForm(),
    )
    return render(request, "surveys/builder/questionnaire_detail.html", context)


@login_required
@GET_POST
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a questionnaire's audience and texts."""
    questionnaire = access.get_questionnaire_for_user(actor_of(request), pk, write=True)
    form = forms.QuestionnaireForm(posted(request), initial=_questionnaire_initial(questionnaire))
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(questionnaire=questionnaire, **form.data_for_service)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is saved."))
            return redirect(_questionnaire_url(questionnaire.pk))
    return _form_page(
        request,
        form=form,
        measurement=questionnaire.measurement,
        questionnaire=questionnaire,
        title=_("Change the questionnaire"),
        cancel_url=_questionnaire_url(questionnaire.pk),
    )


@login_required
@GET_POST
def questionnaire_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; remove the questionnaire with its sections and questions on POST."""
    questionnaire = access.get_questionnaire_for_user(actor_of(request), pk, write=True)
    measurement = questionnaire.measurement
    if request.method == "POST":
        try:
            services.questionnaire_delete(questionnaire=questionnaire)
        except ValidationError as error:
            _refused(request, error)
            return redirect(_questionnaire_url(pk))
        messages.success(request, _("The questionnaire is removed."))
        return redirect(_measurement_url(measurement.pk))
    return render(
        request,
        "surveys/builder/confirm.html",
        {
            "measurement": measurement,
            "questionnaire": questionnaire,
            "title": _("Remove %(title)s") % {"title": questionnaire.title},
            "text": _(
                "The questionnaire, its sections and questions are removed. The items stay "
                "in the bank."
            ),
            "button": _("Remove the questionnaire"),
            "danger": True,
            "cancel_url": _questionnaire_url(pk),
        },
    )


# --- Sections ---------------------------------------------------------------------------------


@login_required
@GET_POST
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a section (once, or repeated per chosen area) at the end of a questionnaire."""
    questionnaire = access.get_questionnaire_for_user(actor_of(request), pk, write=True)
    form = forms.SectionForm(
        posted(request),
        token=True,
        area_questions=selectors.area_questions(questionnaire=questionnaire),
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            section = org_services.form_submission_once(
                token=form.token,
                write=lambda: services.section_create(questionnaire=questionnaire, **data),
            )
        except org_services.AlreadySubmitted:
            _already_saved(request)
            return redirect(_questionnaire_url(questionnaire.pk))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The section is added."))
            return redirect(_questionnaire_url(questionnaire.pk) + f"#section-{section.pk}")
    return _form_page(
        request,
        form=form,
        measurement=questionnaire.measurement,
        questionnaire=questionnaire,
        title=_("New section"),
        cancel_url=_questionnaire_url(questionnaire.pk),
    )


@login_required
@GET_POST
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a section's title, introduction and per-area setting."""
    section = access.get_section_for_user(actor_of(request), pk, write=True)
    questionnaire = section.questionnaire
    form = forms.SectionForm(
        posted(request),
        area_questions=selectors.area_questions(questionnaire=questionnaire),
        initial={
            "title": section.title,
            "introduction": section.introduction,
            "repeat_for": section.repeat_for_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, **form.data_for_service)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect(_questionnaire_url(questionnaire.pk) + f"#section-{section.pk}")
    return _form_page(
        request,
        form=form,
        measurement=questionnaire.measurement,
        questionnaire=questionnaire,
        title=_("Change the section"),
        cancel_url=_questionnaire_url(questionnaire.pk),
    )


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a section up or down (POST direction=up|down)."""
    section = access.get_section_for_user(actor_of(request), pk, write=True)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.section_move(section=section, offset=form.offset)
        except ValidationError as error:
            _refused(request, error)
    return redirect(_questionnaire_url(section.questionnaire_id) + f"#section-{section.pk}")


@login_required
@GET_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; remove the section and its questions on POST."""
    section = access.get_section_for_user(actor_of(request), pk, write=True)
    questionnaire = section.questionnaire
    if request.method == "POST":
        try:
            services.section_delete(section=section)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The section is removed."))
        return redirect(_questionnaire_url(questionnaire.pk))
    return render(
        request,
        "surveys/builder/confirm.html",
        {
            "measurement": questionnaire.measurement,
            "questionnaire": questionnaire,
            "title": _("Remove the section %(title)s") % {"title": section.title},
            "text": _("The section and its questions are removed. The items stay in the bank."),
            "button": _("Remove the section"),
            "danger": True,
            "cancel_url": _questionnaire_url(questionnaire.pk),
        },
    )


# --- Questions --------------------------------------------------------------------------------


@login_required
@GET_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick current items of the bank and add them, in order, at the end of a section."""
    section = access.get_section_for_user(actor_of(request), pk, write=True)
    questionnaire = section.questionnaire
    form = forms.QuestionAddForm(
        posted(request),
        token=True,
        items=selectors.choosable_items(questionnaire=questionnaire),
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service

        def write() -> int:
            for item in data["items"]:
                services.question_add(section=section, item=item, required=data["required"])
            return len(data["items"])

        try:
            added = org_services.form_submission_once(token=form.token, write=write)
        except org_services.AlreadySubmitted:
            _already_saved(request)
            return redirect(_questionnaire_url(questionnaire.pk))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(count)s questions are added.") % {"count": added})
            return redirect(_questionnaire_url(questionnaire.pk) + f"#section-{section.pk}")
    return _form_page(
        request,
        form=form,
        measurement=questionnaire.measurement,
        questionnaire=questionnaire,
        title=_("Add questions to %(section)s") % {"section": section.title},
        submit_label=_("Add the chosen items"),
        cancel_url=_questionnaire_url(questionnaire.pk),
    )


@login_required
@GET_POST
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Required, the condition and screening of one question. Changing the condition's
    question re-renders its answer choices (htmx swaps only that fieldset)."""
    question = access.get_question_for_user(actor_of(request), pk, write=True)
    questionnaire = question.questionnaire
    initial: dict[str, Any] = {
        "required": question.required,
        "shown_if_question": request.GET.get("shown_if_question", question.shown_if_question_id),
        "shown_if_values": question.shown_if_values,
        "screens_out_values": question.screens_out_values,
    }
    form = forms.QuestionForm(
        posted(request),
        initial=initial,
        question=question,
        candidates=selectors.condition_questions(question=question),
        can_screen=selectors.can_screen(question=question),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.data_for_service)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(_questionnaire_url(questionnaire.pk) + f"#question-{question.pk}")
    return render(
        request,
        "surveys/builder/question_form.html",
        {
            "form": form,
            "question": question,
            "questionnaire": questionnaire,
            "measurement": questionnaire.measurement,
            "title": _("Conditions of the question"),
            "cancel_url": _questionnaire_url(questionnaire.pk),
        },
    )


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a question up or down in its section (POST direction=up|down)."""
    question = access.get_question_for_user(actor_of(request), pk, write=True)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.question_move(question=question, offset=form.offset)
        except ValidationError as error:
            _refused(request, error)
    return redirect(_questionnaire_url(question.questionnaire_id) + f"#question-{question.pk}")


@login_required
@GET_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; take the question out of the questionnaire on POST."""
    question = access.get_question_for_user(actor_of(request), pk, write=True)
    questionnaire = question.questionnaire
    if request.method == "POST":
        try:
            services.question_remove(question=question)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The question is removed."))
        return redirect(_questionnaire_url(questionnaire.pk))
    return render(
        request,
        "surveys/builder/confirm.html",
        {
            "measurement": questionnaire.measurement,
            "questionnaire": questionnaire,
            "title": _("Remove the question"),
            "text": question.item.text,
            "button": _("Remove the question"),
            "danger": True,
            "cancel_url": _questionnaire_url(questionnaire.pk),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", measurement_list, name="measurement_list"),
    path("ny/", measurement_create, name="measurement_create"),
    path("<int:pk>/", measurement_detail, name="measurement_detail"),
    path("<int:pk>/andra/", measurement_edit, name="measurement_edit"),
    path("<int:pk>/uppfoljning/", measurement_follow_up, name="measurement_follow_up"),
    path("<int:pk>/oppna/", measurement_open, name="measurement_open"),
    path("<int:pk>/stang/", measurement_close, name="measurement_close"),
    path("<int:pk>/baslinjen/", baseline_build, name="baseline_build"),
    path("<int:pk>/formular/ny/", questionnaire_create, name="questionnaire_create"),
    path("formular/<int:pk>/", questionnaire_detail, name="questionnaire_detail"),
    path("formular/<int:pk>/andra/", questionnaire_edit, name="questionnaire_edit"),
    path("formular/<int:pk>/ta-bort/", questionnaire_delete, name="questionnaire_delete"),
    path("formular/<int:pk>/avsnitt/ny/", section_create, name="section_create"),
    path("avsnitt/<int:pk>/andra/", section_edit, name="section_edit"),
    path("avsnitt/<int:pk>/flytta/", section_move, name="section_move"),
    path("avsnitt/<int:pk>/ta-bort/", section_delete, name="section_delete"),
    path("avsnitt/<int:pk>/fragor/ny/", question_add, name="question_add"),
    path("fragor/<int:pk>/andra/", question_edit, name="question_edit"),
    path("fragor/<int:pk>/flytta/", question_move, name="question_move"),
    path("fragor/<int:pk>/ta-bort/", question_remove, name="question_remove"),
]
