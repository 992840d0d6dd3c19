"""``protocolkit export PROTOCOL --format bpmn [--scenario R:S:A] -o FILE.bpmn``.

Without a scenario, one process serves every scenario (gateway on the scenario variables).
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from protocolkit.cli._common import add_scenario

    parser = sub.add_parser(
        "export", help="export a scenario's route for a case system (BPMN 2.0)",
        description="Write the route of one scenario as BPMN 2.0 XML: one lane per role, a "
        "user task per step, gateways per outcome and for parallel tracks, deadlines as "
        "timers, a laid-out diagram. See docs/bpmn.md.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("--format", choices=("bpmn", "svg"), default="bpmn",
                        help="bpmn (default), or svg: the exported diagram drawn for "
                        "reviewers without a BPMN modeler")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="FILE.bpmn to write (never one of the inputs)")
    parser.add_argument("--scenario", metavar="R:S:A[:own]",
                        help="the scenario in one argument: reporter:subject:act, with "
                        "':own' for eigen handelen (instead of --reporter/--subject/--act); "
                        "none: one process for every scenario")
    add_scenario(parser, required=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import UsageError
    from protocolkit.cli._common import load, refuse, scenario, write_output
    from protocolkit.format.escape import terminal
    from protocolkit.present.bpmn import bpmn_svg, to_bpmn

    if args.scenario:
        parts = args.scenario.split(":")
        if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "own"):
            raise UsageError.of("usage.scenario-shorthand", value=args.scenario)
        args.reporter, args.subject, args.act = parts[:3]
        args.own = args.own or len(parts) == 4
    given = [args.reporter, args.subject, args.act]
    if any(given) and not all(given) or (args.own or args.attr) and not any(given):
        raise UsageError.of("usage.export-scenario")
    protocol = load(args.protocol)
    chosen = None
    if any(given):
        chosen = scenario(protocol, args)
        refused = refuse(protocol, chosen, "text")
        if refused is not None:
            return refused
    from protocolkit.cli import output_lang

    xml = to_bpmn(protocol, chosen, output_lang(args))
    write_output(args.output, bpmn_svg(xml) if args.format == "svg" else xml, [args.protocol])
    from protocolkit.cli import output_lang
    from protocolkit.format.texts import text
    from protocolkit.format.vocabulary import scenario_text

    lang = output_lang(args)
    label = (scenario_text(chosen.to_dict(), lang=lang) if chosen is not None
             else text("export.all", lang))
    what = text("export.svg", lang) if args.format == "svg" else "BPMN 2.0"
    sys.stdout.write(terminal(text("export.written", lang, output=args.output, what=what,
                                   label=label)) + "\n")
    return 0
