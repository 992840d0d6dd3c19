"""The identity of a protocol's meaning: a hash of what the case engine uses.

A stored case names the protocol it ran under. Restoring it needs the same *meaning*,
not the same text: a corrected title, a reworded description, a comment, a new citation
or a new version number change nothing a case does, so they must not strand stored cases
(and ``docs/diff.md`` promises that titles change no meaning). The identity is therefore
a SHA-256 of the protocol's data less everything that carries only words or citations:
kept are the steps (kind, phase, actor with its guards, counterpart, consulted,
informed, deadline, outcomes and where they lead, sanctions offered, end,
confidentiality), the entry routes, the substitutions, the scenario space, the roles'
shared ids and relations, the phases' order and the need-to-know (``disclosure``) rules;
left out are every ``title``, ``name``, ``label``, ``description``, ``text``,
``source`` and ``out_of_scope`` text, the metadata (municipality display name, version,
status), the sections, principles, open points, acknowledgements, communication rules
and sanction definitions (the engine does not use them). Lists of elements with ids are
sorted by id, so reordering them is cosmetic too. The compiler's version is included.

>>> from protocolkit.format.loader import load_protocol, load_text
>>> from pathlib import Path
>>> text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
>>> a = load_text(text).protocol
>>> b = load_text(text.replace("title: Integriteitsonderzoek", "title: Onderzoek")).protocol
>>> identity(a) == identity(b)
True
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from protocolkit.engine.compiler import COMPILER_VERSION
from protocolkit.format.model import Protocol

#: Fields that carry words or citations, never behaviour.
COSMETIC = frozenset({"title", "label", "description", "source", "out_of_scope", "notes",
                      "note", "comment", "name", "text"})
#: Top-level groups the engine does not use.
UNUSED = frozenset({"protocol", "sections", "principles", "open_points", "acknowledged",
                    "communication", "sanctions"})


def _strip(value: Any) -> Any:
    """Cosmetic keys are dropped from elements (mappings with an ``id``, and deadlines)
    only: a guard's or the scenario space's keys are attribute names, whatever they are."""
    if isinstance(value, dict):
        element = "id" in value or {"amount", "unit"} <= value.keys()
        return {k: _strip(v) for k, v in value.items() if not (element and k in COSMETIC)}
    if isinstance(value, list):
        items = [_strip(v) for v in value]
        if items and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items):
            items.sort(key=lambda i: i["id"])
        return items
    return value


def meaning(protocol: Protocol) -> dict[str, Any]:
    """What the identity hashes, as plain data (for inspection and tests)."""
    data = protocol.model_dump(mode="json", by_alias=True)
    kept = {k: v for k, v in data.items() if k not in UNUSED}
    return {"compiler": COMPILER_VERSION, "protocol": _strip(kept)}


def identity(protocol: Protocol) -> str:
    """``sha256:<hex>`` of :func:`meaning` (computed once per protocol object)."""
    def compute(p: Protocol) -> str:
        text = json.dumps(meaning(p), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    return protocol.derived("engine.identity", compute)
