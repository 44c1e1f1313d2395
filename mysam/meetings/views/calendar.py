"""The calendar: the actor's meetings, a group's meetings, the office calendar; planning,
changing and cancelling a meeting; series; the notice; personal calendar feeds.

Every view starts with an access call (mysam.meetings.access): 404 for what the actor may
not see, 403 for what they may see but not change. The calendar feed is public: its secret
token is the key. Create forms carry a one-time token so a double submit stores once.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.accounts.actor import Actor
from mysam.meetings import access, ical
from mysam.meetings.forms import calendar as forms
from mysam.meetings.models import Meeting, MeetingStatus
from mysam.meetings.selectors import calendar as selectors
from mysam.meetings.services import calendar as services
from mysam.organisation import services as org_services

GET_POST = require_http_methods(["GET", "POST"])


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _data(request: HttpRequest) -> Any:
    """The POST data for a bound form (also when empty, e.g. a confirmation), else None."""
    return request.POST if request.method == "POST" else None


def _add_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


# --- Lists ---------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The actor's upcoming meetings and those of the past year, by month; ?grupp=<pk>."""
    actor = _actor(request)
    group_id = None
    raw = request.GET.get("grupp", "")
    if raw:
        group_id = access.get_group_for_meetings(actor, raw).pk  # type: ignore[arg-type]
    context = selectors.meeting_list(actor=actor, group_id=group_id)
    return render(request, "meetings/calendar/list.html", context)


@login_required
@require_GET
def group_meetings(request: HttpRequest, group_pk: int) -> HttpResponse:
    """All meetings and series of one group."""
    actor = _actor(request)
    group = access.get_group_for_meetings(actor, group_pk)
    context = selectors.group_meetings(group=group)
    context.update(group=group, can_write=access.can_write_group(actor, group.pk))
    return render(request, "meetings/calendar/group.html", context)


@login_required
@require_GET
def office_calendar(request: HttpRequest) -> HttpResponse:
    """All groups' meetings in one month (?manad=2026-03), per week: office and board."""
    actor = _actor(request)
    access.require_office_or_board(actor)
    month = selectors.parse_month(request.GET.get("manad"))
    context = selectors.office_calendar(actor=actor, month=month)
    return render(request, "meetings/calendar/office.html", context)


# --- One meeting ---------------------------------------------------------------------------


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    meeting = access.get_meeting_for_user(actor, pk)
    context = selectors.meeting_detail(meeting=meeting)
    context.update(
        meeting=meeting,
        can_write=access.can_write_group(actor, meeting.group_id),
        is_cancelled=meeting.status == MeetingStatus.CANCELLED,
    )
    return render(request, "meetings/calendar/detail.html", context)


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("submit_label", _("Save"))
    return render(request, "meetings/calendar/form.html", context)


@login_required
@GET_POST
def meeting_create(request: HttpRequest, group_pk: int) -> HttpResponse:
    """Plan a meeting; its agenda starts from the association's template."""
    actor = _actor(request)
    group = access.get_group_for_meetings(actor, group_pk, write=True)
    cancel_url = reverse("meetings:group_meetings", args=[group.pk])
    form = forms.MeetingForm(_data(request), initial={"title": services.default_title(group=group)})
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            meeting = org_services.form_submission_once(
                token=form.token,
                write=lambda: services.meeting_create(group=group, created_by=request.user, **data),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(cancel_url)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form=form,
        group=group,
        title=_("Plan a meeting of %(group)s") % {"group": group.name},
        cancel_url=cancel_url,
    )


def _meeting_initial(meeting: Meeting) -> dict[str, Any]:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    return {
        "title": meeting.title,
        "date": starts.date(),
        "start_time": starts.time().replace(second=0, microsecond=0),
        "end_time": ends.time().replace(second=0, microsecond=0),
        "location": meeting.location,
        "video_link": meeting.video_link,
    }


@login_required
@GET_POST
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change time, place or title; after the notice, the recipients get an update."""
    actor = _actor(request)
    meeting = access.get_meeting_for_user(actor, pk, write=True)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("The meeting is cancelled and can no longer be changed."))
        return redirect(meeting.get_absolute_url())
    co_opted = selectors.group_co_opted(group=meeting.group)
    initial = _meeting_initial(meeting)
    initial["invited_co_opted"] = selectors.meeting_detail(meeting=meeting)["invited"]
    form = forms.MeetingForm(_data(request), initial=initial, co_opted=co_opted, with_token=False)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            services.meeting_update(meeting=meeting, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if meeting.notice_sent_at:
                messages.success(
                    request, _("The meeting is saved. Changes were sent to the recipients.")
                )
            else:
                messages.success(request, _("The meeting is saved."))
            return redirect(meeting.get_absolute_url())
    intro = None
    if meeting.series_id:
        intro = _("This meeting belongs to a series. Changing it changes this meeting only.")
    return _form_page(
        request,
        form=form,
        group=meeting.group,
        meeting=meeting,
        intro=intro,
        notice_sent=meeting.notice_sent_at is not None,
        title=_("Change the meeting"),
        cancel_url=meeting.get_absolute_url(),
    )


@login_required
@GET_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET, cancel on POST; recipients of the notice get a cancellation."""
    actor = _actor(request)
    meeting = access.get_meeting_for_user(actor, pk, write=True)
    form = forms.ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is cancelled."))
        return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/calendar/cancel.html",
        {"meeting": meeting, "form": form, "notice_sent": meeting.notice_sent_at is not None},
    )


# --- Series --------------------------------------------------------------------------------


@login_required
@GET_POST
def series_create(request: HttpRequest, group_pk: int) -> HttpResponse:
    """Plan a series: preview the dates, then save to create the meetings."""
    actor = _actor(request)
    group = access.get_group_for_meetings(actor, group_pk, write=True)
    cancel_url = reverse("meetings:group_meetings", args=[group.pk])
    form = forms.SeriesForm(_data(request), initial={"title": services.default_title(group=group)})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            if request.POST.get("action") != "save":
                preview = services.series_dates(
                    rule=data["rule"],
                    first_date=data["first_date"],
                    last_date=data["last_date"],
                    interval_weeks=data["interval_weeks"],
                    dates=data["dates"],
                )
            else:
                series = org_services.form_submission_once(
                    token=form.token,
                    write=lambda: services.series_create(
                        group=group, created_by=request.user, **data
                    ),
                )
                messages.success(request, _("The series and its meetings are planned."))
                return redirect("meetings:series_detail", series.pk)
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(cancel_url)
        except ValidationError as error:
            _add_errors(form, error)
            preview = None
    return render(
        request,
        "meetings/calendar/series_form.html",
        {"form": form, "group": group, "preview": preview, "cancel_url": cancel_url},
    )


@login_required
@require_GET
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    series = access.get_series_for_user(actor, pk)
    meetings = selectors.series_detail(series=series)
    return render(
        request,
        "meetings/calendar/series.html",
        {
            "series": series,
            "meetings": meetings,
            "can_write": access.can_write_group(actor, series.group_id),
        },
    )


# --- Notice --------------------------------------------------------------------------------


@login_required
@GET_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: who gets the notice and what it says. POST: send it (again: an update)."""
    actor = _actor(request)
    meeting = access.get_meeting_for_user(actor, pk, write=True)
    co_opted = selectors.group_co_opted(group=meeting.group)
    detail = selectors.meeting_detail(meeting=meeting)
    form = forms.NoticeForm(
        _data(request), co_opted=co_opted, initial={"invited_co_opted": detail["invited"]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_send(
                meeting=meeting, invited_co_opted=form.cleaned_data.get("invited_co_opted")
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The notice is being sent."))
            return redirect(meeting.get_absolute_url())
    preview = selectors.notice_preview(meeting=meeting)
    return render(
        request,
        "meetings/calendar/notice.html",
        {
            "meeting": meeting,
            "form": form,
            "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
            **preview,
        },
    )


# --- Personal calendar feed ----------------------------------------------------------------


@login_required
@require_GET
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """The user's own feed URL, with how to subscribe to it in Outlook."""
    feed = services.calendar_feed_get_or_create(user=request.user)
    url = settings.SITE_URL.rstrip("/") + reverse("meetings:calendar_feed", args=[feed.token])
    webcal = "webcal://" + url.split("://", 1)[-1]
    return render(
        request, "meetings/calendar/feed_settings.html", {"feed_url": url, "webcal_url": webcal}
    )


@login_required
@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_regenerate(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. The old address no longer works: subscribe again."),
    )
    return redirect("meetings:calendar_feed_settings")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """PUBLIC: the token in the URL is the key. Unknown token → 404."""
    feed = selectors.calendar_feed_for_token(token=token)
    meetings = selectors.feed_meetings(feed=feed)
    site = settings.SITE_URL.rstrip("/")
    urls = {m.pk: site + m.get_absolute_url() for m in meetings}
    content = ical.feed(meetings, name=_("Mysam meetings"), url_for=urls)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mysam.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns: list[URLPattern] = [
    path("", meeting_list, name="meeting_list"),
    path("grupper/<int:group_pk>/", group_meetings, name="group_meetings"),
    path("grupper/<int:group_pk>/nytt/", meeting_create, name="meeting_create"),
    path("grupper/<int:group_pk>/serie/", series_create, name="series_create"),
    path("kalender/", office_calendar, name="office_calendar"),
    path("kalender/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("min-kalender/", calendar_feed_settings, name="calendar_feed_settings"),
    path("min-kalender/ny-adress/", calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("serier/<int:pk>/", series_detail, name="series_detail"),
    path("<int:pk>/", meeting_detail, name="meeting_detail"),
    path("<int:pk>/andra/", meeting_edit, name="meeting_edit"),
    path("<int:pk>/stall-in/", meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/kallelse/", notice_send, name="notice_send"),
]
