"""From a model back to protocol YAML: the inverse of the loader.

``load_text(dump(p)).protocol == p`` for every valid protocol (a property test holds
it). Tools use this to write protocols they build or change, e.g. a stuurgroep's
editor or the mutation tests.

>>> from protocolkit.format.loader import load_protocol, load_text
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> load_text(dump(p)).protocol == p
True
"""

from __future__ import annotations

from typing import Any

import yaml

from protocolkit.format.model import Protocol

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/protocol.schema.json\n"


def to_data(protocol: Protocol) -> dict[str, Any]:
    """The protocol as plain data in its YAML form (defaults left out)."""
    data: dict[str, Any] = protocol.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases (a protocol file never needs them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(protocol: Protocol, schema_line: bool = True) -> str:
    """The protocol as YAML text, keys in model order."""
    text = yaml.dump(to_data(protocol), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return (SCHEMA_LINE if schema_line else "") + text
