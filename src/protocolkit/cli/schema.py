"""``protocolkit schema``: the JSON Schema of the protocol format."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("schema", help="print the JSON Schema of the protocol format",
                            description="Print the JSON Schema of protocol files, for editors "
                            "(yaml-language-server) and other tools.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli._common import print_json
    from protocolkit.format.schema import json_schema

    print_json(json_schema())
    return 0
