"""Every table of the API, in the order of the schema."""

from mysam.api.selectors import funding, meetings, organisation, plans, statistics, surveys
from mysam.api.selectors.base import Table

TABLES: list[Table] = [
    *organisation.TABLES,
    *meetings.TABLES,
    *plans.TABLES,
    *funding.TABLES,
    *statistics.TABLES,
    *surveys.TABLES,
]
