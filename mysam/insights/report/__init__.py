"""The measurement report (seed 004's layout) as PDF and Word.

`document.build_report` reads every figure through mysam.insights.selectors.results (so
suppression holds) into a list of neutral blocks; `pdf.render` and `word.render` lay the
same blocks out as HTML for WeasyPrint and as a python-docx document.
"""
