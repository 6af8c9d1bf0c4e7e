"""Benchmark of ballot entry (issue 4): three typists key a 348-ballot round over real HTTP.

    .venv/bin/python bench/entry.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/entry.py --engine sqlite
    .venv/bin/python bench/entry.py --engine postgresql  # under scripts/with-postgres
    .venv/bin/python bench/entry.py --mode free --json out.json

What it does, in one process per engine:
1. a fresh database (SQLite: a temporary DAIHOI_DATA_DIR; PostgreSQL: a new database beside
   the one DAIHOI_DATABASE_URL names, dropped afterwards), migrated; then, through the ORM and
   the elections actions, the Thái Nguyên case: a congress, an executive-committee election
   with 61 names for 55 seats, its counting committee and 3 typists, round 1 open with 348
   ballots issued;
2. starts the real server, `daihoi serve`, in a subprocess on a free loopback port, on that
   database (waitress, 8 threads), and waits for /healthz;
3. logs the three typists and the head in through the login form, each with its own
   keep-alive HTTP connection and cookies (one thread per typist);
4. the floor: GET /healthz, a view that does nothing, on the same server. Measured twice:
   anonymous (the bare server: WSGI, middleware, routing), and with each typist's session
   cookie, interleaved with the entries (every typist GETs it after each of its POSTs), so it
   carries the same per-request costs as an entry (session and user loaded, the idle-timeout
   stamp written back) under the same load;
5. the replay: 348 generated paper ballots (seeded; mostly 6–15 names struck, a few invalid:
   too many kept, not stamped, extra writing). `--mode room` (default) is the counting room
   sped up: a paper is read out every `--pace` seconds (0.25 s; Thái Nguyên's room took
   7 s a paper, 348 in 40 minutes) and each typist presses Enter at a random moment while it
   is read, so the three entries of a paper overlap as they happen to. `--mode paced` is the
   worst case: the three press Enter at the same instant (a barrier per paper); `--mode
   free` lets each typist post as fast as the server answers; `--mode serial` posts one
   request at a time (the latency without contention). Every POST is
   the HTMX request the page sends (form fields seq, revision, line), answered with the next
   form; the script checks each answer confirms the ballot it posted. Meanwhile the open
   pages poll as they do in a browser (`--no-polling` to leave them out): the head's console
   GETs its live part every 2 s (progress, conflicts, running totals of 61 names × 3
   typists) and each entry page its counts line every 2 s;
6. the close: right after the last entry the head posts "Kết thúc lần bầu" (HTMX), which
   counts the 348 confirmed ballots with daihoi.counting and stores the result; then GETs the
   result page. Reported: the close POST, and last entry → result page shown;
7. checks the stored result: 348 ballots received, the recount matches (verify_round).

Target (issue 4): entry p95 within 3× the floor's p95 and under 50 ms. Figures depend on the
machine and its load: never run as a test. Both engines run without a disk flush per commit
(SQLite WAL with synchronous=NORMAL, the project default; the throw-away PostgreSQL of
scripts/with-postgres runs with fsync off).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PG_PORT = "54381"
HOST = "127.0.0.1"

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Phan",
    "Trịnh",
    "Đinh",
    "Mai",
    "Tạ",
    "Cao",
    "Lương",
    "Hà",
]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Đức",
    "Giang",
    "Hải",
    "Hạnh",
    "Huy",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thu",
    "Toàn",
    "Trang",
    "Tuấn",
    "Uyên",
    "Vinh",
    "Xuân",
    "Yến",
    "Ánh",
    "Hùng",
    "Khánh",
    "Linh",
]


# --- A small HTTP session: one keep-alive connection, its cookies -----------------------------
class Session:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, fields: dict[str, Any] | None = None, htmx: bool = False
    ) -> tuple[int, http.client.HTTPMessage, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                elapsed = time.perf_counter() - start
                break
            except (ConnectionError, http.client.HTTPException):
                if attempt == 2:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text, elapsed

    def login(self, username: str, password: str) -> None:
        _, _, page, _ = self.request("GET", "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        status, _, _, _ = self.request(
            "POST",
            "/dang-nhap/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )
        assert status == 302, f"login of {username} failed ({status})"


# --- Set-up -----------------------------------------------------------------------------------
def _fresh_postgres_database() -> tuple[str, str]:
    import psycopg

    admin_url = os.environ["DAIHOI_DATABASE_URL"]
    name = f"daihoi_bench_entry_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    return admin_url, urlunsplit(parts._replace(path="/" + name, query=""))


def _drop_postgres_database(admin_url: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_database(engine: str) -> Callable[[], None]:
    """A fresh, migrated database; the environment points at it (the server inherits it)."""
    data_dir = tempfile.mkdtemp(prefix="daihoi-bench-entry-")
    os.environ["DAIHOI_DATA_DIR"] = data_dir
    admin_url = url = ""
    if engine == "sqlite":
        os.environ.pop("DAIHOI_DATABASE_URL", None)
    else:
        admin_url, url = _fresh_postgres_database()
        os.environ["DAIHOI_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    def cleanup() -> None:
        from django.db import connections

        connections.close_all()
        if engine == "postgresql":
            _drop_postgres_database(admin_url, url)
        shutil.rmtree(data_dir, ignore_errors=True)

    return cleanup


def candidate_names(count: int) -> list[str]:
    names: list[str] = []
    for i in range(count):
        family = FAMILY[i % len(FAMILY)]
        middle = MIDDLE[(i // len(FAMILY) + i) % len(MIDDLE)]
        given = GIVEN[(i * 7) % len(GIVEN)]
        names.append(f"{family} {middle} {given}")
    assert len(set(names)) == count
    return names


def build_round(names: int, seats: int, ballots: int) -> tuple[Any, Any, str]:
    """The Thái Nguyên case through the real actions; returns (round, team, password)."""
    from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round
    from daihoi.testing import PASSWORD, build_world

    world = build_world()
    congress = make_congress(world, convened=ballots + 2)
    team = make_team()
    election, _ = make_election(congress, team, candidate_names(names), seats=seats)
    round_ = open_first_round(
        election,
        team,
        convened=ballots + 2,
        present=ballots,
        issued=ballots,
        exclusions=(("Ốm, vắng mặt suốt thời gian đại hội", 1),),
    )
    return round_, team, PASSWORD


def ballot_lines(count: int, names: int, seats: int, seed: int) -> list[str]:
    """Paper ballots as typists key them: the numbers struck, a few defects."""
    rng = random.Random(seed)
    must_strike = names - seats
    lines = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.01:
            lines.append("d")  # not the congress's stamped ballot
            continue
        low, high = (0, must_strike - 1) if roll < 0.03 else (must_strike, must_strike + 9)
        struck = sorted(rng.sample(range(1, names + 1), rng.randint(low, high)))
        line = " ".join(str(n) for n in struck)
        if rng.random() < 0.005:
            line += " v"
        lines.append(line)
    return lines


# --- The server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    daihoi = Path(sys.executable).with_name("daihoi")
    command = [str(daihoi), "serve", "--host", HOST, "--port", str(port)]
    log = log_path.open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped:\n" + log_path.read_text())
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not answer /healthz in 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The replay ---------------------------------------------------------------------------------
def percentile(samples: Sequence[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(samples: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": percentile(ms, 95),
        "max": max(ms),
    }


def replay(
    port: int, round_id: int, typists: list[Session], lines: list[str], mode: str, pace: float
) -> tuple[list[float], list[float], list[str], float]:
    """Every typist posts every ballot; returns (entry latencies, floor latencies, failures,
    the moment the last entry was answered)."""
    entry_path = f"/bau-cu/lan-bau/{round_id}/nhap/"
    barrier = threading.Barrier(len(typists)) if mode == "paced" else None
    entries: list[float] = []
    floors: list[float] = []
    failures: list[str] = []
    last_answer = [0.0]
    lock = threading.Lock()

    start = time.perf_counter() + 0.5

    def typist(session: Session, index: int) -> None:
        mine, floor = [], []
        rng = random.Random(index)
        for seq, line in enumerate(lines, start=1):
            if barrier is not None:
                barrier.wait()
            elif mode == "room":  # Enter at a random moment while this paper is read out
                moment = start + (seq - 1 + rng.uniform(0, 0.8)) * pace
                time.sleep(max(0.0, moment - time.perf_counter()))
            fields = {"seq": seq, "revision": 0, "line": line}
            status, _, text, elapsed = session.request("POST", entry_path, fields, htmx=True)
            done = time.perf_counter()
            mine.append(elapsed)
            if status != 200 or f"Phiếu số {seq}:" not in text:
                error = re.search(r'data-testid="entry-error">([^<]*)<', text)
                with lock:
                    failures.append(f"ballot {seq}: {status} {error.group(1) if error else ''}")
            with lock:
                last_answer[0] = max(last_answer[0], done)
            floor.append(session.request("GET", "/healthz")[3])
        with lock:
            entries.extend(mine)
            floors.extend(floor)

    if mode == "serial":  # one request at a time: the latency without any contention
        for seq, line in enumerate(lines, start=1):
            for session in typists:
                status, _, text, elapsed = session.request(
                    "POST", entry_path, {"seq": seq, "revision": 0, "line": line}, htmx=True
                )
                last_answer[0] = time.perf_counter()
                entries.append(elapsed)
                if status != 200 or f"Phiếu số {seq}:" not in text:
                    failures.append(f"ballot {seq}: {status}")
                floors.append(session.request("GET", "/healthz")[3])
        return entries, floors, failures, last_answer[0]
    threads = [threading.Thread(target=typist, args=(s, i)) for i, s in enumerate(typists)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return entries, floors, failures, last_answer[0]


class Pollers:
    """What the open pages ask while the typists enter: the head's console refreshes its live
    part every 2 s, each typist's page its counts line every 2 s (htmx polling)."""

    def __init__(
        self, port: int, round_id: int, head: Session, typists: list[Session], enabled: bool
    ) -> None:
        self.stop = threading.Event()
        self.console: list[float] = []
        self.status: list[float] = []
        self.threads: list[threading.Thread] = []
        if not enabled:
            return
        jobs = [(head, f"/bau-cu/lan-bau/{round_id}/dieu-hanh/tinh-hinh/", self.console)]
        for typist in typists:
            jobs.append((typist, f"/bau-cu/lan-bau/{round_id}/nhap/trang-thai/", self.status))
        for i, (owner, path, samples) in enumerate(jobs):
            session = Session(port)  # the page's own connection, the owner's cookies
            session.cookies = dict(owner.cookies)
            thread = threading.Thread(target=self._poll, args=(session, path, samples, i * 0.5))
            self.threads.append(thread)

    def _poll(self, session: Session, path: str, samples: list[float], offset: float) -> None:
        if self.stop.wait(offset):
            return
        while not self.stop.is_set():
            status, _, _, elapsed = session.request("GET", path, htmx=True)
            assert status == 200, f"{path}: {status}"
            samples.append(elapsed)
            self.stop.wait(max(0.0, 2.0 - elapsed))

    def __enter__(self) -> Pollers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def run(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    cleanup = setup_database(engine)
    server = None
    try:
        from django.db import connection, connections

        round_, team, password = build_round(args.names, args.seats, args.ballots)
        if engine == "sqlite":
            vendor = f"SQLite {connection.Database.sqlite_version}"
        else:
            major, minor = divmod(connection.cursor().connection.info.server_version, 10000)
            vendor = f"PostgreSQL {major}.{minor}"
        connections.close_all()  # the server owns the database from here on
        lines = ballot_lines(args.ballots, args.names, args.seats, args.seed)
        port = free_port()
        log_path = Path(os.environ["DAIHOI_DATA_DIR"]) / "server.log"
        server = start_server(port, log_path)

        typists = [Session(port) for _ in team.typists]
        for session, user in zip(typists, team.typists, strict=True):
            session.login(user.username, password)
            status, _, page, _ = session.request("GET", f"/bau-cu/lan-bau/{round_.pk}/nhap/")
            assert status == 200 and "Phiếu số 1" in page, "the entry page did not open"
        head = Session(port)
        head.login(team.head.username, password)

        anonymous = Session(port)
        anonymous_floor = [anonymous.request("GET", "/healthz")[3] for _ in range(args.floor_runs)]

        started = time.perf_counter()
        with Pollers(port, round_.pk, head, typists, enabled=args.polling) as pollers:
            entries, floors, failures, last_entry = replay(
                port, round_.pk, typists, lines, args.mode, args.pace
            )
        replay_seconds = time.perf_counter() - started

        close_start = time.perf_counter()
        status, headers, text, close_seconds = head.request(
            "POST", f"/bau-cu/lan-bau/{round_.pk}/ket-thuc/", {}, htmx=True
        )
        assert status == 200 and headers.get("HX-Redirect"), f"close refused: {text[:500]}"
        status, _, page, _ = head.request("GET", headers["HX-Redirect"])
        shown = time.perf_counter()
        assert status == 200 and 'data-testid="elected"' in page
        last_to_result = shown - last_entry
        close_to_result = shown - close_start

        stop_server(server)
        server = None
        from daihoi.elections.actions import verify_round
        from daihoi.elections.models import Round

        closed = Round.objects.get(pk=round_.pk)
        assert closed.result["ballots"]["received"] == args.ballots, closed.result["ballots"]
        assert verify_round(closed), "the stored result does not match a recount"
        return {
            "engine": engine,
            "database": vendor,
            "mode": args.mode
            + (f" (a paper every {args.pace:g} s)" if args.mode == "room" else ""),
            "ballots": args.ballots,
            "names": args.names,
            "seats": args.seats,
            "typists": len(typists),
            "entry": summary(entries),
            "floor_session": summary(floors),
            "floor_anonymous": summary(anonymous_floor),
            "polling": args.polling,
            "console_poll": summary(pollers.console) if pollers.console else None,
            "status_poll": summary(pollers.status) if pollers.status else None,
            "replay_seconds": replay_seconds,
            "close_post_ms": close_seconds * 1000,
            "close_to_result_ms": close_to_result * 1000,
            "last_entry_to_result_ms": last_to_result * 1000,
            "failures": failures,
            "result": {
                "received": closed.result["ballots"]["received"],
                "valid": closed.result["ballots"]["valid"],
                "invalid": closed.result["ballots"]["invalid"],
                "elected": len(closed.result["elected"]),
                "next": closed.result["next"],
            },
        }
    finally:
        if server is not None:
            stop_server(server)
        cleanup()


# --- Report -----------------------------------------------------------------------------------
def print_report(r: dict[str, Any]) -> None:
    e, fs, fa = r["entry"], r["floor_session"], r["floor_anonymous"]
    print()
    print(
        f"bench/entry — {r['database']}; {r['ballots']} phiếu × {r['typists']} máy, "
        f"{r['names']} tên, {r['seats']} chỉ tiêu; mode {r['mode']}"
        + ("; pages polling" if r["polling"] else "")
    )
    print(f"  {'':<34}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for label, s in (
        ("entry POST (HTMX, next form)", e),
        ("floor GET /healthz, with session", fs),
        ("floor GET /healthz, anonymous", fa),
        ("console live part (polled, 2 s)", r["console_poll"]),
        ("typist counts line (polled, 2 s)", r["status_poll"]),
    ):
        if s:
            print(f"  {label:<34}{s['n']:>6}{s['p50']:>10.2f}{s['p95']:>10.2f}{s['max']:>10.2f}")
    ratio_s = e["p95"] / fs["p95"]
    ratio_a = e["p95"] / fa["p95"]
    print(
        f"  entry p95 / floor p95 (with session): {ratio_s:5.2f}×   target ≤ 3×: "
        f"{'yes' if ratio_s <= 3 else 'NO'}"
    )
    print(f"  entry p95 / floor p95 (anonymous):    {ratio_a:5.2f}×")
    print(f"  entry p95 under 50 ms: {'yes' if e['p95'] < 50 else 'NO'}")
    print(
        f"  replay {r['replay_seconds']:.1f} s; close POST {r['close_post_ms']:.0f} ms; "
        f"last entry → result page shown {r['last_entry_to_result_ms']:.0f} ms"
    )
    res = r["result"]
    print(
        f"  result: {res['received']} received, {res['valid']} valid, {res['invalid']} invalid, "
        f"{res['elected']} elected, next {res['next']}; recount matches"
    )
    if r["failures"]:
        print(f"  FAILED ENTRIES ({len(r['failures'])}): " + "; ".join(r["failures"][:5]))


def _child(engine: str, args: argparse.Namespace, json_path: str) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--engine", engine]
    cmd += ["--ballots", str(args.ballots), "--names", str(args.names), "--seats", str(args.seats)]
    cmd += ["--seed", str(args.seed), "--mode", args.mode, "--pace", str(args.pace)]
    cmd += ["--floor-runs", str(args.floor_runs)]
    cmd += ["--json", json_path] + ([] if args.polling else ["--no-polling"])
    if engine == "postgresql" and not os.environ.get("DAIHOI_DATABASE_URL"):
        cmd = ["bash", str(REPO / "scripts" / "with-postgres"), *cmd]
    return cmd


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--ballots", type=int, default=348)
    parser.add_argument("--names", type=int, default=61)
    parser.add_argument("--seats", type=int, default=55)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["room", "paced", "free", "serial"], default="room")
    parser.add_argument(
        "--pace", type=float, default=0.25, help="room mode: seconds per paper read out"
    )
    parser.add_argument("--floor-runs", type=int, default=300, help="anonymous floor requests")
    parser.add_argument(
        "--no-polling",
        dest="polling",
        action="store_false",
        help="without the console's and the entry pages' 2-second polling",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    in_process = args.engine == "sqlite" or (
        args.engine == "postgresql" and os.environ.get("DAIHOI_DATABASE_URL")
    )
    if in_process:
        result = run(args.engine, args)
        print_report(result)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return 1 if result["failures"] else 0

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
