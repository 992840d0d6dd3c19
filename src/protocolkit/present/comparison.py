"""Rendering a :class:`~protocolkit.diff.rows.ProtocolDiff` for people and tools.

Reports stage: takes the computed diff, returns strings. ``render_text`` is for the
terminal, ``render_markdown`` for pasting into an advice to a raad, ``render_json`` for
tools. The two sides are named by ``labels`` (default: the municipalities, with the
version when both are the same municipality).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from protocolkit.diff.behavioral import KIND_ORDER
from protocolkit.diff.grouping import describe_text
from protocolkit.diff.rows import ProtocolDiff, RowGroup, StructuralChange
from protocolkit.format import escape
from protocolkit.format.diagnostics import counted
from protocolkit.format.model import citations
from protocolkit.format.texts import TEXTS, period_words, text
from protocolkit.format.vocabulary import (
    QUESTIONS,
    SIX_QUESTIONS,
    audience_words,
    not_assigned,
    question,
    role_kind_words,
    scenario_text,
    shared_role_words,
    step_kind_words,
)
from protocolkit.present.phrases import (
    data_words,
    deadline_words,
    short_words,
    silence_until,
)

#: The aspects of a behavioural row other than the six questions, whose labels are
#: ``diff.aspect.<aspect>`` in :data:`protocolkit.format.texts.TEXTS`.
_ASPECTS = ("covered", "out_of_scope", "handoff", "fact_conditions", "step_kinds", "informed",
            "sanctions", "silent", "open", "tracks", "joins")
if TYPE_CHECKING:
    from protocolkit.format.model import Protocol

#: The kinds of a structural change (labels ``diff.kind.<kind>``).
_KINDS = ("scenarios", "role", "phase", "step", "deadline", "fact", "fact_condition", "join",
          "calendar", "entry_route", "substitution", "sanction", "communication", "silence",
          "open_point", "ambiguity", "principle", "section")

#: The Dutch label of each aspect (see :func:`aspect_label` for either language).
ASPECT_LABELS: dict[str, str] = {
    **{a: text(f"diff.aspect.{a}", "nl") for a in _ASPECTS[:1]},
    **{q.key: q.label for q in SIX_QUESTIONS},
    **{a: text(f"diff.aspect.{a}", "nl") for a in _ASPECTS[1:]},
}

#: The Dutch label of each kind of structural change (see :func:`kind_label`).
KIND_LABELS: dict[str, str] = {k: text(f"diff.kind.{k}", "nl") for k in _KINDS}


def kind_label(kind: str, lang: str = "nl") -> str:
    """A kind of protocol element in words: ``entry_route`` -> ``Ingang`` / ``Entry``."""
    return text(f"diff.kind.{kind}", lang) if kind in KIND_LABELS else kind


#: The fields a structural change names, in words (never the file's field names):
#: ``diff.field.<name>`` of the text table, here in Dutch.
FIELD_WORDS: dict[str, str] = {key[len("diff.field."):]: nl for key, (_, nl) in TEXTS.items()
                               if key.startswith("diff.field.")}


def field_words(name: str, lang: str = "nl") -> str:
    """A field of a protocol element in words: ``accountable_to`` -> ``legt
    verantwoording af aan`` (in English the field's own name, ``accountable to``)."""
    key = f"diff.field.{name}"
    return text(key, lang) if key in TEXTS else name.replace("_", " ")


_ROLE_ASPECTS = {*QUESTIONS, "informed"}


def aspect_label(aspect: str, lang: str = "nl") -> str:
    """The label of an aspect (``deadline.onderzoek`` -> ``Termijn onderzoek``); in
    English a question reads as the question it asks."""
    if aspect.startswith("deadline."):
        return text("diff.aspect.deadline", lang, kind=step_kind_words(aspect.split(".", 1)[1]))
    if aspect in QUESTIONS:
        asked = question(aspect)
        return asked.english if lang == "en" else asked.label
    return text(f"diff.aspect.{aspect}", lang) if aspect in ASPECT_LABELS else aspect


def aspect_value(aspect: str, value: Any, other: Any, lang: str = "nl",
                 names: Mapping[str, str] | None = None) -> str:
    """One side's value of an aspect in words; ``step_kinds`` shows what the other lacks;
    ``names``: the side's role names, shown for the roles of a question."""
    if aspect == "covered":
        if isinstance(value, dict) and "read_as" in value:    # through an alias
            said = aspect_value(aspect, value.get("covered", value), other, lang, names) \
                if "excluded" in value else text("common.yes", lang)
            return text("diff.read-as", lang, said=said, read=read_as_words(value, lang))
        if isinstance(value, dict) and "excluded" in value:   # excluded, not covered
            return text("diff.excluded", lang, regime=value["excluded"]["regime"],
                        sources=_few_sources(tuple(value["excluded"]["source"])))
        if isinstance(value, dict):      # an open point leaves it open: not a "no"
            return text("common.open-points", lang, points="; ".join(
                f"{o['question']} ({o['id']})" for o in value["open_points"]))
        return text("common.yes" if value else "common.no", lang)
    if aspect == "step_kinds":
        only = [k for k in value if k not in set(other)]
        return ", ".join(step_kind_words(k) for k in sorted(only, key=KIND_ORDER.__getitem__)) \
            or text("diff.none", lang)
    if value is None:
        return text("diff.none", lang)
    if isinstance(value, dict) and "proposal" in value:   # a concept's open answer
        from protocolkit.present.phrases import proposal_words

        return proposal_words({"name": value["proposal"]},
                              aspect_value(aspect, value["roles"], other, lang, names), lang)
    if isinstance(value, list):
        if not value:
            return text("diff.nobody" if aspect in _ROLE_ASPECTS else "diff.none", lang)
        if aspect.startswith("deadline."):
            return ", ".join(deadline_words(str(v), lang) for v in value)
        if names and aspect in _ROLE_ASPECTS:
            value = [names.get(str(v), v) for v in value]
        return ", ".join(data_words(aspect, str(v), lang) for v in value)
    return data_words(aspect, str(value), lang)


def compact(value: Any, lang: str = "nl") -> str:
    """A value from a protocol file in one line."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return text("common.yes" if value else "common.no", lang)
    if isinstance(value, list) and all(isinstance(v, (str, int, bool)) for v in value):
        return ", ".join(compact(v, lang) for v in value) or text("diff.empty", lang)
    if _is_parties(value):
        return parties_words(value, lang)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_parties(value: Any) -> bool:
    """Whether ``value`` is a list of parties as the file writes them: role ids and
    ``{role, when, open, source}`` entries (``role`` one id or ids acting together)."""
    return (isinstance(value, list) and bool(value)
            and any(isinstance(v, dict) for v in value)
            and all(isinstance(v, str) or (isinstance(v, dict) and "role" in v
                                           and set(v) <= {"role", "when", "open", "source",
                                                          "optional", "any_of"})
                    for v in value))


def parties_words(value: Any, lang: str = "nl", alternatives: bool = False) -> str:
    """Parties from a protocol file in words, never as data: roles acting together
    ("melder en griffier (samen)"), each guarded entry with its guard ("gemeenteraad
    (als niet (subject griffier)); werkgeverscommissie (als subject griffier)") and the
    section it alone cites ("werkgeverscommissie (als ...) [Fase 3, 3.4]").
    ``alternatives`` (an actor, a counterpart: the first entry whose guard holds) joins
    them with "; anders", as the findings and the report do.

    >>> parties_words([{"role": ["melder", "griffier"]}])
    'melder en griffier (samen)'
    >>> parties_words([{"role": ["burgemeester", "griffier"], "any_of": True}])
    'burgemeester en/of griffier'
    >>> parties_words([{"role": "externe_adviseur", "optional": True}])
    'externe_adviseur (eventueel)'
    >>> parties_words([{"when": {"subject": "griffier"}, "role": "werkgeverscommissie",
    ...                 "source": "Fase 3, 3.4"}], "en")
    'werkgeverscommissie (if it is about griffier) [Fase 3, 3.4]'
    >>> parties_words([{"when": {"subject": ["wethouder"]}, "role": ["burgemeester", "griffier"]},
    ...                {"role": "gemeenteraad"}], "en", alternatives=True)
    'burgemeester and griffier (together) (if it is about wethouder); otherwise gemeenteraad'
    """
    if isinstance(value, str):
        return value
    shown: list[str] = []
    for case in value:
        if not isinstance(case, dict):
            shown.append(str(case))
            continue
        role = case.get("role")
        roles = [str(r) for r in role] if isinstance(role, list) else [str(role)]
        if case.get("any_of"):         # a choice: "burgemeester en/of griffier"
            said = text("common.and-or", lang).join(roles)
        else:
            said = text("common.and", lang).join(roles)
            if len(roles) > 1:
                said += text("common.together", lang)
        if case.get("optional"):       # consulted only if the actor so chooses
            said += text("common.optionally", lang)
        if case.get("when"):
            said += text("party.if", lang, guard=guard_words(case["when"], lang))
        if case.get("source"):
            cited = case["source"]
            said += f" [{_sources([cited] if isinstance(cited, str) else cited)}]"
        shown.append(said)
    guarded = any(isinstance(c, dict) and c.get("when") for c in value)
    if not guarded:
        return ", ".join(shown)
    return text("party.otherwise" if alternatives else "common.then-list", lang).join(shown)


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


def guard_words(guard: Any, lang: str = "nl") -> str:
    """A guard (the YAML form of ``when:``) as a clause after "als": the scenario's
    parts in the words every output uses for scenarios (:func:`diff.grouping.box_text`).

    >>> guard_words({"subject": ["burgemeester"], "not": {"act": ["voorgenomen"]}})
    'het over burgemeester gaat en de handeling niet voorgenomen is'
    >>> guard_words({"not": {"subject": "griffier", "act": "uitgevoerd"}})
    'niet (het over griffier gaat en de handeling uitgevoerd is)'
    >>> guard_words({"reporter": "burgemeester", "act": "uitgevoerd"}, "en")
    'the reporter is burgemeester and the act is uitgevoerd'
    >>> guard_words({"own": "true"}), guard_words({"own": False})
    ('het over eigen handelen gaat', 'het niet over eigen handelen gaat')
    """
    from protocolkit.diff.grouping import _values

    if not isinstance(guard, dict) or not guard:
        return text("words.always", lang)

    def nested(inner: Any) -> str:
        said = guard_words(inner, lang)
        return f"({said})" if isinstance(inner, dict) and len(inner) > 1 else said

    parts: list[str] = []
    for key, value in guard.items():
        if key == "all":
            parts.extend(nested(g) for g in value)
        elif key == "any":
            parts.append(text("common.or", lang).join(nested(g) for g in value))
        elif key == "not" and isinstance(value, dict) and len(value) == 1 \
                and next(iter(value)) in ("reporter", "subject", "act"):
            # one part negated reads as a sentence: "het niet over griffier gaat"
            (inner, said), = value.items()
            who = _values(_guard_values(said, lang), lang)
            parts.append(text(f"guard.not-{inner}", lang, who=who, act=who))
        elif key == "not":
            parts.append(text("words.not", lang, guard=guard_words(value, lang)))
        else:
            values = _guard_values(value, lang)
            who = _values(values, lang)
            if key == "own":
                # The stored guard may hold the boolean or its string form ('true', as a
                # structural row keeps it): both mean "about one's own act".
                raw = value if isinstance(value, list) else [value]
                yes = raw == [True] or [str(v).lower() for v in raw] == ["true"]
                parts.append(text("guard.own" if yes else "guard.not-own", lang))
            elif key in ("reporter", "subject"):
                parts.append(text(f"guard.{key}", lang, who=who))
            elif key == "act":
                parts.append(text("guard.act", lang, act=who))
            else:
                parts.append(text("guard.attribute", lang, name=key, values=who))
    return text("common.and", lang).join(parts)


def _guard_values(value: Any, lang: str) -> list[str]:
    """The values a guard's key tests, as words (one value or a list)."""
    return [v if isinstance(v, str) else compact(v, lang)
            for v in (value if isinstance(value, list) else [value])]


def _when(guard: Any, lang: str) -> str:
    return text("words.if", lang, guard=guard_words(guard, lang))


def _next_words(value: Any, lang: str = "nl") -> str:
    if isinstance(value, list):
        return " | ".join(f"{c.get('step')}" + (_when(c["when"], lang) if c.get("when") else "")
                          for c in value)
    return str(value)


def _outcome_words(outcomes: Any, lang: str = "nl") -> str:
    if not isinstance(outcomes, list):
        return compact(outcomes, lang)
    parts = []
    for o in outcomes:
        said = f"{o.get('id')} → {_next_words(o.get('next'), lang)}"
        if o.get("when"):
            said += text("words.only-if", lang, guard=guard_words(o["when"], lang))
        if o.get("admission"):
            said += text("route.admission", lang)
        parts.append(said)
    return "; ".join(parts) or text("diff.none", lang)


def _actor_words(actor: Any, lang: str = "nl") -> str:
    if isinstance(actor, list):
        return parties_words(actor, lang, alternatives=True)
    return compact(actor, lang)


def _outcomes_named(data: Any, row_id: str, protocol: Protocol | None) -> Any:
    """A step's fact conditions (``{outcome, fact, ...}`` each) with each outcome by its
    label (``Protocol.outcome_label``) where ``protocol`` has the step of ``row_id`` (one
    id, or a matched pair's two)."""
    step = next((i for i in row_id.split(" / ") if protocol is not None and protocol.step(i)),
                None)
    if protocol is None or step is None or not isinstance(data, list):
        return data
    return [{**item, "outcome": protocol.outcome_label(step, item["outcome"])}
            if isinstance(item, dict) and isinstance(item.get("outcome"), str) else item
            for item in data]


def _condition_names(protocol: Protocol | None) -> dict[str, str]:
    """The facts of ``protocol`` by their labels and its steps by their short titles, by
    id: the words a fact condition is read in."""
    if protocol is None:
        return {}
    return {**{s.id: step_name(protocol, s.id) for s in protocol.steps},
            **{f.id: f.label for f in protocol.facts if f.label}}


def _conditions_words(data: Any, lang: str = "nl",
                      words: Mapping[str, str] | None = None) -> str:
    """An outcome's fact conditions (``requires``) as a griffier reads them:
    ``ontvankelijk: datum_vermeende_feiten ligt ten hoogste 4 jaar voor de ontvangst``."""
    from protocolkit.format.model import FactCondition

    said = []
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            return compact(data, lang)
        condition = FactCondition.model_validate(
            {k: v for k, v in item.items() if k != "outcome"})
        said.append((f"{item['outcome']}: " if item.get("outcome") else "")
                    + condition.describe(lang, words))
    return "; ".join(said)


def element_words(kind: str, data: Any, lang: str = "nl") -> str:
    """An element added or removed, in a few words."""
    if kind == "fact_condition":
        return _conditions_words(data, lang)
    if not isinstance(data, dict):
        return compact(data, lang)
    if kind == "fact":
        return str(data.get("label") or data.get("id"))
    if kind == "entry_route":
        return text("words.entry", lang, guard=guard_words(data.get("when"), lang),
                    step=data.get("step"))
    if kind == "substitution":
        return text("words.substitution", lang, by=data.get("by"), replaces=data.get("replaces"),
                    guard=guard_words(data.get("when"), lang))
    if kind == "communication":
        said = f"{data.get('speaker')} → {data.get('audience')}: "
        said += text("words.may-not" if data.get("allowed") is False else "words.may", lang)
        if data.get("from_step"):
            said += text("words.from-step", lang, step=data["from_step"])
        if data.get("moment_not_set"):
            said += text("words.moment-not-set", lang)
        if data.get("when"):
            said += "," + _when(data["when"], lang)
        return said
    if kind == "deadline":
        return _deadline_words(data, lang)
    if kind == "silence":
        if isinstance(data.get("in_words"), dict):  # the ends by title and label
            until = silence_until(data["in_words"], lang)
        else:
            until = (text("silence.until", lang, step=data["until"]) if data.get("until")
                     else text("words.no-end", lang))
        return text("words.silence", lang, roles=", ".join(data.get("roles", [])),
                    audience=audience_words(data.get("audience", "pers"), lang), until=until)
    if kind in ("open_point", "ambiguity"):
        return str(data.get("question") or compact(data, lang))
    return _element_name(data) or compact(data, lang)


def _deadline_words(data: Any, lang: str = "nl") -> str:
    if not isinstance(data, dict):
        return text("words.no-deadline", lang)
    if data.get("amount") is None:
        return text("words.no-date", lang, words=data.get("words"))
    said = period_words(f"{data.get('amount')} {data.get('unit')}", lang)
    if data.get("words"):
        said += f' ("{data["words"]}")'
    start = data.get("from", "step")
    if start == "case":
        said += text("words.after-opening", lang)
    elif start == "ontvangst":
        said += text("words.after-receipt", lang)
    elif start != "step":
        said += text("words.after-step", lang, step=start)
    return said


def _field_value(change: StructuralChange, data: Any, name: str, lang: str = "nl") -> str:
    if not isinstance(data, dict):
        return compact(data, lang)
    value = data.get(name)
    if name == "when":
        return guard_words(value, lang)
    if name == "outcomes":
        return _outcome_words(value, lang)
    if name == "actor":
        return _actor_words(value, lang)
    if name == "kind" and isinstance(value, str):      # a role's or a step's kind
        return role_kind_words(value, lang) if change.kind == "role" \
            else step_kind_words(value)
    if name == "shared" and isinstance(value, str):
        return shared_role_words(value, lang)
    if name == "seat_per":             # "Fractievoorzitter (één per Fractie) [art. 1.1 lid 5]"
        seats = [seat for seat in value or [] if isinstance(seat, dict)]
        return ", ".join(
            str(seat.get("role")) + text("common.one-per", lang, per=seat.get("per"))
            + (f" [{_sources(citations(seat.get('source')))}]" if seat.get("source") else "")
            for seat in seats) or text("diff.nobody", lang)
    if name in ("consulted_optional", "heard_optional"):   # the entries marked optional
        field = name.removesuffix("_optional")
        entries = [c if isinstance(c, dict) else {"role": c}     # a plain role: an entry
                   for c in data.get(field) or [] if isinstance(c, (dict, str))]
        chosen = [c for c in entries if c.get("optional")]
        if chosen:
            return parties_words(chosen, lang)
        # the other side consults or hears them too, always: not "nobody" alone
        return text(f"diff.{field}-always", lang, roles=parties_words(entries, lang)) \
            if entries else text("diff.nobody", lang)
    if name == "until" and isinstance(data.get("in_words"), dict):
        return silence_until(data["in_words"], lang)
    if name == "from" and isinstance(data.get("in_words"), dict) and data.get("from"):
        return text("silence.step", lang, title=data["in_words"].get("from_title"))
    if name == "text":  # a section's quoted text, on one line
        return " ".join(str(value or "").split())
    if name == "handoff":
        handoff = data.get("out_of_scope")
        if not isinstance(handoff, dict):
            return "—"

        def who(roles: Any) -> str:
            return _actor_words(roles, lang) if roles else not_assigned(lang)

        return text("words.handoff", lang, decides=who(handoff.get("decides")),
                    melder=who(handoff.get("communicates_with_melder")))
    return compact(value, lang)


#: The fields of an element's YAML form that name roles by id: shown by their names.
_ROLE_FIELDS = frozenset({"actor", "counterpart", "consulted", "informed", "heard", "members",
                          "optional_members", "part_of", "accountable_to", "employed_by",
                          "roles", "speaker", "by", "replaces", "bodies", "imposed_by",
                          "applies_to", "decides", "communicates_with_melder"})
#: The fields that name steps by id: shown by their (short) titles.
_STEP_FIELDS = frozenset({"next", "step", "from_step", "from", "waits_for", "tracks",
                          "steps"})

#: The two sides' protocols of a diff (``None`` where a diff was made without them).
Protocols = tuple["Protocol | None", "Protocol | None"]


def diff_protocols_of(diff: ProtocolDiff) -> Protocols:
    """The protocols a diff compared, as its sides keep them."""
    return diff.left.protocol, diff.right.protocol


def step_name(protocol: Protocol | None, step_id: str) -> str:
    """A step of ``protocol`` as a row of a comparison names it: its title in short
    ('De burgemeester bespreekt…'), its id where it has none or the protocol lacks it."""
    found = protocol.step(step_id) if protocol is not None else None
    return f"'{short_words(found.title)}'" if found is not None and found.title else step_id


@dataclass(frozen=True)
class _Named:
    """Something :func:`reader_form` names by words it has no ``name`` of its own for."""

    name: str


def reader_form(data: Any, protocol: Protocol | None, lang: str = "nl") -> Any:
    """One side of a structural change (an element's YAML form) as a reader reads it:
    the roles it names by their names, the steps it points to by their short titles, its
    outcomes by their labels, its phases and sanctions by their names
    (``Protocol.role_names``, ``Protocol.outcome_label``). The JSON keeps the ids; the
    element's own ``id`` stays."""
    if protocol is None or not isinstance(data, dict):
        return data
    names = protocol.role_names()
    questions = {p.id: _Named(f'"{short_words(p.question)}"') for p in protocol.open_points}

    def worded(value: Any, key: str, word: Callable[[str], str]) -> Any:
        """``value`` with each id in it by ``word``: one id, each of a list, or a
        guarded entry's ``key`` (``{role: ..., when: ...}``, ``{step: ..., when: ...}``)."""
        if isinstance(value, str):
            return word(value)
        if isinstance(value, list):
            return [worded(v, key, word) for v in value]
        if isinstance(value, dict) and key in value:
            return {**value, key: worded(value[key], key, word)}
        return value

    def role(value: Any) -> Any:
        return worded(value, "role", lambda r: names.get(r, r))

    def step(value: Any) -> Any:
        return worded(value, "step", lambda s: step_name(protocol, s)
                      if protocol.step(s) is not None else s)

    def affected(element: str) -> str:
        """What a note or an open point governs, by its words: a step, a step's outcome
        ("stap 'X' met de uitkomst 'Y'"), a sanction or a role."""
        step_id, _, outcome = element.partition(".")
        if protocol.step(step_id) is not None:
            if not outcome:
                return step_name(protocol, step_id)
            return text("silence.step-outcome", lang, step=step_name(protocol, step_id),
                        outcome=f"'{protocol.outcome_label(step_id, outcome)}'")
        found = protocol.sanction(element)
        return found.name if found is not None else names.get(element, element)

    def named_by(lookup: Any, value: Any) -> Any:
        if isinstance(value, list):
            return [named_by(lookup, v) for v in value]
        found = lookup(value) if isinstance(value, str) else None
        return found.name if found is not None else value

    def walk(value: Any, owner: str | None) -> Any:
        if isinstance(value, list):
            return [walk(v, owner) for v in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in _ROLE_FIELDS:
                out[key] = role(item)
            elif key in _STEP_FIELDS:
                out[key] = step(item)
            elif key == "seat_per" and isinstance(item, list):   # the member and "per" by name
                out[key] = [{**seat, **{part: names.get(seat[part], seat[part])
                                        for part in ("role", "per")
                                        if isinstance(seat.get(part), str)}}
                            if isinstance(seat, dict) else seat for seat in item]
            elif key in ("phase", "phases"):
                out[key] = named_by(protocol.phase, item)
            elif key == "sanctions":
                out[key] = named_by(protocol.sanction, item)
            elif key == "open":            # open points by their questions
                out[key] = named_by(questions.get, item)
            elif key == "affects":         # steps, outcomes, sanctions, roles
                out[key] = [affected(str(v)) for v in item] if isinstance(item, list) \
                    else item
            elif key == "outcomes" and isinstance(item, list) and owner is not None:
                out[key] = [{**walk(o, owner), "id": protocol.outcome_label(owner, o["id"])}
                            if isinstance(o, dict) and isinstance(o.get("id"), str)
                            else walk(o, owner) for o in item]
            elif key in ("when", "in_words", "id", "source", "shared"):
                out[key] = item
            else:
                out[key] = walk(item, owner)
        return out

    owner = data.get("id") if isinstance(data.get("id"), str) else None
    return walk(data, owner if owner is not None and protocol.step(owner) else None)


def _side_name(kind: str, data: Any, protocol: Protocol | None, element_id: str) -> str:
    """What one side's element is called where a row names it: a role, phase, sanction
    or principle by its name, a fact by its label, a step by its short title, an element
    without a name (an entry, a substitution, a communication rule, a silence) by the
    sections it rests on, an open point or a choice between readings by its question."""
    form = data if isinstance(data, dict) else {}
    if kind in ("role", "phase", "sanction", "principle") and form.get("name"):
        return str(form["name"])
    if kind == "fact" and form.get("label"):
        return str(form["label"])
    if kind in ("step", "deadline", "fact_condition", "join"):
        return step_name(protocol, str(form.get("id") or element_id))
    if kind in ("open_point", "ambiguity") and form.get("question"):
        return f'"{short_words(str(form["question"]))}"'
    if kind in _NAMELESS:
        cited = _element_source(data)
        return f"({_sources(cited)})" if cited else ""
    return element_id


#: The kinds of element without a name of their own: a row names a changed one by the
#: sections each side rests on, an added or removed one not at all.
_NAMELESS = frozenset({"entry_route", "substitution", "communication", "silence"})


def row_name(change: StructuralChange, protocols: Protocols, lang: str = "nl") -> str:
    """What a reader sees a structural change named by: the element's name, title or
    sections (:func:`_side_name`), of each side where they differ ("left / right", as
    the columns are), never its id where it has words (the JSON and the Markdown's id
    column keep the ids)."""
    if change.kind == "scenarios":
        if change.id.startswith("attribute."):
            return text("diff.attribute", lang, name=change.id.split(".", 1)[1])
        return field_words(change.id, lang)
    if change.kind in ("calendar", "section"):
        return "" if change.kind == "calendar" else change.id
    if change.change != "changed" and change.kind in _NAMELESS:
        return ""           # the one side's row says it in words, with its sections
    ids = change.id.split(" / ")
    sides = []
    for data, protocol in ((change.left, protocols[0]), (change.right, protocols[1])):
        if data is None:
            continue
        own = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) \
            else next((i for i in ids if protocol is not None and protocol.step(i)), ids[0])
        sides.append(_side_name(change.kind, data, protocol, str(own)))
    return " / ".join(dict.fromkeys(s for s in sides if s))


def row_label(change: StructuralChange) -> str:
    """The id a reader sees for a structural change: for a pair matched with different
    ids, the left id then the right one, as the columns are (``change.id`` sorts them, so
    that the data reads the same whichever side is left)."""
    if change.change == "changed" and isinstance(change.left, dict) \
            and isinstance(change.right, dict):
        left, right = change.left.get("id"), change.right.get("id")
        if isinstance(left, str) and isinstance(right, str) and left != right:
            return f"{left} / {right}"
    return change.id


def structural_summary(change: StructuralChange, labels: tuple[str, str],
                       lang: str = "nl") -> str:
    """What a structural change is, in one phrase: ``alleen in Oostzaan``, ``anders: actor``."""
    left, right = labels
    if change.change == "added":
        return text("diff.only-in", lang, label=right)
    if change.change == "removed":
        return text("diff.only-in", lang, label=left)
    if change.kind == "scenarios" or not change.fields:
        return text("diff.different", lang)
    return text("diff.different-in", lang,
                fields=", ".join(field_words(f, lang) for f in change.fields))


def structural_sides(change: StructuralChange, lang: str = "nl",
                     protocols: Protocols = (None, None)) -> tuple[str, str]:
    """Each side of a structural change in a few words (with citations), with
    ``protocols`` in a reader's words (:func:`reader_form`)."""
    def side(data: Any, protocol: Protocol | None) -> str:
        if data is None:
            return "—"
        cited = data
        data = reader_form(data, protocol, lang)
        if change.kind == "deadline":
            said = _deadline_words(data, lang)
        elif change.kind == "fact_condition":
            said = _conditions_words(_outcomes_named(cited, change.id, protocol), lang,
                                     _condition_names(protocol))
        elif change.kind == "scenarios":
            said = compact(data, lang) if change.id != "exclude" else \
                "; ".join(guard_words(g, lang) for g in data) or text("diff.none", lang)
        elif change.change == "changed":
            said = "; ".join(f"{field_words(name, lang)}: "
                             f"{_field_value(change, data, name, lang)}"
                             for name in change.fields)
        else:
            said = element_words(change.kind, data, lang)
        cites = [] if _cites_itself(change, data) else _element_source(cited)
        return said + (f" ({_sources(cites)})" if cites else "")

    return side(change.left, protocols[0]), side(change.right, protocols[1])


#: Fields whose every entry cites the section it rests on (``optional_members``: {role,
#: source}): a side that shows them says its citations there, once.
_SELF_CITED_FIELDS = frozenset({"optional_members", "seat_per"})


def _cites_itself(change: StructuralChange, data: Any) -> bool:
    """Whether a side of a changed row already cites every value it shows (each changed
    field's entries their own section), so that the element's citations would say them
    twice: "leden desgewenst: externe_adviseur [art. 3.1 lid 2; art. 1.1 lid 4]", not
    followed by "(art. 1.1 lid 4; art. 3.1 lid 2)"; and the side without them says
    "(niemand)" without the element's citations, which are not about an absent field."""
    return (change.change == "changed" and isinstance(data, dict) and bool(change.fields)
            and all(name in _SELF_CITED_FIELDS for name in change.fields))


def group_heading(group: RowGroup, lang: str = "nl") -> str:
    count = len(group.scenarios)
    what = (describe_text(group.description, group.scenarios, lang)
            if group.description is not None else text("diff.these-scenarios", lang))
    scenarios = counted("diff.scenario-count", count).render(lang)
    return f"{aspect_label(group.aspect, lang)} — {what} ({scenarios})"


# --------------------------------------------------------------------------- text


def _open_sides(diff: ProtocolDiff, labels: tuple[str, str]
                ) -> list[tuple[int, str, str]]:
    """Per side whose answer alone is still open in some rows (a proposal equal to the
    other side's, :meth:`ProtocolDiff.open_only`): how many, its label, the other's."""
    left, right = labels
    return [(count, name, other)
            for side, name, other in (("left", left, right), ("right", right, left))
            if (count := diff.open_only(side))]


def _open_counts(diff: ProtocolDiff, labels: tuple[str, str], lang: str) -> str:
    """``; in 190 gevallen is het antwoord in Aalsmeer nog open (voorstel gelijk aan
    Arnhem)``: the rows that differ only in one side's answer being still open, counted
    apart from what really differs (empty when there are none)."""
    return "".join(
        "; " + counted("diff.open-count", count, open=name, other=other).render(lang)
        for count, name, other in _open_sides(diff, labels))


def case_counts(diff: ProtocolDiff, labels: tuple[str, str], lang: str = "nl") -> str:
    """``87 verschillen in wat er met zaken gebeurt en 109 open punten in Aalsmeer
    (voorstel gelijk aan Arnhem)``: the cases (a scenario and a question) in which
    something else happens and those whose answer is still open on one side (a proposal
    equal to the other side's), side by side, neither part of the other. The ``open``
    status rows count in neither (:attr:`ProtocolDiff.different`)."""
    return text("diff.case-counts", lang,
                behavioral=counted("diff.n-difference", diff.different).render(lang),
                open="".join(counted("diff.n-open", count, open=name, other=other).render(lang)
                             for count, name, other in _open_sides(diff, labels)))


def render_text(diff: ProtocolDiff, labels: tuple[str, str] | None = None,
                lang: str = "nl") -> str:
    """The diff for a terminal: behavioural groups first, then the structural changes."""
    left, right = labels or diff.labels()
    width = max(len(left), len(right)) + 1
    lines = [text("diff.text-head", lang, left=left, right=right)]
    if diff.same:
        lines.append(text("diff.same", lang))
        return escape.terminal_lines(lines)
    grouped = "diff.in-groups-together" if _open_sides(diff, (left, right)) else \
        "diff.in-groups"
    lines.append(text("diff.text-counts", lang, cases=text(
        grouped, lang, cases=case_counts(diff, (left, right), lang),
        groups=counted("diff.n-group", len(diff.groups)).render(lang)),
        structural=counted("diff.n-difference", len(diff.structural)).render(lang)))
    if diff.groups:
        heading = text("diff.cases", lang)
        lines += ["", heading, "=" * len(heading)]
    for group in diff.groups:
        lines.append("")
        lines.append(group_heading(group, lang))
        if group.description is None:
            lines.extend(f"    - {scenario_text(s.to_dict(), lang=lang)}"
                         for s in group.scenarios)
        for name, value, other, cites, names in (
                (left, group.left, group.right, group.left_sources, diff.left.names),
                (right, group.right, group.left, group.right_sources, diff.right.names)):
            shown = aspect_value(group.aspect, value, other, lang, dict(names))
            lines.append(f"  {name + ':':<{width}} {shown}"
                         + (f"   [{_sources(cites)}]" if cites else ""))
    if diff.structural:
        heading = text("diff.structure", lang)
        lines += ["", heading, "=" * len(heading)]
    for change in diff.structural:
        lines.append("")
        lines += _structural_lines(change, (left, right), width, lang, "", "  ",
                                   diff_protocols_of(diff))
    return escape.terminal_lines(lines)


def _structural_lines(change: StructuralChange, labels: tuple[str, str], width: int,
                      lang: str, head: str, side: str,
                      protocols: Protocols = (None, None)) -> list[str]:
    """One structural change as text: what changed, named in words (:func:`row_name`),
    then each side that has it (the full diff and the summary indent them differently:
    ``head`` and ``side``)."""
    left, right = labels
    a, b = structural_sides(change, lang, protocols)
    name = row_name(change, protocols, lang)
    lines = [(f"{head}{kind_label(change.kind, lang)}{' ' + name if name else ''}: "
              f"{structural_summary(change, labels, lang)}")]
    if change.left is not None:
        lines.append(f"{side}{left + ':':<{width}} {a}")
    if change.right is not None:
        lines.append(f"{side}{right + ':':<{width}} {b}")
    return lines


# --------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    """A table cell of already-escaped Markdown (see :func:`protocolkit.format.escape.markdown_inline`)."""
    return " ".join(text.split()) or " "


def render_markdown(diff: ProtocolDiff, labels: tuple[str, str] | None = None,
                    lang: str = "nl") -> str:
    """The diff as Markdown a consultant can paste into an advice to a raad."""
    md = escape.markdown_inline
    left, right = (md(label) for label in (labels or diff.labels()))
    lines = ["## " + text("diff.md-head", lang, left=left, right=right), ""]
    if diff.same:
        lines.append(text("diff.md-same", lang, left=left, right=right))
        return "\n".join(lines) + "\n"
    lines.append(text("diff.md-counts", lang, behavioral=diff.different, left=left,
                      open=_open_counts(diff, (left, right), lang), right=right,
                      below=text("diff.md-below-together" if _open_sides(diff, (left, right))
                                 else "diff.md-below", lang,
                                 groups=counted("diff.n-group", len(diff.groups)).render(lang)),
                      structural=len(diff.structural)))
    if diff.groups:
        lines += ["", "### " + text("diff.cases", lang), "",
                  (f"| {text('diff.md-for', lang)} | {text('diff.md-question', lang)} | "
                  f"{_cell(left)} | {_cell(right)} |"),
                  "| --- | --- | --- | --- |"]
        for group in diff.groups:
            count = len(group.scenarios)
            who = describe_text(group.description, group.scenarios, lang)
            cells = []
            for value, other, cites, names in (
                    (group.left, group.right, group.left_sources, diff.left.names),
                    (group.right, group.left, group.right_sources, diff.right.names)):
                shown = md(aspect_value(group.aspect, value, other, lang, dict(names)))
                cells.append(shown + (f" *({md(_sources(cites))})*" if cites else ""))
            lines.append(f"| {_cell(md(who))} ({count}) | "
                         f"{_cell(md(aspect_label(group.aspect, lang)))} | "
                         f"{_cell(cells[0])} | {_cell(cells[1])} |")
    if diff.structural:
        lines += ["", "### " + text("diff.structure", lang), "",
                  *_structural_table(diff.structural, (left, right), lang,
                                     diff_protocols_of(diff))]
    return "\n".join(lines) + "\n"


def _structural_table(changes: Sequence[StructuralChange], labels: tuple[str, str],
                      lang: str, protocols: Protocols = (None, None)) -> list[str]:
    """The structural differences as a Markdown table (``labels`` already escaped): each
    element in words (:func:`row_name`), its id in a last column, as code."""
    md = escape.markdown_inline
    left, right = labels
    lines = [(f"| {text('diff.md-element', lang)} | {text('diff.md-difference', lang)} | "
              f"{_cell(left)} | {_cell(right)} | {text('diff.md-id', lang)} |"),
             "| --- | --- | --- | --- | --- |"]
    for change in changes:
        a, b = structural_sides(change, lang, protocols)
        name = row_name(change, protocols, lang)
        what = md(kind_label(change.kind, lang)) + (f" {md(name)}" if name else "")
        lines.append(f"| {_cell(what)} "
                     f"| {_cell(structural_summary(change, (left, right), lang))} "
                     f"| {_cell(md(a))} | {_cell(md(b))} "
                     f"| {escape.markdown_code(row_label(change))} |")
    return lines


# --------------------------------------------------------------------------- summary


def side_heading(diff: ProtocolDiff, labels: tuple[str, str],
                 lang: str = "nl") -> tuple[str, str]:
    """Each side as a heading names it: the label, with version and file."""
    result = []
    for label, side in zip(labels, (diff.left, diff.right), strict=True):
        extra = [text("diff.version", lang, version=side.version)] + (
            [side.path] if side.path else [])
        result.append(f"{label} ({', '.join(extra)})")
    return result[0], result[1]


def answers_text(aspect: str, answers: Sequence[Any], other: Sequence[Any],
                  lang: str = "nl", named_once: bool = False,
                  names: Mapping[str, str] | None = None) -> str:
    other_values = [a.value for a in other]
    parts = []
    for answer in answers:
        outside = getattr(answer, "outside", None)
        shown = ((text("diff.outside-short", lang) if named_once
                  else text("diff.outside", lang, regime=outside)) if outside else
                 aspect_value(aspect, answer.value, other_values[0] if other_values else None,
                              lang, names))
        parts.append(shown + (text("diff.when", lang,
                                   condition=data_words("condition", answer.condition, lang))
                              if answer.condition else ""))
    return "; ".join(parts)


def _few_sources(items: Sequence[str], most: int = 2) -> str:
    """The first ``most`` citations, and how many more (``--format json`` has them all)."""
    shown = "; ".join(items[:most])
    return shown + (f"; +{len(items) - most}" if len(items) > most else "")


#: The widest line the summary puts two answers on: a printed A4 page in 10 pt type
#: holds about 64 lines of 95 characters (docs/diff.md).
SUMMARY_WIDTH = 95


#: An answer of the summary for a group (its words; ``None``: every situation meant),
#: what it says and the sections it rests on.
_Said = tuple[str | None, str, str]


@dataclass(frozen=True)
class SummaryPage:
    """What ``diff --summary`` says, in ``lang``, before it is written as text
    (:func:`render_summary`) or Markdown (:func:`render_summary_markdown`)."""

    labels: tuple[str, str]
    head: str
    same: bool
    #: Paragraphs at the top: how many cases differ and how many are only open, the
    #: attributes only one side declares, what only one side covers (and where the
    #: other leaves that open).
    notes: tuple[str, ...]
    #: Per side that sends situations outside the protocol, said once: the sentence,
    #: the other side's label, then per question its label and the other side's answers
    #: there, each for a group (``None``: for all those situations), with the sections
    #: it rests on.
    outside: tuple[tuple[str, str, tuple[tuple[str, tuple[_Said, ...]], ...]], ...]
    #: Per question its label and groups: the group in words, then each side's answer
    #: and the sections it rests on (``""`` for none).
    questions: tuple[tuple[str, tuple[tuple[str, tuple[str, str], tuple[str, str]], ...]], ...]
    #: What closes the answers: nothing to compare, or the same answers throughout.
    closing: tuple[str, ...]


def coverage_notes(summary: Any, side: str, label: str, other: str,
                   lang: str = "nl", named: str | None = None) -> list[str]:
    """The sentences on what only ``side`` (named ``label``) covers, with the other side's
    open points where it leaves them open, and on what ``side`` has in its space but
    excludes ("Buiten Oostzaan valt (art. 2.1 lid 2): ..."): never counted as covered.
    An exclusion to ``named`` (the regime the summary names once for the side) does not
    name it again."""
    every = text("group.every", lang) + " "
    notes: list[str] = []
    for covered, still in zip(summary.only_in_words(side, lang),
                              summary.open_elsewhere(side), strict=True):
        notes.append(text("diff.only-covers", lang, label=label,
                          text=covered.replace(every, "")))
        if still:        # the other side leaves it open: not a "no"
            notes.append(text("diff.only-open", lang, label=other,
                              open=aspect_value("covered", still, None, lang)))
    for words, excluded in summary.excluded_in_words(side, lang):
        key = "diff.only-excludes-short" if excluded["regime"] == named else \
            "diff.only-excludes"
        notes.append(text(key, lang, label=label, text=words.replace(every, ""),
                          regime=excluded["regime"],
                          sources=_few_sources(tuple(excluded["source"]))))
    for words, value in summary.read_as_in_words(side, lang):
        notes.append(text("diff.covers-read-as", lang, label=label,
                          text=words.replace(every, ""),
                          read=read_as_words(value, lang)))
    return notes


def read_as_words(value: Mapping[str, Any], lang: str = "nl") -> str:
    """A side's aliases that read a scenario as one of its own (``{read_as: [{alias,
    role, source}]}``): "fractievoorzitter gelezen als raadslid [...]"."""
    return "; ".join(text("diff.read-as-one", lang, alias=a["alias"], role=a["role"],
                          sources=_few_sources(tuple(a["source"])))
                     for a in value["read_as"])


def summary_page(summary: Any, labels: tuple[str, str] | None = None,
                 lang: str = "nl") -> SummaryPage:
    """The summary's sentences and groups (see :class:`SummaryPage`).

    Said once: the attributes only one side declares; the regime a side sends
    situations to ("buiten dit protocol"), with those situations and the article, at
    the top, followed by what the other side answers there, question by question (its
    groups are not repeated under each question with "buiten dit protocol" opposite)."""
    diff: ProtocolDiff = summary.diff
    left, right = labels or diff.labels()
    heads = side_heading(diff, (left, right), lang)
    head = text("diff.summary-head", lang, left=heads[0], right=heads[1])
    if diff.same:
        return SummaryPage((left, right), head, True, (), (), (), ())
    # What really differs and what is only open, counted apart as the full diff does.
    notes: list[str] = ([text("diff.summary-counts", lang,
                              cases=case_counts(diff, (left, right), lang))]
                        if diff.behavioral else [])
    for side, label, other in (("left", left, right), ("right", right, left)):
        names = summary.one_sided.get(side) or ()
        if names:
            notes.append(text("diff.one-sided", lang, label=label,
                              names=text("common.and", lang).join(names), other=other))
    every = text("group.every", lang) + " "
    # Where a side sends situations outside the protocol: a side with one such regime
    # names it once here, and its answers then say only "buiten dit protocol".
    regimes: dict[str, list[str]] = {"left": [], "right": []}
    for asked in summary.questions:
        for group in asked.groups:
            for side, answers in (("left", group.left), ("right", group.right)):
                for answer in answers:
                    outside = getattr(answer, "outside", None)
                    if outside and outside not in regimes[side]:
                        regimes[side].append(outside)
    named_once = {side: len(found) == 1 for side, found in regimes.items()}
    for side, label, other in (("left", left, right), ("right", right, left)):
        notes.extend(coverage_notes(summary, side, label, other, lang,
                                    named=regimes[side][0] if named_once[side] else None))
    side_names = {"left": dict(diff.left.names), "right": dict(diff.right.names)}
    leaving = {side: _leaving(summary, side) if named_once[side] else None
               for side in ("left", "right")}
    said: set[int] = set()      # the groups written at the top (by id)
    outside_said: list[tuple[str, str, tuple[tuple[str, tuple[_Said, ...]], ...]]] = []
    for side, label, other in (("left", left, right), ("right", right, left)):
        if not named_once[side]:
            continue
        found = leaving[side]
        if found is None:
            outside_said.append((text("diff.outside-named", lang, label=label,
                                      regime=regimes[side][0]), other, ()))
            continue
        where, cites, moved = found
        sentence = text("diff.outside-once", lang, label=label, regime=regimes[side][0],
                        groups="; ".join(_group_words(g, lang) for g in where),
                        sources=_few_sources(cites), other=other)
        said.update(id(g) for g in where)
        union = where[0].in_words(lang).replace(every, "") if len(where) == 1 else None
        per_question: list[tuple[str, tuple[_Said, ...]]] = []
        for aspect, groups in moved:
            said.update(id(g) for g in groups)
            mine = "right" if side == "left" else "left"
            if len(groups) == 1 and union is not None and \
                    set(groups[0].scenarios) == set(where[0].scenarios):
                per_question.append((aspect_label(aspect, lang), ((None, *_side_answer(
                    aspect, groups[0], mine, lang, side_names[mine])),)))
                continue
            rows: list[_Said] = []
            for group in groups:
                words = _group_words(group, lang)
                if union is not None and words.startswith(union + ", "):
                    words = words[len(union) + 2:]
                rows.append((words, *_side_answer(aspect, group, mine, lang, side_names[mine])))
            per_question.append((aspect_label(aspect, lang), tuple(rows)))
        outside_said.append((sentence, other, tuple(per_question)))
    questions: list[tuple[str, tuple[tuple[str, tuple[str, str], tuple[str, str]], ...]]] = []
    for asked in summary.questions:
        shown = [g for g in asked.groups if id(g) not in said]
        if not shown:
            continue
        said_here = []
        for group in shown:
            left_said, right_said = (
                (answers_text(asked.question, answers, other, lang, named_once[side],
                              side_names[side]),
                 _few_sources(cites) if cites else "")
                for side, answers, other, cites in (
                    ("left", group.left, group.right, group.left_sources),
                    ("right", group.right, group.left, group.right_sources)))
            said_here.append((_group_words(group, lang), left_said, right_said))
        questions.append((aspect_label(asked.question, lang), tuple(said_here)))
    # Answers in scenarios a side reads through an alias are not lined up (its note says
    # so): "nothing to compare" or "the same answers" would claim what was not compared.
    read_as = any(summary.read_as_groups.get(side) for side in ("left", "right"))
    closing = ((text("diff.read-as-not-compared", lang),) if read_as and (
                   summary.compared == 0 or not summary.questions) else
               (text("diff.nothing-to-compare", lang),) if summary.compared == 0 else
               (text("diff.same-answers", lang),) if not summary.questions else ())
    return SummaryPage((left, right), head, False, tuple(notes), tuple(outside_said),
                       tuple(questions), closing)


def render_summary(summary: Any, labels: tuple[str, str] | None = None,
                   structural: bool = False, lang: str = "nl") -> str:
    """A page a client reads: per question, the groups of scenarios that differ, with
    both answers and the sections they rest on (``diff --summary``); the structural
    differences only when asked, in words (:func:`summary_page`)."""
    diff: ProtocolDiff = summary.diff
    page = summary_page(summary, labels, lang)
    left, right = page.labels
    width = max(len(left), len(right)) + 1
    lines = [page.head]
    if page.same:
        lines.append(text("diff.same", lang))
        return escape.terminal_lines(lines)
    lines += page.notes
    for sentence, _, per_question in page.outside:
        lines.append(sentence)
        for asked, rows in per_question:
            if len(rows) == 1 and rows[0][0] is None:
                lines.append(f"  {asked}{'' if asked.endswith('?') else ':'} "
                             + _with_cites(*rows[0][1:]))
                continue
            lines.append(f"  {asked}")
            lines += [f"    {words}: {_with_cites(said, cites)}" for words, said, cites in rows]
    for asked, groups in page.questions:
        lines += ["", asked]
        for words, *answers in groups:
            lines.append(f"  * {words}")
            sides = [f"{name}: {_with_cites(said, cites)}"
                     for name, (said, cites) in zip(page.labels, answers, strict=True)]
            together = "      " + " | ".join(sides)
            if len(together) <= SUMMARY_WIDTH:
                lines.append(together)
            else:
                lines.extend(f"      {side_text}" for side_text in sides)
    for line in page.closing:
        lines += ["", line]
    if structural and diff.structural:
        lines += ["", text("diff.structure", lang)]
        for change in diff.structural:
            lines += _structural_lines(change, (left, right), width, lang, "  * ", "      ",
                                       diff_protocols_of(diff))
    elif diff.structural:
        lines += ["", text("diff.structure-hidden", lang, count=len(diff.structural))]
    # for the terminal: a line break or an escape in the protocol's text stays visible
    return escape.terminal_lines(lines)


def render_summary_markdown(summary: Any, labels: tuple[str, str] | None = None,
                            structural: bool = False, lang: str = "nl") -> str:
    """The summary as Markdown for a client's report (``diff --summary --format
    markdown``): the same sentences as :func:`render_summary`, each question a table
    of its groups with both answers and their sections, the structural differences (with
    ``structural``) the full diff's table. Every text is escaped
    (:func:`protocolkit.format.escape.markdown_inline`)."""
    md = escape.markdown_inline
    diff: ProtocolDiff = summary.diff
    page = summary_page(summary, labels, lang)
    left, right = (md(label) for label in page.labels)
    lines = ["## " + md(page.head), ""]
    if page.same:
        lines.append(md(text("diff.same", lang)))
        return "\n".join(lines) + "\n"
    for note in page.notes:
        lines += [md(note), ""]

    def answer(said: str, cites: str) -> str:
        return _cell(md(said) + (f" *({md(cites)})*" if cites else ""))

    for sentence, other, per_question in page.outside:
        lines += [md(sentence), ""]
        if not per_question:
            continue
        # a column for the groups only where an answer holds for part of the situations
        parts = any(words is not None for _, rows in per_question for words, _, _ in rows)
        lines += [f"| {text('diff.md-question', lang)} | "
                  + (f"{text('diff.md-for', lang)} | " if parts else "")
                  + f"{_cell(md(other))} |",
                  "| --- | --- |" + (" --- |" if parts else "")]
        for asked, rows in per_question:
            for words, said, cites in rows:
                lines.append(f"| {_cell(md(asked))} | "
                             + (f"{_cell(md(words or ''))} | " if parts else "")
                             + f"{answer(said, cites)} |")
        lines.append("")
    for asked, groups in page.questions:
        lines += [f"### {md(asked)}", "",
                  f"| {text('diff.md-for', lang)} | {_cell(left)} | {_cell(right)} |",
                  "| --- | --- | --- |"]
        for words, (left_said, left_cites), (right_said, right_cites) in groups:
            lines.append(f"| {_cell(md(words))} | {answer(left_said, left_cites)} | "
                         f"{answer(right_said, right_cites)} |")
        lines.append("")
    for line in page.closing:
        lines += [md(line), ""]
    if structural and diff.structural:
        lines += ["### " + md(text("diff.structure", lang)), "",
                  *_structural_table(diff.structural, (left, right), lang,
                                     diff_protocols_of(diff)), ""]
    elif diff.structural:
        lines += [md(text("diff.structure-hidden", lang, count=len(diff.structural))), ""]
    return "\n".join(lines[:-1] if lines[-1] == "" else lines) + "\n"


def _group_words(group: Any, lang: str) -> str:
    """A group of the summary as its heading names it: ``gemeld door ambtenaar (3
    situaties)`` (without "elk scenario")."""
    count = len(group.scenarios)
    who = group.in_words(lang).replace(text("group.every", lang) + " ", "")
    return f"{who} (" + counted("diff.situation-count", count).render(lang) + ")"


def _side_answer(question: str, group: Any, side: str, lang: str,
                 names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """One side's answer for a group, and the sections it rests on (``""``: none)."""
    answers, other = getattr(group, side), getattr(group, "right" if side == "left" else "left")
    cites = getattr(group, f"{side}_sources")
    return (answers_text(question, answers, other, lang, names=names),
            _few_sources(cites) if cites else "")


def _with_cites(said: str, cites: str) -> str:
    """An answer as the text summary writes it: its sections after it in brackets."""
    return said + (f" [{cites}]" if cites else "")


def _leaving(summary: Any, side: str) -> tuple[list[Any], tuple[str, ...],
                                               list[tuple[str, list[Any]]]] | None:
    """Where ``side`` sends situations outside the protocol, to be said once: the groups
    of the ``out_of_scope`` question in which only this side leaves (the other answers
    nothing there), the sections that say so, and per question the groups in which
    this side's every answer is "buiten dit protocol" — all within those situations.
    ``None`` when it cannot be said once (no such groups, another citation, a group
    reaching beyond them): then the answers say it where they stand."""
    other = "right" if side == "left" else "left"
    where = [g for asked in summary.questions if asked.question == "out_of_scope"
             for g in asked.groups
             if any(a.value for a in getattr(g, side))
             and not any(a.value for a in getattr(g, other))]
    if not where:
        return None
    cites = tuple(dict.fromkeys(c for g in where for c in getattr(g, f"{side}_sources")))
    covered = {s for g in where for s in g.scenarios}
    moved: list[tuple[str, list[Any]]] = []
    for asked in summary.questions:
        if asked.question == "out_of_scope":
            continue
        groups = [g for g in asked.groups
                  if getattr(g, side) and all(getattr(a, "outside", None)
                                              for a in getattr(g, side))]
        for group in groups:
            if not set(group.scenarios) <= covered or \
                    not set(getattr(group, f"{side}_sources")) <= set(cites):
                return None
        if groups:
            moved.append((asked.question, groups))
    return where, cites, moved


def render_json(diff: ProtocolDiff) -> str:
    """The diff as JSON (``structural``, ``behavioral``, ``groups``)."""
    return escape.json_text(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False)) + "\n"
