"""`daihoi report summary [ORG_CODE] --term 2020-2025 --format json|docx|xlsx -o FILE
[--as USERNAME] [--as-of YYYY-MM-DD]` — the term's summary report (docs/cli.md).

Without ORG_CODE: the top organization of the database (with --as, the top of that user's
scope). Without --as the command acts as the system and sees everything, like the other
commands; with --as an organization outside the user's scope is "not found", exactly like
a missing code. JSON goes to stdout when no file is given (or with "-o -")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core.models import User
from daihoi.reports import access, summary, summary_docx, summary_json, summary_xlsx

FORMATS = ("json", "docx", "xlsx")
TERM = re.compile(r"^\d{4}-\d{4}$")


class Command(BaseCommand):
    help = "Báo cáo: báo cáo tổng kết công tác tổ chức đại hội của một tổ chức và một nhiệm kỳ"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True, metavar="summary")
        summary_parser = sub.add_parser("summary", help="báo cáo tổng kết (Báo cáo tổng kết)")
        summary_parser.add_argument(
            "org_code", nargs="?", help="mã tổ chức (mặc định: tổ chức cấp cao nhất)"
        )
        summary_parser.add_argument(
            "--term", help="nhiệm kỳ, ví dụ 2020-2025 (mặc định: nhiệm kỳ mới nhất có đại hội)"
        )
        summary_parser.add_argument(
            "--format", choices=FORMATS, help="json, docx hoặc xlsx (mặc định: theo đuôi tệp)"
        )
        summary_parser.add_argument("-o", "--output", help="tệp ghi ra (- : stdout, chỉ JSON)")
        summary_parser.add_argument(
            "--as",
            dest="username",
            help="lập báo cáo trong phạm vi của người dùng này (mặc định: hệ thống)",
        )
        summary_parser.add_argument(
            "--as-of", dest="as_of", help="tính đến ngày YYYY-MM-DD (mặc định: hôm nay)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["username"])
        try:
            organization = access.organization_for_command(user, options["org_code"])
        except access.ReportScopeError as error:
            raise CommandError(str(error)) from None
        term = options["term"] or summary.default_term(organization)
        if not TERM.match(term or ""):
            raise CommandError("Nhiệm kỳ có dạng 2025-2030 (ví dụ --term 2020-2025).")
        output = options["output"]
        fmt = options["format"] or self._format_of(output)
        figures = summary.summary_figures(organization, term, today=self._as_of(options["as_of"]))
        if fmt == "json":
            text = summary_json.summary_json_text(figures)
            if output in (None, "-"):
                self.stdout.write(text, ending="")
                return
            Path(output).write_text(text, encoding="utf-8")
        else:
            if output in (None, "-"):
                raise CommandError(f"Cần -o TỆP để ghi báo cáo dạng {fmt}.")
            render = summary_docx.summary_docx if fmt == "docx" else summary_xlsx.summary_xlsx
            Path(output).write_bytes(render(figures))
        self.stdout.write(
            f"Đã ghi báo cáo tổng kết ({fmt}) của {organization.name}, nhiệm kỳ {term} "
            f"vào {output}."
        )

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None  # the command line acts as the system (whoever runs it owns the data)
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                f"Không tìm thấy người dùng “{username}” (hoặc tài khoản đã bị khóa)."
            )
        return user

    @staticmethod
    def _format_of(output: str | None) -> str:
        if output in (None, "-"):
            return "json"
        suffix = Path(output).suffix.lstrip(".").lower()
        if suffix not in FORMATS:
            raise CommandError("Cần --format json, docx hoặc xlsx (hoặc tệp .json/.docx/.xlsx).")
        return suffix

    @staticmethod
    def _as_of(text: str | None) -> dt.date | None:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"Ngày “{text}” không đúng dạng YYYY-MM-DD.") from None
