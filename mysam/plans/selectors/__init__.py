"""Reads of action plans, scoped to what the actor may see, with fixed query counts.

- plan.py: a group's plans, the plan page (status per goal area, overdue activities,
  what changed since a date), budget and spending
- follow_up.py: the summary the meetings feature puts on an agenda
  ("uppföljning av handlingsplanen")
- versions.py: the comparison of two versions
- county.py: the county view
"""
