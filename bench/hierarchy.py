"""Benchmark of the hierarchy (issue 2): import a national-size tree, then time the reads.

    .venv/bin/python bench/hierarchy.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/hierarchy.py --engine sqlite
    .venv/bin/python bench/hierarchy.py --engine postgresql  # runs under scripts/with-postgres
    .venv/bin/python bench/hierarchy.py --scale province --runs 50 --json out.json

What it does, in one process per engine:
1. generates the tree with `daihoi.organizations.synth.synth_rows(scale, seed)` (national:
   ≈334,000 organizations, ≈5.7 million members);
2. migrates a fresh database (SQLite: a temporary DAIHOI_DATA_DIR; PostgreSQL: a new
   database created next to the one DAIHOI_DATABASE_URL names, dropped afterwards) and times
   `insert_organizations` in one transaction, then the statistics pass (ANALYZE on SQLite,
   VACUUM ANALYZE on PostgreSQL, which also sets the visibility map that index-only scans
   need);
3. times `queries.subtree_member_totals` for the Centre, the largest province and the largest
   commune (upper-base committee), warm, interleaved with its floor, and prints median, p95
   and the ratio; also `path_to` (a cell), `children_with_counts` and
   `subtree_totals_by_level`; prints the query plan of each rollup.

The floor. A rollup must cost no more than aggregating the same rows with no hierarchy at
all. So the floor is the same aggregate (count, sum of official, sum of probationary), through
the same ORM call, over exactly the same rows, selected by the plainest indexed filter there
is: the primary key.
- Centre: no filter at all, `SELECT count(*), sum(...), sum(...) FROM organizations_organization`.
- Province, commune: `... WHERE id BETWEEN a AND b`. The generator emits each subtree as a
  contiguous run (depth first, as a file sorted by code is), and `insert_organizations`
  numbers rows in order, so [a, b] holds exactly the subtree's rows; the script checks that
  both queries return the same count and the same sums.
Why not `parent_id = …` or `level = …`: no parent has as many children as a province has
descendants, and a level has a fixed size (40, 3,300, 52,000, 270,000 rows), so neither gives
an equality filter with the same row count; and both are secondary indexes that would fetch
every row from the table, a floor slower than the thing measured. A primary-key range is the
cheapest way either engine has to visit N rows: on SQLite it walks the table's own B-tree in
order; on PostgreSQL it reads the primary-key index and heap pages that are in id order.
The same comparison is also printed for the SQL alone (raw cursor), without Django's
per-call overhead, which dominates the small subtrees.

Target (issue 2): each rollup's median within 3× its floor's median, and its p95 under 300 ms.
Never run as a test: figures depend on the machine. Numbers are recorded in docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PG_PORT = "54351"
TARGET_RATIO = 3.0
TARGET_MS = 300.0


# --- measuring ------------------------------------------------------------------------------
@dataclass
class Timing:
    median_ms: float
    p95_ms: float


def _summary(samples: Sequence[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered) + 0.5) - 1)]
    return Timing(statistics.median(ordered) * 1000, p95 * 1000)


def time_pair(
    a: Callable[[], object], b: Callable[[], object], runs: int, warmup: int = 3
) -> tuple[Timing, Timing]:
    """Time a and b alternately (a shared machine's load then hits both alike)."""
    for _ in range(warmup):
        a()
        b()
    sa, sb = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        a()
        t1 = time.perf_counter()
        b()
        t2 = time.perf_counter()
        sa.append(t1 - t0)
        sb.append(t2 - t1)
    return _summary(sa), _summary(sb)


def time_one(fn: Callable[[], object], runs: int, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return _summary(samples)


# --- database set-up ------------------------------------------------------------------------
def _fresh_postgres_database() -> tuple[str, str]:
    """Create a new database beside the one in DAIHOI_DATABASE_URL; return (admin, new) URLs."""
    import psycopg

    admin_url = os.environ["DAIHOI_DATABASE_URL"]
    name = f"daihoi_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    return admin_url, urlunsplit(parts._replace(path="/" + name))


def _drop_postgres_database(admin_url: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(engine: str) -> Callable[[], None]:
    """Point the settings at a fresh database, migrate it; return the clean-up."""
    if engine == "sqlite":
        os.environ.pop("DAIHOI_DATABASE_URL", None)
        data_dir = tempfile.mkdtemp(prefix="daihoi-bench-")
        os.environ["DAIHOI_DATA_DIR"] = data_dir

        def cleanup() -> None:
            shutil.rmtree(data_dir, ignore_errors=True)

    else:
        admin_url, url = _fresh_postgres_database()
        os.environ["DAIHOI_DATABASE_URL"] = url
        # The settings keep their secret key in the data folder: a throw-away one here too.
        data_dir = tempfile.mkdtemp(prefix="daihoi-bench-")
        os.environ["DAIHOI_DATA_DIR"] = data_dir

        def cleanup() -> None:
            from django.db import connections

            connections.close_all()
            _drop_postgres_database(admin_url, url)
            shutil.rmtree(data_dir, ignore_errors=True)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if engine == "postgresql":
        _synchronous_commit()
    call_command("migrate", verbosity=0)
    return cleanup


def _synchronous_commit() -> None:
    """scripts/with-postgres turns synchronous_commit off for the test suite's speed; put the
    production default back for the benchmark's sessions. With asynchronous commit, a VACUUM
    run just after the import cannot mark the new pages all-visible (PostgreSQL sets no
    visibility hint for a commit not yet flushed), and the rollup would lose its index-only
    scan until autovacuum passes."""
    from django.db.backends.signals import connection_created

    def on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO on")

    connection_created.connect(on_connect, weak=False)


# --- the benchmark --------------------------------------------------------------------------
def _explain(sql: str, params: Sequence[Any]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def _capture_sql(fn: Callable[[], object]) -> tuple[str, Sequence[Any]]:
    """The last SQL statement `fn` runs (the aggregate), to replay it on a raw cursor."""
    from django.db import connection

    seen: list[tuple[str, Sequence[Any]]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return seen[-1]


def _raw(sql: str, params: Sequence[Any]) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _subtree_end_ids(rows: Sequence[Any], created: dict[str, Any]) -> dict[str, int]:
    """For each code, the last id of its contiguous run (the depth-first order of the rows)."""
    last: dict[str, int] = {}
    stack: list[str] = []
    previous = 0
    for row in rows:
        while stack and stack[-1] != row.parent_code:
            last[stack.pop()] = previous
        stack.append(row.code)
        previous = created[row.code].id
    for code in stack:
        last[code] = previous
    return last


def scan_of(plan: Sequence[str]) -> str:
    """The access path of a plan in a few words (the line that reads the table or index)."""
    for line in plan:
        text = line.strip().removeprefix("->").strip()
        if text.startswith(("SEARCH", "SCAN")):
            return text.replace("organizations_organization ", "")
        if " Scan " in f" {text} ":
            fetches = next((p.strip() for p in plan if "Heap Fetches" in p), "")
            scan = text.split(" on organizations_organization")[0].split(" (actual")[0]
            return scan + (f", {fetches.lower()}" if fetches else "") + _pages(plan)
    return " | ".join(line.strip() for line in plan)


def _pages(plan: Sequence[str]) -> str:
    """PostgreSQL: the 8 kB pages the whole statement touched (its first Buffers line), a
    measure of work that, unlike time, does not depend on the machine's load."""
    line = next((p for p in plan if "Buffers: shared" in p), "")
    pages = sum(int(part.split("=")[1]) for part in line.split() if "=" in part)
    return f", {pages:,} pages" if pages else ""


def _states_to_measure() -> list[tuple[str, Callable[[], None] | None]]:
    """States of the database after a bulk insert, each followed by a measurement; the
    last one is the state the application leaves behind (import_organizations)."""
    from django.db import connection

    from daihoi.organizations.actions import refresh_planner_statistics

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE organizations_organization")

    if connection.vendor == "postgresql":
        return [
            ("right after the import", None),
            ("after ANALYZE only", analyze),
            ("after refresh_planner_statistics (VACUUM ANALYZE)", refresh_planner_statistics),
        ]
    # SQLite: the planner picks the covering index with or without statistics; the app
    # runs no maintenance, so neither does the benchmark.
    return [("right after the import (the app runs no maintenance on SQLite)", None)]


def run(engine: str, scale: str, seed: int, runs: int, alternatives: bool) -> dict[str, Any]:
    cleanup = setup_django(engine)
    try:
        return _run(scale, seed, runs, alternatives)
    finally:
        cleanup()


def _run(scale: str, seed: int, runs: int, alternatives: bool) -> dict[str, Any]:
    from django.db import connection, transaction

    from daihoi.organizations import queries
    from daihoi.organizations.actions import insert_organizations
    from daihoi.organizations.models import Level, Organization
    from daihoi.organizations.synth import summarize, synth_rows

    result: dict[str, Any] = {"engine": connection.vendor, "scale": scale, "seed": seed}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            result["version"] = "PostgreSQL " + cursor.fetchone()[0].split(" ")[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            result["version"] = "SQLite " + cursor.fetchone()[0]

    t0 = time.perf_counter()
    rows = synth_rows(scale, seed)
    result["generate_s"] = time.perf_counter() - t0
    summary = summarize(rows)
    result["rows"] = len(rows)
    result["units_by_level"] = {Level(k).name: v for k, v in summary.units_by_level.items()}
    result["members"] = summary.members
    print_header(result)

    t0 = time.perf_counter()
    with transaction.atomic():
        created = insert_organizations(rows)
    result["import_s"] = time.perf_counter() - t0
    result["import_rows_per_s"] = len(rows) / result["import_s"]
    print(
        f"import: insert_organizations in one transaction: {result['import_s']:.1f} s "
        f"({result['import_rows_per_s']:,.0f} rows/s)"
    )

    ends = _subtree_end_ids(rows, created)
    targets = [
        (label, Organization.objects.get(pk=org.pk)) for label, org in _targets(rows, created)
    ]
    result["states"] = []
    for state, action in _states_to_measure():
        seconds = 0.0
        if action is not None:
            t0 = time.perf_counter()
            action()
            seconds = time.perf_counter() - t0
        measured = []
        for label, org in targets:
            sql, params = _capture_sql(lambda org=org: queries.subtree_member_totals(org))
            timing = time_one(lambda org=org: queries.subtree_member_totals(org), runs // 2)
            measured.append(
                {"what": label, **asdict(timing), "scan": scan_of(_explain(sql, params))}
            )
        result["states"].append({"state": state, "action_s": seconds, "rollups": measured})

    result["rollups"] = [
        _measure_rollup(label, org, ends[org.code], runs) for label, org in targets
    ]
    result["other_reads"] = _other_reads(rows, targets, runs)
    if alternatives:
        result["alternatives"] = _alternatives(targets, max(10, runs // 3))
    print_tables(result)
    return result


def _measure_rollup(label: str, org: Any, last_id: int, runs: int) -> dict[str, Any]:
    """The rollup beside its floor: the same aggregate over the same rows by primary key."""
    from django.db.models import Count, Sum

    from daihoi.organizations import queries
    from daihoi.organizations.models import Organization

    def rollup() -> tuple[int, int, int]:
        return queries.subtree_member_totals(org)

    def floor() -> tuple[int, int, int]:
        qs = Organization.objects.all()
        if org.parent_id is not None:
            qs = qs.filter(pk__gte=org.id, pk__lte=last_id)
        row = qs.aggregate(
            units=Count("*"),
            official=Sum("official_members"),
            probationary=Sum("probationary_members"),
        )
        return row["units"], row["official"] or 0, row["probationary"] or 0

    totals = rollup()
    rollup_t, floor_t = time_pair(rollup, floor, runs)
    sql, params = _capture_sql(rollup)
    floor_sql, floor_params = _capture_sql(floor)
    raw_rollup_t, raw_floor_t = time_pair(_raw(sql, params), _raw(floor_sql, floor_params), runs)
    return {
        "what": label,
        "code": org.code,
        "rows": totals[0],
        "members": totals[1] + totals[2],
        "same_totals_as_floor": totals == floor(),
        "rollup": asdict(rollup_t),
        "floor": asdict(floor_t),
        "ratio": rollup_t.median_ms / floor_t.median_ms,
        "sql_rollup": asdict(raw_rollup_t),
        "sql_floor": asdict(raw_floor_t),
        "sql_ratio": raw_rollup_t.median_ms / raw_floor_t.median_ms,
        "plan": _explain(sql, params),
        "floor_plan": _explain(floor_sql, floor_params),
    }


def _targets(rows: Sequence[Any], created: dict[str, Any]) -> list[tuple[str, Any]]:
    """The root, the largest province-level committee and the largest upper-base committee
    (by organizations under it): the worst case of each kind."""
    from daihoi.organizations.models import Level, OrganizationKind

    sizes: dict[str, int] = {}
    for row in rows:
        code = row.code
        # Every row counts towards each ancestor's size; codes extend their parent's code.
        parts = code.split("-")
        for i in range(1, len(parts) + 1):
            prefix = "-".join(parts[:i])
            sizes[prefix] = sizes.get(prefix, 0) + 1
    by_level: dict[int, list[Any]] = {}
    for row in rows:
        by_level.setdefault(int(row.level), []).append(row)
    root_level = min(by_level)
    out = [("Centre" if root_level == Level.CENTRAL else "root", created[rows[0].code])]
    for level, label in ((Level.PROVINCIAL, "province"), (Level.UPPER_BASE, "commune")):
        candidates = [
            r
            for r in by_level.get(level, [])
            if r.parent_code is not None and r.kind == OrganizationKind.TERRITORIAL
        ]
        if candidates:
            biggest = max(candidates, key=lambda r: sizes.get(r.code, 0))
            out.append((label, created[biggest.code]))
    return out


RECURSIVE_CTE = """
WITH RECURSIVE sub(id, official_members, probationary_members) AS (
    SELECT id, official_members, probationary_members
    FROM organizations_organization WHERE id = %s
  UNION ALL
    SELECT o.id, o.official_members, o.probationary_members
    FROM organizations_organization o JOIN sub ON o.parent_id = sub.id
)
SELECT count(*), sum(official_members), sum(probationary_members) FROM sub
"""
CLOSURE_ROLLUP = """
SELECT count(*), sum(o.official_members), sum(o.probationary_members)
FROM bench_closure c JOIN organizations_organization o ON o.id = c.descendant_id
WHERE c.ancestor_id = %s
"""


def _build_closure() -> tuple[int, float]:
    """A closure table (ancestor, descendant) for every pair, X with itself included, as a
    closure-table design would keep it; returns (pairs, seconds to write them)."""
    from django.db import connection

    from daihoi.organizations.models import Organization, path_ids

    t0 = time.perf_counter()
    pairs = [
        (ancestor, pk)
        for pk, path in Organization.objects.values_list("id", "path").iterator(chunk_size=20000)
        for ancestor in path_ids(path)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE bench_closure (ancestor_id bigint NOT NULL,"
                " descendant_id bigint NOT NULL, PRIMARY KEY (ancestor_id, descendant_id))"
            )
            with cursor.cursor.copy("COPY bench_closure FROM STDIN") as copy:
                for pair in pairs:
                    copy.write_row(pair)
            cursor.execute("VACUUM ANALYZE bench_closure")
        else:
            cursor.execute(
                "CREATE TABLE bench_closure (ancestor_id integer NOT NULL,"
                " descendant_id integer NOT NULL, PRIMARY KEY (ancestor_id, descendant_id))"
                " WITHOUT ROWID"
            )
            cursor.executemany("INSERT INTO bench_closure VALUES (%s, %s)", pairs)
    return len(pairs), time.perf_counter() - t0


def _alternatives(targets: list[tuple[str, Any]], runs: int) -> dict[str, Any]:
    """The same rollup by the designs not taken: a recursive CTE over parent_id, and a
    closure table joined back to the organizations (figures for docs/scaling.md)."""
    from daihoi.organizations import queries

    pairs, build_s = _build_closure()
    out: dict[str, Any] = {"closure_pairs": pairs, "closure_build_s": build_s, "rollups": []}
    for label, org in targets:
        expected = queries.subtree_member_totals(org)
        cte = _raw(RECURSIVE_CTE, [org.id])
        closure = _raw(CLOSURE_ROLLUP, [org.id])
        assert [tuple(cte()[0])] == [expected] == [tuple(closure()[0])], label
        out["rollups"].append(
            {
                "what": label,
                "path": asdict(
                    time_one(
                        _raw(*_capture_sql(lambda org=org: queries.subtree_member_totals(org))),
                        runs,
                    )
                ),
                "recursive_cte": asdict(time_one(cte, runs)),
                "closure": asdict(time_one(closure, runs)),
            }
        )
    return out


def _other_reads(
    rows: Sequence[Any], targets: list[tuple[str, Any]], runs: int
) -> list[dict[str, Any]]:
    from daihoi.organizations import queries
    from daihoi.organizations.models import Level, Organization

    deepest = max((r for r in rows if r.level == Level.CELL), key=lambda r: len(r.code))
    cell = Organization.objects.get(code=deepest.code)
    reads: list[tuple[str, Callable[[], object]]] = [
        (f"path_to(cell {cell.code}), depth {cell.depth}", lambda: queries.path_to(cell)),
    ]
    for label, org in targets:
        reads.append(
            (
                f"subtree_totals_by_level({label})",
                lambda org=org: queries.subtree_totals_by_level(org),
            )
        )
        reads.append(
            (
                f"children_with_counts({label}): {org.children.count()} children",
                lambda org=org: queries.children_with_counts(org),
            )
        )
    return [{"what": what, **asdict(time_one(fn, runs))} for what, fn in reads]


# --- printing -------------------------------------------------------------------------------
def print_header(result: dict[str, Any]) -> None:
    levels = result["units_by_level"]
    print(f"\n=== daihoi hierarchy benchmark: {result['version']}, {result['scale']} tree ===")
    print(
        f"generated {result['rows']:,} organizations in {result['generate_s']:.1f} s "
        f"(seed {result['seed']}): "
        + ", ".join(f"{n:,} {name.lower()}" for name, n in levels.items() if n)
        + f"; {result['members']:,} members"
    )


def print_tables(result: dict[str, Any]) -> None:
    print(
        "\nsubtree member totals, ms, warm (rollup = queries.subtree_member_totals;"
        " floor = the same aggregate over the same rows by primary key)"
    )
    print(
        f"{'':<26}{'rows':>8} {'rollup med':>10} {'p95':>7} {'floor med':>9} {'p95':>7}"
        f" {'ratio':>5}  {'SQL only med/med = ratio':<25} target"
    )
    for r in result["rollups"]:
        ok = r["ratio"] <= TARGET_RATIO and r["rollup"]["p95_ms"] < TARGET_MS
        verdict = "ok" if ok else "MISSED"
        if not r["same_totals_as_floor"]:
            verdict += " (totals differ from the floor!)"
        sql = f"{r['sql_rollup']['median_ms']:.2f}/{r['sql_floor']['median_ms']:.2f}"
        print(
            f"{r['what'] + ' ' + r['code']:<26}{r['rows']:>8,} "
            f"{r['rollup']['median_ms']:>10.2f} {r['rollup']['p95_ms']:>7.2f} "
            f"{r['floor']['median_ms']:>9.2f} {r['floor']['p95_ms']:>7.2f} "
            f"{r['ratio']:>5.2f}  {sql + ' = ' + format(r['sql_ratio'], '.2f'):<25} {verdict}"
        )
    print(f"  (target: median within {TARGET_RATIO:g}x the floor's, p95 under {TARGET_MS:g} ms)")
    print("\naccess paths")
    for r in result["rollups"]:
        print(f"  {r['what']:<9} rollup: {scan_of(r['plan'])}")
        print(f"  {'':<9} floor:  {scan_of(r['floor_plan'])}")
    print("\nrollup after a bulk insert, ms (median), by state of the planner's statistics")
    for state in result["states"]:
        took = f" (took {state['action_s']:.2f} s)" if state["action_s"] else ""
        print(f"  {state['state']}{took}")
        for r in state["rollups"]:
            print(f"    {r['what']:<9} {r['median_ms']:>8.2f}  {r['scan']}")
    print("\nother reads, ms (median / p95)")
    for r in result["other_reads"]:
        print(f"  {r['what']:<60} {r['median_ms']:>8.2f} / {r['p95_ms']:.2f}")
    if alt := result.get("alternatives"):
        print(
            "\nthe designs not taken, SQL only, ms (median / p95): closure table of "
            f"{alt['closure_pairs']:,} pairs, written in {alt['closure_build_s']:.1f} s"
        )
        print(f"  {'':<10}{'materialized path':>20}{'recursive CTE':>20}{'closure table':>20}")
        for r in alt["rollups"]:
            cells = "".join(
                f"{r[k]['median_ms']:>11.2f} / {r[k]['p95_ms']:<6.2f}"
                for k in ("path", "recursive_cte", "closure")
            )
            print(f"  {r['what']:<10}{cells}")


# --- entry point ----------------------------------------------------------------------------
def _child(engine: str, args: argparse.Namespace, json_path: str) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--engine", engine]
    cmd += ["--scale", args.scale, "--seed", str(args.seed), "--runs", str(args.runs)]
    cmd += ["--json", json_path] + (["--alternatives"] if args.alternatives else [])
    if engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL"):
        cmd = ["bash", str(REPO / "scripts" / "with-postgres"), *cmd]
    return cmd


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scale", choices=["national", "province", "city"], default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (≥20)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--alternatives",
        action="store_true",
        help="also time a recursive CTE and a closure table (figures for docs/scaling.md)",
    )
    args = parser.parse_args(argv)
    args.runs = max(20, args.runs)

    needs_server = args.engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL")
    if args.engine in ("sqlite",) or (args.engine == "postgresql" and not needs_server):
        result = run(args.engine, args.scale, args.seed, args.runs, args.alternatives)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return 0

    # Each engine runs in its own process (Django's settings are fixed at start-up).
    engines = ["sqlite", "postgresql"] if args.engine == "both" else ["postgresql"]
    env = dict(os.environ, DAIHOI_PG_PORT=os.environ.get("DAIHOI_PG_PORT", PG_PORT))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            path = os.path.join(tmp, f"{engine}.json")
            subprocess.run(_child(engine, args, path), check=True, env=env, cwd=REPO)
            results.append(json.loads(Path(path).read_text()))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
