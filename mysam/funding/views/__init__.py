"""Views of the funding app: index.py (the overview), applications.py, interventions.py,
budgets.py. Each view: an access call, a form, one service or selector call, render."""
