"""The `daihoi` command.

Pure commands (count, sort-names, allocate) run without Django so that they start fast;
everything else is a Django management command (`daihoi migrate`, `daihoi createsuperuser`,
`daihoi audit verify`, …), with `demo` and `serve` implemented here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

USAGE = """\
Cách dùng: daihoi <lệnh> [tham số]

  demo [--host H] [--port P] [--data DIR]   tạo dữ liệu mẫu (nếu trống) và chạy hệ thống
  serve [--host H] [--port P] [--data DIR]  chạy hệ thống (không có dữ liệu mẫu)
  worker [--once]                           chạy công việc nền (khi serve chạy với --no-worker)
  migrate                                   cập nhật cấu trúc cơ sở dữ liệu
  createsuperuser                           tạo tài khoản quản trị
  audit verify                              kiểm tra chuỗi nhật ký (hash-chain)
  election verify|minutes|export …          kiểm lại kết quả bầu, biên bản kiểm phiếu, xuất dữ liệu
  report summary [MÃ] --term 2020-2025 --format json|docx|xlsx -o TỆP [--as U]
                                            báo cáo tổng kết công tác tổ chức đại hội
  import-organizations FILE [--as U] [--commit]
                                            nhập danh sách tổ chức (.xlsx/.csv)
  synth --scale national|province|city --seed N [--term 2025-2030] [--data DIR]
                                            dữ liệu mẫu: cây tổ chức và đại hội ở mọi trạng thái
  count FILE.json | -                       kiểm phiếu một vòng bầu (JSON ra stdout)
  sort-names                                sắp xếp họ tên theo thứ tự trên phiếu bầu
  allocate FILE.json | -                    phân bổ số đại biểu cho tổ chức trực thuộc (JSON ra stdout)
  <lệnh quản trị Django khác>               ví dụ: daihoi check, daihoi shell

Xem docs/cli.md.
"""


DASHED_COMMANDS = {"import-organizations"}


def _pure_commands() -> dict[str, Callable[[Sequence[str]], int]]:
    from daihoi.counting import cli as counting_cli
    from daihoi.delegates import cli as delegates_cli

    return {
        "count": counting_cli.count_main,
        "sort-names": counting_cli.sort_names_main,
        "allocate": delegates_cli.allocate_main,
    }


def _setup_django(data_dir: str | None = None) -> None:
    if data_dir:
        os.environ["DAIHOI_DATA_DIR"] = os.path.abspath(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.config.settings")
    import django

    django.setup()


def _data_option(args: Sequence[str]) -> str | None:
    """The value of `--data DIR` (or `--data=DIR`): the data folder must be known before
    Django reads its settings."""
    for i, arg in enumerate(args):
        if arg == "--data" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--data="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command in {"count", "sort-names", "allocate"}:
        return _pure_commands()[command](rest)
    if command in {"demo", "serve"}:
        from daihoi import server

        return server.run(command, rest)
    _setup_django(_data_option(rest) if command == "synth" else None)
    from django.core.management import execute_from_command_line

    # Documented commands use dashes; Django names its commands with underscores.
    if command in DASHED_COMMANDS:
        args[0] = command.replace("-", "_")
    execute_from_command_line(["daihoi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
