"""``protocolkit report PROTOCOL [--against OTHER] -o FILE.html|FILE.md``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "report", help="one page for a stuurgroep meeting (HTML or Markdown)",
        description="Write a self-contained report: the findings in plain Dutch, the open "
        "points, the coverage matrix, the route diagram of each main scenario and, with "
        "--against, the comparison with another version or municipality.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("--against", metavar="OTHER", help="compare with this protocol")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="FILE.html or FILE.md (the extension picks the format)")
    parser.add_argument("--format", choices=("html", "markdown"),
                        help="override the format the extension implies")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli._common import require_file, write_output
    from protocolkit.format.escape import terminal
    from protocolkit.present.report import build_report, render_html, render_markdown

    require_file(args.protocol)
    if args.against:
        require_file(args.against)
    fmt = args.format or ("markdown" if args.output.endswith((".md", ".markdown")) else "html")
    from protocolkit.cli import output_lang
    from protocolkit.format.texts import text as words

    lang = output_lang(args)
    report = build_report(args.protocol, args.against, today=dt.date.today(), lang=lang)
    text = render_html(report) if fmt == "html" else render_markdown(report)
    write_output(args.output, text, [p for p in (args.protocol, args.against) if p])
    counts = report.counts()
    sys.stdout.write(terminal(words("report.written", lang, output=args.output,
                                    errors=counts["error"], warnings=counts["warning"],
                                    routes=len(report.diagrams))) + "\n")
    return 1 if counts["error"] else 0
