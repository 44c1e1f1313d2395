"""A questionnaire previewed exactly as a respondent sees it (office and board).

The same engine, form and templates as answering (mysam.surveys.views.respond), with a
banner "Förhandsgranskning – inget sparas". Nothing is stored: the answers given so far
travel in a signed hidden field, so conditions, screening and the per-area repetition can
be tried out page by page.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mysam.surveys import access, engine
from mysam.surveys.forms.respond import PageForm
from mysam.surveys.selectors import respond as selectors
from mysam.surveys.views.respond import BACK, NEXT, PAGE_PARAM, SAVE, render_message, render_page

STATE_SALT = "mysam.surveys.preview"


def _load(raw: str) -> engine.Answers:
    try:
        return engine.answers_from_json(json.loads(signing.loads(raw, salt=STATE_SALT)))
    except (signing.BadSignature, ValueError, TypeError):
        return {}


def _dump(answers: engine.Answers) -> str:
    return signing.dumps(json.dumps(engine.answers_to_json(answers)), salt=STATE_SALT)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Page through a questionnaire as a respondent would; nothing is saved."""
    questionnaire = access.get_questionnaire_for_user(request.actor, pk)  # type: ignore[attr-defined]
    structure = selectors.structure_for(questionnaire)
    url = reverse("surveys:questionnaire_preview", kwargs={"pk": pk})
    try:
        back_url = reverse("surveys:questionnaire_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        back_url = ""
    banner = {"restart_url": url, "back_url": back_url}
    answers = _load(request.POST.get("state", "")) if request.method == "POST" else {}
    shown = engine.pages(structure, answers)
    if not shown:
        return render_message(
            request,
            title=_("This questionnaire has no questions yet"),
            questionnaire_title=questionnaire.title,
            extra={"preview": True, **banner},
        )
    if request.method == "GET":
        form = PageForm(structure=structure, page=shown[0], answers=answers)
        return _render(request, structure, shown, 0, form, answers, url, banner)
    try:
        index = int(request.POST.get(PAGE_PARAM, "1")) - 1
    except ValueError:
        index = 0
    index = max(0, min(index, len(shown) - 1))
    action = request.POST.get("action", NEXT)
    page = shown[index]
    form = PageForm(
        request.POST, structure=structure, page=page, answers=answers, strict=action == NEXT
    )
    valid = form.is_valid()
    merged = engine.merge(answers, page, form.given())
    if action in (BACK, SAVE) or action != NEXT:
        now_shown = engine.pages(structure, merged)
        target = max(min(index - 1, len(now_shown) - 1), 0)
        form = PageForm(structure=structure, page=now_shown[target], answers=merged)
        return _render(request, structure, now_shown, target, form, merged, url, banner)
    if not valid:
        return _render(request, structure, shown, index, form, answers, url, banner)
    now_shown = engine.pages(structure, merged)
    position = next((i for i, p in enumerate(now_shown) if p.key == page.key), index)
    if engine.page_screens_out(page, merged):
        return render_message(
            request,
            title=_("Thank you for your answer"),
            text=questionnaire.screened_out_text
            or _(
                "Based on your answers, the rest of the questionnaire is not meant for you. "
                "Your answer has been submitted."
            ),
            questionnaire_title=questionnaire.title,
            extra={"preview": True, **banner},
        )
    if position + 1 >= len(now_shown):
        return render_message(
            request,
            title=_("Thank you, your answer has been submitted"),
            text=questionnaire.closing_text,
            questionnaire_title=questionnaire.title,
            extra={"preview": True, **banner},
        )
    target = position + 1
    form = PageForm(structure=structure, page=now_shown[target], answers=merged)
    return _render(request, structure, now_shown, target, form, merged, url, banner)


def _render(
    request: HttpRequest,
    structure: engine.Structure,
    shown: list[engine.Page],
    index: int,
    form: PageForm,
    answers: engine.Answers,
    url: str,
    banner: dict[str, str],
) -> HttpResponse:
    response = render_page(
        request,
        structure=structure,
        shown=shown,
        index=index,
        form=form,
        preview=True,
        state=_dump(answers),
        action_url=url,
        extra=banner,
    )
    return response


urlpatterns: list[URLPattern] = [
    path("formular/<int:pk>/forhandsgranska/", questionnaire_preview, name="questionnaire_preview"),
]
