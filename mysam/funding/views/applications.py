"""Applications for cooperation funds: list, create, edit, the steps of the flow, the
decision, attachments and the decision letter. Who may do what: mysam.funding.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.documents.pdf import PdfUnavailable
from mysam.funding import access
from mysam.funding.forms import applications as forms
from mysam.funding.letters import decision_letter_pdf, file_name
from mysam.funding.models import ApplicationStatus, FundingApplication
from mysam.funding.selectors import applications as selectors
from mysam.funding.selectors import choices
from mysam.funding.services import applications as services
from mysam.funding.views._common import actor_of, add_errors, association_of, render_form
from mysam.organisation.services import AlreadySubmitted, form_submission_once


def _crumbs(application: FundingApplication | None = None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Funding"), reverse("funding:index")),
        (_("Applications"), reverse("funding:application_list")),
    ]
    if application is not None:
        crumbs.append((application.title, application.get_absolute_url()))
    return crumbs


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    access.require_reader(actor)
    status = request.GET.get("status") or None
    if status not in (None, *ApplicationStatus.values):
        status = None
    rows = selectors.application_list(actor=actor, status=status)
    return render(
        request,
        "funding/applications/list.html",
        {
            "applications": rows,
            "statuses": ApplicationStatus.choices,
            "status": status,
            "can_apply": access.can_apply(actor),
            "breadcrumbs": _crumbs()[:1],
        },
    )


def _application_form(
    request: HttpRequest, *, initial: dict | None = None
) -> forms.ApplicationForm:  # type: ignore[type-arg]
    actor = actor_of(request)
    association = association_of(request)
    return forms.ApplicationForm(
        request.POST or None,
        initial=initial,
        groups=access.groups_for_application(actor),
        parties=choices.parties(association=association),
        group_required=not actor.is_admin,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    access.require_applicant(actor)
    association = association_of(request)
    form = _application_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            application = form_submission_once(
                token=form.token,
                write=lambda: services.application_create(
                    association=association,
                    user=request.user,  # type: ignore[arg-type]
                    **data,
                ),
            )
        except AlreadySubmitted:
            return redirect("funding:application_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The draft was saved. Submit it when it is complete."))
            return redirect(application)
    return render_form(
        request,
        form=form,
        title=_("Apply for cooperation funds"),
        breadcrumbs=_crumbs(),
        cancel_url=reverse("funding:application_list"),
        submit_label=_("Save the draft"),
        template="funding/applications/form.html",
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    application = access.get_application_for_user(actor, pk)
    page = selectors.application_page(application=application)
    group_id = application.applicant_group_id
    is_applicant = actor.is_admin or (group_id is not None and actor.is_convener_of(group_id))
    status = application.status
    return render(
        request,
        "funding/applications/detail.html",
        {
            "page": page,
            "application": application,
            "breadcrumbs": _crumbs(),
            "can_edit": access.can_write_application(actor, application),
            "can_submit": is_applicant and status == ApplicationStatus.DRAFT,
            "can_prepare": actor.is_admin and status == ApplicationStatus.SUBMITTED,
            "can_return": actor.is_admin
            and status in (ApplicationStatus.SUBMITTED, ApplicationStatus.PREPARATION),
            "can_decide": access.can_decide(actor) and status == ApplicationStatus.PREPARATION,
            "can_withdraw": is_applicant
            and not application.is_decided
            and status != ApplicationStatus.WITHDRAWN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_user(actor_of(request), pk, write=True)
    page = selectors.application_page(application=application)
    form = _application_form(request, initial=forms.initial_for(application, page.lines))
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.application_update(application=application, **data),
            )
        except AlreadySubmitted:
            return redirect(application)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application was saved."))
            return redirect(application)
    return render_form(
        request,
        form=form,
        title=_("Edit the application"),
        breadcrumbs=_crumbs(application),
        cancel_url=application.get_absolute_url(),
        submit_label=_("Save"),
        template="funding/applications/form.html",
    )


def _step(
    request: HttpRequest,
    application: FundingApplication,
    *,
    service: str,
    title: str,
    intro: str,
    submit_label: str,
    done: str,
    danger: bool = False,
) -> HttpResponse:
    form = forms.StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        write = getattr(services, service)
        try:
            form_submission_once(
                token=form.token,
                write=lambda: write(
                    application=application,
                    user=request.user,
                    comment=comment,
                ),
            )
        except AlreadySubmitted:
            return redirect(application)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(application)
    return render_form(
        request,
        form=form,
        title=title,
        intro=intro,
        breadcrumbs=_crumbs(application),
        cancel_url=application.get_absolute_url(),
        submit_label=submit_label,
        danger=danger,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_user(actor_of(request), pk, write=True)
    return _step(
        request,
        application,
        service="application_submit",
        title=_("Submit the application"),
        intro=_(
            "The office prepares the application for the board. You cannot change it "
            "after submitting unless the office sends it back."
        ),
        submit_label=_("Submit"),
        done=_("The application was submitted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_prepare(actor_of(request), pk)
    return _step(
        request,
        application,
        service="application_prepare",
        title=_("Take the application into preparation"),
        intro=_("The office prepares the application for the board's decision."),
        submit_label=_("Start preparation"),
        done=_("The application is in preparation."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_return(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_prepare(actor_of(request), pk)
    return _step(
        request,
        application,
        service="application_return_to_draft",
        title=_("Send the application back to the applicant"),
        intro=_("It becomes a draft again. Say in the comment what should be completed."),
        submit_label=_("Send back"),
        done=_("The application was sent back to the applicant."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_withdraw(actor_of(request), pk)
    return _step(
        request,
        application,
        service="application_withdraw",
        title=_("Withdraw the application"),
        intro=_("A withdrawn application cannot be decided or reopened."),
        submit_label=_("Withdraw"),
        done=_("The application was withdrawn."),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    application = access.get_application_for_decision(actor, pk)
    page = selectors.application_page(application=application)
    form = forms.DecisionForm(request.POST or None, initial={"decision_date": timezone.localdate()})
    on_behalf = not actor.is_board
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.application_decide(
                    application=application,
                    on_behalf_of_board=on_behalf,
                    user=request.user,  # type: ignore[arg-type]
                    **data,
                ),
            )
        except AlreadySubmitted:
            return redirect(application)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(application)
    intro = (
        _(
            "You record the decision the board made at a meeting; give the meeting's date and "
            "quote the minutes."
        )
        if on_behalf
        else _("The board's decision on the application.")
    )
    return render_form(
        request,
        form=form,
        title=_("Decide on the application"),
        intro=intro,
        breadcrumbs=_crumbs(application),
        cancel_url=application.get_absolute_url(),
        submit_label=_("Record the decision"),
        extra={"page": page},
        template="funding/applications/decide.html",
    )


@login_required
@require_GET
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_user(actor_of(request), pk)
    if not application.is_decided:
        raise Http404
    page = selectors.application_page(application=application)
    try:
        pdf = decision_letter_pdf(page)
    except PdfUnavailable:
        return render(request, "funding/pdf_unavailable.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name(application)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_user(actor_of(request), pk, write=True)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.attachment_add(
                    application=application,
                    user=request.user,  # type: ignore[arg-type]
                    **data,
                ),
            )
        except AlreadySubmitted:
            return redirect(application)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(application)
    return render_form(
        request,
        form=form,
        title=_("Attach a file"),
        breadcrumbs=_crumbs(application),
        cancel_url=application.get_absolute_url(),
        submit_label=_("Attach"),
        multipart=True,
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = access.get_attachment_for_user(actor_of(request), pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = attachment.file.name.rsplit("/", 1)[-1] if attachment.file.name else "bilaga"
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_attachment_for_user(actor_of(request), pk, write=True)
    application = attachment.application
    form = forms.StepForm(request.POST or None)
    del form.fields["comment"]
    if request.method == "POST" and form.is_valid():
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.attachment_delete(attachment=attachment),
            )
        except AlreadySubmitted:
            return redirect(application)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The attachment was removed."))
            return redirect(application)
    return render_form(
        request,
        form=form,
        title=_("Remove the attachment %(title)s?") % {"title": attachment.title},
        breadcrumbs=_crumbs(application),
        cancel_url=application.get_absolute_url(),
        submit_label=_("Remove"),
        danger=True,
    )


urlpatterns: list[URLPattern] = [
    path("ansokningar/", application_list, name="application_list"),
    path("ansokningar/ny/", application_create, name="application_create"),
    path("ansokningar/<int:pk>/", application_detail, name="application_detail"),
    path("ansokningar/<int:pk>/andra/", application_edit, name="application_edit"),
    path("ansokningar/<int:pk>/skicka/", application_submit, name="application_submit"),
    path("ansokningar/<int:pk>/bered/", application_prepare, name="application_prepare"),
    path("ansokningar/<int:pk>/skicka-tillbaka/", application_return, name="application_return"),
    path("ansokningar/<int:pk>/beslut/", application_decide, name="application_decide"),
    path("ansokningar/<int:pk>/beslutsbrev.pdf", application_letter, name="application_letter"),
    path("ansokningar/<int:pk>/ata-tillbaka/", application_withdraw, name="application_withdraw"),
    path("ansokningar/<int:pk>/bilagor/ny/", attachment_add, name="attachment_add"),
    path("bilagor/<int:pk>/", attachment_download, name="attachment_download"),
    path("bilagor/<int:pk>/ta-bort/", attachment_delete, name="attachment_delete"),
]
