"""The protocol of a count: the ordered steps the counting committee took, each citing the
article of the regulation it applies, for the minutes and the screen.

`code` is a stable identifier for programs; `step`, `rule` and `detail` are what people
read (Vietnamese). The JSON contract carries `step`, `rule` and `detail`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StepCode(StrEnum):
    REGULATION = "regulation"
    BALLOTS_RECEIVED = "ballots_received"
    VALIDITY = "validity"
    PARTIAL_MARKS = "partial_marks"
    THRESHOLD = "threshold"
    TALLY = "tally"
    SHARES = "shares"
    TIE_REVOTE = "tie_revote"
    ALTERNATES_ROUND = "alternates_round"
    SELECTION = "selection"
    TIE = "tie"
    ALTERNATES = "alternates"
    CONCLUSION = "conclusion"


TITLES: dict[StepCode, str] = {
    StepCode.REGULATION: "Quy chế áp dụng",
    StepCode.BALLOTS_RECEIVED: "Kiểm tra số phiếu thu vào",
    StepCode.VALIDITY: "Phân loại phiếu hợp lệ, không hợp lệ",
    StepCode.PARTIAL_MARKS: "Phiếu đánh dấu không đủ cho một số người",
    StepCode.THRESHOLD: "Xác định cơ sở tính kết quả và số phiếu cần đạt",
    StepCode.TALLY: "Đếm phiếu bầu cho từng người",
    StepCode.SHARES: "Tính tỷ lệ phiếu bầu",
    StepCode.TIE_REVOTE: "Bầu lại giữa những người bằng phiếu",
    StepCode.ALTERNATES_ROUND: "Bầu đại biểu dự khuyết",
    StepCode.SELECTION: "Xếp theo số phiếu, xác định người trúng cử",
    StepCode.TIE: "Bằng phiếu ở vị trí cuối",
    StepCode.ALTERNATES: "Lấy đại biểu dự khuyết từ vòng bầu đại biểu chính thức",
    StepCode.CONCLUSION: "Kết luận vòng bầu",
}


@dataclass(frozen=True)
class ProtocolStep:
    code: StepCode
    step: str
    rule: str
    detail: str


def step(code: StepCode, rule: str, detail: str) -> ProtocolStep:
    return ProtocolStep(code, TITLES[code], rule, detail)
