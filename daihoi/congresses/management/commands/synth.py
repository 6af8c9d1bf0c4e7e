"""`daihoi synth --scale national|province|city --seed N [--term 2025-2030] [--data DIR]`.

Builds a synthetic hierarchy (organizations.synth) and a congress campaign over it
(congresses.synth), all or nothing, with one audit entry; reproducible for a seed. Run again
with another --term on the same database to add that term's congresses to the same tree."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from daihoi.congresses.models import TERM_PATTERN
from daihoi.congresses.synth import SynthError, SynthSummary, synthesize
from daihoi.core.formatting import vi_int
from daihoi.organizations.synth import SCALES

EXIT_BAD_INPUT = 2


def _day(text: str) -> dt.date | None:
    """dd/mm/yyyy, or YYYY-MM-DD as `daihoi report summary --as-of` takes it."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu: cây tổ chức đảng và các đại hội ở mọi trạng thái (tái lập theo hạt giống)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", choices=SCALES, default="city", help="quy mô (mặc định city)"
        )
        parser.add_argument("--seed", type=int, default=1, help="hạt giống (mặc định 1)")
        parser.add_argument("--term", default="2025-2030", help="nhiệm kỳ (mặc định 2025-2030)")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="ngày nhìn tiến độ dd/mm/yyyy (mặc định: giữa đợt đại hội của cấp cao nhất)",
        )
        parser.add_argument(
            "--data", help="thư mục dữ liệu (như DAIHOI_DATA_DIR; đặt qua lệnh `daihoi synth`)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._check_data_dir(options["data"])
        term = options["term"]
        try:
            TERM_PATTERN(term)
        except Exception:
            self._fail(f"--term: nhiệm kỳ có dạng 2025-2030 (“{term}”).")
        as_of = None
        if options["as_of"]:
            as_of = _day(options["as_of"])
            if as_of is None:
                self._fail(
                    f"--as-of: ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/09/2025 (“{options['as_of']}”)."
                )
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        self._line(
            f"daihoi synth: quy mô {options['scale']}, hạt giống {options['seed']}, "
            f"nhiệm kỳ {term} — {connection.vendor} {connection.settings_dict['NAME']}"
        )

        def progress(line: str) -> None:
            self._line(f"[{time.perf_counter() - started:6.1f} s] {line}")

        try:
            summary = synthesize(
                options["scale"],
                options["seed"],
                term=term,
                as_of=as_of,
                acting_user=None,
                progress=progress,
            )
        except SynthError as error:
            self._fail(str(error))
        self.stdout.write(self._summary(summary, time.perf_counter() - started))

    def _check_data_dir(self, data: str | None) -> None:
        """--data is read by `daihoi` before Django starts; here it can only be checked."""
        if data and Path(data).resolve() != Path(settings.DATA_DIR).resolve():
            self._fail(
                "--data phải được đọc trước khi khởi động: dùng `daihoi synth --data DIR` "
                "hoặc biến môi trường DAIHOI_DATA_DIR."
            )

    def _summary(self, s: SynthSummary, seconds: float) -> str:
        labels = {
            "planned": "đã lên kế hoạch",
            "preparing": "đang chuẩn bị",
            "held": "đã tổ chức",
            "reported": "đã báo cáo",
            "approved": "đã chuẩn y",
        }
        states = ", ".join(f"{vi_int(n)} {labels[k]}" for k, n in s.by_status.items())
        return (
            f"Xong sau {seconds:.1f} giây: {vi_int(s.organizations)} tổ chức "
            f"({vi_int(s.organizations_created)} mới), {vi_int(s.congresses)} đại hội nhiệm kỳ "
            f"{s.term} tính đến ngày {s.as_of:%d/%m/%Y} ({states}), "
            f"{vi_int(s.results)} kết quả đại hội."
        )

    def _line(self, text: str) -> None:
        self.stderr.write(text)

    def _fail(self, text: str) -> None:
        self.stderr.write(text)
        sys.exit(EXIT_BAD_INPUT)
