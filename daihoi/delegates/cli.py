"""`daihoi allocate` (docs/cli.md). No Django: it starts fast.

Bad input: exit status 2, a Vietnamese message naming the field on stderr, nothing on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from daihoi.delegates.rules.allocation import AllocationInputError, allocate
from daihoi.delegates.rules.allocation_json import dumps_allocation, loads_allocate_input

ALLOCATE_USAGE = """\
Cách dùng: daihoi allocate FILE.json
           daihoi allocate -          (đọc từ stdin)

Phân bổ số đại biểu chính thức và dự khuyết cho các tổ chức đảng trực thuộc theo định dạng
daihoi.allocate/1 và in kết quả daihoi.allocation-result/1 (JSON) ra stdout. Xem docs/cli.md.
"""

#: The input is read up to this size and refused beyond, before it is parsed: a list of
#: every unit of the largest committee is a few hundred kilobytes.
MAX_INPUT_BYTES = 5 * 1024 * 1024


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


def _bounded(data: bytes, source: str) -> bytes:
    if len(data) > MAX_INPUT_BYTES:
        raise _Failure(f"Lỗi: {source} lớn hơn giới hạn {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return data


def _read_stdin() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        text: str = sys.stdin.read(MAX_INPUT_BYTES + 1)
        return _bounded(text.encode("utf-8"), "dữ liệu vào")
    data: bytes = buffer.read(MAX_INPUT_BYTES + 1)
    return _bounded(data, "dữ liệu vào")


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return _bounded(file.read(MAX_INPUT_BYTES + 1), f"tệp {path}")
    except OSError as exc:
        raise _Failure(f"Lỗi: không đọc được tệp {path}: {exc.strerror}") from None


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Failure(f"Lỗi: {source} không phải văn bản UTF-8") from None


def _fail(message: str) -> int:
    _write(sys.stderr, message.rstrip("\n") + "\n")
    return 2


def allocate_main(argv: Sequence[str]) -> int:
    """`daihoi allocate FILE.json | -`: print the daihoi.allocation-result/1 JSON."""
    if len(argv) == 1 and argv[0] in {"-h", "--help"}:
        _write(sys.stdout, ALLOCATE_USAGE)
        return 0
    if len(argv) != 1:
        return _fail(ALLOCATE_USAGE)
    source = argv[0]
    try:
        if source == "-":
            text = _decode(_read_stdin(), "dữ liệu vào")
        else:
            text = _decode(_read_file(source), f"tệp {source}")
        result = allocate(loads_allocate_input(text))
    except _Failure as failure:
        return _fail(str(failure))
    except AllocationInputError as exc:
        return _fail(f"Lỗi: {exc}")
    _write(sys.stdout, dumps_allocation(result))
    return 0
