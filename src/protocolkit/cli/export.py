"""``protocolkit export PROTOCOL --format bpmn --reporter R --subject S --act A -o FILE.bpmn``."""

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
    parser.add_argument("--format", choices=("bpmn",), default="bpmn",
                        help="export format (default: bpmn)")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="FILE.bpmn to write (never one of the inputs)")
    parser.add_argument("--scenario", metavar="R:S:A[:own]",
                        help="the scenario in one argument: reporter:subject:act, with "
                        "':own' for eigen handelen (instead of --reporter/--subject/--act)")
    add_scenario(parser, required=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.bpmn import to_bpmn
    from protocolkit.cli import UsageError
    from protocolkit.cli._common import load, refuse, scenario, write_output
    from protocolkit.escape import terminal

    if args.scenario:
        parts = args.scenario.split(":")
        if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "own"):
            raise UsageError(f"--scenario {args.scenario}: expected reporter:subject:act "
                             "or reporter:subject:act:own")
        args.reporter, args.subject, args.act = parts[:3]
        args.own = args.own or len(parts) == 4
    if not (args.reporter and args.subject and args.act):
        raise UsageError("give the scenario: --scenario R:S:A or --reporter, --subject "
                         "and --act")
    protocol = load(args.protocol)
    chosen = scenario(protocol, args)
    refused = refuse(protocol, chosen, "text")
    if refused is not None:
        return refused
    write_output(args.output, to_bpmn(protocol, chosen), [args.protocol])
    sys.stdout.write(terminal(f"{args.output}: BPMN 2.0, {chosen.label()}") + "\n")
    return 0
