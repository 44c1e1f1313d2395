"""The decision letter (beslutsbrev) of a decided application, as PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from mysam.documents.pdf import FONT_STACK, render_pdf
from mysam.funding.models import FundingApplication
from mysam.funding.selectors.applications import ApplicationPage


def file_name(application: FundingApplication) -> str:
    return f"beslut-{application.pk}-{slugify(application.title)[:50] or 'ansokan'}.pdf"


def decision_letter_html(page: ApplicationPage) -> str:
    """The letter as a complete HTML document: the association, the applicant, the
    decision, the amount, the conditions and the date."""
    return render_to_string(
        "funding/letter.html",
        {
            "page": page,
            "application": page.application,
            "association": page.application.association,
            "font_stack": FONT_STACK,
            "today": timezone.localdate(),
        },
    )


def decision_letter_pdf(page: ApplicationPage) -> bytes:
    """The decision letter as PDF bytes (raises PdfUnavailable without WeasyPrint)."""
    return render_pdf(decision_letter_html(page))
