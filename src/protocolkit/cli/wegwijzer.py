"""``protocolkit wegwijzer PROTOCOL -o wegwijzer.html``: one offline page per protocol."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "wegwijzer", help="write a self-contained page on which a person finds their way",
        description="Write one self-contained, offline HTML page (no network, no CDN) on "
        "which a raadslid, wethouder, burgemeester, griffier or burger picks who they are, "
        "who it is about and intended or done, and reads in Dutch what to do now, the route "
        "ahead, deadlines, who is heard, who must stay silent, what is still open and the "
        "sections behind each answer. See docs/wegwijzer.md.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (default: standard output)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import output_lang
    from protocolkit.cli._common import load
    from protocolkit.format.texts import text
    from protocolkit.present.wegwijzer import render_wegwijzer

    lang = output_lang(args)
    protocol = load(args.protocol)
    page = render_wegwijzer(protocol, lang)
    if args.output:
        from protocolkit.cli import UsageError, os_reason

        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(page)
        except OSError as error:
            raise UsageError.of("usage.cannot-write", output=args.output,
                                reason=os_reason(error)) from None
        sys.stdout.write(text("weg.written", lang, output=args.output,
                              municipality=protocol.protocol.municipality) + "\n")
    else:
        sys.stdout.write(page)
    return 0
