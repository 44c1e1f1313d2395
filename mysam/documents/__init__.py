"""Shared rendering of documents (not a Django app): sanitised rich text read into blocks
(html.py), PDF through WeasyPrint (pdf.py) and Word through python-docx (docx.py).

The domain apps build their own documents from these helpers, e.g. the action plan's
export in ``mysam/plans/export.py``.
"""
