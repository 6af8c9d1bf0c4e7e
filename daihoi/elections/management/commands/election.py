"""`daihoi election verify|minutes|export` — integrity checks and documents from the command
line (docs/cli.md).

- verify (--all | ELECTION_ID): recount every closed round from its confirmed ballots and
  compare with the stored result and its digest; one line per round; exit status 1 naming
  every round that does not match.
- minutes ELECTION_ID --round N [--format docx|pdf] -o FILE: the counting minutes.
- export ROUND_ID -o FILE.json: the round as `daihoi.count/1` input, so anyone can re-count
  it with `daihoi count FILE.json`.

Whoever runs these commands holds the database itself (like `daihoi audit verify`), so they
read every election; they write nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core.formatting import vi_int
from daihoi.elections import actions, counting_bridge
from daihoi.elections.documents import minutes
from daihoi.elections.models import Election, Round, RoundStatus

FORMATS = ("docx", "pdf")


def _round_name(round_: Round) -> str:
    return f"lần bầu #{round_.pk} ({round_.election.title}, lần {round_.number})"


def mismatch(round_: Round) -> str:
    """Why a closed round does not verify, in Vietnamese; "" when it does."""
    try:
        if actions.verify_round(round_):
            return ""
        recount = counting_bridge.count_round(round_)
    except Exception as error:  # a tampered row may not even be countable
        return f"không kiểm lại được từ các phiếu đã xác nhận ({error})"
    problems = []
    if recount != round_.result:
        problems.append("kết quả kiểm lại từ các phiếu đã xác nhận khác kết quả đã lưu")
    if actions.result_digest(round_.result or {}) != round_.result_digest:
        problems.append("mã băm của kết quả đã lưu không khớp")
    return "; ".join(problems) or "không khớp"


class Command(BaseCommand):
    help = "Bầu cử: kiểm tra kết quả đã lưu, xuất biên bản kiểm phiếu, xuất dữ liệu kiểm phiếu"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify|minutes|export")
        verify = sub.add_parser("verify", help="kiểm lại mọi lần bầu đã kết thúc")
        verify.add_argument("election_id", nargs="?", type=int, help="mã cuộc bầu cử")
        verify.add_argument("--all", action="store_true", help="mọi cuộc bầu cử")

        minutes_parser = sub.add_parser("minutes", help="xuất biên bản kiểm phiếu")
        minutes_parser.add_argument("election_id", type=int, help="mã cuộc bầu cử")
        minutes_parser.add_argument("--round", type=int, required=True, help="lần bầu thứ mấy")
        minutes_parser.add_argument("--format", choices=FORMATS, help="docx hoặc pdf")
        minutes_parser.add_argument("--number", default="", help="số biên bản (để trống: ghi tay)")
        minutes_parser.add_argument("-o", "--output", required=True, help="tệp ghi ra")

        export = sub.add_parser("export", help="xuất dữ liệu daihoi.count/1 của một lần bầu")
        export.add_argument("round_id", type=int, help="mã lần bầu")
        export.add_argument("-o", "--output", required=True, help="tệp .json ghi ra (- : stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # --- verify ------------------------------------------------------------------------------
    def _verify(self, options: dict[str, Any]) -> None:
        rounds = Round.objects.filter(status=RoundStatus.CLOSED).select_related(
            "election__congress__organization"
        )
        if options["election_id"] is not None:
            if not Election.objects.filter(pk=options["election_id"]).exists():
                raise CommandError(f"Không có cuộc bầu cử mã {options['election_id']}.")
            rounds = rounds.filter(election_id=options["election_id"])
        elif not options["all"]:
            raise CommandError("Cần ghi mã cuộc bầu cử hoặc --all.")
        failed = []
        checked = 0
        for round_ in rounds.order_by("election_id", "number"):
            checked += 1
            problem = mismatch(round_)
            if problem:
                failed.append(round_)
                self.stdout.write(f"KHÔNG KHỚP  {_round_name(round_)}: {problem}")
            else:
                self.stdout.write(
                    f"khớp        {_round_name(round_)} · mã kiểm tra {round_.result_digest}"
                )
        if failed:
            names = ", ".join(f"#{r.pk}" for r in failed)
            raise CommandError(
                f"{vi_int(len(failed))}/{vi_int(checked)} lần bầu không khớp với kết quả đã lưu: "
                f"{names}."
            )
        self.stdout.write(f"Đã kiểm lại {vi_int(checked)} lần bầu đã kết thúc: tất cả khớp.")

    # --- minutes -----------------------------------------------------------------------------
    def _minutes(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError("Cần --format docx hoặc --format pdf (hoặc tệp .docx/.pdf).")
        round_ = (
            Round.objects.select_related("election__congress__organization")
            .filter(election_id=options["election_id"], number=options["round"])
            .first()
        )
        if round_ is None:
            raise CommandError(
                f"Cuộc bầu cử mã {options['election_id']} không có lần bầu thứ {options['round']}."
            )
        try:
            render = minutes.minutes_pdf if fmt == "pdf" else minutes.minutes_docx
            content = render(round_, number=options["number"])
        except minutes.MinutesUnavailable as error:
            raise CommandError(str(error)) from None
        output.write_bytes(content)
        self.stdout.write(f"Đã ghi biên bản kiểm phiếu ({fmt}) vào {output}.")

    # --- export ------------------------------------------------------------------------------
    def _export(self, options: dict[str, Any]) -> None:
        round_ = (
            Round.objects.select_related("election__congress__organization")
            .filter(pk=options["round_id"])
            .first()
        )
        if round_ is None:
            raise CommandError(f"Không có lần bầu mã {options['round_id']}.")
        text = json.dumps(counting_bridge.count_input(round_), ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Đã ghi dữ liệu kiểm phiếu của {_round_name(round_)} vào {options['output']}."
        )
