"""`daihoi count` and `daihoi sort-names` (docs/cli.md). No Django: they start fast.

Bad input: exit status 2, a Vietnamese message naming the field on stderr, nothing on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from daihoi.counting.count import count_round
from daihoi.counting.errors import CountInputError
from daihoi.counting.jsonio import dumps_result, loads_count_input
from daihoi.counting.names import clean, name_key, parse_birth_date

COUNT_USAGE = """\
Cách dùng: daihoi count FILE.json
           daihoi count -          (đọc từ stdin)

Kiểm phiếu một vòng bầu theo định dạng daihoi.count/1 và in kết quả
daihoi.count-result/1 (JSON) ra stdout. Xem docs/cli.md.
"""

SORT_NAMES_USAGE = """\
Cách dùng: daihoi sort-names < danh-sach.txt

Đọc mỗi dòng một họ tên (có thể thêm TAB và ngày sinh YYYY-MM-DD) và in ra theo thứ tự
trên phiếu bầu: tên, rồi họ, rồi tên đệm, theo bảng chữ cái và dấu thanh tiếng Việt; sau
cùng theo ngày sinh. Xem docs/cli.md.
"""


class _Failure(Exception):
    """A message for stderr and exit status 2."""


def _write(stream: TextIO, text: str) -> None:
    """Write UTF-8 whatever the locale of the terminal."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _read_stdin() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read().encode("utf-8")
    data: bytes = buffer.read()
    return data


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Failure(f"Lỗi: {source} không phải văn bản UTF-8") from None


def _fail(message: str) -> int:
    _write(sys.stderr, message.rstrip("\n") + "\n")
    return 2


def _wants_help(argv: Sequence[str]) -> bool:
    return len(argv) == 1 and argv[0] in {"-h", "--help"}


def count_main(argv: Sequence[str]) -> int:
    """`daihoi count FILE.json | -`: print the daihoi.count-result/1 JSON of one round."""
    if _wants_help(argv):
        _write(sys.stdout, COUNT_USAGE)
        return 0
    if len(argv) != 1:
        return _fail(COUNT_USAGE)
    source = argv[0]
    try:
        if source == "-":
            text = _decode(_read_stdin(), "dữ liệu vào")
        else:
            try:
                raw = Path(source).read_bytes()
            except OSError as exc:
                raise _Failure(f"Lỗi: không đọc được tệp {source}: {exc.strerror}") from None
            text = _decode(raw, f"tệp {source}")
        result = count_round(loads_count_input(text))
    except _Failure as failure:
        return _fail(str(failure))
    except CountInputError as exc:
        return _fail(f"Lỗi: {exc}")
    _write(sys.stdout, dumps_result(result))
    return 0


def _sorted_lines(text: str) -> list[str]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        raw_name, _, raw_date = line.partition("\t")
        name, born_text = clean(raw_name), raw_date.strip()
        if not name:
            if born_text:
                raise _Failure(f"Lỗi: dòng {number}: thiếu họ tên")
            continue
        try:
            born = parse_birth_date(born_text) if born_text else None
        except ValueError:
            raise _Failure(
                f'Lỗi: dòng {number}: ngày sinh "{born_text}" không đúng dạng YYYY-MM-DD'
            ) from None
        shown = f"{name}\t{born_text}" if born_text else name
        entries.append((name_key(name, born), shown))
    entries.sort()
    return [shown for _, shown in entries]


def sort_names_main(argv: Sequence[str]) -> int:
    """`daihoi sort-names`: names from stdin, one per line, to stdout in ballot order."""
    if _wants_help(argv):
        _write(sys.stdout, SORT_NAMES_USAGE)
        return 0
    if argv:
        return _fail(SORT_NAMES_USAGE)
    try:
        lines = _sorted_lines(_decode(_read_stdin(), "dữ liệu vào"))
    except _Failure as failure:
        return _fail(str(failure))
    _write(sys.stdout, "".join(f"{line}\n" for line in lines))
    return 0
