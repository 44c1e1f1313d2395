"""The template filters people see amounts, dates and percentages through."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template

from mysam.lib.formatting import MINUS


def render(source: str, **context: object) -> str:
    return Template("{% load mysam_format %}" + source).render(Context(context))


class TestFilters:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (324651, "324 651 kr"),
            (Decimal("1234.50"), "1 234,50 kr"),
            (-1200, f"{MINUS}1 200 kr"),
            ("1234.5", "1 234,50 kr"),
            (None, ""),
            ("", ""),
            ("okänt", "okänt"),
        ],
    )
    def test_sek_writes_kronor(self, value, expected):
        assert render("{{ v|sek }}", v=value) == expected

    def test_percent_takes_a_share_and_optional_decimals(self):
        assert render("{{ v|percent }}", v=0.307) == "31 %"
        assert render("{{ v|percent:1 }}", v=0.307) == "30,7 %"
        assert render("{{ v|percent }}", v=None) == ""

    def test_number_groups_thousands(self):
        assert render("{{ v|number }}", v=1164) == "1 164"

    def test_ymd_writes_iso_dates_in_local_time(self, settings):
        settings.TIME_ZONE = "Europe/Stockholm"
        assert render("{{ v|ymd }}", v=datetime.date(2026, 3, 23)) == "2026-03-23"
        # 23:30 UTC on 23 March is already 24 March in Stockholm.
        late = datetime.datetime(2026, 3, 23, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
        assert render("{{ v|ymd }}", v=late) == "2026-03-24"
        assert render("{{ v|ymd }}", v=None) == ""

    def test_unsafe_text_stays_escaped(self):
        assert render("{{ v|sek }}", v="<b>") == "&lt;b&gt;"
