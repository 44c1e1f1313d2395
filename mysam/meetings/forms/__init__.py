"""Forms of meetings and minutes, one module per area (calendar.py, agenda.py, minutes.py)."""
