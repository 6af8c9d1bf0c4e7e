"""Forms of the counting room: the next round (candidates, seats, base figures, typists)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.elections.models import Candidate, RoundPurpose

EXTRA_EXCLUSION_ROWS = 3


class NextRoundForm(forms.Form):
    """The round that follows a closed one. Candidates and seats come pre-filled from the
    closed round's result; the base figures from that round (the congress may correct them,
    e.g. a delegate who left); the typists are those of that round."""

    purpose = forms.ChoiceField(label=_("Mục đích"), choices=RoundPurpose.choices)
    seats = forms.IntegerField(label=_("Số lượng cần bầu"), min_value=1)
    candidates = forms.TypedMultipleChoiceField(
        label=_("Danh sách bầu"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    convened = forms.IntegerField(label=_("Số được triệu tập"), min_value=0)
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0)
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=1)
    typists = forms.TypedMultipleChoiceField(
        label=_("Người nhập phiếu"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(
        self,
        *args: Any,
        candidates: Sequence[Candidate],
        typists: Sequence[tuple[int, str]],
        exclusion_rows: int = EXTRA_EXCLUSION_ROWS,
        live_base: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A congress run with check-in: the base comes from it when the round opens.
        self.live_base = live_base
        self.fields["convened"].required = not live_base
        self.fields["present"].required = not live_base
        self.rows = exclusion_rows
        self.fields["candidates"].choices = [(c.pk, c.full_name) for c in candidates]
        self.fields["typists"].choices = list(typists)
        for i in range(self.rows):
            self.fields[f"exclusion_reason_{i}"] = forms.CharField(
                label=_("Lý do"),
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"exclusion_count_{i}"] = forms.IntegerField(
                label=_("Số người"),
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm dh-num"}),
            )
        for name in ("convened", "present", "ballots_issued", "seats"):
            self.fields[name].widget.attrs.update(
                {"class": "form-control dh-num", "inputmode": "numeric"}
            )
        self.fields["purpose"].widget.attrs["class"] = "form-select"

    def exclusion_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"exclusion_reason_{i}"], self[f"exclusion_count_{i}"]) for i in range(self.rows)
        ]

    def exclusions(self) -> tuple[tuple[str, int], ...]:
        rows = []
        for i in range(self.rows):
            reason = (self.cleaned_data.get(f"exclusion_reason_{i}") or "").strip()
            count = self.cleaned_data.get(f"exclusion_count_{i}") or 0
            if reason or count:
                rows.append((reason, count))
        return tuple(rows)

    @staticmethod
    def initial_exclusions(exclusions: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for i, item in enumerate(exclusions):
            initial[f"exclusion_reason_{i}"] = item.get("reason", "")
            initial[f"exclusion_count_{i}"] = item.get("count", 0)
        return initial
