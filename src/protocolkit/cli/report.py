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
                        help="the format, when FILE has no extension (an extension that is "
                        "not the format's is refused)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli._common import check_output, require_file, write_output
    from protocolkit.format.diagnostics import counted
    from protocolkit.format.escape import terminal
    from protocolkit.present.report import build_report, render_html, render_markdown

    require_file(args.protocol)
    if args.against:
        require_file(args.against)
    from protocolkit.cli import output_lang
    from protocolkit.format.texts import text as words

    lang = output_lang(args)
    inputs = [p for p in (args.protocol, args.against) if p]
    check_output(args.output, inputs)     # overwriting an input is said before the name
    fmt = _format(args.output, args.format)
    report = build_report(args.protocol, args.against, today=dt.date.today(), lang=lang)
    if args.against and report.protocol is not None and report.diff is None:
        from protocolkit.cli._common import load

        load(args.against, unusable=2)   # prints its findings and exits 2: nothing to compare
    text = render_html(report) if fmt == "html" else render_markdown(report)
    write_output(args.output, text, inputs)
    counts = report.counts()
    sys.stdout.write(terminal(words("report.written", lang, output=args.output,
                                    errors=counted("n.error", counts["error"]).render(lang),
                                    warnings=counted("n.warning", counts["warning"]).render(lang),
                                    routes=counted("n.route", len(report.diagrams)).render(lang)))
                     + "\n")
    return 1 if counts["error"] else 0


#: The extensions of each format the report is written in; the first is the one a hint
#: names.
EXTENSIONS = {"html": (".html", ".htm"), "markdown": (".md", ".markdown")}


def _format(output: str, asked: str | None) -> str:
    """The format to write ``output`` in: ``asked``, else the one its extension names
    (HTML when it has none). An extension that is not the format's (``rapport.pdf``,
    ``rapport.md`` with ``--format html``) is a usage error: the file would hold HTML or
    Markdown under a name that promises something else."""
    from pathlib import PurePath

    from protocolkit.cli import UsageError

    written = PurePath(output).suffix
    suffix = written.lower()
    implied = next((fmt for fmt, ends in EXTENSIONS.items() if suffix in ends), None)
    fmt = asked or implied or "html"
    if suffix and suffix not in EXTENSIONS[fmt]:
        raise UsageError.of("usage.output-format" if implied else "usage.output-extension",
                            output=output, suffix=written[1:], format=fmt,
                            wanted=EXTENSIONS[fmt][0])
    return fmt
