"""The agenda of a meeting, its attachments, the association's agenda template and the
attendance. See views/__init__.py.

Reading: the group's current members, the office and the board (mysam.meetings.access).
Writing (items, order, attachments, attendance): the group's convener and the office. A group
member may propose an item; the convener accepts or declines it. The agenda template is read
by everyone in the association and edited by the office.

Reordering works with the keyboard: "Move up"/"Move down" buttons post one step; without
JavaScript the page reloads at the item, with htmx the list is re-rendered in place, focus
stays on the pressed button (same id) and a live region announces the new position.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.accounts.actor import Actor
from mysam.meetings import access
from mysam.meetings.defaults import agenda_template_create_default
from mysam.meetings.forms import agenda as forms
from mysam.meetings.models import AgendaItemKind, Meeting
from mysam.meetings.selectors import agenda as selectors
from mysam.meetings.services import agenda as services
from mysam.organisation.forms import TOKEN_FIELD
from mysam.organisation.models import Association
from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.plans.access import can_read_drafts


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _association(request: HttpRequest) -> Association:
    association = _actor(request).association
    if association is None:  # the access call has already answered 404
        raise Http404
    return association


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _add_errors(form: Any, error: ValidationError) -> None:
    for message in _errors(error):
        form.add_error(None, message)


def _meeting_crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    crumbs = []
    try:
        crumbs.append((str(meeting), reverse("meetings:meeting_detail", args=[meeting.pk])))
    except NoReverseMatch:  # the calendar area is not mounted yet
        crumbs = []
    crumbs.append((_("Agenda"), reverse("meetings:agenda", args=[meeting.pk])))
    return crumbs


def _agenda_url(meeting_pk: int, item_pk: int | None = None) -> str:
    url = reverse("meetings:agenda", args=[meeting_pk])
    return f"{url}#item-{item_pk}" if item_pk else url


def _render_form(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    breadcrumbs: list[tuple[str, str]],
    cancel_url: str,
    submit_label: str,
    intro: str = "",
    danger: bool = False,
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        "danger": danger,
        "multipart": multipart,
    }
    return render(request, "meetings/agenda/form.html", context, status=status)


# --- The agenda template --------------------------------------------------------------------


@login_required
@require_GET
def agenda_template(request: HttpRequest) -> HttpResponse:
    template = access.get_agenda_template_for_user(_actor(request))
    items = selectors.agenda_template_items(template)
    return render(
        request,
        "meetings/agenda/template.html",
        {
            "template": template,
            "items": items,
            "total": sum(i.estimated_minutes or 0 for i in items),
            "can_edit": _actor(request).is_admin,
        },
    )


@login_required
@require_POST
def agenda_template_create_default_view(request: HttpRequest) -> HttpResponse:
    access.get_agenda_template_for_user(_actor(request), write=True)
    association = _association(request)
    agenda_template_create_default(association=association)
    messages.success(request, _("The default agenda template was created."))
    return redirect("meetings:agenda_template")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_template_edit(request: HttpRequest) -> HttpResponse:
    template = access.get_agenda_template_for_user(_actor(request), write=True)
    association = _association(request)
    items = selectors.agenda_template_items(template)
    initial = [
        {
            "title": i.title,
            "kind": i.kind,
            "estimated_minutes": i.estimated_minutes,
            "position": n,
        }
        for n, i in enumerate(items, start=1)
    ]
    if request.method == "POST":
        form = forms.AgendaTemplateForm(request.POST)
        formset = forms.AgendaTemplateItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                services.agenda_template_save(
                    association=association,
                    name=form.cleaned_data["name"],
                    items=forms.template_items_from_formset(formset),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The agenda template was saved."))
                return redirect("meetings:agenda_template")
    else:
        form = forms.AgendaTemplateForm(
            initial={"name": template.name if template else _("Agenda")}
        )
        formset = forms.AgendaTemplateItemFormSet(initial=initial, prefix="items")
    return render(
        request,
        "meetings/agenda/template_edit.html",
        {"form": form, "formset": formset, "template": template},
    )


# --- The agenda ---------------------------------------------------------------------------


def _agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    actor = _actor(request)
    agenda = selectors.agenda_for_meeting(meeting)
    can_write = access.can_write_group(actor, meeting.group_id)
    summary = None
    if agenda.has_plan_follow_up and can_read_drafts(actor, meeting.group_id):
        from mysam.plans.selectors.follow_up import plan_follow_up_summary

        summary = plan_follow_up_summary(
            group=meeting.group, since=selectors.follow_up_since(meeting), today=meeting.date
        )
    return {
        "meeting": meeting,
        "agenda": agenda,
        "can_write": can_write,
        "can_propose": can_write or actor.is_in_group(meeting.group_id),
        "summary": summary,
        "last_number": len(agenda.rows),
    }


@login_required
@require_GET
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(_actor(request), pk)
    context = _agenda_context(request, meeting)
    if context["can_write"]:
        context["offered_actions"] = selectors.open_action_items(
            meeting, exclude=context["agenda"].action_item_ids
        )
        context["offer_plan"] = not context[
            "agenda"
        ].has_plan_follow_up and selectors.group_has_plan(meeting)
    context["breadcrumbs"] = _meeting_crumbs(meeting)[:-1]
    return render(request, "meetings/agenda/agenda.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(_actor(request), pk, write=True)
    form = forms.AgendaItemForm(request.POST or None, token=True)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            item = form_submission_once(
                token=form.cleaned_data[TOKEN_FIELD],
                write=lambda: services.agenda_item_add(meeting=meeting, **data),
            )
        except AlreadySubmitted:
            return redirect(_agenda_url(meeting.pk))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect(_agenda_url(meeting.pk, item.pk))
    return _render_form(
        request,
        form=form,
        title=_("Add an agenda item"),
        breadcrumbs=_meeting_crumbs(meeting),
        cancel_url=_agenda_url(meeting.pk),
        submit_label=_("Add the item"),
    )


@login_required
@require_POST
def agenda_item_add_offered(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on an offered item: the plan follow-up or an open action item."""
    meeting = access.get_meeting_for_user(_actor(request), pk, write=True)
    form = forms.OfferForm(request.POST)
    if not form.is_valid():
        raise Http404
    offer = form.cleaned_data["offer"]
    try:
        if offer == "plan":
            item = services.agenda_item_add(
                meeting=meeting,
                title="Uppföljning av handlingsplanen",
                kind=AgendaItemKind.PLAN_FOLLOW_UP,
            )
        elif offer.startswith("action-") and offer[7:].isdigit():
            open_items = {a.pk: a for a in selectors.open_action_items(meeting)}
            action = open_items.get(int(offer[7:]))
            if action is None:
                raise Http404
            item = services.agenda_item_add(
                meeting=meeting,
                title=action.text[:300],
                kind=AgendaItemKind.ACTION_ITEMS,
                presenter=action.responsible.full_name,
                action_item=action,
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect(_agenda_url(meeting.pk))
    messages.success(request, _("The item was added to the agenda."))
    return redirect(_agenda_url(meeting.pk, item.pk))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(_actor(request), pk, write=True)
    initial = {
        "title": item.title,
        "presenter": item.presenter,
        "estimated_minutes": item.estimated_minutes,
        "description": item.description,
    }
    form = forms.AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, **form.data_for_service)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(_agenda_url(item.meeting_id, item.pk))
    return _render_form(
        request,
        form=form,
        title=_("Change the agenda item"),
        breadcrumbs=_meeting_crumbs(item.meeting),
        cancel_url=_agenda_url(item.meeting_id, item.pk),
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(_actor(request), pk, write=True)
    form = forms.ConfirmForm()
    if request.method == "POST":
        try:
            services.agenda_item_delete(item=item)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item was removed from the agenda."))
            return redirect(_agenda_url(item.meeting_id))
    return _render_form(
        request,
        form=form,
        title=_("Remove the agenda item “%(title)s”?") % {"title": item.title},
        breadcrumbs=_meeting_crumbs(item.meeting),
        cancel_url=_agenda_url(item.meeting_id, item.pk),
        submit_label=_("Remove the item"),
        intro=_("The item and its attachments' link to it are removed from the agenda."),
        danger=True,
    )


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(_actor(request), pk, write=True)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return redirect(_agenda_url(item.meeting_id, item.pk))
    try:
        position = services.agenda_item_move(item=item, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect(_agenda_url(item.meeting_id, item.pk))
    _number, count = selectors.item_position(item)
    announcement = _("“%(title)s” is now item %(position)s of %(count)s.") % {
        "title": item.title,
        "position": position,
        "count": count,
    }
    if request.htmx:  # type: ignore[attr-defined]
        context = _agenda_context(request, item.meeting)
        context["announcement"] = announcement
        return render(request, "meetings/agenda/_move_response.html", context)
    messages.success(request, announcement)
    return redirect(_agenda_url(item.meeting_id, item.pk))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_proposal(_actor(request), pk)
    form = forms.AgendaItemForm(request.POST or None, token=True)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        user = request.user
        try:
            form_submission_once(
                token=form.cleaned_data[TOKEN_FIELD],
                write=lambda: services.agenda_item_propose(
                    meeting=meeting,
                    user=user,  # type: ignore[arg-type]
                    **data,
                ),
            )
        except AlreadySubmitted:
            return redirect(_agenda_url(meeting.pk))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your proposal was sent. The convener decides whether to take it up.")
            )
            return redirect(_agenda_url(meeting.pk))
    return _render_form(
        request,
        form=form,
        title=_("Propose an agenda item"),
        breadcrumbs=_meeting_crumbs(meeting),
        cancel_url=_agenda_url(meeting.pk),
        submit_label=_("Propose the item"),
        intro=_("The convener accepts or declines the proposal."),
    )


@login_required
@require_POST
def agenda_item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(_actor(request), pk, write=True)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline."))
        return redirect(_agenda_url(item.meeting_id))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.agenda_item_decide(item=item, accept=accept)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect(_agenda_url(item.meeting_id))
    if accept:
        messages.success(request, _("The proposal was added to the agenda."))
        return redirect(_agenda_url(item.meeting_id, item.pk))
    messages.success(request, _("The proposal was declined."))
    return redirect(_agenda_url(item.meeting_id))


# --- Attachments --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(_actor(request), pk, write=True)
    items = selectors.attachment_choices(meeting)
    initial = {}
    item_param = request.GET.get("punkt", "")
    if item_param.isdigit():
        initial["agenda_item"] = int(item_param)
    form = forms.AttachmentForm(
        request.POST or None, request.FILES or None, items=items, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user
        try:
            attachment = form_submission_once(
                token=data[TOKEN_FIELD],
                write=lambda: services.attachment_add(
                    meeting=meeting,
                    file=data["file"],
                    user=user,  # type: ignore[arg-type]
                    title=data["title"],
                    agenda_item=data["agenda_item"],
                ),
            )
        except AlreadySubmitted:
            return redirect(_agenda_url(meeting.pk))
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect(_agenda_url(meeting.pk, attachment.agenda_item_id))
    return _render_form(
        request,
        form=form,
        title=_("Add an attachment"),
        breadcrumbs=_meeting_crumbs(meeting),
        cancel_url=_agenda_url(meeting.pk),
        submit_label=_("Upload"),
        multipart=True,
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, through the view (never a public media URL), as a download."""
    attachment = access.get_attachment_for_user(_actor(request), pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = (attachment.file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_attachment_for_user(_actor(request), pk, write=True)
    meeting_pk = attachment.meeting_id
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return redirect(_agenda_url(meeting_pk))


# --- Attendance ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Readers see the attendance table; the convener and the office also the form."""
    meeting = access.get_meeting_for_user(_actor(request), pk, write=request.method == "POST")
    can_write = access.can_write_group(_actor(request), meeting.group_id)
    context: dict[str, Any] = {
        "meeting": meeting,
        "can_write": can_write,
        "breadcrumbs": _meeting_crumbs(meeting)[:-1],
    }
    if can_write:
        roster = selectors.attendance_form(meeting)
        form = forms.AttendanceRecordForm(request.POST or None, roster=roster)
        if request.method == "POST" and form.is_valid():
            people = {row.person.pk: row.person for row in roster.rows}
            entries = [
                services.AttendanceEntry(
                    person=row.person,
                    present=present,
                    membership=row.membership,
                    replaces=people.get(replaces) if replaces else None,
                    is_guest=row.is_guest,
                )
                for row, present, replaces in form.entries_data()
            ]
            try:
                services.attendance_record(meeting=meeting, entries=entries)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The attendance was saved."))
                return redirect("meetings:attendance", pk=meeting.pk)
        context["form"] = form
        context["add_form"] = forms.AddAttendeeForm(
            candidates=roster.guest_candidates, co_opted=roster.co_opted_candidates
        )
    context["table"] = selectors.attendance_table(meeting)
    return render(request, "meetings/attendance/attendance.html", context)


@login_required
@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a guest, or a co-opted member invited to this meeting, as present."""
    meeting = access.get_meeting_for_user(_actor(request), pk, write=True)
    roster = selectors.attendance_form(meeting)
    form = forms.AddAttendeeForm(
        request.POST, candidates=roster.guest_candidates, co_opted=roster.co_opted_candidates
    )
    if form.is_valid():
        try:
            services.attendance_add_guest(
                meeting=meeting,
                person=form.cleaned_data["person"],
                role_label=form.cleaned_data["role_label"],
            )
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s was added as present.")
                % {"name": form.cleaned_data["person"].full_name},
            )
    else:
        messages.error(request, _("Choose a person to add."))
    return redirect("meetings:attendance", pk=meeting.pk)


@login_required
@require_POST
def attendance_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Take a guest off the attendance list."""
    meeting = access.get_meeting_for_user(_actor(request), pk, write=True)
    row = selectors.guest_attendance(meeting, person_pk)
    if row is None:
        raise Http404
    try:
        services.attendance_remove_guest(attendance=row)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The guest was removed from the list."))
    return redirect("meetings:attendance", pk=meeting.pk)


urlpatterns: list[URLPattern] = [
    path("dagordningsmall/", agenda_template, name="agenda_template"),
    path("dagordningsmall/andra/", agenda_template_edit, name="agenda_template_edit"),
    path(
        "dagordningsmall/standard/",
        agenda_template_create_default_view,
        name="agenda_template_create_default",
    ),
    path("<int:pk>/dagordning/", agenda, name="agenda"),
    path("<int:pk>/dagordning/ny/", agenda_item_add, name="agenda_item_add"),
    path("<int:pk>/dagordning/erbjuden/", agenda_item_add_offered, name="agenda_item_add_offered"),
    path("<int:pk>/dagordning/foresla/", agenda_item_propose, name="agenda_item_propose"),
    path("dagordning/<int:pk>/andra/", agenda_item_edit, name="agenda_item_edit"),
    path("dagordning/<int:pk>/ta-bort/", agenda_item_delete, name="agenda_item_delete"),
    path("dagordning/<int:pk>/flytta/", agenda_item_move, name="agenda_item_move"),
    path("dagordning/<int:pk>/beslut/", agenda_item_decide, name="agenda_item_decide"),
    path("<int:pk>/bilagor/ny/", attachment_add, name="attachment_add"),
    path("bilagor/<int:pk>/", attachment_download, name="attachment_download"),
    path("bilagor/<int:pk>/ta-bort/", attachment_delete, name="attachment_delete"),
    path("<int:pk>/narvaro/", attendance, name="attendance"),
    path("<int:pk>/narvaro/lagg-till/", attendance_add, name="attendance_add"),
    path("<int:pk>/narvaro/<int:person_pk>/ta-bort/", attendance_remove, name="attendance_remove"),
]
