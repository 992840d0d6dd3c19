"""Route-graph checks (being built; see issue "Route-graph checks")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from protocolkit.diagnostics import Finding
from protocolkit.model import Protocol

if TYPE_CHECKING:
    from protocolkit.loader import Locations


def run_checks(protocol: Protocol, locations: Locations | None = None) -> list[Finding]:
    return []
