"""Writes of funding applications: drafting, attachments and every step of the flow.

The flow: draft → submitted → in preparation → granted / granted in part / rejected; a
draft, submitted or prepared application can be withdrawn before the decision. Each step is
one service here that refuses (ValidationError) a step from the wrong status, and writes an
``ApplicationEvent`` (who, when, comment) so the history is kept. Who may take a step is
checked by ``mysam.funding.access`` before the service is called.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.funding.models import (
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    BudgetLine,
    FundingApplication,
)
from mysam.funding.money import to_money
from mysam.organisation.models import Association, CooperationGroup, Party

if TYPE_CHECKING:
    from mysam.accounts.models import User

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "png",
    "jpg",
    "jpeg",
    "txt",
    "csv",
)


@dataclass(frozen=True)
class BudgetLineData:
    description: str
    year: int
    amount: Decimal


def _user(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _lock(application: FundingApplication) -> FundingApplication:
    # Lock the row so two people cannot take two different steps at once.
    return FundingApplication.objects.select_for_update().get(pk=application.pk)


def _log(
    application: FundingApplication,
    *,
    from_status: str,
    user: User | None,
    comment: str = "",
) -> None:
    ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        user=_user(user),
        comment=comment.strip(),
    )


def _check_fields(
    *,
    association: Association,
    title: str,
    applicant_group: CooperationGroup | None,
    target_group: str,
    purpose: str,
    start_date: datetime.date,
    end_date: datetime.date,
    contact_name: str,
    parties: Iterable[Party],
    budget_lines: Sequence[BudgetLineData],
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the application a title.")
    if not target_group.strip():
        errors["target_group"] = _("Say who the intervention is for.")
    if not purpose.strip():
        errors["purpose"] = _("Describe the purpose.")
    if not contact_name.strip():
        errors["contact_name"] = _("Name a contact person.")
    if end_date < start_date:
        errors["end_date"] = _("The end cannot be before the start.")
    if applicant_group is not None and applicant_group.association_id != association.pk:
        errors["applicant_group"] = _("That group belongs to another association.")
    if any(p.association_id != association.pk for p in parties):
        errors["parties"] = _("A party belongs to another association.")
    for line in budget_lines:
        if not line.description.strip():
            errors["budget_lines"] = _("Every budget line needs a description.")
        elif line.amount < 0:
            errors["budget_lines"] = _("A budget line cannot be negative.")
        elif not start_date.year <= line.year <= end_date.year:
            errors["budget_lines"] = _("Every budget line's year must lie within the period.")
    if errors:
        raise ValidationError(errors)


def _set_lines(application: FundingApplication, lines: Sequence[BudgetLineData]) -> None:
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application,
            description=line.description.strip(),
            year=line.year,
            amount=to_money(line.amount),
        )
        for line in lines
    )


@transaction.atomic
def application_create(
    *,
    association: Association,
    title: str,
    applicant_group: CooperationGroup | None,
    target_group: str,
    purpose: str,
    method: str = "",
    parties: Iterable[Party] = (),
    start_date: datetime.date,
    end_date: datetime.date,
    expected_results: str = "",
    contact_name: str,
    contact_email: str = "",
    budget_lines: Sequence[BudgetLineData] = (),
    user: User | None = None,
) -> FundingApplication:
    """Start a draft application. Refuses missing title, target group, purpose or contact,
    an end before the start, budget lines outside the period or negative, and groups or
    parties of another association."""
    parties = list(parties)
    _check_fields(
        association=association,
        title=title,
        applicant_group=applicant_group,
        target_group=target_group,
        purpose=purpose,
        start_date=start_date,
        end_date=end_date,
        contact_name=contact_name,
        parties=parties,
        budget_lines=budget_lines,
    )
    application = FundingApplication.objects.create(
        association=association,
        title=title.strip(),
        applicant_group=applicant_group,
        target_group=target_group.strip(),
        purpose=purpose.strip(),
        method=method.strip(),
        start_date=start_date,
        end_date=end_date,
        expected_results=expected_results.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        created_by=_user(user),
    )
    application.parties.set(parties)
    _set_lines(application, budget_lines)
    _log(application, from_status="", user=user)
    return application


@transaction.atomic
def application_update(
    *,
    application: FundingApplication,
    title: str,
    applicant_group: CooperationGroup | None,
    target_group: str,
    purpose: str,
    method: str = "",
    parties: Iterable[Party] = (),
    start_date: datetime.date,
    end_date: datetime.date,
    expected_results: str = "",
    contact_name: str,
    contact_email: str = "",
    budget_lines: Sequence[BudgetLineData] = (),
) -> FundingApplication:
    """Change an application that is not yet decided or withdrawn (same refusals as
    ``application_create``)."""
    application = _lock(application)
    if application.is_decided or application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("A decided or withdrawn application cannot be changed."))
    parties = list(parties)
    _check_fields(
        association=application.association,
        title=title,
        applicant_group=applicant_group,
        target_group=target_group,
        purpose=purpose,
        start_date=start_date,
        end_date=end_date,
        contact_name=contact_name,
        parties=parties,
        budget_lines=budget_lines,
    )
    application.title = title.strip()
    application.applicant_group = applicant_group
    application.target_group = target_group.strip()
    application.purpose = purpose.strip()
    application.method = method.strip()
    application.start_date = start_date
    application.end_date = end_date
    application.expected_results = expected_results.strip()
    application.contact_name = contact_name.strip()
    application.contact_email = contact_email.strip()
    application.updated_at = timezone.now()
    application.save()
    application.parties.set(parties)
    _set_lines(application, budget_lines)
    return application


@transaction.atomic
def application_submit(
    *, application: FundingApplication, user: User | None = None, comment: str = ""
) -> FundingApplication:
    """Send a draft to the office. Refuses anything but a draft, and a draft without any
    budget line (the board needs to know what is asked for)."""
    application = _lock(application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    if not application.budget_lines.exists():
        raise ValidationError(_("Add at least one budget line before submitting."))
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(application, from_status=ApplicationStatus.DRAFT, user=user, comment=comment)
    return application


@transaction.atomic
def application_prepare(
    *, application: FundingApplication, user: User | None = None, comment: str = ""
) -> FundingApplication:
    """The office takes a submitted application into preparation (beredning) for the
    board. Refuses anything but a submitted application."""
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be taken into preparation."))
    application.status = ApplicationStatus.PREPARATION
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "updated_at"])
    _log(application, from_status=ApplicationStatus.SUBMITTED, user=user, comment=comment)
    return application


@transaction.atomic
def application_return_to_draft(
    *, application: FundingApplication, user: User | None = None, comment: str
) -> FundingApplication:
    """The office sends a submitted (or prepared) application back to the applicant to
    complete. Refuses other statuses and an empty comment (the applicant must know why)."""
    application = _lock(application)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.PREPARATION):
        raise ValidationError(_("Only a submitted application can be sent back."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the applicant should complete.")})
    previous = application.status
    application.status = ApplicationStatus.DRAFT
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "updated_at"])
    _log(application, from_status=previous, user=user, comment=comment)
    return application


def requested_total(*, application: FundingApplication) -> Decimal:
    """The sum of the application's budget lines (exact)."""
    return to_money(sum((line.amount for line in application.budget_lines.all()), Decimal(0)))


@transaction.atomic
def application_decide(
    *,
    application: FundingApplication,
    outcome: str,
    decision_date: datetime.date,
    amount: Decimal | None = None,
    conditions: str = "",
    decision_text: str = "",
    on_behalf_of_board: bool = False,
    user: User | None = None,
) -> FundingApplication:
    """Record the board's decision on an application in preparation.

    ``outcome`` is granted (the whole requested total; ``amount`` may be left out),
    granted_in_part (``amount`` more than 0 and less than the requested total) or rejected
    (amount 0). Refuses another status, an unknown outcome, an amount that does not fit
    the outcome, a decision date in the future, and a decision text that is empty when
    the office records it on behalf of the board (it must quote the minutes)."""
    application = _lock(application)
    if application.status != ApplicationStatus.PREPARATION:
        raise ValidationError(_("The board decides only on an application in preparation."))
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    requested = requested_total(application=application)
    if outcome == ApplicationStatus.GRANTED:
        if amount is not None and to_money(amount) != requested:
            raise ValidationError(
                {"amount": _("Granted in full means the requested total; choose 'in part'.")}
            )
        granted = requested
    elif outcome == ApplicationStatus.GRANTED_IN_PART:
        if amount is None or not Decimal(0) < to_money(amount) < requested:
            raise ValidationError(
                {"amount": _("In part means more than 0 kr and less than the requested total.")}
            )
        granted = to_money(amount)
    elif outcome == ApplicationStatus.REJECTED:
        if amount is not None and to_money(amount) != 0:
            raise ValidationError({"amount": _("A rejection grants no money.")})
        granted = to_money(0)
    else:
        raise ValidationError({"outcome": _("Choose granted, granted in part or rejected.")})
    if on_behalf_of_board and not decision_text.strip():
        raise ValidationError({"decision_text": _("Quote the board's decision from the minutes.")})
    application.status = outcome
    application.granted_amount = granted
    application.decision_date = decision_date
    application.conditions = conditions.strip()
    application.decision_text = decision_text.strip()
    application.decided_by = _user(user)
    application.recorded_on_behalf = on_behalf_of_board
    application.updated_at = timezone.now()
    application.save()
    comment = _("Recorded by the office on behalf of the board.") if on_behalf_of_board else ""
    _log(application, from_status=ApplicationStatus.PREPARATION, user=user, comment=comment)
    return application


@transaction.atomic
def application_withdraw(
    *, application: FundingApplication, user: User | None = None, comment: str = ""
) -> FundingApplication:
    """The applicant withdraws the application. Refuses a decided or already withdrawn one."""
    application = _lock(application)
    if application.is_decided or application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("A decided or withdrawn application cannot be withdrawn."))
    previous = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "updated_at"])
    _log(application, from_status=previous, user=user, comment=comment)
    return application


@transaction.atomic
def attachment_add(
    *,
    application: FundingApplication,
    file: UploadedFile,
    title: str = "",
    user: User | None = None,
) -> ApplicationAttachment:
    """Attach a file (at most 20 MB; PDF, office documents, images, text or CSV). Refuses
    other types, larger files and applications that are decided or withdrawn."""
    if application.is_decided or application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("A decided or withdrawn application cannot be changed."))
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {"file": _("That type of file cannot be attached. Use PDF, Word, Excel or an image.")}
        )
    if (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    return ApplicationAttachment.objects.create(
        application=application,
        file=file,
        title=(title.strip() or name)[:300],
        size=file.size or 0,
        created_by=_user(user),
    )


@transaction.atomic
def attachment_delete(*, attachment: ApplicationAttachment) -> None:
    """Remove an attachment and its file (after the transaction commits)."""
    if attachment.application.is_decided:
        raise ValidationError(_("A decided or withdrawn application cannot be changed."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
