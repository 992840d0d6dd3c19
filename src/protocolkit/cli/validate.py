"""``protocolkit validate FILE...``: schema, references and route-graph checks."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "validate", help="check protocol files and list every finding",
        description="Check protocol files: YAML, schema, references, citations and the "
        "route-graph checks. Exit 0 clean, 1 on errors (and warnings with --strict; notes "
        "never fail), 2 usage or a path that is no readable file (a finding of its own; "
        "the other files are still checked).")
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_format(parser, ("text", "json", "sarif"))
    parser.add_argument("--strict", action="store_true",
                        help="warnings fail too (the gate before a raad adopts a protocol)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="show everything: every acknowledged finding's scenarios, path and "
                        "reason, the reasoning of open points, and every hint")
    parser.add_argument("--summary", action="store_true",
                        help="only the number of findings per code and file")
    parser.add_argument("--no-cache", action="store_true",
                        help="check every file afresh (unchanged files are otherwise answered "
                        "from the findings cache; see docs/diagnostics.md)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit import cache
    from protocolkit.cli import output_lang
    from protocolkit.cli._common import file_problem
    from protocolkit.present.findings import (
        findings_json,
        findings_sarif,
        findings_summary,
        findings_text,
    )

    # A path that is no regular file (missing, a folder such as protocols/tests, a
    # device, a named pipe) is a finding of its own (file-not-found, file-unreadable:
    # exit 2) and the other files are still checked; the loader reads it without
    # blocking, the cache's fast path would not.
    unreadable = any(file_problem(f) is not None for f in args.files)
    refused = None if args.no_cache else cache.refusal()
    if refused:
        from protocolkit.cli import current_lang
        from protocolkit.format.texts import text

        lang = current_lang()
        sys.stderr.write("protocolkit validate: " + text("usage.no-cache", lang,
                                                         reason=refused.render(lang)) + "\n")
    # Unchanged files are answered from the cache without loading the model at all.
    report = None if args.no_cache or unreadable else cache.cached_report(list(args.files))
    if report is None:
        from protocolkit.cli import settling

        with settling():
            from protocolkit.api import validate_files

            report = validate_files(args.files, cache=not args.no_cache)
    lang = output_lang(args)
    if args.format == "text":
        sys.stdout.write(findings_summary(report, lang) if args.summary
                         else findings_text(report, lang, verbose=args.verbose))
    else:
        render = {"json": findings_json, "sarif": findings_sarif}[args.format]
        sys.stdout.write(render(report, lang))
    return report.exit_code(args.strict)
