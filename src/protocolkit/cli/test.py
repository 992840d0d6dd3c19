"""``protocolkit test PROTOCOL TESTS.yaml``: run a stuurgroep's scenario tests."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "test", help="run scenario tests (what must happen) against a protocol",
        description="Run a scenario-test file against a protocol: pass or fail per case, "
        "with expected against actual for every key that differs. Exit 0 when all pass, "
        "1 when any fails or either file has errors (one that does not parse too), 2 for "
        "usage errors and a file that cannot be read.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("tests", metavar="TESTS.yaml")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import output_lang
    from protocolkit.cli._common import print_json, require_file
    from protocolkit.scenario_tests import render_text, run_tests

    require_file(args.protocol)
    require_file(args.tests)
    report = run_tests(args.protocol, args.tests)
    if args.format == "json":
        print_json(report.to_dict(output_lang(args)))
    else:
        sys.stdout.write(render_text(report, output_lang(args)))
    return report.exit_code()
