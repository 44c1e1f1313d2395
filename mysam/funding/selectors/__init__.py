"""Reads of the funding app, each with a fixed number of queries whatever the data.

- ``overview.funding_summary(association=, year=)``: granted, allocated, spent, remaining
  and applications per status, for dashboards and the API.
- ``applications``: ``application_list``, ``application_page``, ``status_counts``.
- ``interventions``: ``intervention_list``, ``intervention_page``, ``follow_up_totals``.
- ``budgets``: ``budget_overview``, ``budget_years``, ``financing_split``.
"""
