"""The identity of a protocol's meaning: a hash of what the case engine uses.

A stored case names the protocol it ran under. Restoring it needs the same *meaning*,
not the same text: a corrected title, a reworded description, a comment or a new
citation change nothing a case does, so they must not strand stored cases (and
``docs/diff.md`` promises that titles change no meaning). The identity is therefore a
SHA-256 of, per scenario the protocol covers: the entry step, every step a case can
enter with its kind, phase, effective actor, counterpart, consulted and informed roles
(substitutions applied), deadline, end and confidentiality, every outcome and where it
leads, the substitutions in force, and the protocol's need-to-know rules. Titles,
labels, descriptions, citations (``source``), ``out_of_scope`` texts, the municipality's
display name and the version are left out.

>>> from protocolkit.loader import load_protocol, load_text
>>> from pathlib import Path
>>> text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
>>> a = load_text(text).protocol
>>> b = load_text(text.replace("title: Integriteitsonderzoek", "title: Onderzoek")).protocol
>>> identity(a) == identity(b)
True
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from protocolkit.engine.compiler import COMPILER_VERSION, compile_protocol
from protocolkit.model import Protocol

#: Fields that carry words or citations, never behaviour.
COSMETIC = frozenset({"title", "label", "description", "source", "out_of_scope", "notes",
                      "note", "comment", "citation", "citations", "name", "text"})


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if str(k) not in COSMETIC}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def meaning(protocol: Protocol) -> dict[str, Any]:
    """What the identity hashes, as plain data (for inspection and tests)."""
    compiled = compile_protocol(protocol)
    plans = []
    for plan in sorted(compiled.plans.values(), key=lambda p: json.dumps(p.scenario.to_dict(),
                                                                          sort_keys=True)):
        plans.append({"scenario": plan.scenario.to_dict(), "entry": plan.entry_step,
                      "accepts": _plain(plan.accepts),
                      "substitutions": sorted(plan.substitutions),
                      "steps": {step: _plain(view) for step, view in sorted(plan.views.items())}})
    disclosure = getattr(protocol, "disclosure", None)
    return {"compiler": COMPILER_VERSION, "plans": plans,
            "disclosure": _plain(disclosure) if disclosure is not None else None}


def identity(protocol: Protocol) -> str:
    """``sha256:<hex>`` of :func:`meaning` (computed once per protocol object)."""
    def compute(p: Protocol) -> str:
        text = json.dumps(meaning(p), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    return protocol.derived("engine.identity", compute)
