"""Delegates: allocation, roster, credentials, badges, check-in, quorum."""
