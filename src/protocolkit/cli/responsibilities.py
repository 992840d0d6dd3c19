"""``protocolkit responsibilities PROTOCOL --reporter R --subject S --act A [--own]``."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format, add_scenario


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "responsibilities", help="who acts for a scenario (the questions of Stap 4)",
        description="Answer who acts for one scenario, substitutions applied: first contact, "
        "who decides on follow-up, who orders an investigation, who judges, who sanctions, "
        "who communicates.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    add_scenario(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli._common import load, print_json, scenario
    from protocolkit.semantics import responsibilities
    from protocolkit.vocabulary import SIX_QUESTIONS

    protocol = load(args.protocol)
    answers = responsibilities(protocol, scenario(protocol, args))
    if args.format == "json":
        print_json(answers.to_dict())
        return 0
    out = sys.stdout
    out.write(f"{protocol.protocol.municipality}: {answers.scenario.label()}\n")
    if answers.out_of_scope:
        out.write(f"Buiten dit protocol: {answers.out_of_scope}\n")
    width = max(len(q.heading) for q in SIX_QUESTIONS)
    for question in SIX_QUESTIONS:
        roles = answers.answer(question.key)
        cites = "; ".join(answers.sources.get(question.key, []))
        shown = ", ".join(roles) if roles else "(niemand aangewezen)"
        out.write(f"  {question.heading:<{width}}  {shown}")
        out.write(f"   [{cites}]\n" if cites else "\n")
    return 0
