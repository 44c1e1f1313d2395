"""The sample: respondent lists imported or taken from the groups, exclusions (office).

The office changes the sample; the board reads it. The list shows who is in the sample and
whether their e-mail went out, never whether they answered.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.accounts.actor import Actor
from mysam.organisation.forms import TOKEN_FIELD
from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.organisation.transfer import storage
from mysam.organisation.transfer.storage import StoredUpload
from mysam.surveys import access
from mysam.surveys.forms import sample as forms
from mysam.surveys.models import Questionnaire
from mysam.surveys.selectors import sample as selectors
from mysam.surveys.services import sample as services


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def crumbs(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """Breadcrumbs up to the questionnaire's measurement (when that page exists)."""
    result = []
    try:
        result.append((_("Measurements"), reverse("surveys:measurement_list")))
        result.append(
            (
                str(questionnaire.measurement),
                reverse("surveys:measurement_detail", args=[questionnaire.measurement_id]),
            )
        )
    except NoReverseMatch:
        pass
    return result


def _sample_url(questionnaire: Questionnaire) -> str:
    return reverse("surveys:sample", args=[questionnaire.pk])


@login_required
@require_GET
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    questionnaire = access.get_questionnaire_for_user(actor, pk)
    try:
        page = int(request.GET.get("sida", "1"))
    except ValueError:
        page = 1
    query = request.GET.get("sok", "").strip()[:100]
    rows, more = selectors.sample_page(questionnaire, page=page, query=query)
    return render(
        request,
        "surveys/sample/list.html",
        {
            "questionnaire": questionnaire,
            "measurement": questionnaire.measurement,
            "counts": selectors.sample_counts(questionnaire),
            "rows": rows,
            "page": page,
            "more": more,
            "query": query,
            "can_edit": actor.is_admin,
            "breadcrumbs": crumbs(questionnaire),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sample_import(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    questionnaire = access.get_questionnaire_for_user(actor, pk, write=True)
    form = forms.SampleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.sample_upload_store(
                questionnaire=questionnaire,
                user_id=request.user.pk or 0,
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(
                "surveys:sample_import_preview", pk=questionnaire.pk, token=upload.token
            )
    return render(
        request,
        "surveys/sample/import.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "breadcrumbs": [*crumbs(questionnaire), (_("Sample"), _sample_url(questionnaire))],
        },
    )


def _upload(request: HttpRequest, questionnaire: Questionnaire, token: str) -> StoredUpload:
    upload = storage.upload_load(
        token,
        user_id=request.user.pk or 0,
        association_id=questionnaire.measurement.association_id,
    )
    if upload is None:
        raise Http404
    return upload


def _preview(
    request: HttpRequest,
    questionnaire: Questionnaire,
    upload: StoredUpload,
    plan: services.SamplePlan,
    *,
    rejected: bool,
) -> HttpResponse:
    return render(
        request,
        "surveys/sample/preview.html",
        {
            "questionnaire": questionnaire,
            "upload": upload,
            "plan": plan,
            "rejected": rejected,
            "breadcrumbs": [*crumbs(questionnaire), (_("Sample"), _sample_url(questionnaire))],
        },
        status=400 if rejected else 200,
    )


@login_required
@require_GET
def sample_import_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    upload = _upload(request, questionnaire, token)
    if upload.imported:
        messages.info(request, _("This file has already been imported."))
        return redirect(_sample_url(questionnaire))
    plan = services.sample_plan(questionnaire=questionnaire, rows=upload.rows)
    return _preview(request, questionnaire, upload, plan, rejected=False)


@login_required
@require_POST
def sample_import_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    upload = _upload(request, questionnaire, token)
    try:
        summary = services.sample_import(
            questionnaire=questionnaire, upload=upload, user=request.user
        )
    except services.SampleRejected as rejected:
        return _preview(request, questionnaire, upload, rejected.plan, rejected=True)
    except AlreadySubmitted:
        messages.info(request, _("This file has already been imported."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)s people were added to the sample.") % {"count": summary["imported"]},
        )
    return redirect(_sample_url(questionnaire))


@login_required
@require_POST
def sample_from_groups(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    result = services.sample_take_from_groups(questionnaire=questionnaire)
    messages.success(
        request,
        _("%(added)s people were added from the groups; %(already)s were already in the sample.")
        % {"added": result.added, "already": result.already},
    )
    if result.without_email:
        messages.warning(
            request,
            _("These people have no e-mail address in the registry and were not added: %(names)s")
            % {"names": ", ".join(result.without_email)},
        )
    return redirect(_sample_url(questionnaire))


def _form_page(request: HttpRequest, questionnaire: Questionnaire, **context: Any) -> HttpResponse:
    return render(
        request,
        "surveys/sample/form.html",
        {
            "questionnaire": questionnaire,
            "cancel_url": _sample_url(questionnaire),
            "breadcrumbs": [*crumbs(questionnaire), (_("Sample"), _sample_url(questionnaire))],
            **context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sample_add(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    form = forms.InvitationAddForm(
        request.POST or None, choices=selectors.registry_choices(questionnaire)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != TOKEN_FIELD}
        try:
            form_submission_once(
                token=form.cleaned_data[TOKEN_FIELD],
                write=lambda: services.invitation_add(questionnaire=questionnaire, **data),
            )
        except AlreadySubmitted:
            return redirect(_sample_url(questionnaire))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The person was added to the sample."))
            return redirect(_sample_url(questionnaire))
    return _form_page(
        request, questionnaire, form=form, title=_("Add a person"), submit_label=_("Add")
    )


@login_required
@require_http_methods(["GET", "POST"])
def sample_exclude(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    invitation = selectors.invitation_in(questionnaire, invitation_pk)
    form = forms.ExcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_exclude(invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(email)s was excluded.") % {"email": invitation.email})
            return redirect(_sample_url(questionnaire))
    return _form_page(
        request,
        questionnaire,
        form=form,
        title=_("Exclude %(email)s from the sample") % {"email": invitation.email},
        submit_label=_("Exclude"),
    )


@login_required
@require_POST
def sample_include(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    invitation = selectors.invitation_in(questionnaire, invitation_pk)
    services.invitation_include(invitation=invitation)
    messages.success(request, _("%(email)s is back in the sample.") % {"email": invitation.email})
    return redirect(_sample_url(questionnaire))


@login_required
@require_http_methods(["GET", "POST"])
def sample_undeliverable(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    from mysam.surveys.services import mailing as mailing_services

    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    invitation = selectors.invitation_in(questionnaire, invitation_pk)
    form = forms.UndeliverableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailing_services.invitation_mark_undeliverable(
            invitation=invitation, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("%(email)s was marked undeliverable.") % {"email": invitation.email}
        )
        return redirect(_sample_url(questionnaire))
    return _form_page(
        request,
        questionnaire,
        form=form,
        title=_("Mark %(email)s undeliverable") % {"email": invitation.email},
        submit_label=_("Mark undeliverable"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sample_correct_email(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    from mysam.surveys.services import mailing as mailing_services

    questionnaire = access.get_questionnaire_for_user(_actor(request), pk, write=True)
    invitation = selectors.invitation_in(questionnaire, invitation_pk)
    form = forms.CorrectEmailForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            mailing_services.invitation_correct_email(
                invitation=invitation, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The e-mail address was corrected; the next invitation send-out includes it."),
            )
            return redirect(_sample_url(questionnaire))
    return _form_page(
        request,
        questionnaire,
        form=form,
        title=_("Correct the e-mail address of %(email)s") % {"email": invitation.email},
        submit_label=_("Save"),
    )


urlpatterns: list[URLPattern] = [
    path("formular/<int:pk>/urval/", sample, name="sample"),
    path("formular/<int:pk>/urval/import/", sample_import, name="sample_import"),
    path(
        "formular/<int:pk>/urval/import/<str:token>/",
        sample_import_preview,
        name="sample_import_preview",
    ),
    path(
        "formular/<int:pk>/urval/import/<str:token>/bekrafta/",
        sample_import_confirm,
        name="sample_import_confirm",
    ),
    path("formular/<int:pk>/urval/fran-grupperna/", sample_from_groups, name="sample_from_groups"),
    path("formular/<int:pk>/urval/lagg-till/", sample_add, name="sample_add"),
    path(
        "formular/<int:pk>/urval/<int:invitation_pk>/exkludera/",
        sample_exclude,
        name="sample_exclude",
    ),
    path(
        "formular/<int:pk>/urval/<int:invitation_pk>/ta-med/",
        sample_include,
        name="sample_include",
    ),
    path(
        "formular/<int:pk>/urval/<int:invitation_pk>/obestallbar/",
        sample_undeliverable,
        name="sample_undeliverable",
    ),
    path(
        "formular/<int:pk>/urval/<int:invitation_pk>/e-post/",
        sample_correct_email,
        name="sample_correct_email",
    ),
]
