"""``protocolkit route PROTOCOL --reporter R --subject S --act A [--own]``: "Wat doe ik nu?"."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from protocolkit.cli._common import add_format, add_scenario
from protocolkit.format import escape


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "route", help="the route of a scenario, step by step, as a person reads it",
        description="Print the route for one scenario: numbered steps, each with its "
        "description (the conditions and exceptions the title leaves out, such as 'tenzij "
        "dit het onderzoeksbelang zou schaden'), who acts, what may come out of each step "
        "and where that leads, deadlines and citations.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    add_scenario(parser)
    add_format(parser)
    parser.add_argument("--brief", action="store_true",
                        help="leave out the steps' descriptions (the text output; the JSON "
                        "always has them)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.api import route
    from protocolkit.cli import output_lang
    from protocolkit.cli._common import alias_lines, load, print_json, refuse, scenario
    from protocolkit.semantics import aliases_used

    protocol = load(args.protocol)
    case = scenario(protocol, args)
    refused = refuse(protocol, case, args.format, {"steps": []})
    if refused is not None:
        return refused
    result = route(protocol, case)
    if args.format == "json":
        print_json({**result.to_dict(),
                    "aliases": aliases_used(protocol, args.reporter, args.subject)})
        return 0
    lang = output_lang(args)
    from protocolkit.cli._common import text_width

    text = render_route(protocol.protocol.municipality, result, lang, protocol.role_names(),
                        {phase.id: phase.name for phase in protocol.phases},
                        width=None if args.brief else text_width())
    head, _, rest = text.partition("\n")
    notes = "".join(line + "\n" for line in alias_lines(protocol, args, lang))
    sys.stdout.write(head + "\n" + notes + rest)
    return 0


def render_route(municipality: str, result: object, lang: str = "nl",
                 names: Mapping[str, str] | None = None,
                 phases: Mapping[str, str] | None = None, *, width: int | None = None) -> str:
    """The route as a person reads it, in Dutch (``lang="nl"``) or English; ``names``:
    each role's name (``Protocol.role_names``), ``phases`` each phase's name, shown
    instead of their ids. With ``width`` each step's description is printed under its
    title, wrapped to that many columns (``None``: left out, ``route --brief``)."""
    from protocolkit.api import Route
    from protocolkit.cli._common import wrapped
    from protocolkit.format.texts import citation_text, text
    from protocolkit.format.vocabulary import (
        NOT_ASSIGNED,
        audience_words,
        not_assigned,
        outcome_words,
        scenario_text,
    )
    from protocolkit.present.findings import handoff_lines
    from protocolkit.present.phrases import (
        actors_words,
        composition_words,
        consulted_words,
        deadline_words,
        imposer_words,
        merged_silences,
        named,
        or_words,
        parties,
        proposal_words,
        reading_lines,
        reservation_lines,
        silence_open_lines,
        silence_sentence,
        source_lines,
        turns_to,
        with_names,
    )

    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    assert isinstance(result, Route)
    lines = [t("route.head", municipality=municipality,
               scenario=scenario_text(result.scenario.to_dict(), prose=True, lang=lang))]
    if result.entry_source:
        lines.append(t("route.according", sources=citation_text(result.entry_source)))
    if not result.steps:
        lines.append(t("route.none"))
    numbers = {step.id: step.number for step in result.steps}
    questions = {p["id"]: p["question"] for step in result.steps for p in step.open_points}
    readings = {note["id"]: note["question"] for note in result.ambiguities}

    def n(role: str) -> str:
        return names.get(role, role) if names else role

    def silence_lines(silence: dict[str, Any]) -> list[str]:
        """A silence and the open points it waits for (a concept's proposal)."""
        return ["   " + silence_sentence(with_names(silence, names), lang, numbers=numbers),
                *silence_open_lines(silence, lang, questions=questions,
                                    key="common.still-open")]

    for silence in merged_silences(result.silences):
        lines.extend(silence_lines(silence))
    composed: set[str] = set()
    for step in result.steps:
        actors = named(step.actors, names)
        who = n(step.actor) if len(actors) < 2 else actors_words(actors, step.any_of, lang)
        if step.actor == NOT_ASSIGNED:         # an end step the text assigns to nobody
            who = not_assigned(lang)
        if step.actor_stands_in_for:
            who += t("common.instead-of", role=n(step.actor_stands_in_for))
        if step.proposal is not None:          # a concept's open answer, not decided
            who = proposal_words(step.proposal, who, lang)
        lines.append("")
        offers = bool(step.sanction_details) and all(
            s.get("offered") for s in step.sanction_details)
        kind = t("route.kind-offered") if offers and step.kind == "sanctie" else step.kind
        phase = (phases or {}).get(step.phase, step.phase)
        lines.append(f"{step.number}. {step.title}  [{kind}, {phase}]")
        if width is not None and step.description:
            for paragraph in step.description.strip().split("\n"):
                lines.extend(wrapped("   " + " ".join(paragraph.split()), width, "   "))
        counterparts = step.counterparts or ([step.counterpart] if step.counterpart else [])
        lines.append(t("route.who", who=turns_to(
            who, step.actor_named if len(actors) < 2 and not step.actor_stands_in_for else "",
            counterparts, step.counterparts_named, names, lang)))
        lines.extend("   " + said for said in reservation_lines(step.proposal, lang))
        if step.consulted:
            lines.append(t("common.consults", roles=consulted_words(
                step.consulted, step.consulted_optional, names, lang)))
        for composition in step.compositions:
            # Who sits on a body: once per route where nobody is replaced, at every step
            # where a substitution changes it.
            if composition["stands_in_for"] or composition["body"] not in composed:
                composed.add(composition["body"])
                lines.append("   " + composition_words(with_names(composition, names), lang))
        if step.heard:
            lines.append(t("common.hears", roles=parties(step.heard, step.heard_named, names, lang,
                                                         step.heard_optional)))
        if step.informed:
            lines.append(t("common.informs",
                           roles=parties(step.informed, step.informed_named, names, lang)))
        for point in step.open_points:
            lines.append(t("common.still-open", question=point["question"] or point["id"],
                           id=point["id"]))
        for note_id in step.ambiguities:
            lines.append(t("route.rests-on-reading", id=note_id,
                           question=readings.get(note_id) or note_id))
        for silence in merged_silences(step.silences_start):
            lines.extend(silence_lines(silence))
        for silence in merged_silences(step.silences_end):
            outcomes = [outcome_words(e["outcome"], e.get("label")) for e in silence["until"]
                        if e["step"] == step.id and e.get("outcome")]
            roles = ", ".join(named(silence["roles"], names))
            ends = (t("silence.ends-with", outcome=or_words(outcomes, lang), roles=roles,
                      audience=audience_words(silence["audience"], lang)) if outcomes else
                    t("silence.ends", roles=roles,
                      audience=audience_words(silence["audience"], lang)))
            if silence.get("proposal"):      # the end of a proposed silence, not decided
                ends = "   " + proposal_words(silence["proposal"], ends.strip(), lang)
            lines.append(ends + f" [{citation_text(silence['source'])}]")
        if step.deadline:
            lines.append(t("route.deadline", deadline=deadline_words(step.deadline, lang)))
        if step.confidential:
            lines.append(t("common.confidential"))
        if step.sanction_details:
            shown = [t("route.sanction", id=s["name"],
                       said=imposer_words(with_names(s, names), lang))
                     for s in step.sanction_details]
            lines.append(t("route.offers" if offers else "route.sanctions",
                           sanctions=", ".join(shown)))
        if step.end:
            lines.append(t("route.end-handoff" if step.handoff else "route.end"))
            lines.extend("   " + line for line in handoff_lines(
                with_names(step.handoff, names) if step.handoff else None, lang))
        for outcome in step.outcomes:
            target = (t("common.step-n", n=outcome.next_number) if outcome.next_number
                      else outcome.next_step)
            label = outcome_words(outcome.id, outcome.label)
            extra = t("route.admission") if outcome.admission else ""
            tracks = "".join(
                t("common.at-once", target=t("common.step-n", n=n) if n else tr_)
                for tr_, n in zip(outcome.tracks, outcome.track_numbers, strict=True))
            cite = f" [{citation_text(outcome.source)}]" if outcome.source else ""
            lines.append(f"   - {label}{extra} -> {target}{tracks}{cite}")
        lines.extend(source_lines(step.source, step.source_for, lang))
    if result.sanctions:
        lines.append("")
        lines.append(t("route.other-sanctions"))
        for sanction in result.sanctions:
            lines.append(t("route.other-sanction", name=sanction["name"],
                           said=imposer_words(with_names(sanction, names), lang),
                           sources=citation_text(sanction["source"])))
            for note in sanction.get("ambiguities") or []:
                lines.append("  " + t("route.rests-on-reading", id=note["id"],
                                      question=note["question"]))
    for ambiguity in result.ambiguities:
        lines.append("")
        lines.extend(reading_lines(ambiguity, lang))
    return escape.terminal_lines(lines)
