"""``python -m protocolkit``."""

from protocolkit.cli import entry

entry()
