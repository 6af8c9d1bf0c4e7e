"""The entry journal (nhật ký nhập phiếu) of a round: every paper ballot (by its sequence
number) with every typist's entry at every revision, the confirmed reading, and each
typist's running totals. Shown as a printable page and rendered as a PDF from the same data."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.core.documents import in_vietnamese
from daihoi.core.formatting import vi_int
from daihoi.elections import queries, rules
from daihoi.elections.documents import data
from daihoi.elections.documents.blocks import (
    Block,
    Paragraph,
    PartyDocument,
    Signatures,
    Signer,
    Table,
    render_pdf,
)
from daihoi.elections.models import BallotEntry, BallotStyle, Round

DOC_TYPE = "NHẬT KÝ NHẬP PHIẾU"


@dataclass(frozen=True)
class Reading:
    revision: int
    text: str

    @property
    def label(self) -> str:
        if self.revision == 0:
            return self.text
        return _("Đọc lại lần %(n)s: %(text)s") % {"n": self.revision, "text": self.text}


@dataclass(frozen=True)
class JournalRow:
    seq: int
    readings: tuple[tuple[Reading, ...], ...]  # per typist (journal order), by revision
    confirmed: str  # the confirmed reading, or "" while not confirmed
    disagreed: bool  # some revision had differing entries
    reread: bool


@dataclass(frozen=True)
class TotalsRow:
    number: int
    name: str
    counts: tuple[int, ...]  # per typist

    @property
    def agree(self) -> bool:
        return len(set(self.counts)) <= 1


@dataclass(frozen=True)
class Journal:
    round: Round
    typists: tuple[data.Typist, ...]
    rows: tuple[JournalRow, ...]
    keyed: tuple[int, ...]  # paper ballots keyed (first readings) per typist
    totals: tuple[TotalsRow, ...]
    totals_label: str


def _keyed(entry: BallotEntry) -> rules.KeyedBallot:
    return rules.KeyedBallot.from_json(entry.struck, entry.marks, entry.defects)


def build_journal(round_: Round) -> Journal:
    """The journal's data in the user's language (the printable page); the PDF builds it
    inside journal_document, in Vietnamese."""
    typists = tuple(data.round_typists(round_))
    order = {t.user_id: i for i, t in enumerate(typists)}
    size = round_.name_count
    style = round_.ballot_style
    rows = []
    keyed = [0] * len(typists)
    for seq, entries, confirmed in queries.journal(round_):
        per_typist: list[list[Reading]] = [[] for _ in typists]
        by_revision: dict[int, set[rules.KeyedBallot]] = {}
        for entry in sorted(entries, key=lambda e: (e.revision, e.typist_id)):
            ballot = _keyed(entry)
            by_revision.setdefault(entry.revision, set()).add(ballot)
            if entry.typist_id not in order:
                continue
            index = order[entry.typist_id]
            per_typist[index].append(
                Reading(entry.revision, rules.describe(ballot, names=size, style=style))
            )
            if entry.revision == 0:
                keyed[index] += 1
        confirmed_text = ""
        if confirmed is not None:
            confirmed_ballot = rules.KeyedBallot.from_json(
                confirmed.struck, confirmed.marks, confirmed.defects
            )
            confirmed_text = rules.describe(confirmed_ballot, names=size, style=style)
        rows.append(
            JournalRow(
                seq=seq,
                readings=tuple(tuple(r) for r in per_typist),
                confirmed=confirmed_text,
                disagreed=any(len(v) > 1 for v in by_revision.values()),
                reread=max(by_revision, default=0) > 0,
            )
        )
    totals = queries.typist_totals(round_)
    names = data.ballot_names(round_)
    totals_rows = tuple(
        TotalsRow(
            n.number,
            n.printed,
            tuple(totals.get(t.user_id, {}).get(n.number, 0) for t in typists),
        )
        for n in names
    )
    if style == BallotStyle.STRIKE:
        label = _("Số lần gạch tên")
    else:
        label = _("Số phiếu đánh dấu “không đồng ý”")
    return Journal(round_, typists, tuple(rows), tuple(keyed), totals_rows, label)


def status(row: JournalRow) -> str:
    if row.confirmed:
        return row.confirmed
    return "Không khớp: chờ đọc lại" if row.disagreed else "Chờ đủ các máy nhập"


@in_vietnamese
def journal_document(round_: Round) -> PartyDocument:
    journal = build_journal(round_)
    typists = journal.typists
    on = data.local_date(round_.closed_at) or timezone.localdate()
    header = data.party_header(round_.election, on=on)
    k = len(typists)
    seq_w, confirmed_w = 0.07, 0.21
    typist_w = (1 - seq_w - confirmed_w) / max(k, 1)
    blocks: list[Block] = [
        Paragraph(
            "Các máy nhập độc lập: "
            + "; ".join(f"máy {i} — {t.name}" for i, t in enumerate(typists, start=1))
            + "."
        ),
        Paragraph(
            "Mỗi phiếu được các máy nhập độc lập; phiếu được xác nhận khi mọi máy nhập giống "
            "nhau. Phiếu nhập không khớp được đọc lại và nhập lại (lần đọc lại ghi rõ).",
            "note",
        ),
        Table(
            header=(
                "Phiếu số",
                *(f"Máy {i}: {t.name}" for i, t in enumerate(typists, 1)),
                "Kết quả xác nhận",
            ),
            rows=tuple(
                (
                    vi_int(row.seq),
                    *("\n".join(r.label for r in readings) for readings in row.readings),
                    status(row),
                )
                for row in journal.rows
            ),
            widths=(seq_w, *([typist_w] * k), confirmed_w),
            align=("center", *(["left"] * k), "left"),
            font_size=10,
        ),
        Paragraph(
            "Số phiếu đã nhập theo từng máy: "
            + "; ".join(f"máy {i}: {vi_int(n)}" for i, n in enumerate(journal.keyed, start=1))
            + "."
        ),
        Paragraph(f"Tổng cộng theo từng máy nhập ({journal.totals_label.lower()})", "heading"),
        Table(
            header=("Số", "Họ và tên", *(f"Máy {i}" for i in range(1, k + 1)), "Khớp"),
            rows=tuple(
                (
                    str(t.number),
                    t.name,
                    *(vi_int(c) for c in t.counts),
                    "Khớp" if t.agree else "Không khớp",
                )
                for t in journal.totals
            ),
            widths=(0.06, 0.34, *([0.45 / max(k, 1)] * k), 0.15),
            align=("center", "left", *(["right"] * k), "center"),
            font_size=10,
        ),
    ]
    committee = data.counting_committee(round_.election)
    if committee.head:
        blocks.append(
            Signatures(
                left=None, right=Signer("TRƯỞNG BAN KIỂM PHIẾU", (committee.head.full_name,))
            )
        )
    return PartyDocument(header, DOC_TYPE, data.summary_line(round_), tuple(blocks), landscape=True)


@in_vietnamese
def journal_pdf(round_: Round) -> bytes:
    return render_pdf(journal_document(round_))


def filename(round_: Round) -> str:
    return f"nhat-ky-nhap-phieu-{round_.election_id}-lan-{round_.number}.pdf"
