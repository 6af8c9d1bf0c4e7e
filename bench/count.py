"""Benchmark of the counting engine (not a test): `python bench/count.py`.

Generates a national-congress round (1,586 ballots, 203 candidates, 180 seats) and a
provincial one (348 ballots, 61 names, 55 seats), each with a realistic ~1.5% of invalid
ballots, and prints, in the same run:

- count: `count_round` on the parsed input (classification, threshold, selection, shares,
  protocol), best of several runs;
- floor: one plain pass that only sums the kept names of every ballot (the kept names are
  worked out beforehand, outside the timing), best of several runs; and the same sum done
  by collections.Counter in C, the fastest pass Python offers;
- the ratios count / floor (target: at most 3);
- parse and render: the JSON input → CountInput and CountResult → JSON text;
- end to end: `daihoi count FILE.json` as a new process (start, import, parse, count,
  print), median of several runs (target for the national round: under 1 s).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import chain
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from daihoi.counting.api import CountInput, count_round, dumps_result, loads_count_input  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long",
         "Mai", "Minh", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Thảo", "Trung", "Tuấn", "Vinh"]  # fmt: skip


def make_round(ballots: int, names: int, seats: int, seed: int) -> dict[str, object]:
    """A `daihoi.count/1` document: voters strike the names they do not want, favouring some
    candidates; about 1.5% of the ballots are invalid for one reason or another."""
    rnd = random.Random(seed)
    ids = [f"c{i}" for i in range(names)]
    popularity = [rnd.random() ** 2 for _ in ids]
    candidates = [
        {"id": cid, "name": f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"}
        for cid in ids
    ]
    surplus = names - seats
    docs: list[dict[str, object]] = []
    for _ in range(ballots):
        draw = rnd.random()
        # strike the least popular more often: weighted sample without replacement
        strike = surplus + rnd.choice([0, 0, 0, 1, 2, 5])
        weights = [1.05 - p for p in popularity]
        chosen: set[str] = set()
        while len(chosen) < strike:
            chosen.add(rnd.choices(ids, weights)[0])
        ballot: dict[str, object] = {"struck": sorted(chosen)}
        if draw < 0.005:
            ballot["struck"] = sorted(chosen)[: surplus - 1]  # keeps too many names
        elif draw < 0.008:
            ballot["struck"] = list(ids)  # every name struck
        elif draw < 0.011:
            ballot["defects"] = ["extra_writing"]
        elif draw < 0.015:
            ballot["defects"] = ["not_official"]
        docs.append(ballot)
    return {
        "format": "daihoi.count/1",
        "election": {
            "body": "executive",
            "seats": seats,
            "meeting": "delegates",
            "convened": ballots + 2,
            "not_counted_in_base": 2,
            "ballot_style": "strike",
        },
        "candidates": candidates,
        "ballots": docs,
    }


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def floor_pass(kept_lists: list[tuple[str, ...]], ids: list[str]) -> dict[str, int]:
    votes = dict.fromkeys(ids, 0)
    for kept in kept_lists:
        for cid in kept:
            votes[cid] += 1
    return votes


def floor_counter(kept_lists: list[tuple[str, ...]]) -> Counter[str]:
    return Counter(chain.from_iterable(kept_lists))


def end_to_end(path: Path, runs: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "daihoi.cli", "count", str(path)],
            capture_output=True,
            env=env,
            check=True,
        )
        times.append(time.perf_counter() - start)
        assert done.stdout.startswith(b"{")
    return statistics.median(times)


def report(label: str, doc: dict[str, object], runs: int, e2e_runs: int) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    count_input: CountInput = loads_count_input(text)
    ids = [c.id for c in count_input.candidates]
    kept_lists = [
        tuple(cid for cid in ids if cid not in set(b.struck))
        for b in count_input.ballots
        for _ in range(b.count)
    ]
    result = count_round(count_input)
    t_count = best(lambda: count_round(count_input), runs)
    t_floor = best(lambda: floor_pass(kept_lists, ids), runs)
    t_floor_c = best(lambda: floor_counter(kept_lists), runs)
    t_parse = best(lambda: loads_count_input(text), runs)
    t_render = best(lambda: dumps_result(result), runs)
    summary = result.ballots
    print(f"== {label}")
    print(
        f"   {summary.received} ballots ({summary.invalid} invalid, "
        f"{100 * summary.invalid / summary.received:.1f}%), {len(ids)} candidates, "
        f"{count_input.election.seats} seats; elected {len(result.elected)}, next {result.next}"
    )
    print(f"   count (in process)     {1000 * t_count:8.2f} ms")
    print(f"   floor (sum kept names) {1000 * t_floor:8.2f} ms")
    print(f"   floor, Counter in C    {1000 * t_floor_c:8.2f} ms")
    print(f"   ratio count / floor    {t_count / t_floor:8.2f} ×   (target ≤ 3)")
    print(f"   ratio count / C floor  {t_count / t_floor_c:8.2f} ×")
    print(f"   parse JSON → input     {1000 * t_parse:8.2f} ms")
    print(f"   render result → JSON   {1000 * t_render:8.2f} ms")
    if e2e_runs:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "round.json"
            path.write_text(text, encoding="utf-8")
            t_e2e = end_to_end(path, e2e_runs)
        print(f"   daihoi count, new process (median of {e2e_runs}) {1000 * t_e2e:8.1f} ms"
              "   (target < 1000 ms)")  # fmt: skip


def main() -> None:
    report("national round: 1,586 ballots, 203 candidates, 180 seats",
           make_round(1586, 203, 180, seed=14), runs=20, e2e_runs=7)  # fmt: skip
    report("provincial round: 348 ballots, 61 names, 55 seats",
           make_round(348, 61, 55, seed=2025), runs=50, e2e_runs=0)  # fmt: skip


if __name__ == "__main__":
    main()
