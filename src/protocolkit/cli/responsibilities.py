"""``protocolkit responsibilities PROTOCOL --reporter R --subject S --act A [--own]``."""

from __future__ import annotations

import argparse
import re
import sys

from protocolkit.cli._common import add_format, add_scenario, text_width, wrapped
from protocolkit.format import escape
from protocolkit.format.diagnostics import counted

#: The fewest columns an answer of a question wraps in beside it, under its own column;
#: on a narrower terminal it stands under the question instead.
ANSWER_ROOM = 40


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
    from protocolkit.cli import output_lang
    from protocolkit.cli._common import alias_lines, load, print_json, refuse, scenario
    from protocolkit.format.texts import citation_text, text
    from protocolkit.format.vocabulary import SIX_QUESTIONS, audience_words, scenario_text
    from protocolkit.present.findings import handoff_lines
    from protocolkit.present.phrases import (
        composition_words,
        imposer_words,
        merged_silences,
        named,
        proposal_words,
        reading_lines,
        reservation_lines,
        silence_open_lines,
        silence_sentence,
        step_words,
        with_names,
    )
    from protocolkit.semantics import aliases_used, responsibilities

    protocol = load(args.protocol)
    case = scenario(protocol, args)
    refused = refuse(protocol, case, args.format)
    if refused is not None:
        return refused
    answers = responsibilities(protocol, case)
    if args.format == "json":
        print_json({**answers.to_dict(), "findings": [],
                    "aliases": aliases_used(protocol, args.reporter, args.subject)})
        return 0
    lang = output_lang(args)
    lines = [(f"{protocol.protocol.municipality}: "
             f"{scenario_text(answers.scenario.to_dict(), lang=lang)}")]
    lines.extend(alias_lines(protocol, args, lang))
    names = protocol.role_names()            # the text shows names, the JSON the ids
    lines.extend(handoff_lines(with_names(answers.handoff, names) if answers.handoff
                               else None, lang))
    width = max(len(q.heading_in(lang)) for q in SIX_QUESTIONS)
    columns = text_width()

    def hanging(line: str, under: int | None = None) -> list[str]:
        """A long line (an answer with its sections, a silence, a sanction, a composition,
        a reading note of several hundred characters) wrapped to the terminal or
        :data:`~protocolkit.cli._common.PIPE_WIDTH`, the lines after the first indented
        under it (or at column ``under``). A section it cites stays on one line ("art. 5.1
        lid 2 sub f"): the citation breaks only after a "; "."""
        indent = " " * (under if under is not None else len(line) - len(line.lstrip()) + 2)
        cited = re.search(r"   \[([^\[\]]*)\]$", line)
        if cited:
            line = (line[:cited.start(1)] + re.sub(r"(?<!;) ", "\x01", cited[1])
                    + line[cited.end(1):])
        return [part.replace("\x01", " ") for part in wrapped(line, columns, indent)]

    # The answers stand beside the questions, wrapped under their own column, while that
    # leaves ANSWER_ROOM columns; on a narrower terminal each stands under its question.
    beside = columns - (2 + width + 2) >= ANSWER_ROOM
    lead = f"  {'':<{width}}  " if beside else "    "
    shown_notes: set[str] = set()
    questions = {p.id: p.question for p in protocol.open_points}
    asked = {a["id"]: a["question"] for a in answers.ambiguities}
    for question in SIX_QUESTIONS:
        roles = answers.answer(question.key)
        cites = citation_text(answers.sources.get(question.key, []))
        shown = ", ".join(named(roles, names)) if roles else text("common.nobody", lang)
        offered = answers.proposals.get(question.key)
        if offered is not None:            # a concept's open answer: a proposal, not decided
            shown = proposal_words(offered, shown, lang)
        said = shown + (f"   [{cites}]" if cites else "")
        if beside:
            lines.extend(hanging(f"  {question.heading_in(lang):<{width}}  {said}",
                                 len(lead) + 2))
        else:
            lines += [f"  {question.heading_in(lang)}", *hanging(lead + said)]
        for said in reservation_lines(offered, lang):      # beside the proposal it qualifies
            lines.extend(hanging(lead + said))
        if question.key == "communicates":         # when each may speak (from_step)
            timing: dict[tuple[str | None, str | None, bool, str, tuple[str, ...]],
                         list[str]] = {}
            for speaker in answers.speakers:
                group = timing.setdefault((speaker["from"], speaker.get("from_title"),
                                           bool(speaker.get("moment_not_set")),
                                           speaker["audience"],
                                           tuple(speaker.get("phases") or ())), [])
                if names.get(speaker["role"], speaker["role"]) not in group:
                    group.append(names.get(speaker["role"], speaker["role"]))
            for (after, title, unset, audience, phases), who in timing.items():
                # No moment in the text is "niet bepaald", never "in elk stadium".
                key = "resp.speaks-after" if after else \
                    "resp.speaks-unset" if unset else "resp.speaks-always"
                said = text(key, lang, step=step_words(after, title, lang) if after else None,
                            roles=", ".join(who), audience=audience_words(audience, lang))
                if phases:          # a scoped substitution: he speaks only in these phases
                    phase_names = [found.name if (found := protocol.phase(p)) else p
                                   for p in phases]
                    said = counted("resp.speaks-in", len(phase_names),
                                   phases="; ".join(phase_names), roles=", ".join(who),
                                   audience=audience_words(audience, lang)).render(lang)
                lines.extend(hanging(lead + said))
        for point in answers.open_points.get(question.key, []):
            lines.extend(hanging(lead + text("resp.still-open", lang,
                                             question=questions.get(point, point), id=point)))
        for note_id in answers.readings.get(question.key, []):   # shown in full below
            lines.extend(hanging(lead + text("resp.rests-on-reading", lang,
                                             question=asked.get(note_id, note_id),
                                             id=note_id)))
    for silence in merged_silences(answers.silent):
        lines.extend(hanging("  " + silence_sentence(with_names(silence, names), lang)))
        for line in silence_open_lines(silence, lang, questions=questions):
            lines.extend(hanging("    " + line))
    for sanction in answers.sanctions:     # offered by its own accord (art. 5.1 lid 3)
        lines.extend(hanging(text(
            "resp.offered" if sanction.get("offered") else "resp.sanction", lang,
            name=sanction["name"], sources=citation_text(sanction["source"]),
            said=imposer_words(with_names(sanction, names), lang,
                               imposed="common.imposed-by"))))
        # Who imposes it rests on a reading (Arnhem's motie_tegen_griffier): both
        # readings and the one chosen, beside the sanction, once.
        for note in sanction.get("ambiguities") or []:
            if note["id"] not in shown_notes:
                shown_notes.add(note["id"])
                for line in reading_lines(note, lang):
                    lines.extend(hanging("    " + line))
    for composition in answers.compositions:
        lines.extend(hanging("  " + composition_words(with_names(composition, names), lang)
                             + f"   [{citation_text(composition['source'])}]"))
    for note in answers.ambiguities:
        if note["id"] in shown_notes:       # shown in full beside its sanction
            continue
        chosen = next(r for r in note["readings"] if r["id"] == note["chosen"])
        lines.extend(hanging(text("resp.ambiguity", lang, id=note["id"],
                                  question=note["question"], chosen=chosen["text"],
                                  reason=note["reason"], sources=citation_text(note["source"]))))
    sys.stdout.write(escape.terminal_lines(lines))
    return 0

