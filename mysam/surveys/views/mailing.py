"""Invitations and reminders sent by a background job, with progress (office).

The office starts a send-out; the worker sends it (services.mailing). The progress page
polls a small fragment with htmx every two seconds while the send-out runs. The board
reads these pages. The open link is turned on and off here too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mysam.accounts.actor import Actor
from mysam.organisation.forms import TOKEN_FIELD
from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.surveys import access
from mysam.surveys.forms.mailing import MailingStartForm
from mysam.surveys.models import Mailing, MailingStatus, Questionnaire
from mysam.surveys.selectors import sample as selectors
from mysam.surveys.services import mailing as services
from mysam.surveys.views.sample import crumbs


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _list_url(questionnaire: Questionnaire) -> str:
    return reverse("surveys:mailing_list", args=[questionnaire.pk])


def open_link_url(request: HttpRequest, questionnaire: Questionnaire) -> str:
    if not questionnaire.open_link_token:
        return ""
    try:
        return request.build_absolute_uri(
            reverse("respond:open", kwargs={"token": questionnaire.open_link_token})
        )
    except NoReverseMatch:
        return ""


@login_required
def mailing_list(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    questionnaire = access.get_questionnaire_for_user(actor, pk)
    form = MailingStartForm(initial={"kind": "invitation"})
    if request.method == "POST":
        questionnaire = access.get_questionnaire_for_user(actor, pk, write=True)
        form = MailingStartForm(request.POST)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                mailing = form_submission_once(
                    token=form.cleaned_data[TOKEN_FIELD],
                    write=lambda: services.mailing_start(
                        questionnaire=questionnaire, kind=kind, user=request.user
                    ),
                )
            except AlreadySubmitted:
                return redirect(_list_url(questionnaire))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The send-out has started."))
                return redirect("surveys:mailing_detail", pk=mailing.pk)
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "surveys/mailing/list.html",
        {
            "questionnaire": questionnaire,
            "measurement": questionnaire.measurement,
            "form": form,
            "counts": selectors.sample_counts(questionnaire),
            "mailings": selectors.mailings_of(questionnaire),
            "uncertain": selectors.uncertain_list(questionnaire),
            "uncertain_count": selectors.uncertain_count(questionnaire),
            "undeliverable": selectors.undeliverable_list(questionnaire),
            "open_link": open_link_url(request, questionnaire),
            "can_edit": actor.is_admin,
            "breadcrumbs": crumbs(questionnaire),
        },
        status=400 if form.errors else 200,
    )


def _detail_context(mailing: Mailing) -> dict[str, object]:
    done = mailing.sent + mailing.failed
    share = done / mailing.total if mailing.total else 1
    return {
        "mailing": mailing,
        "done": done,
        "share": share,
        "percent_int": round(share * 100),
        "running": mailing.status in (MailingStatus.QUEUED, MailingStatus.RUNNING),
        "stale": services.mailing_is_stale(mailing=mailing),
    }


@login_required
@require_GET
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    mailing = access.get_mailing_for_user(actor, pk)
    questionnaire = mailing.questionnaire
    return render(
        request,
        "surveys/mailing/detail.html",
        {
            **_detail_context(mailing),
            "questionnaire": questionnaire,
            "can_edit": actor.is_admin,
            "breadcrumbs": [*crumbs(questionnaire), (_("Send-outs"), _list_url(questionnaire))],
        },
    )


@login_required
@require_GET
def mailing_progress(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    mailing = access.get_mailing_for_user(actor, pk)
    return render(
        request,
        "surveys/mailing/_progress.html",
        {**_detail_context(mailing), "can_edit": actor.is_admin},
    )


@login_required
@require_POST
def mailing_resume(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.get_mailing_for_user(_actor(request), pk, write=True)
    try:
        services.mailing_resume(mailing=mailing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The send-out continues with those not yet sent."))
    return redirect("surveys:mailing_detail", pk=mailing.pk)


@login_required
@require_POST
def mailing_resend_uncertain(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    try:
        mailing = services.mailing_resend_uncertain(questionnaire=questionnaire, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_list_url(questionnaire))
    messages.success(request, _("The uncertain e-mails are being sent again."))
    return redirect("surveys:mailing_detail", pk=mailing.pk)


@login_required
@require_POST
def open_link(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    enabled = request.POST.get("enabled") == "1"
    services.questionnaire_open_link_set(questionnaire=questionnaire, enabled=enabled)
    if enabled:
        messages.success(request, _("The open link is on."))
    else:
        messages.success(request, _("The open link is off; it no longer works."))
    return redirect(_list_url(questionnaire))


urlpatterns: list[URLPattern] = [
    path("formular/<int:pk>/utskick/", mailing_list, name="mailing_list"),
    path(
        "formular/<int:pk>/utskick/skicka-igen/",
        mailing_resend_uncertain,
        name="mailing_resend_uncertain",
    ),
    path("formular/<int:pk>/oppen-lank/", open_link, name="open_link"),
    path("utskick/<int:pk>/", mailing_detail, name="mailing_detail"),
    path("utskick/<int:pk>/forlopp/", mailing_progress, name="mailing_progress"),
    path("utskick/<int:pk>/fortsatt/", mailing_resume, name="mailing_resume"),
]
