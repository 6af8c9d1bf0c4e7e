"""`daihoi worker [--once] [--interval SECONDS]` — runs background jobs (imports, reports).

`daihoi serve` and `daihoi demo` already run a worker inside the server's process; a
PostgreSQL server whose web processes run with --no-worker runs this command beside them
(one or several: a job is claimed by one worker only). --once runs the queued jobs and
exits. Ctrl+C marks the job being run as interrupted (its work is rolled back)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.formats import number_format

from daihoi.core.models import Job
from daihoi.core.worker import Worker, recover_interrupted_jobs, run_pending_jobs


class Command(BaseCommand):
    help = "Chạy các công việc nền (nhập tệp lớn, báo cáo của đơn vị lớn)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="chạy các công việc đang chờ rồi thoát"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="số giây giữa hai lần xem có việc mới (mặc định 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            recovered = recover_interrupted_jobs()
            if recovered:
                self.stderr.write(f"Đã đánh dấu {recovered} công việc bị gián đoạn.")
            ran = run_pending_jobs()
            self.stdout.write(f"Đã chạy {number_format(ran, force_grouping=True)} công việc.")
            return
        self.stdout.write("Đang chờ công việc nền… (Ctrl+C để dừng)")
        try:
            Worker(interval=options["interval"], finished=self._finished).run()
        except KeyboardInterrupt:
            self.stdout.write("Đã dừng.")

    def _finished(self, job: Job) -> None:
        self.stdout.write(f"#{job.pk} {job.title}: {job.get_status_display()} — {job.message}")
