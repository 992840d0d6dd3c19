"""Where ``CaseEngine.restore(record)`` finds a record's protocol: a registry by meaning.

A stored case names its protocol by the identity of its meaning
(:func:`protocolkit.engine.identity.identity`) and by its ruleset name. A registry
holds protocols from files, a directory or a case store, and finds the one whose
identity (or, for records older than identities, ruleset name) a record names.
Several versions of one municipality's protocol can be registered side by side.

>>> from protocolkit.engine import CaseEngine
>>> engine = CaseEngine()
>>> engine.registry.add_file("tests/data/minimal.yaml").split("#")[0]
'voorbeeld@1.0'
>>> case = engine.open(engine.registry.protocols()[0],
...                    {"reporter": "raadslid", "subject": "burgemeester", "act": "uitgevoerd"},
...                    opened="2025-12-19")
>>> CaseEngine(registry=engine.registry).restore(case.to_json()).id == case.id
True
"""

from __future__ import annotations

import threading
from pathlib import Path

from protocolkit.engine.compiler import compile_protocol
from protocolkit.engine.identity import identity
from protocolkit.format.diagnostics import Finding
from protocolkit.format.model import Protocol


class RegistryError(ValueError):
    """A protocol file could not be registered (it does not load); ``findings`` says why."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


class ProtocolRegistry:
    """Protocols by the identity of their meaning and by ruleset name. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_identity: dict[str, Protocol] = {}
        self._by_ruleset: dict[str, Protocol] = {}

    def add(self, protocol: Protocol) -> str:
        """Register a protocol; returns its ruleset name. Of several protocols with one
        identity (cosmetic edits of each other) the last registered is found."""
        key, name = identity(protocol), compile_protocol(protocol).name
        with self._lock:
            self._by_identity[key] = protocol
            self._by_ruleset.setdefault(name, protocol)
        return name

    def add_text(self, text: str, source: str = "<string>") -> str:
        """Register the protocol a YAML text holds (e.g. as a store keeps it)."""
        from protocolkit.format.loader import load_text

        result = load_text(text, source)
        if result.protocol is None:
            raise RegistryError(f"{source} does not load as a protocol", list(result.findings))
        return self.add(result.protocol)

    def add_file(self, path: str | Path) -> str:
        """Register the protocol of one YAML file."""
        from protocolkit.format.loader import load_protocol

        result = load_protocol(path)
        if result.protocol is None:
            raise RegistryError(f"{path} does not load as a protocol", list(result.findings))
        return self.add(result.protocol)

    def add_directory(self, path: str | Path, pattern: str = "*.yaml") -> list[str]:
        """Register every protocol file of a directory (not its subdirectories); files
        that are no valid protocol are skipped. Returns the ruleset names added."""
        names = []
        for file in sorted(Path(path).glob(pattern)):
            try:
                names.append(self.add_file(file))
            except RegistryError:
                continue
        return names

    def find(self, identity_: str | None, ruleset: str | None = None) -> Protocol | None:
        """The protocol with that identity, else that ruleset name, else ``None``."""
        with self._lock:
            if identity_ is not None and identity_ in self._by_identity:
                return self._by_identity[identity_]
            if ruleset is not None:
                return self._by_ruleset.get(ruleset)
            return None

    def protocols(self) -> list[Protocol]:
        """The registered protocols, in the order registered."""
        with self._lock:
            seen: dict[int, Protocol] = {}
            for protocol in self._by_ruleset.values():
                seen.setdefault(id(protocol), protocol)
            return list(seen.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_identity)
