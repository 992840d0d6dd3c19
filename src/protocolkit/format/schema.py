"""The JSON Schema of the protocol format, for editors and tools.

>>> json_schema()["title"]
'protocolkit protocol'
"""

from __future__ import annotations

from typing import Any

from protocolkit.format.model import Protocol


def json_schema() -> dict[str, Any]:
    schema = Protocol.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "protocolkit protocol"
    schema["description"] = ("An integrity protocol of a Dutch municipality (protocolkit). "
                             "See docs/format.md.")
    return schema
