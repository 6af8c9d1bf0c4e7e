"""The only code that writes the delegates app, one module per subject (as Zulip keeps its
writes in zerver/actions/): allocation, roster, credentials, badges, check-in, staff. Every
action is atomic and leaves one audit entry."""

from daihoi.delegates.actions.errors import DelegateActionError

__all__ = ["DelegateActionError"]
