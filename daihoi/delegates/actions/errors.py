from __future__ import annotations


class DelegateActionError(ValueError):
    """A refused action; the message (Vietnamese unless the user switched, translated at raise
    time) says why. Nothing was written."""
