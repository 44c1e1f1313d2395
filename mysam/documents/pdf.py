"""PDF through WeasyPrint. WeasyPrint needs the system's Pango library; it is imported
only when a PDF is made, so the rest of the site runs without it, and a missing library
raises :class:`PdfUnavailable` for the view to explain."""

from __future__ import annotations

# Fonts with å, ä and ö: DejaVu Sans ships with most Linux systems, Liberation Sans and
# Arial are the fallbacks; fontconfig picks the first one installed.
FONT_STACK = '"DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif'


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing."""


def _weasyprint():  # type: ignore[no-untyped-def]
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango could not be loaded
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of a complete HTML document (its CSS decides the page layout)."""
    weasyprint = _weasyprint()
    return bytes(weasyprint.HTML(string=html, base_url=base_url).write_pdf())


def page_count(html: str) -> int:
    """How many pages the HTML makes (for tests when no PDF text tool is installed)."""
    weasyprint = _weasyprint()
    return len(weasyprint.HTML(string=html).render().pages)
