"""Benchmark of the campaign (issue 5): generate the national campaign, then time the dashboard.

    .venv/bin/python bench/campaign.py                       # SQLite, then PostgreSQL
    .venv/bin/python bench/campaign.py --engine sqlite
    DAIHOI_PG_PORT=54411 .venv/bin/python bench/campaign.py --engine postgresql
    .venv/bin/python bench/campaign.py --runs 40 --json out.json

What it does, in one process per engine (a fresh database each: bench/hierarchy.py's set-up):
1. times `congresses.synth.synthesize("national", seed)`: the hierarchy (≈334,000
   organizations) and a congress for almost each of them in every state, with results, in
   one transaction, then the statistics pass (ANALYZE; VACUUM ANALYZE on PostgreSQL);
2. for the Centre, the largest province and the largest commune (territorial upper-base
   committee), times everything the dashboard page reads (`queries_dashboard`: progress by
   level and child, kinds/pilots/direct, the share histogram, the progress over time, the
   first page of the late, missing and pilot lists), on the day the data describe:
   - cold: the first request after connecting (a new connection each time: SQLite's page
     cache belongs to the connection; PostgreSQL's backend starts empty, its shared buffers
     do not), 5 samples;
   - warm: p50 and p95 of --runs runs, interleaved with the floor;
   and one full HTTP render of the page through Django's test client (cold, then warm).
   The Centre's counts come from the tallies per branch that triggers keep (decision 0012;
   written by the synth's COPY / INSERTs like any other congress write), the others' by
   index seeks (decision 0008);
3. the floor: one plain aggregate of the same table in the same run,
   `SELECT status, count(*) FROM congresses_congress WHERE term = %s GROUP BY status`
   (every congress of the term, as the Centre's dashboard must count them all);
4. the "before": the first design of the same panels with plain GROUP BY queries (children by
   substr(org_path), the share histogram through a join to the results, the series by
   held_on), timed the same way, to show why the dashboard counts by index seeks;
5. prints the plan of each statement of the Centre's dashboard.

Target (issue 5): p95 under 300 ms and within 3× the floor; generating the national dataset
under 2 minutes. Never run as a test: figures depend on the machine (docs/scaling.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import hierarchy  # noqa: E402  (bench/hierarchy.py: database set-up, plan reading)

PG_PORT = "54411"
TERM = "2025-2030"
TARGET_MS = 300.0
TARGET_RATIO = 3.0
FLOOR_SQL = "SELECT status, count(*) FROM congresses_congress WHERE term = %s GROUP BY status"


def _ms(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered) + 0.5) - 1)]
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": p95 * 1000,
        "max": ordered[-1] * 1000,
    }


def floor() -> object:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [TERM])
        return cursor.fetchall()


def floor_serial() -> object:
    """The floor without parallel workers (PostgreSQL): the dashboard's correlated subplans
    cannot use them, a plain aggregate can; this says what one process does alone."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return floor()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(FLOOR_SQL, [TERM])
        return cursor.fetchall()


def dashboard_reads(scope_args: tuple[Any, str, dt.date]) -> Callable[[], object]:
    """Everything the dashboard page reads, as the view reads it (Scope.of included)."""
    from daihoi.congresses import queries_dashboard as q

    def run() -> object:
        scope = q.Scope.of(*scope_args)
        q.terms()
        dash = q.dashboard(scope)
        pages = [
            q.late_page(scope, dash.progress, 1),
            q.missing_page(scope, dash.progress, 1),
            q.pilots_page(scope, dash.flags, 1),
        ]
        return dash, [list(p.object_list) for p in pages]

    return run


def naive_reads(scope_args: tuple[Any, str, dt.date]) -> Callable[[], object]:
    """The same panels by plain GROUP BY (the design before the seeks)."""
    from django.db import connection

    org, term, _day = scope_args
    lo, hi, width = org.path, org.path + "~", len(org.path) + 6
    rng = "org_path >= %s AND org_path < %s"
    statements = [
        (
            "SELECT substr(path, 1, %s), level, count(*) FROM organizations_organization "
            "WHERE path >= %s AND path < %s AND level >= 1 GROUP BY 1, 2",
            [width, lo, hi],
        ),
        (
            "SELECT substr(org_path, 1, %s), org_level, status, kind, is_pilot, "
            f"direct_secretary, count(*) FROM congresses_congress WHERE term = %s AND {rng} "
            "GROUP BY 1, 2, 3, 4, 5, 6",
            [width, term, lo, hi],
        ),
        (
            "SELECT held_on, org_level, count(*) FROM congresses_congress WHERE term = %s "
            f"AND held_on IS NOT NULL AND {rng} GROUP BY 1, 2",
            [term, lo, hi],
        ),
        (
            "SELECT r.secretary_votes * 100 / r.secretary_base, count(*) "
            "FROM congresses_congressresult r JOIN congresses_congress c ON c.id = r.congress_id "
            "WHERE c.term = %s AND c.org_path >= %s AND c.org_path < %s AND r.secretary_direct "
            "AND r.secretary_base > 0 GROUP BY 1",
            [term, lo, hi],
        ),
    ]

    def run() -> object:
        out = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                out.append(cursor.fetchall())
        return out

    return run


def interleaved(
    a: Callable[[], object], b: Callable[[], object], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    for _ in range(3):
        a()
        b()
    sa, sb = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        a()
        t1 = time.perf_counter()
        b()
        sb.append(time.perf_counter() - t1)
        sa.append(t1 - t0)
    return _ms(sa), _ms(sb)


def cold(fn: Callable[[], object], samples: int = 5) -> dict[str, float]:
    """The first call on a new connection, several times."""
    from django.db import connections

    out = []
    for _ in range(samples):
        connections.close_all()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return _ms(out)


def _targets() -> list[tuple[str, Any]]:
    """The Centre, the province with most congresses, the commune with most units."""
    from django.db.models import Count

    from daihoi.congresses.models import Congress
    from daihoi.organizations.models import Level, Organization, OrganizationKind

    centre = Organization.objects.get(parent__isnull=True, level=Level.CENTRAL)
    provinces = Organization.objects.filter(
        level=Level.PROVINCIAL, kind=OrganizationKind.TERRITORIAL
    )
    sizes = {
        p.pk: Congress.objects.filter(
            term=TERM, org_path__gte=p.path, org_path__lt=p.path + "~"
        ).count()
        for p in provinces
    }
    province = max(provinces, key=lambda p: sizes[p.pk])
    commune = (
        Organization.objects.filter(level=Level.UPPER_BASE, kind=OrganizationKind.TERRITORIAL)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    return [("Centre", centre), ("province", province), ("commune", commune)]


def _http(org: Any, day: dt.date, runs: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from daihoi.core.models import User

    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-password-2025"
    )
    client = Client()
    client.force_login(user)
    url = f"/dai-hoi/tien-do/{org.pk}/?nhiem_ky={TERM}&ngay={day:%d/%m/%Y}"

    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    connections.close_all()
    t0 = time.perf_counter()
    get()
    first = (time.perf_counter() - t0) * 1000
    page, floor_t = interleaved(get, floor, runs)
    return {"cold_ms": first, "warm": page, "floor": floor_t, "bytes": len(get().content)}


def _statements(fn: Callable[[], object]) -> list[tuple[str, Sequence[Any]]]:
    from django.db import connection

    seen: list[tuple[str, Sequence[Any]]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return seen


def _plans(fn: Callable[[], object]) -> list[dict[str, Any]]:
    out = []
    for sql, params in _statements(fn):
        try:
            plan = hierarchy._explain(sql, params)
        except Exception as error:  # a statement EXPLAIN cannot take
            plan = [f"(no plan: {error})"]
        out.append({"sql": " ".join(sql.split())[:160], "plan": plan})
    return out


def run(engine: str, seed: int, runs: int, naive: bool) -> dict[str, Any]:
    cleanup = hierarchy.setup_django(engine)
    try:
        return _run(seed, runs, naive)
    finally:
        cleanup()


def _run(seed: int, runs: int, naive: bool) -> dict[str, Any]:
    from django.db import connection

    from daihoi.congresses.synth import synthesize

    result: dict[str, Any] = {"engine": connection.vendor, "seed": seed, "runs": runs}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            result["version"] = "PostgreSQL " + cursor.fetchone()[0].split(" ")[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            result["version"] = "SQLite " + cursor.fetchone()[0]
    print(f"\n=== daihoi campaign benchmark: {result['version']} ===", flush=True)
    t0 = time.perf_counter()
    summary = synthesize(
        "national", seed, term=TERM, acting_user=None, progress=lambda line: print("  " + line)
    )
    result["generate_s"] = time.perf_counter() - t0
    result["organizations"] = summary.organizations
    result["congresses"] = summary.congresses
    result["results"] = summary.results
    result["as_of"] = summary.as_of.isoformat()
    print(
        f"synth --scale national: {summary.organizations:,} organizations, "
        f"{summary.congresses:,} congresses, {summary.results:,} results in "
        f"{result['generate_s']:.1f} s (as of {summary.as_of:%d/%m/%Y})",
        flush=True,
    )
    day = summary.as_of
    result["dashboards"] = []
    for label, org in _targets():
        args = (org, TERM, day)
        reads = dashboard_reads(args)
        row: dict[str, Any] = {"what": label, "code": org.code, "name": org.name}
        row["queries"] = len(_statements(reads))
        row["cold"] = cold(reads)
        row["warm"], row["floor"] = interleaved(reads, floor, runs)
        if connection.vendor == "postgresql":
            row["warm_again"], row["floor_serial"] = interleaved(reads, floor_serial, runs)
        row["http"] = _http(org, day, max(10, runs // 2))
        if naive:
            row["naive_warm"], row["naive_floor"] = interleaved(
                naive_reads(args), floor, max(5, runs // 4)
            )
        if label == "Centre":
            result["plans"] = _plans(reads)
        result["dashboards"].append(row)
        print(f"  measured {label} {org.code}", flush=True)
    print_tables(result)
    return result


def _verdict(p95: float, floor_p95: float) -> str:
    ok = p95 < TARGET_MS and p95 <= TARGET_RATIO * floor_p95
    return "ok" if ok else "MISSED"


def print_tables(result: dict[str, Any]) -> None:
    gen = result["generate_s"]
    print(
        f"\ngenerate (synth --scale national): {gen:.1f} s "
        f"({'ok' if gen < 120 else 'MISSED'}: target under 120 s)"
    )
    print(
        "\ndashboard query functions, in-process, ms "
        f"(warm: {result['runs']} runs interleaved with the floor; cold: 5 new connections)"
    )
    print(
        f"{'':<10}{'queries':>8} {'cold p50':>9} {'cold max':>9} {'warm p50':>9} {'p95':>7}"
        f" {'floor p50':>10} {'p95':>7} {'p95/floor':>10}  target"
    )
    for r in result["dashboards"]:
        ratio = r["warm"]["p95"] / r["floor"]["p95"]
        print(
            f"{r['what']:<10}{r['queries']:>8} {r['cold']['p50']:>9.1f} {r['cold']['max']:>9.1f} "
            f"{r['warm']['p50']:>9.1f} {r['warm']['p95']:>7.1f} {r['floor']['p50']:>10.1f} "
            f"{r['floor']['p95']:>7.1f} {ratio:>10.2f}  {_verdict(r['warm']['p95'], r['floor']['p95'])}"
        )
    print(f"  (target: p95 under {TARGET_MS:g} ms and within {TARGET_RATIO:g}x the floor's p95)")
    if any("floor_serial" in r for r in result["dashboards"]):
        print(
            "\nthe same beside the floor run without parallel workers (one process, as the dashboard)"
        )
        for r in result["dashboards"]:
            w, f = r["warm_again"], r["floor_serial"]
            print(
                f"{r['what']:<10} warm p50 {w['p50']:>7.1f} p95 {w['p95']:>7.1f}   serial floor p50 "
                f"{f['p50']:>7.1f} p95 {f['p95']:>7.1f}   p95/floor {w['p95'] / f['p95']:.2f}"
            )
    print("\nfull HTTP render (Django test client, superuser), ms")
    print(f"{'':<10}{'cold':>8} {'warm p50':>9} {'p95':>7} {'floor p95':>10} {'KiB':>6}")
    for r in result["dashboards"]:
        h = r["http"]
        print(
            f"{r['what']:<10}{h['cold_ms']:>8.1f} {h['warm']['p50']:>9.1f} {h['warm']['p95']:>7.1f}"
            f" {h['floor']['p95']:>10.1f} {h['bytes'] / 1024:>6.0f}"
        )
    if any("naive_warm" in r for r in result["dashboards"]):
        print("\nbefore: the same panels by plain GROUP BY (4 statements), warm, ms")
        for r in result["dashboards"]:
            n, f = r["naive_warm"], r["naive_floor"]
            print(
                f"  {r['what']:<10} p50 {n['p50']:>8.1f}  p95 {n['p95']:>8.1f}  "
                f"floor p95 {f['p95']:>7.1f}  p95/floor {n['p95'] / f['p95']:.2f}"
            )
    print("\nplans of the Centre's statements")
    for p in result.get("plans", []):
        print(f"  {p['sql'][:110]}")
        for line in p["plan"][:8]:
            print(f"      {line.strip()[:120]}")


def _child(engine: str, args: argparse.Namespace, json_path: str) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--engine", engine]
    cmd += ["--seed", str(args.seed), "--runs", str(args.runs), "--json", json_path]
    cmd += ["--naive"] if args.naive else []
    if engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL"):
        cmd = ["bash", str(REPO / "scripts" / "with-postgres"), *cmd]
    return cmd


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30, help="warm runs per dashboard (≥20)")
    parser.add_argument("--naive", action="store_true", help="also time the GROUP BY design")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    args.runs = max(20, args.runs)

    needs_server = args.engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL")
    if args.engine == "sqlite" or (args.engine == "postgresql" and not needs_server):
        result = run(args.engine, args.seed, args.runs, args.naive)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
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
