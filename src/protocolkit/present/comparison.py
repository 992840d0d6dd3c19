"""Rendering a :class:`~protocolkit.diff.rows.ProtocolDiff` for people and tools.

Reports stage: takes the computed diff, returns strings. ``render_text`` is for the
terminal, ``render_markdown`` for pasting into an advice to a raad, ``render_json`` for
tools. The two sides are named by ``labels`` (default: the municipalities, with the
version when both are the same municipality).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from protocolkit.diff.behavioral import KIND_ORDER
from protocolkit.diff.rows import ProtocolDiff, RowGroup, StructuralChange
from protocolkit.format import escape
from protocolkit.format.vocabulary import NOT_ASSIGNED, QUESTIONS, SIX_QUESTIONS

ASPECT_LABELS: dict[str, str] = {
    "covered": "Valt onder het protocol",
    **{q.key: q.label for q in SIX_QUESTIONS},
    "out_of_scope": "Gaat buiten het protocol naar",
    "handoff": "Buiten het protocol: wie beslist, wie communiceert met de melder",
    "fact_conditions": "Voorwaarden op de feiten van de zaak",
    "step_kinds": "Soorten stappen die alleen hier op de route liggen",
    "informed": "Wordt geïnformeerd",
    "sanctions": "Mogelijke sancties voor de betrokkene",
    "silent": "Wie zwijgt tegenover de pers, tot wanneer",
    "open": "Nog open (vragen met een open punt)",
    "tracks": "Sporen die tegelijk lopen",
    "joins": "Waar sporen samenkomen",
}

KIND_LABELS: dict[str, str] = {
    "scenarios": "Scenario's",
    "role": "Rol",
    "phase": "Fase",
    "step": "Stap",
    "deadline": "Termijn bij stap",
    "fact": "Feit van de zaak",
    "fact_condition": "Voorwaarde op feiten bij stap",
    "join": "Samenkomst van sporen bij stap",
    "calendar": "Werkdagenkalender",
    "entry_route": "Ingang",
    "substitution": "Vervanging",
    "sanction": "Sanctie",
    "communication": "Communicatieregel",
    "silence": "Zwijgplicht",
    "open_point": "Open punt",
    "ambiguity": "Keuze tussen lezingen",
    "principle": "Beginsel",
    "section": "Tekst van paragraaf",
}

#: The fields a structural change names, in words (never the file's field names).
FIELD_WORDS: dict[str, str] = {
    "actor": "wie handelt", "kind": "soort", "shared": "gedeelde rol", "single": "één persoon",
    "never": "doet nooit", "members": "leden", "employed_by": "in dienst van",
    "accountable_to": "legt verantwoording af aan", "part_of": "maakt deel uit van",
    "phase": "fase", "counterpart": "met wie", "consulted": "wie wordt geraadpleegd",
    "informed": "wie wordt geïnformeerd", "end": "eindstap", "out_of_scope": "buiten het protocol",
    "sanctions": "sancties", "confidential": "vertrouwelijk", "outcomes": "waar het heen kan",
    "deadline": "termijn", "imposed_by": "opgelegd door", "applies_to": "geldt voor",
    "severity": "zwaarte", "when": "wanneer", "step": "naar stap", "replaces": "vervangt",
    "by": "door", "speaker": "wie spreekt", "audience": "met wie", "allowed": "toegestaan",
    "from_step": "vanaf stap", "order": "volgorde", "amount": "aantal", "unit": "eenheid",
    "from": "gerekend vanaf", "reporters": "wie kan melden", "subjects": "over wie",
    "acts": "soorten handeling", "own": "eigen handelen", "exclude": "uitgesloten",
    "text": "tekst",
}


def field_words(name: str) -> str:
    """A field of a protocol element in words: ``accountable_to`` -> ``legt
    verantwoording af aan``."""
    return FIELD_WORDS.get(name, name.replace("_", " "))


_ROLE_ASPECTS = {*QUESTIONS, "informed"}


def aspect_label(aspect: str) -> str:
    """The Dutch label of an aspect (``deadline.onderzoek`` -> ``Termijn onderzoek``)."""
    if aspect.startswith("deadline."):
        return f"Termijn {aspect.split('.', 1)[1]}"
    return ASPECT_LABELS.get(aspect, aspect)


def aspect_value(aspect: str, value: Any, other: Any) -> str:
    """One side's value of an aspect in words; ``step_kinds`` shows what the other lacks."""
    if aspect == "covered":
        return "ja" if value else "nee"
    if aspect == "step_kinds":
        only = [k for k in value if k not in set(other)]
        return ", ".join(sorted(only, key=KIND_ORDER.__getitem__)) or "(geen)"
    if value is None:
        return "(geen)"
    if isinstance(value, list):
        if not value:
            return "(niemand)" if aspect in _ROLE_ASPECTS else "(geen)"
        return ", ".join(str(v) for v in value)
    return str(value)


def compact(value: Any) -> str:
    """A value from a protocol file in one line."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list) and all(isinstance(v, (str, int, bool)) for v in value):
        return ", ".join(compact(v) for v in value) or "(leeg)"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _sources(items: Sequence[str]) -> str:
    return "; ".join(items)


def _element_name(data: Any) -> str:
    if isinstance(data, dict):
        for key in ("name", "title"):
            if data.get(key):
                return str(data[key])
    return ""


def _element_source(data: Any) -> list[str]:
    if isinstance(data, dict):
        source = data.get("source")
        if isinstance(source, str):
            return [source]
        if isinstance(source, list):
            return [str(s) for s in source]
    return []


def guard_words(guard: Any) -> str:
    """A guard in the YAML form in one line: ``subject burgemeester, act uitgevoerd``.

    >>> guard_words({"subject": ["burgemeester"], "not": {"act": ["voorgenomen"]}})
    'subject burgemeester, niet (act voorgenomen)'
    """
    if not isinstance(guard, dict) or not guard:
        return "altijd"
    parts: list[str] = []
    for key, value in guard.items():
        if key == "all":
            parts.extend(f"({guard_words(g)})" for g in value)
        elif key == "any":
            parts.append("een van: " + " | ".join(f"({guard_words(g)})" for g in value))
        elif key == "not":
            parts.append(f"niet ({guard_words(value)})")
        else:
            values = value if isinstance(value, list) else [value]
            shown = "/".join(v if isinstance(v, str) else compact(v) for v in values)
            parts.append(f"{key} {shown}")
    return ", ".join(parts)


def _next_words(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(f"{c.get('step')}" + (f" als {guard_words(c['when'])}"
                                                  if c.get("when") else "") for c in value)
    return str(value)


def _outcome_words(outcomes: Any) -> str:
    if not isinstance(outcomes, list):
        return compact(outcomes)
    parts = []
    for o in outcomes:
        text = f"{o.get('id')} → {_next_words(o.get('next'))}"
        if o.get("when"):
            text += f" (alleen als {guard_words(o['when'])})"
        if o.get("admission"):
            text += " (erkenning)"
        parts.append(text)
    return "; ".join(parts) or "(geen)"


def _actor_words(actor: Any) -> str:
    if isinstance(actor, list):
        return " | ".join(str(c.get("role")) + (f" als {guard_words(c['when'])}"
                                                if c.get("when") else "") for c in actor)
    return compact(actor)


def element_words(kind: str, data: Any) -> str:
    """An element added or removed, in a few words."""
    if not isinstance(data, dict):
        return compact(data)
    if kind == "entry_route":
        return f"als {guard_words(data.get('when'))}: naar stap {data.get('step')}"
    if kind == "substitution":
        return (f"{data.get('by')} in plaats van {data.get('replaces')}, als "
                f"{guard_words(data.get('when'))}")
    if kind == "communication":
        text = f"{data.get('speaker')} → {data.get('audience')}: "
        text += "mag niet" if data.get("allowed") is False else "mag"
        if data.get("from_step"):
            text += f" vanaf stap {data['from_step']}"
        if data.get("when"):
            text += f", als {guard_words(data['when'])}"
        return text
    if kind == "deadline":
        return _deadline_words(data)
    if kind == "silence":
        until = f"tot na {data['until']}" if data.get("until") else "zonder einde"
        return f"{', '.join(data.get('roles', []))} zwijgen tegenover {data.get('audience', 'pers')} {until}"
    if kind in ("open_point", "ambiguity"):
        return str(data.get("question") or compact(data))
    return _element_name(data) or compact(data)


def _deadline_words(data: Any) -> str:
    if not isinstance(data, dict):
        return "geen termijn"
    if data.get("amount") is None:
        return f'"{data.get("words")}" (geen datum)'
    text = f"{data.get('amount')} {data.get('unit')}"
    if data.get("words"):
        text += f' ("{data["words"]}")'
    start = data.get("from", "step")
    if start == "case":
        text += " na opening van de zaak"
    elif start == "ontvangst":
        text += " na ontvangst"
    elif start != "step":
        text += f" na afronding van stap {start}"
    return text


def _field_value(change: StructuralChange, data: Any, name: str) -> str:
    if not isinstance(data, dict):
        return compact(data)
    value = data.get(name)
    if name == "when":
        return guard_words(value)
    if name == "outcomes":
        return _outcome_words(value)
    if name == "actor":
        return _actor_words(value)
    if name == "text":  # a section's quoted text, on one line
        return " ".join(str(value or "").split())
    if name == "handoff":
        handoff = data.get("out_of_scope")
        if not isinstance(handoff, dict):
            return "—"
        return (f"beslist: {_actor_words(handoff.get('decides')) if handoff.get('decides') else NOT_ASSIGNED}"
                f", communiceert met de melder: "
                f"{_actor_words(handoff.get('communicates_with_melder')) if handoff.get('communicates_with_melder') else NOT_ASSIGNED}")
    return compact(value)


def structural_summary(change: StructuralChange, labels: tuple[str, str]) -> str:
    """What a structural change is, in one phrase: ``alleen in Oostzaan``, ``anders: actor``."""
    left, right = labels
    if change.change == "added":
        return f"alleen in {right}"
    if change.change == "removed":
        return f"alleen in {left}"
    if change.kind == "scenarios" or not change.fields:
        return "anders"
    return "anders: " + ", ".join(field_words(f) for f in change.fields)


def structural_sides(change: StructuralChange) -> tuple[str, str]:
    """Each side of a structural change in a few words (with citations)."""
    def side(data: Any) -> str:
        if data is None:
            return "—"
        if change.kind == "deadline":
            text = _deadline_words(data)
        elif change.kind == "scenarios":
            text = compact(data) if change.id != "exclude" else \
                "; ".join(guard_words(g) for g in data) or "(geen)"
        elif change.change == "changed":
            text = "; ".join(f"{field_words(name)}: {_field_value(change, data, name)}"
                             for name in change.fields)
        else:
            text = element_words(change.kind, data)
        cites = _element_source(data)
        return text + (f" ({_sources(cites)})" if cites else "")

    return side(change.left), side(change.right)


def group_heading(group: RowGroup) -> str:
    count = len(group.scenarios)
    what = group.text if group.description is not None else "deze scenario's"
    plural = "scenario" if count == 1 else "scenario's"
    return f"{aspect_label(group.aspect)} — {what} ({count} {plural})"


# --------------------------------------------------------------------------- text


def render_text(diff: ProtocolDiff, labels: tuple[str, str] | None = None) -> str:
    """The diff for a terminal: behavioural groups first, then the structural changes."""
    left, right = labels or diff.labels()
    width = max(len(left), len(right)) + 1
    lines = [f"Vergelijking: {left} (links) en {right} (rechts)"]
    if diff.same:
        lines.append("Geen verschillen: de twee protocollen betekenen hetzelfde.")
        return escape.terminal_lines(lines)
    lines.append(f"{len(diff.behavioral)} verschil(len) in wat er met zaken gebeurt, in "
                 f"{len(diff.groups)} groep(en); {len(diff.structural)} verschil(len) in "
                 "de opbouw van het protocol.")
    if diff.groups:
        lines += ["", "Wat er met zaken gebeurt", "========================"]
    for group in diff.groups:
        lines.append("")
        lines.append(group_heading(group))
        if group.description is None:
            lines.extend(f"    - {s.label()}" for s in group.scenarios)
        for name, value, other, cites in (
                (left, group.left, group.right, group.left_sources),
                (right, group.right, group.left, group.right_sources)):
            shown = aspect_value(group.aspect, value, other)
            lines.append(f"  {name + ':':<{width}} {shown}"
                         + (f"   [{_sources(cites)}]" if cites else ""))
    if diff.structural:
        lines += ["", "Opbouw van het protocol", "======================="]
    for change in diff.structural:
        a, b = structural_sides(change)
        lines.append("")
        lines.append(f"{KIND_LABELS.get(change.kind, change.kind)} {change.id}: "
                     f"{structural_summary(change, (left, right))}")
        if change.left is not None:
            lines.append(f"  {left + ':':<{width}} {a}")
        if change.right is not None:
            lines.append(f"  {right + ':':<{width}} {b}")
    return escape.terminal_lines(lines)


# --------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    """A table cell of already-escaped Markdown (see :func:`protocolkit.format.escape.markdown_inline`)."""
    return " ".join(text.split()) or " "


def render_markdown(diff: ProtocolDiff, labels: tuple[str, str] | None = None) -> str:
    """The diff as Markdown a consultant can paste into an advice to a raad."""
    md = escape.markdown_inline
    left, right = (md(label) for label in (labels or diff.labels()))
    lines = [f"## Vergelijking van de integriteitsprotocollen van {left} en {right}", ""]
    if diff.same:
        lines.append(f"De protocollen van {left} en {right} betekenen hetzelfde: voor geen "
                     "enkel scenario verschilt wie wat doet, en ze hebben dezelfde rollen, "
                     "stappen, termijnen, vervangingen, sancties en afspraken.")
        return "\n".join(lines) + "\n"
    lines.append(f"In {len(diff.behavioral)} gevallen (een scenario en een vraag) gebeurt er "
                 f"in {left} iets anders dan in {right}; ze staan hieronder in "
                 f"{len(diff.groups)} groepen. Daarnaast verschilt de opbouw van de protocollen "
                 f"op {len(diff.structural)} punten. Een scenario is een combinatie van wie "
                 "meldt, over wie, en of het om een voorgenomen of uitgevoerde handeling gaat.")
    if diff.groups:
        lines += ["", "### Wat er met zaken gebeurt", "",
                  f"| Voor | Vraag | {_cell(left)} | {_cell(right)} |",
                  "| --- | --- | --- | --- |"]
        for group in diff.groups:
            count = len(group.scenarios)
            who = group.text if group.description is not None else \
                "; ".join(s.label() for s in group.scenarios)
            cells = []
            for value, other, cites in ((group.left, group.right, group.left_sources),
                                        (group.right, group.left, group.right_sources)):
                shown = md(aspect_value(group.aspect, value, other))
                cells.append(shown + (f" *({md(_sources(cites))})*" if cites else ""))
            lines.append(f"| {_cell(md(who))} ({count}) | {_cell(md(aspect_label(group.aspect)))} | "
                         f"{_cell(cells[0])} | {_cell(cells[1])} |")
    if diff.structural:
        lines += ["", "### Opbouw van het protocol", "",
                  f"| Onderdeel | Verschil | {_cell(left)} | {_cell(right)} |",
                  "| --- | --- | --- | --- |"]
        for change in diff.structural:
            a, b = structural_sides(change)
            what = f"{md(KIND_LABELS.get(change.kind, change.kind))} {escape.markdown_code(change.id)}"
            lines.append(f"| {_cell(what)} | {_cell(structural_summary(change, (left, right)))} "
                         f"| {_cell(md(a))} | {_cell(md(b))} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- summary


def side_heading(diff: ProtocolDiff, labels: tuple[str, str]) -> tuple[str, str]:
    """Each side as a heading names it: the label, with version and file."""
    result = []
    for label, side in zip(labels, (diff.left, diff.right), strict=True):
        extra = [f"versie {side.version}"] + ([side.path] if side.path else [])
        result.append(f"{label} ({', '.join(extra)})")
    return result[0], result[1]


def _answers_text(aspect: str, answers: Sequence[Any], other: Sequence[Any]) -> str:
    other_values = [a.value for a in other]
    parts = []
    for answer in answers:
        shown = aspect_value(aspect, answer.value, other_values[0] if other_values else None)
        parts.append(shown + (f" (bij {answer.condition})" if answer.condition else ""))
    return "; ".join(parts)


def _few_sources(items: Sequence[str], most: int = 3) -> str:
    """The first ``most`` citations, and how many more (``--format json`` has them all)."""
    shown = "; ".join(items[:most])
    return shown + (f"; +{len(items) - most}" if len(items) > most else "")


#: The widest line the summary puts two answers on (a printed A4 page in 10 pt type).
SUMMARY_WIDTH = 96


def render_summary(summary: Any, labels: tuple[str, str] | None = None,
                   structural: bool = False) -> str:
    """A page a client reads: per question, the groups of scenarios that differ, with
    both answers and the sections they rest on (``diff --summary``); the structural
    differences only when asked, in words."""
    diff: ProtocolDiff = summary.diff
    left, right = labels or diff.labels()
    heads = side_heading(diff, (left, right))
    width = max(len(left), len(right)) + 1
    lines = [f"Samenvatting van de verschillen: {heads[0]} en {heads[1]}"]
    if diff.same:
        lines.append("Geen verschillen: de twee protocollen betekenen hetzelfde.")
        return "\n".join(lines) + "\n"
    for side, label, other in (("left", left, right), ("right", right, left)):
        names = summary.one_sided.get(side) or ()
        if names:
            lines.append(f"Alleen {label} onderscheidt {' en '.join(names)}; {other} geeft "
                         "daar één antwoord voor elke waarde.")
    for side, label in (("left", left), ("right", right)):
        for text in summary.only.get(side) or ():
            lines.append(f"Alleen {label} regelt: {text}.")
    for question in summary.questions:
        lines += ["", aspect_label(question.question)]
        for group in question.groups:
            count = len(group.scenarios)
            who = group.text.replace("elk scenario ", "")
            lines.append(f"  * {who} ({count} {'situatie' if count == 1 else 'situaties'})")
            sides = [f"{name}: {_answers_text(question.question, answers, other)}"
                     + (f" [{_few_sources(cites)}]" if cites else "")
                     for name, answers, other, cites in (
                         (left, group.left, group.right, group.left_sources),
                         (right, group.right, group.left, group.right_sources))]
            together = "      " + " | ".join(sides)
            if len(together) <= SUMMARY_WIDTH:
                lines.append(together)
            else:
                lines.extend(f"      {text}" for text in sides)
    if summary.compared == 0:
        lines += ["", ("Geen situatie binnen deze keuze wordt door beide protocollen "
                       "geregeld: er valt niets te vergelijken.")]
    elif not summary.questions:
        lines += ["", "Op de gevraagde vragen geven beide protocollen hetzelfde antwoord."]
    if structural and diff.structural:
        lines += ["", "Opbouw van het protocol"]
        for change in diff.structural:
            a, b = structural_sides(change)
            lines.append(f"  * {KIND_LABELS.get(change.kind, change.kind)} {change.id}: "
                         f"{structural_summary(change, (left, right))}")
            if change.left is not None:
                lines.append(f"      {left + ':':<{width}} {a}")
            if change.right is not None:
                lines.append(f"      {right + ':':<{width}} {b}")
    elif diff.structural:
        lines += ["", (f"De opbouw verschilt op {len(diff.structural)} punten (rollen, stappen, "
                  "termijnen); --structural toont ze.")]
    return "\n".join(lines) + "\n"


def render_json(diff: ProtocolDiff) -> str:
    """The diff as JSON (``structural``, ``behavioral``, ``groups``)."""
    return escape.json_text(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False)) + "\n"
