"""Minutes: the minutes page, writing notes, decisions and action items, sending for
checking, approving (at the next meeting or by named checkers), correcting after approval
with a reason, the version history, the list with search, and PDF and Word.

Every view starts with an access call (mysam.meetings.access): 404 for what the actor may
not see (a draft for anyone but its writers and checkers), 403 for what they may see but
not change (approved minutes included). Create forms carry a one-time token, the note
form the note's revision: a save over someone else's newer save shows both texts.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.accounts.actor import Actor
from mysam.documents.pdf import PdfUnavailable
from mysam.meetings import access, export
from mysam.meetings.forms import minutes as forms
from mysam.meetings.models import ApprovalMethod, MinutesStatus
from mysam.meetings.selectors import minutes as selectors
from mysam.meetings.services import minutes as services
from mysam.organisation import services as org_services
from mysam.plans.richtext import html_to_markup

GET_POST = require_http_methods(["GET", "POST"])


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _user(request: HttpRequest) -> Any:
    return request.user


def _minutes_url(meeting_pk: int, anchor: str = "") -> str:
    url = reverse("meetings:minutes_detail", args=[meeting_pk])
    return f"{url}#{anchor}" if anchor else url


def _add_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


def _message_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _render_form(
    request: HttpRequest, *, form: Any, title: str, meeting: Any, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "meeting": meeting,
        "cancel_url": extra.pop("cancel_url", _minutes_url(meeting.pk)),
        "submit_label": extra.pop("submit_label", _("Save")),
        **extra,
    }
    return render(request, "meetings/minutes/form.html", context)


# --- The minutes page ------------------------------------------------------------------------


@login_required
@require_GET
def minutes_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The minutes as seed 003 lays them out, with the writing tools for the convener and
    the office; opened the first time by them, the minutes are started."""
    actor = _actor(request)
    meeting, minutes = access.get_minutes_or_start(actor, meeting_pk)
    can_write_group = access.can_write_group(actor, meeting.group_id)
    if minutes is None or (can_write_group and minutes.status != MinutesStatus.APPROVED):
        # Idempotent: adds notes for items put on the agenda since the last visit.
        minutes = services.minutes_start(meeting=meeting, user=_user(request))
    document = selectors.minutes_document(minutes=minutes)
    checker = selectors.checker_for_user(minutes=minutes, user_id=request.user.pk)
    context = {
        "document": document,
        "minutes": minutes,
        "meeting": meeting,
        "editable": can_write_group and not minutes.is_locked,
        "can_correct": can_write_group and minutes.is_locked,
        "checker": checker,
        "previous_minutes": (
            selectors.previous_minutes_to_approve(meeting=meeting) if can_write_group else None
        ),
        "approved_here": selectors.minutes_approved_here(meeting=meeting),
        "versions": selectors.minutes_versions(minutes=minutes),
        "confirm_form": forms.ConfirmForm(),
        "user_id": request.user.pk,
    }
    return render(request, "meetings/minutes/detail.html", context)


# --- Notes -----------------------------------------------------------------------------------


@login_required
@GET_POST
def minutes_note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    note = access.get_minutes_note_for_user(actor, pk, write=True)
    meeting = note.minutes.meeting
    conflict = None
    if request.method == "POST":
        form: django_forms.Form = forms.NoteForm(request.POST)
        if form.is_valid():
            try:
                services.minutes_note_update(note=note, user=_user(request), **form.cleaned_data)
            except services.EditConflict as error:
                data = request.POST.copy()
                data["revision"] = str(error.revision)
                form = forms.NoteForm(data)
                form.is_valid()
                current = error.current
                conflict = {
                    "by": current.updated_by,
                    "at": current.updated_at,
                    "text": html_to_markup(current.body),
                }
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The notes were saved."))
                return redirect(_minutes_url(meeting.pk, f"item-{note.agenda_item_id}"))
    else:
        form = forms.NoteForm(
            initial={"body": html_to_markup(note.body), "revision": note.revision}
        )
    return _render_form(
        request,
        form=form,
        title=_("Notes: %(item)s") % {"item": note.agenda_item.title},
        meeting=meeting,
        conflict=conflict,
        cancel_url=_minutes_url(meeting.pk, f"item-{note.agenda_item_id}"),
    )


# --- Decisions -------------------------------------------------------------------------------


@login_required
@GET_POST
def decision_add(request: HttpRequest, agenda_item_pk: int) -> HttpResponse:
    actor = _actor(request)
    agenda_item, minutes = access.get_agenda_item_for_minutes(actor, agenda_item_pk)
    form = forms.DecisionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token,
                write=lambda: services.decision_create(
                    minutes=minutes, agenda_item=agenda_item, **data
                ),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(_minutes_url(minutes.meeting_id, f"item-{agenda_item.pk}"))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The decision was added."))
            return redirect(_minutes_url(minutes.meeting_id, f"item-{agenda_item.pk}"))
    return _render_form(
        request,
        form=form,
        title=_("New decision: %(item)s") % {"item": agenda_item.title},
        meeting=minutes.meeting,
    )


@login_required
@GET_POST
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    decision = access.get_decision_for_user(actor, pk, write=True)
    meeting = decision.minutes.meeting
    form = forms.DecisionFields(request.POST or None, initial={"text": decision.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect(_minutes_url(meeting.pk, f"item-{decision.agenda_item_id}"))
    return _render_form(
        request,
        form=form,
        title=_("Change the decision: %(item)s") % {"item": decision.agenda_item.title},
        meeting=meeting,
    )


@login_required
@GET_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    decision = access.get_decision_for_user(actor, pk, write=True)
    meeting = decision.minutes.meeting
    if request.method == "POST":
        try:
            services.decision_delete(decision=decision)
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, _("The decision was removed; the later ones moved up."))
        return redirect(_minutes_url(meeting.pk, f"item-{decision.agenda_item_id}"))
    return render(
        request,
        "meetings/minutes/confirm.html",
        {
            "title": _("Remove the decision?"),
            "text": decision.text,
            "meeting": meeting,
            "submit_label": _("Remove"),
            "cancel_url": _minutes_url(meeting.pk, f"item-{decision.agenda_item_id}"),
        },
    )


# --- Action items ----------------------------------------------------------------------------


@login_required
@GET_POST
def action_item_add(request: HttpRequest, agenda_item_pk: int) -> HttpResponse:
    actor = _actor(request)
    agenda_item, minutes = access.get_agenda_item_for_minutes(actor, agenda_item_pk)
    group = minutes.meeting.group
    form = forms.ActionItemCreateForm(
        request.POST or None,
        people=selectors.association_people(association_id=group.association_id),
        activities=selectors.plan_activities(group=group),
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token,
                write=lambda: services.action_item_create(
                    minutes=minutes, agenda_item=agenda_item, user=_user(request), **data
                ),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(_minutes_url(minutes.meeting_id, f"item-{agenda_item.pk}"))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(_minutes_url(minutes.meeting_id, f"item-{agenda_item.pk}"))
    return _render_form(
        request,
        form=form,
        title=_("New action item: %(item)s") % {"item": agenda_item.title},
        meeting=minutes.meeting,
    )


@login_required
@GET_POST
def action_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    action = access.get_action_item_for_edit(actor, pk)
    meeting = action.minutes.meeting
    form = forms.ActionItemEditForm(
        request.POST or None,
        people=selectors.association_people(association_id=meeting.group.association_id),
        initial={
            "text": action.text,
            "responsible": action.responsible_id,
            "due_date": action.due_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_update(action_item=action, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action item was saved."))
            return redirect(_minutes_url(meeting.pk, f"action-{action.pk}"))
    return _render_form(request, form=form, title=_("Change the action item"), meeting=meeting)


@login_required
@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action item done (``done=0`` opens it again)."""
    actor = _actor(request)
    action = access.get_action_item_for_user(actor, pk, write=True)
    done = request.POST.get("done", "1") != "0"
    services.action_item_done(action_item=action, done=done)
    if done:
        messages.success(request, _("The action item is marked as done."))
    else:
        messages.success(request, _("The action item is open again."))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(_minutes_url(action.minutes.meeting_id, f"action-{action.pk}"))


# --- The flow --------------------------------------------------------------------------------


@login_required
@GET_POST
def minutes_ready(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """Send the draft for checking: approval at the next meeting or by named checkers."""
    actor = _actor(request)
    minutes = access.get_minutes_for_user(actor, meeting_pk, write=True)
    meeting = minutes.meeting
    if minutes.status != MinutesStatus.DRAFT:
        messages.info(request, _("The minutes have already been sent for checking."))
        return redirect(_minutes_url(meeting.pk))
    people = selectors.group_people(group=meeting.group)
    form = forms.ReadyForm(
        request.POST or None,
        people=people,
        initial={"signed_by": minutes.signed_by, "approval_method": minutes.approval_method},
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token,
                write=lambda: services.minutes_ready(
                    minutes=minutes,
                    approval_method=data["approval_method"],
                    checkers=list(data["checkers"]),
                    signed_by=data["signed_by"],
                    user=_user(request),
                ),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(_minutes_url(meeting.pk))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if data["approval_method"] == ApprovalMethod.CHECKERS:
                messages.success(request, _("The minutes were sent to the checkers."))
            else:
                messages.success(
                    request, _("The minutes are ready; they are approved at the next meeting.")
                )
            return redirect(_minutes_url(meeting.pk))
    return _render_form(
        request,
        form=form,
        title=_("Send the minutes for checking"),
        meeting=meeting,
        intro=_(
            "After this the minutes can be read by the group. You can still correct them "
            "until they are approved."
        ),
        submit_label=_("Send for checking"),
    )


@login_required
@require_POST
def minutes_approve_at_meeting(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """At this meeting, approve the previous meeting's minutes."""
    actor = _actor(request)
    meeting = access.get_meeting_for_user(actor, meeting_pk, write=True)
    previous = selectors.previous_minutes_to_approve(meeting=meeting)
    if previous is None:
        raise Http404
    try:
        services.minutes_approve_at_meeting(
            minutes=previous, at_meeting=meeting, user=_user(request)
        )
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The previous minutes are approved and locked."))
    return redirect(_minutes_url(meeting.pk))


@login_required
@require_POST
def minutes_confirm(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """A named checker confirms the minutes."""
    actor = _actor(request)
    minutes = access.get_minutes_for_checking(actor, meeting_pk)
    checker = selectors.checker_for_user(minutes=minutes, user_id=request.user.pk)
    if checker is None:  # pragma: no cover - access has checked
        raise Http404
    try:
        result = services.minutes_confirm(
            minutes=minutes, person=checker.person, user=_user(request)
        )
    except ValidationError as error:
        _message_errors(request, error)
    else:
        if result.status == MinutesStatus.APPROVED:
            messages.success(request, _("Thank you. All checkers have confirmed: approved."))
        else:
            messages.success(request, _("Thank you for confirming the minutes."))
    return redirect(_minutes_url(minutes.meeting_id))


@login_required
@GET_POST
def minutes_correct(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """Correct approved minutes: a new version with a reason."""
    actor = _actor(request)
    minutes = access.get_minutes_for_correction(actor, meeting_pk)
    notes = selectors.notes_for_correction(minutes=minutes)
    form = forms.CorrectionForm(
        request.POST or None, notes=notes, initial={"version": minutes.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token,
                write=lambda: services.minutes_correct(
                    minutes=minutes, user=_user(request), **data
                ),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(_minutes_url(minutes.meeting_id))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The correction was saved as a new version."))
            return redirect(reverse("meetings:minutes_versions", args=[minutes.meeting_id]))
    return _render_form(
        request,
        form=form,
        title=_("Correct the approved minutes"),
        meeting=minutes.meeting,
        intro=_(
            "The approved version is kept. The corrected text becomes a new version, with "
            "the reason shown in the history."
        ),
        submit_label=_("Save the correction"),
    )


@login_required
@require_GET
def minutes_versions(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    actor = _actor(request)
    minutes = access.get_minutes_for_user(actor, meeting_pk)
    return render(
        request,
        "meetings/minutes/versions.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "versions": selectors.minutes_versions(minutes=minutes),
        },
    )


# --- The list --------------------------------------------------------------------------------


@login_required
@require_GET
def minutes_list(request: HttpRequest) -> HttpResponse:
    """All minutes the actor may read, with search and filters by group, year and status."""
    actor = _actor(request)
    groups, years = selectors.minutes_filter_choices(actor=actor)
    form = forms.MinutesSearchForm(
        request.GET or None, groups=groups, years=years, statuses=MinutesStatus.choices
    )
    filters = selectors.MinutesFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.MinutesFilter(
            q=(data.get("q") or "").strip(),
            group_id=data.get("group"),
            year=data.get("year"),
            status=data.get("status") or "",
        )
    page = selectors.minutes_list(actor=actor, filters=filters, page=request.GET.get("sida", 1))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "meetings/minutes/list.html",
        {"form": form, "page": page, "filters": filters, "query": query.urlencode()},
    )


# --- PDF and Word ----------------------------------------------------------------------------


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    actor = _actor(request)
    minutes = access.get_minutes_for_user(actor, meeting_pk)
    document = selectors.minutes_document(minutes=minutes)
    try:
        content = export.minutes_pdf(document)
    except PdfUnavailable:
        return HttpResponse(
            _("PDF export is not available on this server. Download the Word file instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, export.file_name(document, "pdf")
    )
    return response


@login_required
@require_GET
def minutes_docx(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    actor = _actor(request)
    minutes = access.get_minutes_for_user(actor, meeting_pk)
    document = selectors.minutes_document(minutes=minutes)
    response = HttpResponse(export.minutes_docx(document), content_type=export.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, export.file_name(document, "docx")
    )
    return response


urlpatterns: list[URLPattern] = [
    path("minnesanteckningar/", minutes_list, name="minutes_list"),
    path("<int:meeting_pk>/minnesanteckningar/", minutes_detail, name="minutes_detail"),
    path("<int:meeting_pk>/minnesanteckningar/klar/", minutes_ready, name="minutes_ready"),
    path(
        "<int:meeting_pk>/minnesanteckningar/godkann-foregaende/",
        minutes_approve_at_meeting,
        name="minutes_approve_at_meeting",
    ),
    path("<int:meeting_pk>/minnesanteckningar/justera/", minutes_confirm, name="minutes_confirm"),
    path("<int:meeting_pk>/minnesanteckningar/rattelse/", minutes_correct, name="minutes_correct"),
    path(
        "<int:meeting_pk>/minnesanteckningar/versioner/",
        minutes_versions,
        name="minutes_versions",
    ),
    path("<int:meeting_pk>/minnesanteckningar.pdf", minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_pk>/minnesanteckningar.docx", minutes_docx, name="minutes_docx"),
    path("minnesanteckningar/anteckning/<int:pk>/", minutes_note_edit, name="minutes_note_edit"),
    path(
        "minnesanteckningar/punkt/<int:agenda_item_pk>/beslut/ny/",
        decision_add,
        name="decision_add",
    ),
    path("minnesanteckningar/beslut/<int:pk>/", decision_edit, name="decision_edit"),
    path("minnesanteckningar/beslut/<int:pk>/ta-bort/", decision_delete, name="decision_delete"),
    path(
        "minnesanteckningar/punkt/<int:agenda_item_pk>/atgard/ny/",
        action_item_add,
        name="action_item_add",
    ),
    path("minnesanteckningar/atgard/<int:pk>/", action_item_edit, name="action_item_edit"),
    path("minnesanteckningar/atgard/<int:pk>/klar/", action_item_done, name="action_item_done"),
]
