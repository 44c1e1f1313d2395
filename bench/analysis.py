"""Time every item in every breakdown through the selectors, against DuckDB on the same data.

    python -m bench.survey_data --responses 100000   # once
    python -m bench.analysis --responses 100000 [--repeat 3]

For each of the 29 items of the bench questionnaire and each breakdown (whole association,
county part, municipality, party, unit type, the structured-cooperation question) it runs
`item_distribution` (what a page, the report and the API call: the question lookups, the
three aggregate queries, disclosure control, Wilson intervals) and records the aggregate SQL
it sent. The same SQL then runs in DuckDB, in memory, on the same tables (read from the
SQLite file through pandas, since DuckDB's sqlite extension cannot be downloaded offline;
loading is not timed). It prints both totals and their ratio (the budget is 3×), and checks
that DuckDB's rows equal the database's.
"""

from __future__ import annotations

import argparse
import sqlite3
import time

from bench.survey_data import database, start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start(args.responses, fresh=False)

    import duckdb
    import pandas as pd
    from django.db import connection

    from mysam.insights.selectors.results import item_distribution
    from mysam.surveys.models import ItemKind, Question

    questions = list(
        Question.objects.select_related("item").exclude(item__kind=ItemKind.MUNICIPALITIES)
    )
    structured = next(q for q in questions if q.item.code == "strukturerad")
    breakdowns = [
        None,
        "county_part",
        "municipality",
        "party",
        "unit_type",
        ("question", structured.pk),
    ]
    captured: list[tuple[str, tuple]] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if "UNION ALL" in sql:
            captured.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    ours = []
    with connection.execute_wrapper(capture):
        for question in questions:
            for breakdown in breakdowns:
                item_distribution(question=question, breakdown=breakdown)  # warm
    for _ in range(args.repeat):
        started = time.perf_counter()
        for question in questions:
            for breakdown in breakdowns:
                item_distribution(question=question, breakdown=breakdown)
        ours.append(time.perf_counter() - started)

    source = sqlite3.connect(database(args.responses))
    duck = duckdb.connect()
    for table in (
        "surveys_answer",
        "surveys_response",
        "organisation_municipality",
        "organisation_unit",
    ):
        frame = pd.read_sql_query(f"SELECT * FROM {table}", source)  # noqa: S608
        duck.register(f"{table}_frame", frame)
        duck.execute(f"CREATE TABLE {table} AS SELECT * FROM {table}_frame")  # noqa: S608

    def for_duckdb(sql: str) -> str:
        # SQLite keeps booleans as 0/1; the frames bring them to DuckDB as integers.
        return (
            sql.replace("%s", "?")
            .replace("a.dont_know AND", "a.dont_know::BOOLEAN AND")
            .replace("WHEN a.dont_know THEN", "WHEN a.dont_know::BOOLEAN THEN")
        )

    statements = [(for_duckdb(sql), params) for sql, params in captured]
    mismatches = 0
    with connection.cursor() as cursor:
        for sql, params in captured[:60]:
            cursor.execute(sql, params)
            mine = sorted(map(tuple, cursor.fetchall()), key=repr)
            theirs = sorted(map(tuple, duck.execute(for_duckdb(sql), params).fetchall()), key=repr)
            mismatches += mine != theirs
    for sql, params in statements:
        duck.execute(sql, params).fetchall()  # warm
    theirs_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for sql, params in statements:
            duck.execute(sql, params).fetchall()
        theirs_times.append(time.perf_counter() - started)

    answers = (duck.execute("SELECT COUNT(*) FROM surveys_answer").fetchone() or (0,))[0]
    tables = len(questions) * len(breakdowns)
    best_ours, best_duck = min(ours), min(theirs_times)
    print(
        f"{args.responses} complete responses, {answers} answer rows, {tables} tables "
        f"({len(questions)} items × {len(breakdowns)} breakdowns), {len(statements)} aggregate queries"
    )
    print(
        f"selectors (SQLite, incl. lookups, disclosure, intervals): {best_ours:.2f} s "
        f"({best_ours / tables * 1000:.0f} ms per table)"
    )
    print(f"DuckDB, same aggregate SQL in memory:                      {best_duck:.2f} s")
    print(
        f"ratio: {best_ours / best_duck:.1f}× (budget 3×); result mismatches in 60 checked: {mismatches}"
    )


if __name__ == "__main__":
    main()
