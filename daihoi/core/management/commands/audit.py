"""`daihoi audit verify`: recompute the hash chain and report the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core.audit import anchor_problem, describe_break, parse_anchor, verify_chain
from daihoi.core.models import AuditChainHead


def _vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Kiểm tra nhật ký kiểm toán (audit verify)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SỐ:MÃ_BĂM",
            help="một mục đã ghi ra ngoài (vd. trong biên bản kiểm phiếu); có thể lặp lại",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchors = [parse_anchor(text) for text in options["anchor"]]
        except ValueError as error:
            raise CommandError(str(error)) from None
        checked, chain_break = verify_chain()
        if chain_break is not None:
            raise CommandError(
                f"Nhật ký bị can thiệp: {describe_break(chain_break)}. "
                f"Đã kiểm tra đúng {_vi_int(checked)} mục trước đó."
            )
        problems = [p for p in map(anchor_problem, anchors) if p]
        if problems:
            raise CommandError(f"Nhật ký không khớp mốc đã ghi: {'; '.join(problems)}.")
        self.stdout.write(f"Nhật ký toàn vẹn: {_vi_int(checked)} mục, chuỗi mã băm khớp.")
        head = AuditChainHead.objects.filter(id=1).first()
        if head is not None and head.last_seq:
            self.stdout.write(f"Mục cuối: số {head.last_seq}, mã băm {head.last_hash}.")
        for anchor in anchors:
            self.stdout.write(f"Mốc số {anchor.seq}: khớp.")
