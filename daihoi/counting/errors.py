"""The one error type of the counting package: bad input, named by its field."""

from __future__ import annotations


class CountInputError(ValueError):
    """Input the rules cannot count. `field` is the JSON path of the offending value
    (``ballots[3].struck``, ``election.seats``…) and `message` says what is wrong, in
    Vietnamese, for the person at the counting table."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
