"""Reads of meetings and minutes, scoped to what the actor may see, with fixed query counts.

- calendar.py: meetings of a group, of the actor's groups, of the association
- agenda.py: a meeting's agenda, attendance, what is offered as agenda items
- minutes.py: a meeting's minutes, the minutes list and search
- dashboard.py: attendance per group and party, unapproved minutes, overdue action items
"""
