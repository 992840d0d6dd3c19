"""``protocolkit graph PROTOCOL [scenario] --format mermaid|dot|svg``: route diagrams."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_scenario


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "graph", help="draw the route graph of a scenario (Mermaid, DOT or SVG)",
        description="Draw the route graph of one scenario (or of the whole protocol when no "
        "scenario is given): phases as bands, who acts on each step, steps with findings "
        "highlighted. SVG needs Graphviz's 'dot'; Mermaid and DOT need nothing. SVG is "
        "drawn as the report draws routes: phase by phase, one route per group of "
        "scenarios that look the same (or the chosen scenario), with a legend.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("--scenario", metavar="REPORTER:SUBJECT:ACT[:own]",
                        help="shorthand for --reporter/--subject/--act[/--own]")
    add_scenario(parser, required=False)
    parser.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(run=run)


def parse_shorthand(value: str) -> tuple[str, str, str, bool]:
    from protocolkit.cli import UsageError

    parts = value.split(":")
    if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "own"):
        raise UsageError.of("usage.scenario-shorthand", value=value)
    return parts[0], parts[1], parts[2], len(parts) == 4


def run(args: argparse.Namespace) -> int:
    from protocolkit.analysis import run_checks
    from protocolkit.cli import UsageError, said
    from protocolkit.cli._common import load, refuse, scenario, write_output
    from protocolkit.present import diagram

    protocol = load(args.protocol)
    if args.scenario:
        args.reporter, args.subject, args.act, own = parse_shorthand(args.scenario)
        args.own = args.own or own
    given = [args.reporter, args.subject, args.act]
    if any(given) and not all(given):
        raise UsageError.of("usage.scenario-together")
    chosen = scenario(protocol, args) if all(given) else None
    if chosen is not None:
        refused = refuse(protocol, chosen, "text")
        if refused is not None:
            return refused
    from protocolkit.cli import output_lang

    lang = output_lang(args)
    findings = run_checks(protocol)
    if args.format == "svg":
        # The report's routes, phase by phase on one sheet: the chosen scenario, or one
        # drawing per group of main scenarios whose routes look the same.
        from protocolkit.present.report import route_diagrams, route_sheet

        try:
            drawn = route_diagrams(protocol, findings, lang,
                                   [chosen] if chosen is not None else None,
                                   require_graphviz=True)
        except diagram.GraphvizError as error:
            raise UsageError(said(error)) from error
        meta = protocol.protocol
        text = route_sheet(drawn, f"{meta.title} — {meta.municipality}", lang)
    else:
        drawing = diagram.build(protocol, chosen, findings, lang)
        text = (diagram.to_mermaid(drawing) if args.format == "mermaid"
                else diagram.to_dot(drawing))
    if args.output:
        write_output(args.output, text, [args.protocol])
    else:
        sys.stdout.write(text)
    return 0
