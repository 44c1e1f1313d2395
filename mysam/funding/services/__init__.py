"""Writes of the funding app: applications.py (the flow), interventions.py (interventions,
their yearly budgets, spending and aggregate follow-up), budgets.py (the association's
yearly budget, its financing and the allocations per group)."""
