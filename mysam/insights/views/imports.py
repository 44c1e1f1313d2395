"""Importing answers collected in another tool: upload, map columns, map values, check and
import (the office only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mysam.accounts.actor import Actor
from mysam.insights.forms import imports as forms
from mysam.insights.models import AnswerImport, AnswerImportStatus
from mysam.insights.selectors.exports import get_answer_import_for_user
from mysam.insights.services import imports as services
from mysam.organisation import services as org_services
from mysam.surveys.access import get_questionnaire_for_user, require_surveys_admin


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def _pending(request: HttpRequest, pk: int) -> AnswerImport:
    return get_answer_import_for_user(_actor(request), pk)


def _context(pending: AnswerImport, step: int, **extra: object) -> dict[str, object]:
    return {
        "pending": pending,
        "questionnaire": pending.questionnaire,
        "measurement": pending.questionnaire.measurement,
        "step": step,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: the file of answers."""
    questionnaire = get_questionnaire_for_user(_actor(request), pk)
    require_surveys_admin(_actor(request))
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            pending = services.answer_import_create(
                questionnaire=questionnaire,
                uploaded=uploaded,
                file_name=uploaded.name,
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("insights:import_columns", pk=pending.pk)
    return render(
        request,
        "insights/imports/upload.html",
        {"questionnaire": questionnaire, "measurement": questionnaire.measurement, "form": form},
    )


def _samples(pending: AnswerImport) -> dict[int, str]:
    samples: dict[int, list[str]] = {}
    for _number, cells in pending.rows[:50]:
        for index, cell in enumerate(cells):
            values = samples.setdefault(index, [])
            if cell and cell not in values and len(values) < 3:
                values.append(cell)
    return {index: ", ".join(values) for index, values in samples.items()}


@login_required
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: which column is which question (or party, unit, municipality, area, date)."""
    pending = _pending(request, pk)
    if pending.status == AnswerImportStatus.IMPORTED:
        return redirect("insights:import_preview", pk=pending.pk)
    kwargs = {
        "header": pending.header,
        "targets": services.targets(questionnaire=pending.questionnaire),
        "samples": _samples(pending),
    }
    if request.method == "POST":
        form = forms.ColumnsForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.answer_import_map_columns(pending=pending, mapping=form.mapping())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("insights:import_values", pk=pending.pk)
    else:
        initial = {f"col_{index}": key for index, key in pending.column_map.items()}
        form = forms.ColumnsForm(initial=initial, **kwargs)
    return render(request, "insights/imports/columns.html", _context(pending, 2, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def values(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: what each value in the file means on the question's scale."""
    pending = _pending(request, pk)
    if pending.status == AnswerImportStatus.IMPORTED:
        return redirect("insights:import_preview", pk=pending.pk)
    value_columns = services.value_columns(pending=pending)
    if request.method == "POST":
        form = forms.ValuesForm(request.POST, columns=value_columns)
        if form.is_valid():
            try:
                services.answer_import_map_values(pending=pending, mapping=form.mapping())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("insights:import_preview", pk=pending.pk)
    else:
        form = forms.ValuesForm(columns=value_columns)
    return render(request, "insights/imports/values.html", _context(pending, 3, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: every row's errors, or the count to import; importing is all or nothing."""
    pending = _pending(request, pk)
    if pending.status == AnswerImportStatus.IMPORTED:
        return render(request, "insights/imports/done.html", _context(pending, 4))
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.form_submission_once(
                token=form.cleaned_data["form_token"],
                write=lambda: services.answer_import_confirm(pending=pending),
            )
        except org_services.AlreadySubmitted:
            messages.info(
                request, _("This import had already been confirmed; nothing more was imported.")
            )
            return redirect("insights:import_preview", pk=pending.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answers were imported."))
            return redirect("insights:import_preview", pk=pending.pk)
    check = services.answer_import_check(pending=pending)
    return render(
        request,
        "insights/imports/preview.html",
        _context(pending, 4, form=form, check=check, row_count=len(pending.rows)),
    )


urlpatterns: list[URLPattern] = [
    path("enkat/<int:pk>/importera-svar/", upload, name="import_upload"),
    path("svarsimport/<int:pk>/kolumner/", columns, name="import_columns"),
    path("svarsimport/<int:pk>/varden/", values, name="import_values"),
    path("svarsimport/<int:pk>/", preview, name="import_preview"),
]
