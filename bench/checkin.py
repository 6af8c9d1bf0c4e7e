"""Benchmark of check-in (issue 9): 1,600 delegates checked in by 8 desks over real HTTP.

    .venv/bin/python bench/checkin.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/checkin.py --engine sqlite
    .venv/bin/python bench/checkin.py --engine postgresql  # under scripts/with-postgres
    .venv/bin/python bench/checkin.py --burst --json out.json  # desks as fast as answered

What it does, in one process per engine:
1. a fresh, migrated database (bench/entry.py's set-up: SQLite in a temporary DAIHOI_DATA_DIR;
   PostgreSQL a new database beside the one DAIHOI_DATABASE_URL names, dropped afterwards);
   then, through the delegates actions: a congress of delegates of district A with `--delegates`
   (1,600) on the roster in one roster.import_delegates call (45 ex-officio, the rest elected by
   24 units below), a badge for every one (badges.issue_badges), the preparatory session made
   current (checkin.add_session, set_current_session), `--desks` (8) desk users and one for the
   presidium page, all of the secretariat (staff.add_congress_staff);
2. starts the real server, `daihoi serve`, in a subprocess on a free loopback port, on that
   database (waitress, 8 threads), and waits for /healthz;
3. logs each desk and the presidium in through the login form, each with its own keep-alive
   HTTP connection and cookies (one thread per desk), and opens the desk page;
4. the floor: GET /healthz, a view that does nothing, on the same server. Measured twice:
   anonymous (the bare server), and with each desk's session cookie, interleaved with the
   check-ins (every desk GETs it after each of its scans), so it carries the same per-request
   costs as a scan (session and user loaded, the idle-timeout stamp written back) under the same
   load;
5. the hall: the badges are shuffled (seeded) and dealt to the desks; each desk POSTs its share
   to delegates:scan as the desk's scanner does (HTMX; form fields token, method, desk and the
   CSRF token), answered with the outcome fragment and the header X-Checkin. By default paced,
   the hall sped up: each desk waits a think time between its scans (`--think`, 0.1 s ±50 %;
   real desks take ~3 s a delegate, so about 30× faster than the hall), so the desks' scans
   overlap as they happen to. `--burst` is the worst case for the server: every desk posts
   as fast as the server answers (8 desks without a person in front of them, queued behind
   each other by the session's lock). Meanwhile the presidium page polls its figures fragment
   (HX-Request) as htmx does: REFRESH_MS (500 ms) after each answer, and keeps polling after
   the last scan until it shows every delegate;
6. the presidium's delay, for every check-in: from the desk receiving the answer to the first
   figures fragment whose count (data-present) includes it. The check-ins of one congress are
   written one at a time (the current session's row lock on PostgreSQL, SQLite's single
   writer), so CheckIn ids are in commit order and a count of N means the first N ids are in:
   the k-th CheckIn is shown by the first fragment with data-present ≥ k. A fragment received
   before the desk's own answer counts as 0 ms;
7. checks, after the server stopped: exactly N CheckIn rows, every answer 200 with
   X-Checkin: ok. A lost or refused check-in is printed and the script exits non-zero.

Targets (issue 9): check-in p95 under 50 ms and within 3× the floor's p95; the presidium sees a
check-in within 1 s (the max of the delay). Also printed: the whole hall's check-in time the
system alone needs (the sum of the check-ins' times) beside the people's: desks × ~3 s a
delegate (1,600 / 8 × 3 s = 10 minutes). The script ends with one line per engine, for the
mode run: `checkin ENGINE MODE: N delegates, p95 P ms (R× floor), presidium D ms` (MODE:
paced or burst; D: the delay's max).
Figures depend on the machine and its load: never run as a test. Both engines run without a
disk flush per commit (SQLite WAL with synchronous=NORMAL, the project default; the throw-away
PostgreSQL of scripts/with-postgres runs with fsync off).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from entry import (  # noqa: E402  (bench/entry.py: HTTP sessions, database set-up, the server)
    FAMILY,
    GIVEN,
    MIDDLE,
    Session,
    free_port,
    setup_database,
    start_server,
    stop_server,
    summary,
)

PG_PORT = "54391"
PEOPLE_SECONDS = 3.0  # a delegate in front of a desk: badge out, scan, the green screen
EX_OFFICIO = 45  # the outgoing executive committee
UNITS = 24  # the units below district A that elected the rest


# --- Set-up -----------------------------------------------------------------------------------
@dataclass
class Hall:
    congress_id: int
    session_id: int
    tokens: dict[str, int]  # badge token → delegate id
    desks: list[str]  # usernames
    presidium: str
    password: str


def delegate_rows(count: int, units: list[Any], district: Any, seed: int) -> list[tuple]:
    """(PersonData, kind, unit, delegation, rank) rows as an import file gives them: distinct
    (name, birth date) pairs, Vietnamese names."""
    from daihoi.delegates.actions.roster import PersonData
    from daihoi.delegates.models import DelegateKind

    rng = random.Random(seed)
    seen: set[tuple[str, dt.date]] = set()
    rows = []
    while len(rows) < count:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        if (name, born) in seen:
            continue
        seen.add((name, born))
        i = len(rows)
        if i < EX_OFFICIO:
            rows.append((PersonData(name, born), DelegateKind.EX_OFFICIO, district, "", None))
        else:
            unit = units[i % len(units)]
            rows.append((PersonData(name, born), DelegateKind.ELECTED, unit, "", None))
    return rows


def build_hall(delegates: int, desks: int, seed: int) -> tuple[Hall, dict[str, float]]:
    """The congress, its roster, badges, current session and staff, through the actions;
    returns the hall and how long each step took (s)."""
    from daihoi.core import actions as core_actions
    from daihoi.delegates.actions import badges, checkin, roster, staff
    from daihoi.delegates.models import SessionKind, StaffRole
    from daihoi.elections.testing import make_congress
    from daihoi.organizations.actions import NewOrganization, insert_organizations
    from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind
    from daihoi.testing import PASSWORD, build_world

    took: dict[str, float] = {}
    started = time.perf_counter()
    world = build_world()
    units = insert_organizations(
        [
            NewOrganization(
                f"A{i}",
                f"Đảng bộ xã {GIVEN[i % len(GIVEN)]} {i}",
                Level.BASE,
                OrganizationKind.TERRITORIAL,
                OrganizationForm.DANG_BO,
                0,
                0,
                "A",
            )
            for i in range(3, 3 + UNITS)
        ]
    )
    congress = make_congress(world, convened=delegates)
    took["world"] = time.perf_counter() - started

    started = time.perf_counter()
    rows = delegate_rows(delegates, list(units.values()), world.district_a, seed)
    roster.import_delegates(
        congress, rows, acting_user=world.staff_a, file_name="danh-sach-dai-bieu.xlsx"
    )
    took["roster"] = time.perf_counter() - started

    started = time.perf_counter()
    issued = badges.issue_badges(congress, acting_user=world.staff_a)
    took["badges"] = time.perf_counter() - started

    session = checkin.add_session(
        congress,
        kind=SessionKind.PREPARATORY,
        day=congress.starts_on,
        half="morning",
        acting_user=world.staff_a,
    )
    checkin.set_current_session(session, acting_user=world.staff_a)

    def secretariat(username: str, full_name: str) -> str:
        user = core_actions.create_user(username, PASSWORD, acting_user=None, full_name=full_name)
        staff.add_congress_staff(
            congress, user, role=StaffRole.SECRETARIAT, acting_user=world.staff_a
        )
        return username

    desk_users = [secretariat(f"ban{i}", f"Tổ Giúp Việc Bàn {i}") for i in range(1, desks + 1)]
    presidium = secretariat("doanchutich", "Thư Ký Đoàn Chủ Tịch")
    hall = Hall(
        congress_id=congress.pk,
        session_id=session.pk,
        tokens={b.token: b.delegate_id for b in issued},
        desks=desk_users,
        presidium=presidium,
        password=PASSWORD,
    )
    assert len(hall.tokens) == delegates, f"{len(hall.tokens)} badges for {delegates} delegates"
    return hall, took


# --- The hall -----------------------------------------------------------------------------------
@dataclass
class Scan:
    delegate_id: int
    answered: float  # perf_counter when the desk had the answer
    seconds: float


def check_in_all(
    desks: list[Session],
    shares: list[list[str]],
    scan_path: str,
    tokens: dict[str, int],
    csrf: list[str],
    think: float | None,
) -> tuple[list[Scan], list[float], list[str], float]:
    """Every desk scans its share; returns (scans, floor latencies, failures, the moment the
    last answer arrived)."""
    scans: list[Scan] = []
    floors: list[float] = []
    failures: list[str] = []
    last_answer = [0.0]
    lock = threading.Lock()
    start = threading.Barrier(len(desks))

    def desk(index: int) -> None:
        session, mine, floor = desks[index], [], []
        rng = random.Random(index)
        name = f"Bàn {index + 1}"
        start.wait()
        for token in shares[index]:
            fields = {
                "csrfmiddlewaretoken": csrf[index],
                "token": token,
                "method": "scanner",
                "desk": name,
            }
            status, headers, text, elapsed = session.request("POST", scan_path, fields, htmx=True)
            done = time.perf_counter()
            mine.append(Scan(tokens[token], done, elapsed))
            verdict = headers.get("X-Checkin", "")
            if status != 200 or verdict != "ok" or 'data-state="ok"' not in text:
                message = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()[:160]
                with lock:
                    failures.append(
                        f"{name}, delegate {tokens[token]}: {status} {verdict} {message}"
                    )
            floor.append(session.request("GET", "/healthz")[3])
            if think is not None:
                time.sleep(think * rng.uniform(0.5, 1.5))
        with lock:
            scans.extend(mine)
            floors.extend(floor)
            last_answer[0] = max([last_answer[0]] + [s.answered for s in mine])

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(len(desks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return scans, floors, failures, last_answer[0]


class Presidium:
    """The presidium page open during check-in: its figures fragment re-read REFRESH_MS after
    each answer (htmx `every` on an element swapped outerHTML), until told to stop and it shows
    `expected` (or 10 s more)."""

    def __init__(self, session: Session, path: str, refresh_ms: int) -> None:
        self.session, self.path, self.refresh = session, path, refresh_ms / 1000
        self.polls: list[tuple[float, int]] = []  # (answer received, data-present)
        self.latencies: list[float] = []
        self.expected: int | None = None
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._poll)

    def _poll(self) -> None:
        deadline = None
        while True:
            status, _, text, elapsed = self.session.request("GET", self.path, htmx=True)
            received = time.perf_counter()
            present = re.search(r'data-testid="figures"[^>]*data-present="(\d+)"', text)
            if status != 200 or present is None:
                self.errors.append(f"presidium: {status} {text[:200]}")
                return
            self.polls.append((received, int(present.group(1))))
            self.latencies.append(elapsed)
            if self.expected is not None:
                deadline = deadline or received + 10
                if int(present.group(1)) >= self.expected or received > deadline:
                    return
            time.sleep(self.refresh)

    def __enter__(self) -> Presidium:
        self.thread.start()
        return self

    def finish(self, expected: int) -> None:
        self.expected = expected
        self.thread.join()

    def __exit__(self, *exc: object) -> None:
        if self.expected is None:
            self.expected = 0
        self.thread.join()


def presidium_delays(
    scans: list[Scan], order: list[int], polls: list[tuple[float, int]]
) -> tuple[list[float], int, int]:
    """For every check-in, seconds from its answer to the first poll whose count includes it
    (the k-th CheckIn id is in when data-present ≥ k). Returns (delays, how many the page showed
    before the desk's answer arrived, how many it never showed)."""
    rank = {delegate_id: k for k, delegate_id in enumerate(order, start=1)}
    counts = [present for _, present in polls]
    running = 0
    for i, c in enumerate(counts):  # one poller: answers in order; guard anyway
        running = max(running, c)
        counts[i] = running
    delays, early, never = [], 0, 0
    for scan in scans:
        k = rank.get(scan.delegate_id)
        i = bisect.bisect_left(counts, k) if k is not None else len(counts)
        if i == len(counts):
            never += 1
            continue
        delay = polls[i][0] - scan.answered
        if delay <= 0:
            early += 1
        delays.append(max(0.0, delay))
    return delays, early, never


def run(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    cleanup = setup_database(engine)
    server = None
    try:
        from django.db import connection, connections
        from django.urls import reverse

        from daihoi.delegates.views_checkin import REFRESH_MS

        hall, setup_seconds = build_hall(args.delegates, args.desks, args.seed)
        if engine == "sqlite":
            vendor = f"SQLite {connection.Database.sqlite_version}"
        else:
            major, minor = divmod(connection.cursor().connection.info.server_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        connections.close_all()  # the server owns the database from here on
        scan_path = reverse("delegates:scan", args=[hall.congress_id])
        desk_path = reverse("delegates:desk", args=[hall.congress_id])
        presidium_path = reverse("delegates:presidium", args=[hall.congress_id])
        port = free_port()
        log_path = Path(os.environ["DAIHOI_DATA_DIR"]) / "server.log"
        server = start_server(port, log_path)

        desks, csrf = [], []
        for i, username in enumerate(hall.desks, start=1):
            session = Session(port)
            session.login(username, hall.password)
            status, _, page, _ = session.request("GET", f"{desk_path}?ban=B%C3%A0n+{i}")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert status == 200 and 'data-testid="token"' in page and token, "no desk page"
            desks.append(session)
            csrf.append(token.group(1))
        watcher = Session(port)
        watcher.login(hall.presidium, hall.password)
        status, _, page, _ = watcher.request("GET", presidium_path)
        assert status == 200 and 'data-present="0"' in page, "the presidium page did not open"

        anonymous = Session(port)
        anonymous_floor = [anonymous.request("GET", "/healthz")[3] for _ in range(args.floor_runs)]

        badges = sorted(hall.tokens)
        random.Random(args.seed).shuffle(badges)
        shares = [badges[i :: args.desks] for i in range(args.desks)]
        think = None if args.burst else args.think

        started = time.perf_counter()
        with Presidium(watcher, presidium_path, REFRESH_MS) as presidium:
            scans, floors, failures, last_answer = check_in_all(
                desks, shares, scan_path, hall.tokens, csrf, think
            )
            hall_seconds = last_answer - started
            ok = len(scans) - len(failures)
            presidium.finish(ok)
        failures += presidium.errors

        stop_server(server)
        server = None
        from daihoi.delegates.models import CheckIn

        order = list(
            CheckIn.objects.filter(session_id=hall.session_id)
            .order_by("id")
            .values_list("delegate_id", flat=True)
        )
        rows = CheckIn.objects.count()
        if rows != args.delegates or len(order) != args.delegates:
            failures.append(
                f"{rows} CheckIn rows ({len(order)} at the session) for {args.delegates} delegates"
            )
        if len(scans) != args.delegates:
            failures.append(f"{len(scans)} scans answered for {args.delegates} badges")
        delays, early, never = presidium_delays(scans, order, presidium.polls)
        if never:
            failures.append(f"{never} check-ins never shown on the presidium page")
        shown = presidium.polls[-1][1] if presidium.polls else 0
        latencies = [s.seconds for s in scans]
        return {
            "engine": engine,
            "database": vendor,
            "delegates": args.delegates,
            "desks": args.desks,
            "mode": "burst" if think is None else "paced",
            "paced": think,
            "setup_seconds": setup_seconds,
            "checkin": summary(latencies),
            "floor_session": summary(floors),
            "floor_anonymous": summary(anonymous_floor),
            "presidium_poll": summary(presidium.latencies),
            "presidium_polls": len(presidium.polls),
            "presidium_shown": shown,
            "presidium_delay": summary(delays) if delays else None,
            "presidium_early": early,
            "refresh_ms": REFRESH_MS,
            "server_seconds": sum(latencies),
            "hall_seconds": hall_seconds,
            "people_seconds": args.delegates / args.desks * PEOPLE_SECONDS,
            "checkin_rows": rows,
            "failures": failures,
        }
    finally:
        if server is not None:
            stop_server(server)
        cleanup()


# --- Report -----------------------------------------------------------------------------------
def print_report(r: dict[str, Any]) -> None:
    c, fs, fa, pd = r["checkin"], r["floor_session"], r["floor_anonymous"], r["presidium_delay"]
    print()
    pacing = f"paced, think {r['paced']:g} s ±50 %" if r["paced"] else "burst, as fast as answered"
    print(
        f"bench/checkin — {r['database']}; {r['delegates']} đại biểu, {r['desks']} bàn điểm danh, "
        f"{pacing}; presidium polling every {r['refresh_ms']} ms"
    )
    s = r["setup_seconds"]
    print(
        f"  set-up: roster import {s['roster']:.1f} s, badges {s['badges']:.1f} s "
        f"(world and congress {s['world']:.1f} s)"
    )
    print(f"  {'':<40}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for label, x in (
        ("check-in POST (HTMX, outcome fragment)", c),
        ("floor GET /healthz, with session", fs),
        ("floor GET /healthz, anonymous", fa),
        ("presidium figures fragment (polled)", r["presidium_poll"]),
        ("presidium delay: answer → count shown", pd),
    ):
        if x:
            print(f"  {label:<40}{x['n']:>6}{x['p50']:>10.2f}{x['p95']:>10.2f}{x['max']:>10.2f}")
    ratio_s = c["p95"] / fs["p95"]
    ratio_a = c["p95"] / fa["p95"]
    print(
        f"  check-in p95 / floor p95 (with session): {ratio_s:5.2f}×   target ≤ 3×: "
        f"{'yes' if ratio_s <= 3 else 'NO'}"
    )
    print(f"  check-in p95 / floor p95 (anonymous):    {ratio_a:5.2f}×")
    print(f"  check-in p95 under 50 ms: {'yes' if c['p95'] < 50 else 'NO'}")
    if pd:
        print(
            f"  presidium sees a check-in within 1 s: {'yes' if pd['max'] < 1000 else 'NO'} "
            f"(max {pd['max']:.0f} ms; {r['presidium_early']} shown before the desk's answer; "
            f"{r['presidium_polls']} polls, last shows {r['presidium_shown']})"
        )
    people = r["people_seconds"]
    print(
        f"  the hall's check-in, the system alone: {r['server_seconds']:.1f} s of check-in time "
        f"summed ({r['server_seconds'] / r['desks']:.1f} s a desk); this run's wall clock "
        f"{r['hall_seconds']:.1f} s on {r['desks']} desks"
    )
    print(
        f"  people's time: {r['desks']} desks × ~{PEOPLE_SECONDS:g} s a delegate = "
        f"{people:.0f} s ({people / 60:.0f} min) for {r['delegates']}; the server's share "
        f"{100 * r['server_seconds'] / r['desks'] / people:.1f} %"
    )
    print(f"  stored: {r['checkin_rows']} CheckIn rows")
    if r["failures"]:
        print(f"  FAILED ({len(r['failures'])}):")
        for failure in r["failures"][:20]:
            print(f"    {failure}")


def summary_line(r: dict[str, Any]) -> str:
    c, fs, pd = r["checkin"], r["floor_session"], r["presidium_delay"]
    delay = f"{pd['max']:.0f} ms" if pd else "never"
    line = (
        f"checkin {r['engine']} {r['mode']}: {r['delegates']} delegates, p95 {c['p95']:.1f} ms "
        f"({c['p95'] / fs['p95']:.2f}× floor), presidium {delay}"
    )
    return line + (f" — FAILED ({len(r['failures'])})" if r["failures"] else "")


def _child(engine: str, args: argparse.Namespace, json_path: str) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--engine", engine]
    cmd += ["--delegates", str(args.delegates), "--desks", str(args.desks)]
    cmd += ["--seed", str(args.seed), "--floor-runs", str(args.floor_runs)]
    cmd += ["--think", str(args.think)] + (["--burst"] if args.burst else [])
    cmd += ["--json", json_path, "--no-summary"]
    if engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL"):
        cmd = ["bash", str(REPO / "scripts" / "with-postgres"), *cmd]
    return cmd


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine", choices=["sqlite", "postgresql", "postgres", "both"], default="both"
    )
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--burst", action="store_true", help="no think time: each desk scans as fast as answered"
    )
    parser.add_argument(
        "--think", type=float, default=0.1, help="seconds between a desk's scans (±50 %%)"
    )
    parser.add_argument("--floor-runs", type=int, default=300, help="anonymous floor requests")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--no-summary", dest="summary", action="store_false", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.engine == "postgres":
        args.engine = "postgresql"
    assert args.delegates >= args.desks >= 1

    in_process = args.engine == "sqlite" or (
        args.engine == "postgresql" and os.environ.get("DAIHOI_DATABASE_URL")
    )
    if in_process:
        result = run(args.engine, args)
        print_report(result)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        if args.summary:
            print(summary_line(result))
        return 1 if result["failures"] else 0

    # Each engine runs in its own process (Django's settings are fixed at start-up).
    engines = ["sqlite", "postgresql"] if args.engine == "both" else ["postgresql"]
    env = dict(os.environ, DAIHOI_PG_PORT=os.environ.get("DAIHOI_PG_PORT", PG_PORT))
    results, lines, failed = [], [], False
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            path = os.path.join(tmp, f"{engine}.json")
            done = subprocess.run(_child(engine, args, path), env=env, cwd=REPO)
            failed |= done.returncode != 0
            if Path(path).exists():
                results.append(json.loads(Path(path).read_text()))
                lines.append(summary_line(results[-1]))
            else:
                mode = "burst" if args.burst else "paced"
                lines.append(f"checkin {engine} {mode}: no result (exit {done.returncode})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    for line in lines:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
