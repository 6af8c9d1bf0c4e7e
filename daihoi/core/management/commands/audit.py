"""`daihoi audit verify`: recompute the hash chain and report the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core.audit import describe_break, verify_chain


def _vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Kiểm tra nhật ký kiểm toán (audit verify)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, chain_break = verify_chain()
        if chain_break is not None:
            raise CommandError(
                f"Nhật ký bị can thiệp: {describe_break(chain_break)}. "
                f"Đã kiểm tra đúng {_vi_int(checked)} mục trước đó."
            )
        self.stdout.write(f"Nhật ký toàn vẹn: {_vi_int(checked)} mục, chuỗi mã băm khớp.")
