"""`daihoi import-organizations FILE [--as USERNAME] [--commit]`.

Without --commit: reads and checks the file and prints every error with its row number,
or "N tổ chức hợp lệ"; nothing is written. With --commit: checks again and writes every row
or none. Exit status 2 when the file or any row has an error."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.formats import number_format

from daihoi.core.models import User
from daihoi.organizations import imports
from daihoi.organizations.rules import ImportReport, RawRow

EXIT_BAD_INPUT = 2


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = "Nhập danh sách tổ chức đảng từ tệp .xlsx hoặc .csv (xem trước; --commit để ghi)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--as",
            dest="username",
            help="nhập với quyền của người dùng này (mặc định: hệ thống, toàn quyền)",
        )
        parser.add_argument(
            "--commit", action="store_true", help="ghi vào cơ sở dữ liệu (mặc định chỉ xem trước)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["username"])
        path = Path(options["file"])
        rows = self._read(path)
        if options["commit"]:
            self._progress(len(rows), f"Đang kiểm tra và ghi {_n(len(rows))} tổ chức…")
            outcome = imports.commit_rows(rows, user, path.name)
            if outcome.conflict:
                self._fail([imports.conflict_message()])
            assert outcome.report is not None
            if not outcome.report.ok:
                self._fail_report(outcome.report)
            self.stdout.write(f"Đã nhập {_n(outcome.created)} tổ chức từ tệp {path.name}.")
            return
        self._progress(len(rows), f"Đang kiểm tra {_n(len(rows))} dòng…")
        report = imports.check_rows(rows, user)
        if not report.ok:
            self._fail_report(report)
        self.stdout.write(
            f"{imports.summary_text(report)}. Chưa ghi gì: chạy lại với --commit để nhập."
        )

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None  # the command line acts as the system (whoever runs it owns the data)
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            self._fail([f"Không tìm thấy người dùng “{username}” (hoặc tài khoản đã bị khóa)."])
        return user

    def _read(self, path: Path) -> list[RawRow]:
        if not path.is_file():
            self._fail([f"Không tìm thấy tệp “{path}”."])
        try:
            with path.open("rb") as stream:
                return imports.read_rows(
                    stream,
                    path.name,
                    size=os.path.getsize(path),
                    progress=lambda n: self.stderr.write(f"Đã đọc {_n(n)} dòng…"),
                )
        except imports.ImportFileError as error:
            self._fail(error.messages)
        raise AssertionError("unreachable")

    def _progress(self, rows: int, text: str) -> None:
        if rows >= imports.PROGRESS_EVERY:
            self.stderr.write(text)

    def _fail_report(self, report: ImportReport) -> None:
        lines = [f"Dòng {error.row_number}: {error.message}" for error in report.errors]
        self._fail([*lines, imports.summary_text(report)])

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        sys.exit(EXIT_BAD_INPUT)
