"""protocolkit: integrity protocols of Dutch municipalities as executable, checkable data.

The stages, one way: YAML text -> :mod:`protocolkit.loader` -> :class:`protocolkit.model.Protocol`
-> {:mod:`protocolkit.semantics` / analysis, engine, diff} -> reports and CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from protocolkit.model import Protocol

__all__ = ["Protocol", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # ``protocolkit.Protocol`` without importing pydantic for every ``import protocolkit``.
    if name == "Protocol":
        from protocolkit.model import Protocol

        return Protocol
    raise AttributeError(f"module 'protocolkit' has no attribute {name!r}")
