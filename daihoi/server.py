"""`daihoi demo` and `daihoi serve`: prepare the database and serve in the foreground."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence


def _parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"daihoi {command}")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data", default=None, help="thư mục dữ liệu (mặc định ./daihoi-data)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="không chạy công việc nền trong tiến trình này (dùng `daihoi worker` riêng)",
    )
    return parser


def run(command: str, argv: Sequence[str]) -> int:
    options = _parser(command).parse_args(list(argv))
    if options.data:
        os.environ["DAIHOI_DATA_DIR"] = os.path.abspath(options.data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    logins = []
    if command == "demo":
        from daihoi import demo

        logins = demo.ensure_demo_dataset()
    url = f"http://{options.host}:{options.port}/"
    database = settings.DATABASES["default"]
    print(f"daihoi — cơ sở dữ liệu: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    print(f"Mở trình duyệt tại: {url}")
    for login in logins:
        print(f"  Đăng nhập: {login.username} / {login.password}  ({login.description})")
    if not options.no_worker:
        # Background jobs (big imports, big reports) run in a thread of this process: a
        # laptop needs no other program. Jobs a crash interrupted are marked failed first.
        from daihoi.core.worker import Worker

        Worker().start()
        print("Công việc nền: chạy trong tiến trình này.")
    print("Nhấn Ctrl+C để dừng.", flush=True)
    from waitress import serve

    from daihoi.config.wsgi import application

    serve(
        application,
        host=options.host,
        port=options.port,
        threads=options.threads,
        ident="daihoi",
        _quiet=True,
    )
    return 0
