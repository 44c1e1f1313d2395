"""Time every item in every breakdown through the selectors, against DuckDB on the same data.

    python -m bench.survey_data --responses 100000   # once
    python -m bench.analysis --responses 100000 [--repeat 3]

For each of the 29 items of the bench questionnaire and each breakdown (whole association,
county part, municipality, party, unit type, the structured-cooperation question) it runs
`item_distribution` (what a page, the report and the API call: reading the answers, the
question lookups, counting, disclosure control, Wilson intervals) inside one
`shared_reads()` block per run, as the report does. DuckDB then runs the reference counting
of the same tables (`results._raw_sql`: three GROUP BY queries per table) in memory on the
same tables (read from the SQLite file through pandas, since DuckDB's sqlite extension
cannot be downloaded offline; loading is not timed). It prints both totals and their ratio
(the budget is 3×), and checks that every table's counts equal DuckDB's.
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

    from mysam.insights.selectors import results
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
        duck.unregister(f"{table}_frame")
        del frame

    def for_duckdb(sql: str) -> str:
        # SQLite keeps booleans as 0/1; the frames bring them to DuckDB as integers.
        return (
            sql.replace("%s", "?")
            .replace("a.dont_know AND", "a.dont_know::BOOLEAN AND")
            .replace("WHEN a.dont_know THEN", "WHEN a.dont_know::BOOLEAN THEN")
        )

    # Ours: every table through item_distribution, as the report reads them (one
    # shared_reads() block per run, so every run reads the database again).
    ours = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        with results.shared_reads():
            for question in questions:
                for breakdown in breakdowns:
                    results.item_distribution(question=question, breakdown=breakdown)
        ours.append(time.perf_counter() - started)

    # DuckDB: the reference counting (each table three GROUP BY queries, results._raw_sql)
    # run in DuckDB; its counts must equal ours.
    statements: list[tuple[str, tuple]] = []

    def duck_fetch(sql: str, params):  # type: ignore[no-untyped-def]
        statements.append((for_duckdb(sql), tuple(params)))
        return duck.execute(for_duckdb(sql), list(params)).fetchall()

    mismatches = 0
    fetch = results._fetch
    with results.shared_reads():
        for question in questions:
            for breakdown in breakdowns:
                mine = results._raw(question, breakdown, None)
                results._fetch = duck_fetch
                try:
                    theirs = results._raw_sql(question, breakdown, None)
                finally:
                    results._fetch = fetch
                fields = ["total_counts", "total", "from_choice"]
                if breakdown is not None:
                    fields += ["counts", "valid", "dont_know", "persons", "base"]
                mismatches += any(getattr(mine, f) != getattr(theirs, f) for f in fields)
    theirs_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for sql, params in statements:
            duck.execute(sql, list(params)).fetchall()
        theirs_times.append(time.perf_counter() - started)

    answers = (duck.execute("SELECT COUNT(*) FROM surveys_answer").fetchone() or (0,))[0]
    tables = len(questions) * len(breakdowns)
    best_ours, best_duck = min(ours), min(theirs_times)
    print(
        f"{args.responses} complete responses, {answers} answer rows, {tables} tables "
        f"({len(questions)} items × {len(breakdowns)} breakdowns), {len(statements)} aggregate queries"
    )
    print(
        f"selectors (SQLite, incl. reads, lookups, disclosure, intervals): {best_ours:.2f} s "
        f"({best_ours / tables * 1000:.0f} ms per table)"
    )
    print(f"DuckDB, the reference GROUP BY SQL in memory:                {best_duck:.2f} s")
    print(
        f"ratio: {best_ours / best_duck:.1f}× (budget 3×); tables whose counts differ from DuckDB's: {mismatches} of {tables}"
    )


if __name__ == "__main__":
    main()
