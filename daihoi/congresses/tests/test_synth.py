"""`daihoi synth`: a reproducible campaign over a generated hierarchy, written in bulk with
one audit entry; every state present, congress rows carrying their copies."""

from __future__ import annotations

import io
import re
from collections import Counter
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.db import transaction

from daihoi.congresses.dashboard_rules import secretary_percent
from daihoi.congresses.models import Congress, CongressResult, CongressStatus
from daihoi.congresses.synth import SynthError, synthesize
from daihoi.congresses.tests.dashboard_data import ensure_directive
from daihoi.core.models import AuditEntry
from daihoi.organizations.models import Organization

TERM = "2025-2030"
FIELDS = (
    "status", "kind", "contents", "ordinal", "convened", "direct_secretary", "is_pilot",
    "starts_on", "ends_on", "held_on", "status_changed_on", "approved_on", "secretary_percent",
)  # fmt: skip
RESULT_FIELDS = (
    "committee_elected", "committee_reelected", "committee_women", "committee_young",
    "standing_elected", "secretary_votes", "secretary_base", "deputies_elected",
    "delegates_elected",
)  # fmt: skip


@pytest.fixture(autouse=True)
def directive(db):
    return ensure_directive()


def snapshot() -> dict[str, tuple[object, ...]]:
    """Every congress by its organization's code (ids differ between runs on PostgreSQL)."""
    out = {}
    for c in Congress.objects.select_related("organization", "result"):
        result = getattr(c, "result", None)
        figures = tuple(getattr(result, f) for f in RESULT_FIELDS) if result else None
        out[c.organization.code] = (*(getattr(c, f) for f in FIELDS), figures)
    return out


def run_and_roll_back(seed: int) -> dict[str, tuple[object, ...]]:
    with transaction.atomic():
        synthesize("city", seed, term=TERM, acting_user=None)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def test_the_same_seed_gives_the_same_campaign_and_another_seed_another():
    first, again, other = run_and_roll_back(7), run_and_roll_back(7), run_and_roll_back(8)
    assert first == again
    assert first != other
    assert len(first) > 300


def test_a_city_campaign_has_every_state_and_rows_carry_their_copies():
    summary = synthesize("city", 3, term=TERM, acting_user=None)
    congresses = list(Congress.objects.select_related("organization", "directive"))
    assert summary.congresses == len(congresses)
    assert summary.organizations == Organization.objects.count()
    assert all(c.org_path == c.organization.path for c in congresses)
    assert all(c.org_level == c.organization.level for c in congresses)
    assert {c.directive.number for c in congresses} == {"45-CT/TW"}
    statuses = Counter(c.status for c in congresses)
    assert statuses[CongressStatus.APPROVED] > 300
    assert statuses[CongressStatus.PLANNED] + statuses[CongressStatus.PREPARING] >= 2
    assert any(c.is_pilot for c in congresses) and any(c.direct_secretary for c in congresses)


def test_results_exist_for_reported_and_approved_congresses_with_realistic_figures():
    synthesize("city", 4, term=TERM, acting_user=None)
    reported = set(
        Congress.objects.filter(
            status__in=[CongressStatus.REPORTED, CongressStatus.APPROVED]
        ).values_list("pk", flat=True)
    )
    results = list(CongressResult.objects.select_related("congress"))
    assert {r.congress_id for r in results} == reported
    elected = sum(r.committee_elected for r in results)
    assert 0.15 <= sum(r.committee_women for r in results) / elected <= 0.25
    assert 0.60 <= sum(r.committee_reelected for r in results) / elected <= 0.70
    for r in results:
        if r.secretary_votes is not None:
            assert Fraction(82, 100) <= Fraction(r.secretary_votes, r.secretary_base) <= 1
        expected = secretary_percent(r.secretary_direct, r.secretary_votes, r.secretary_base)
        assert r.congress.secretary_percent == expected


def test_a_synth_run_is_one_audit_entry_and_cannot_run_twice_for_a_term():
    before = AuditEntry.objects.count()
    synthesize("city", 5, term=TERM, acting_user=None)
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-seq").first().action == "congress.synth"
    with pytest.raises(SynthError, match="đã có đại hội nhiệm kỳ 2025-2030"):
        synthesize("city", 5, term=TERM, acting_user=None)


def test_another_term_reuses_the_same_tree():
    synthesize("city", 6, term=TERM, acting_user=None)
    organizations = Organization.objects.count()
    summary = synthesize("city", 6, term="2020-2025", acting_user=None)
    assert summary.organizations_created == 0
    assert Organization.objects.count() == organizations
    assert Congress.objects.filter(term="2020-2025").count() == summary.congresses


def test_the_command_prints_progress_and_a_summary():
    out, err = io.StringIO(), io.StringIO()
    call_command("synth", "--scale", "city", "--seed", "2", stdout=out, stderr=err)
    assert re.search(r"\] Đã tạo \d+ tổ chức\.", err.getvalue())
    assert "đại hội nhiệm kỳ 2025-2030" in out.getvalue()


def test_the_command_refuses_a_bad_term_with_status_2():
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("synth", "--term", "2025", stderr=err)
    assert exit_.value.code == 2
    assert "--term" in err.getvalue()
