"""Time the full measurement report (PDF, and the Word file beside it) on generated data.

    python -m bench.report [--responses 10000] [--rebuild]

Uses bench.survey_data's measurement (30 items: 15 asked per chosen municipality, 14 once
and a yes/no "structured cooperation" question; ten municipalities in four county parts),
built into bench/out/survey-<responses>.sqlite3 when missing. Prints the time to read the
figures (the result selectors), to lay out the PDF (WeasyPrint) and to write the Word file,
the number of diagrams, tables and pages, and the ratio of each part to the whole, all
measured in one run. Budget (docs/performance.md): the PDF report with about 50 diagrams
in under 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import time

from bench import survey_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--out", help="write report.pdf and report.docx to this folder")
    args = parser.parse_args()
    path = survey_data.database(args.responses)
    fresh = args.rebuild or not path.exists()
    survey_data.start(args.responses, fresh=fresh)
    if fresh:
        survey_data.build(args.responses)

    from django.utils import translation

    from mysam.insights.report import pdf, word
    from mysam.insights.report.document import Chart, Table, build_report
    from mysam.surveys.models import Measurement, Response

    translation.activate("sv")
    measurement = Measurement.objects.select_related("association", "previous").get()
    responses = Response.objects.filter(questionnaire__measurement=measurement).count()
    started = time.perf_counter()
    document = build_report(measurement)
    read = time.perf_counter() - started
    started = time.perf_counter()
    content, pages = pdf.render(document)
    layout = time.perf_counter() - started
    started = time.perf_counter()
    docx = word.render(document)
    writing = time.perf_counter() - started
    if args.out:
        from pathlib import Path

        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.pdf").write_bytes(content)
        (folder / "report.docx").write_bytes(docx)
    charts = sum(isinstance(block, Chart) for block in document.blocks)
    tables = sum(isinstance(block, Table) for block in document.blocks)
    pdf_total = read + layout
    print(f"data: {responses} responses, {path.name}")
    print(
        f"report: {charts} diagrams, {tables} tables, {pages} PDF pages, {len(content) // 1024} kB PDF, {len(docx) // 1024} kB Word"
    )
    print(f"read figures  {read:6.1f} s  ({read / pdf_total:.0%} of the PDF report)")
    print(f"lay out PDF   {layout:6.1f} s  ({layout / pdf_total:.0%})")
    print(f"PDF report    {pdf_total:6.1f} s  (budget 30 s: {pdf_total / 30:.2f} of it)")
    print(
        f"Word file     {writing:6.1f} s  (from the same figures; {writing / layout:.2f}× the PDF layout)"
    )
    print(f"per diagram   {pdf_total / max(charts, 1):6.2f} s of the PDF report")


if __name__ == "__main__":
    main()
