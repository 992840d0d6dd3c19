"""protocolkit: integrity protocols of Dutch municipalities as executable, checkable data.

The stages, one way: YAML text -> :mod:`protocolkit.loader` -> :class:`protocolkit.model.Protocol`
-> {:mod:`protocolkit.semantics` / analysis, engine, diff} -> reports and CLI.
"""

from protocolkit.model import Protocol

__all__ = ["Protocol", "__version__"]
__version__ = "0.1.0"
