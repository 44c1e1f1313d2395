"""Every write to meetings and minutes, one module per area (calendar.py, agenda.py,
minutes.py, reminders.py). Keyword-only, typed, atomic, named <entity>_<verb>."""
