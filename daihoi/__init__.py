"""daihoi — the system that runs the Party's congresses at every level."""

__version__ = "0.1.0"
