"""``protocolkit diff A B [--format text|markdown|json]``: compare two protocols by meaning."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "diff", help="compare two protocols: their structure and what happens to every case",
        description="Compare two protocols by meaning: the roles, steps, deadlines, "
        "substitutions, sanctions, communication rules and principles added, removed or "
        "changed, and for every scenario either covers what happens differently (who acts, "
        "which kinds of step, deadlines, who is informed, which sanctions are open), grouped. "
        "Exit 0 when they mean the same, 1 when they differ, 2 on usage errors. "
        "See docs/diff.md.")
    parser.add_argument("left", metavar="A", help="the protocol on the left (e.g. the old version)")
    parser.add_argument("right", metavar="B", help="the protocol on the right (e.g. the new version)")
    add_format(parser, ("text", "markdown", "json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from protocolkit.cli import settle_imports
    from protocolkit.cli._common import load, require_file
    from protocolkit.diff import diff_protocols, render_json, render_markdown, render_text
    from protocolkit.loader import load_protocol  # noqa: F401  (imported before settling)

    settle_imports()
    require_file(args.left)
    require_file(args.right)
    left, right = load(args.left), load(args.right)
    result = diff_protocols(left, right)
    labels = result.labels()
    if labels[0] == labels[1]:
        labels = (Path(args.left).name, Path(args.right).name)
        if labels[0] == labels[1]:
            labels = (args.left, args.right)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result, labels))
    else:
        sys.stdout.write(render_text(result, labels))
    return 0 if result.same else 1
