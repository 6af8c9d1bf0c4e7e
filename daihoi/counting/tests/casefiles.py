"""Reading the case files of tests/cases/: each holds an input and the expected output.

kind "count" is a `daihoi.count/1` document and its `daihoi.count-result/1` result; the
other kinds exercise the list, open-vote and quorum rules, which have no CLI.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from daihoi.counting import api

CASES_DIR = Path(__file__).parent / "cases"


def case_paths() -> list[Path]:
    return sorted(CASES_DIR.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def plain(value: Any) -> Any:
    """A dataclass result as the JSON of the case file (tuples become lists)."""
    return json.loads(json.dumps(dataclasses.asdict(value)))


def run_api(kind: str, inp: dict[str, Any]) -> Any:
    if kind == "count":
        return api.count_json(inp)
    rules = api.regulation(inp.get("regulation", "190-2024"), inp.get("switches"))
    if kind == "surplus":
        seats = inp["seats"]
        return {
            "bounds": plain(api.surplus_bounds(seats, rules)),
            "convener_list": plain(api.check_convener_list(seats, inp["convener_listed"], rules)),
            "ballot_list": plain(api.check_ballot_list(seats, inp["ballot_listed"], rules)),
        }
    if kind == "floor_nominee":
        return plain(api.floor_nominee(inp["present"], inp["agreeing"]))
    if kind == "opinion_ballot_cut":
        nominees = [(cid, votes) for cid, votes in inp["nominees"]]
        return plain(api.opinion_ballot_cut(inp["seats"], inp["committee_listed"], nominees, rules))
    if kind == "open_vote":
        return plain(api.open_vote(inp["base"], inp["yes"]))
    if kind == "quorum":
        return plain(api.quorum(inp["convened"], inp["present"], rules))
    raise AssertionError(f"unknown case kind {kind}")
