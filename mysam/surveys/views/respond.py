"""Answering: personal single-use links and the open link; no account needed.

A page is a GET of ``?sida=N`` and a POST of the page's answers with one of three buttons:
next (validates the page; on the last page, or after a screening answer, submits), back
and "save and continue later" (both save what is valid without requiring anything).
Answers so far are kept in a `Draft` keyed by the hash of the link's token (for the open
link, of a random resume token kept in a signed cookie), so the same link continues where
the respondent stopped. The pages are public but never indexed or cached.

The office's preview (mysam.surveys.views.preview) renders the same templates with the
same engine and form, keeping its answers in a signed hidden field instead of a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mysam.organisation import services as org_services
from mysam.surveys import engine
from mysam.surveys.forms.respond import PageForm
from mysam.surveys.models import Invitation, InvitationStatus, Questionnaire
from mysam.surveys.selectors import links as link_selectors
from mysam.surveys.selectors import respond as selectors
from mysam.surveys.services import respond as services
from mysam.surveys.tokens import hash_token, make_token

GET_POST = require_http_methods(["GET", "POST"])
PAGE_PARAM = "sida"
RESUME_COOKIE = "mysam_svar_{pk}"
RESUME_SALT = "mysam.surveys.respond.resume"
RESUME_MAX_AGE = 60 * 60 * 24 * 120

DONE_STATUSES = (
    InvitationStatus.ANSWERED,
    InvitationStatus.SCREENED_OUT,
    InvitationStatus.EXCLUDED,
)
NEXT = "next"
BACK = "back"
SAVE = "save"


def not_indexed(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_message(
    request: HttpRequest,
    *,
    title: str,
    text: str = "",
    paragraphs: list[str] | None = None,
    questionnaire_title: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "title": title,
        "text": text,
        "paragraphs": paragraphs or [],
        "questionnaire_title": questionnaire_title,
        **(extra or {}),
    }
    return not_indexed(render(request, "surveys/respond/message.html", context, status=status))


def _page_number(raw: str | None, default: int) -> int:
    try:
        return int(raw) - 1 if raw else default
    except ValueError:
        return default


@dataclass
class Link:
    """What differs between a personal link and the open link."""

    questionnaire: Questionnaire
    url: str
    token_hash: str  # the draft's key ("" before the open link's first save)
    invitation: Invitation | None = None
    link_token: str = ""
    new_resume_token: str = ""

    def cookie_name(self) -> str:
        return RESUME_COOKIE.format(pk=self.questionnaire.pk)


def render_page(
    request: HttpRequest,
    *,
    structure: engine.Structure,
    shown: list[engine.Page],
    index: int,
    form: PageForm,
    preview: bool = False,
    state: str = "",
    action_url: str = "",
    can_save: bool = True,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """One questionnaire page; the same template for answering and the preview."""
    context = {
        "structure": structure,
        "page": shown[index],
        "form": form,
        "index": index,
        "number": index + 1,
        "total": len(shown),
        "is_last": index + 1 >= len(shown),
        "preview": preview,
        "state": state,
        "action_url": action_url,
        "can_save": can_save and not preview,
        "page_param": PAGE_PARAM,
        **(extra or {}),
    }
    return not_indexed(render(request, "surveys/respond/page.html", context, status=status))


def _answering(request: HttpRequest, link: Link) -> HttpResponse:
    questionnaire = link.questionnaire
    structure = selectors.structure_for(questionnaire)
    saved = (
        selectors.draft_for(questionnaire=questionnaire, token_hash=link.token_hash)
        if link.token_hash
        else None
    )
    answers = saved.answers if saved else {}
    shown = engine.pages(structure, answers)
    if not shown:
        return render_message(
            request,
            title=_("This questionnaire has no questions yet"),
            questionnaire_title=questionnaire.title,
        )
    # Never further than the first page with a required question unanswered.
    furthest = engine.first_unfinished(structure, answers)
    if request.method == "GET":
        default = saved.page if saved else 0
        index = max(0, min(_page_number(request.GET.get(PAGE_PARAM), default), furthest))
        form = PageForm(structure=structure, page=shown[index], answers=answers)
        return render_page(
            request, structure=structure, shown=shown, index=index, form=form, action_url=link.url
        )

    index = max(0, min(_page_number(request.POST.get(PAGE_PARAM), 0), len(shown) - 1))
    action = request.POST.get("action", NEXT)
    page = shown[index]
    form = PageForm(
        request.POST, structure=structure, page=page, answers=answers, strict=action == NEXT
    )
    valid = form.is_valid()
    merged = engine.merge(answers, page, form.given())
    if action != NEXT:
        target = max(index - 1, 0) if action == BACK else index
        response = _save(request, link, merged, target)
        if response is not None:
            return response
        if action == SAVE:
            return _with_cookie(redirect(_saved_url(link)), link)
        return _with_cookie(redirect(f"{link.url}?{PAGE_PARAM}={target + 1}"), link)
    if not valid:
        return render_page(
            request, structure=structure, shown=shown, index=index, form=form, action_url=link.url
        )
    now_shown = engine.pages(structure, merged)
    position = next((i for i, p in enumerate(now_shown) if p.key == page.key), index)
    if engine.page_screens_out(page, merged) or position + 1 >= len(now_shown):
        return _submit(request, link, structure, merged, form)
    response = _save(request, link, merged, position + 1)
    if response is not None:
        return response
    return _with_cookie(redirect(f"{link.url}?{PAGE_PARAM}={position + 2}"), link)


def _saved_url(link: Link) -> str:
    if link.invitation is not None:
        return reverse("respond:saved", kwargs={"token": link.link_token})
    return reverse("respond:open_saved", kwargs={"token": link.questionnaire.open_link_token})


def _ensure_resume_token(link: Link) -> None:
    if not link.token_hash:
        token, token_hash = make_token()
        link.new_resume_token = token
        link.token_hash = token_hash


def _with_cookie(response: HttpResponse, link: Link) -> HttpResponse:
    from django.conf import settings

    if link.new_resume_token:
        response.set_signed_cookie(
            link.cookie_name(),
            link.new_resume_token,
            salt=RESUME_SALT,
            max_age=RESUME_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _save(
    request: HttpRequest, link: Link, answers: engine.Answers, page: int
) -> HttpResponse | None:
    """Save the draft; a response instead when the link can no longer be answered."""
    _ensure_resume_token(link)
    try:
        services.draft_save(
            questionnaire=link.questionnaire,
            token_hash=link.token_hash,
            answers=answers,
            page=page,
            invitation=link.invitation,
        )
    except services.AlreadyAnswered:
        return redirect(link.url)
    except ValidationError:
        return redirect(link.url)
    return None


def _submit(
    request: HttpRequest,
    link: Link,
    structure: engine.Structure,
    answers: engine.Answers,
    form: PageForm,
) -> HttpResponse:
    def write() -> Any:
        return services.response_submit(
            questionnaire=link.questionnaire,
            structure=structure,
            answers=answers,
            invitation=link.invitation,
            draft_token_hash=link.token_hash,
        )

    if link.invitation is not None:
        try:
            write()
        except services.AlreadyAnswered:
            pass
        except ValidationError:
            return redirect(link.url)
        return redirect(link.url)
    # The open link has no invitation to lock: the page's one-time token stores it once.
    token = link.questionnaire.open_link_token or ""
    try:
        response = org_services.form_submission_once(token=form.token, write=write)
    except org_services.AlreadySubmitted:
        return redirect("respond:open_done", token=token)
    except ValidationError:
        return redirect(link.url)
    name = "respond:open_screened_out" if response.status == "screened_out" else "respond:open_done"
    done = redirect(name, token=token)
    done.delete_cookie(link.cookie_name())
    return done


def _not_open_message(
    request: HttpRequest, questionnaire: Questionnaire, state: str
) -> HttpResponse:
    measurement = questionnaire.measurement
    if state == selectors.NOT_YET_OPEN:
        paragraphs = [_("The questionnaire is not open for answers yet.")]
        if measurement.opens_on:
            paragraphs.append(
                _("It opens on %(date)s. Welcome back then, with the same link.")
                % {"date": measurement.opens_on.isoformat()}
            )
        title = _("The questionnaire has not opened yet")
    else:
        paragraphs = [
            _(
                "The questionnaire is closed and no longer takes answers. Thank you for your interest."
            )
        ]
        if measurement.closes_on:
            paragraphs.append(
                _("It closed on %(date)s.") % {"date": measurement.closes_on.isoformat()}
            )
        title = _("The questionnaire is closed")
    return render_message(
        request, title=title, paragraphs=paragraphs, questionnaire_title=questionnaire.title
    )


def _invitation_or_replaced(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    """The link's invitation; for a link that a newer one replaced, a kind page saying so
    (410); for an unknown link, 404."""
    try:
        return selectors.invitation_for_token(token)
    except Http404:
        questionnaire = link_selectors.replaced_link_questionnaire(token)
        if questionnaire is None:
            raise
    return render_message(
        request,
        title=_("This link has been replaced"),
        paragraphs=[
            _(
                "The link you used no longer works, because a newer link has been sent in its place."
            ),
            _(
                "Use the link in the newest e-mail about the questionnaire. If you cannot find it, contact the sender of the e-mail."
            ),
        ],
        questionnaire_title=questionnaire.title,
        status=410,
    )


@never_cache
@GET_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: answer, continue later, or see that the answer is in."""
    invitation = _invitation_or_replaced(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    questionnaire = invitation.questionnaire
    if request.method == "POST" and invitation.status in DONE_STATUSES:
        # A second tab or a double click after the answer went in: show the thanks.
        return redirect(reverse("respond:answer", kwargs={"token": token}))
    if invitation.status == InvitationStatus.ANSWERED:
        return render_message(
            request,
            title=_("Thank you, your answer has been submitted"),
            text=questionnaire.closing_text,
            questionnaire_title=questionnaire.title,
        )
    if invitation.status == InvitationStatus.SCREENED_OUT:
        return _screened_out_message(request, questionnaire)
    if invitation.status == InvitationStatus.EXCLUDED:
        return render_message(
            request,
            title=_("You do not need to answer"),
            paragraphs=[
                _(
                    "You are no longer part of this survey, so there is nothing to answer. Thank you all the same."
                )
            ],
            questionnaire_title=questionnaire.title,
        )
    state = selectors.availability(questionnaire.measurement)
    if state != selectors.OPEN:
        return _not_open_message(request, questionnaire, state)
    url = reverse("respond:answer", kwargs={"token": token})
    return _answering(
        request,
        Link(
            questionnaire=questionnaire,
            url=url,
            token_hash=invitation.token_hash,
            invitation=invitation,
            link_token=token,
        ),
    )


def _screened_out_message(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    return render_message(
        request,
        title=_("Thank you for your answer"),
        text=questionnaire.screened_out_text
        or _(
            "Based on your answers, the rest of the questionnaire is not meant for you. Your answer has been submitted."
        ),
        questionnaire_title=questionnaire.title,
    )


@never_cache
@GET_POST
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The open link (no personal tokens): answers carry no sample attributes."""
    questionnaire = selectors.questionnaire_for_open_token(token)
    if request.method == "POST" and selectors.form_token_used(request.POST.get("form_token", "")):
        # A double click on the last page: the first click stored the answer.
        return redirect("respond:open_done", token=token)
    state = selectors.availability(questionnaire.measurement)
    if state != selectors.OPEN:
        return _not_open_message(request, questionnaire, state)
    resume = request.get_signed_cookie(
        RESUME_COOKIE.format(pk=questionnaire.pk), default="", salt=RESUME_SALT
    )
    url = reverse("respond:open", kwargs={"token": token})
    return _answering(
        request,
        Link(questionnaire=questionnaire, url=url, token_hash=hash_token(resume) if resume else ""),
    )


@never_cache
def saved(request: HttpRequest, token: str) -> HttpResponse:
    """After "save and continue later" on a personal link."""
    invitation = _invitation_or_replaced(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    return render_message(
        request,
        title=_("Your answers have been saved"),
        paragraphs=[
            _(
                "Open the same link from your e-mail when you want to continue. Your answers are kept until you submit them."
            ),
        ],
        questionnaire_title=invitation.questionnaire.title,
        extra={"continue_url": reverse("respond:answer", kwargs={"token": token})},
    )


@never_cache
def open_saved(request: HttpRequest, token: str) -> HttpResponse:
    """After "save and continue later" on the open link."""
    questionnaire = selectors.questionnaire_for_open_token(token)
    return render_message(
        request,
        title=_("Your answers have been saved"),
        paragraphs=[
            _(
                "Open the same link again in this browser when you want to continue. Your answers are kept until you submit them."
            ),
        ],
        questionnaire_title=questionnaire.title,
        extra={"continue_url": reverse("respond:open", kwargs={"token": token})},
    )


@never_cache
def open_done(request: HttpRequest, token: str) -> HttpResponse:
    """After submitting through the open link."""
    questionnaire = selectors.questionnaire_for_open_token(token)
    return render_message(
        request,
        title=_("Thank you, your answer has been submitted"),
        text=questionnaire.closing_text,
        questionnaire_title=questionnaire.title,
    )


@never_cache
def open_screened_out(request: HttpRequest, token: str) -> HttpResponse:
    """After a screening answer ended the questionnaire on the open link."""
    questionnaire = selectors.questionnaire_for_open_token(token)
    return _screened_out_message(request, questionnaire)


urlpatterns: list[URLPattern] = [
    path("oppen/<str:token>/", open_link, name="open"),
    path("oppen/<str:token>/sparat/", open_saved, name="open_saved"),
    path("oppen/<str:token>/tack/", open_done, name="open_done"),
    path("oppen/<str:token>/avslutad/", open_screened_out, name="open_screened_out"),
    path("<str:token>/", answer, name="answer"),
    path("<str:token>/sparat/", saved, name="saved"),
]
