"""Sentences several outputs share, written once, in Dutch or English.

The texts themselves are in :data:`protocolkit.format.texts.TEXTS`; this module puts a
piece of the protocol (a silence, a list of roles) into them the same way for every
command and page (``responsibilities``, ``route``, ``simulate``, the report).

>>> s = {"roles": ["griffier"], "audience": "pers", "from": None, "source": ["§ 3"],
...      "until": [{"step": "oordeel", "outcome": None, "title": "De raad oordeelt"}]}
>>> silence_sentence(s)
"Zwijgen tegenover pers: griffier, vanaf het begin, tot na stap 'De raad oordeelt' [§ 3]"
>>> silence_sentence(dict(s, until_case_end=True), "en", numbers={"oordeel": 7})
'Silent towards the press: griffier, from the start, until after step 7, or until the case ends [§ 3]'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from protocolkit.format.texts import TEXTS, citation_text, period_words, text
from protocolkit.format.vocabulary import PSEUDO_ROLES, audience_words, outcome_words

#: The frame of a deadline as :meth:`protocolkit.format.model.Deadline.describe` writes it.
_DEADLINE_KEYS = ("words.no-date", "words.after-opening", "words.after-receipt",
                  "words.after-step")


def step_words(step_id: str, title: str | None, lang: str = "nl",
               numbers: Mapping[str, int] | None = None) -> str:
    """A step by its number on a route (``numbers``), else by its title, never by its id
    where it has a title (the one way every sentence names a step it points to).

    >>> step_words("oordeel", "De raad oordeelt", "en"), step_words("oordeel", None)
    ("step 'De raad oordeelt'", "stap 'oordeel'")
    """
    if numbers and step_id in numbers:
        return text("common.step-n", lang, n=numbers[step_id])
    return text("silence.step", lang, title=title or step_id)


#: The most characters a step's title or a question takes where it names a row of a
#: comparison (its full words stand on the row itself).
SHORT = 80


def short_words(words: str, most: int = SHORT) -> str:
    """``words`` on one line, cut between words to at most ``most`` characters with
    "…" where they are longer: a step's title where it names a row.

    >>> short_words("De burgemeester bespreekt de twijfels met het raadslid", 30)
    'De burgemeester bespreekt de…'
    >>> short_words("Melding bij de burgemeester")
    'Melding bij de burgemeester'
    """
    said = " ".join(words.split())
    if len(said) <= most:
        return said
    cut = said[:most].rsplit(" ", 1)[0].rstrip(",;:(") if " " in said[:most] else said[:most]
    return cut + "…"


def silence_sentence(silence: Mapping[str, Any], lang: str = "nl", *,
                     as_of: str | None = None, cite: bool = True,
                     numbers: Mapping[str, int] | None = None) -> str:
    """Who must stay silent towards whom, from when until when, with the citation.

    ``silence`` is the data form every API gives (``Responsibilities.silent``,
    ``Route.silences``, a simulation's ``silent``): ``roles``, ``audience``, ``from``
    (a step id or ``None``) with ``from_title``, ``until`` (a list of ``{step, outcome,
    title, label}``), ``until_case_end`` and ``source``. Steps are named by their title,
    or by their number on a route when ``numbers`` maps step ids to them; outcomes by
    their label. ``as_of`` names the day a case's silence is shown for; ``cite=False``
    leaves the citation off (a caller that shows it apart). A silence that is a
    concept's ``proposal`` (taken from another text) is marked as the answers are
    (:func:`proposal_words`), never shown as decided:

    >>> offered = {"roles": ["griffier"], "audience": "pers", "from": None, "until": [],
    ...            "until_case_end": True, "proposal": {"name": "Arnhem"}}
    >>> silence_sentence(offered, "en")
    'Silent towards the press: still open - proposal (taken from Arnhem): griffier, from the start, until the case ends (the text names no earlier end)'
    """
    since = (text("silence.from-step", lang, step=step_words(
        silence["from"], silence.get("from_title"), lang, numbers))
             if silence.get("from") else text("silence.from-start", lang))
    until = silence_until(silence, lang, numbers=numbers)
    roles = ", ".join(silence["roles"])
    if silence.get("proposal"):              # a concept's open answer, not decided
        roles = proposal_words(silence["proposal"], roles, lang)
    said = text("silence.sentence", lang, roles=roles,
                audience=audience_words(silence["audience"], lang), since=since, until=until)
    if as_of:
        said += text("silence.as-of", lang, date=as_of)
    sources = list(silence.get("source") or [])
    return said + (f" [{citation_text(sources)}]" if cite and sources else "")


def silence_until(silence: Mapping[str, Any], lang: str = "nl", *,
                  numbers: Mapping[str, int] | None = None) -> str:
    """Until when a silence lasts, in words (the part of :func:`silence_sentence` after
    its start): ``tot na stap 'De raad oordeelt'``, or without end. The step it starts
    at is "die stap" here, its title said once (Oostzaan's screening, 150 characters).

    >>> s = {"from": "a", "until": [{"step": "a", "title": "Een lange titel",
    ...      "outcome": "x", "label": "klaar"}]}
    >>> silence_until(s)
    "tot na die stap met de uitkomst 'klaar'"
    """
    by_step: dict[str, list[Mapping[str, Any]]] = {}
    for end in silence.get("until") or []:
        by_step.setdefault(end["step"], []).append(end)
    ends = []
    for step_id, found in by_step.items():
        said_step = (text("silence.that-step", lang)
                     if step_id == silence.get("from") and not (numbers and step_id in numbers)
                     else step_words(step_id, found[0].get("title"), lang, numbers))
        if all(e.get("outcome") for e in found):
            said_step = text("silence.step-outcome", lang, step=said_step,
                             outcome=or_words([outcome_words(e["outcome"], e.get("label"))
                                               for e in found], lang))
        ends.append(said_step)
    if ends:
        until = text("silence.until", lang, step=text("silence.or", lang).join(ends))
        if silence.get("until_case_end"):
            until += text("silence.or-case-end", lang)
    elif silence.get("behind"):  # a running case has passed every end the text names
        until = text("silence.ends-behind", lang)
    else:
        until = text("silence.no-end", lang)
    return until


def or_words(items: Sequence[str], lang: str = "nl") -> str:
    """Quoted alternatives: ``'a'``, ``'a' of 'b'``, ``'a', 'b' of 'c'`` (``or`` in English).

    >>> or_words(["a", "b", "c"], "en")
    "'a', 'b' or 'c'"
    """
    quoted = [f"'{item}'" for item in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + text("silence.outcome-or", lang) + quoted[-1]


def merged_silences(found: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The silences as a reader should see them: silences with the same audience, start
    and ends are one sentence, with every role once and every citation once (the melder
    and the betrokkene who are the same office, two silences of one text); ``ids`` lists
    the ids of the silences each one stands for. A proposed silence (``proposal``) and a
    decided one are never one sentence; merged ones list every ``open_points`` id once.

    >>> a = {"id": "a", "roles": ["raadslid"], "audience": "pers", "from": None,
    ...      "until": [], "until_case_end": True, "source": ["§ 3"]}
    >>> b = dict(a, id="b", roles=["raadslid", "fractie"], source=["§ 3", "§ 4"])
    >>> [(m["roles"], m["source"]) for m in merged_silences([a, b])]
    [(['raadslid', 'fractie'], ['§ 3', '§ 4'])]
    """
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for silence in found:
        key = (silence["audience"], silence.get("from"),
               tuple((e["step"], e.get("outcome")) for e in silence.get("until") or []),
               bool(silence.get("until_case_end")),
               (silence.get("proposal") or {}).get("name"))
        if key not in merged:
            merged[key] = dict(silence, roles=list(silence["roles"]),
                               source=list(silence.get("source") or []),
                               open_points=list(silence.get("open_points") or []),
                               ids=[silence["id"]] if "id" in silence else [])
            continue
        into = merged[key]
        into["ids"] += [silence["id"]] if "id" in silence else []
        into["roles"] = list(dict.fromkeys([*into["roles"], *silence["roles"]]))
        into["source"] = list(dict.fromkeys([*into["source"], *(silence.get("source") or [])]))
        into["open_points"] = list(dict.fromkeys([*into["open_points"],
                                                  *(silence.get("open_points") or [])]))
        known = {note["id"] for note in into.get("ambiguities") or []}
        into["ambiguities"] = [*(into.get("ambiguities") or []),
                               *(n for n in silence.get("ambiguities") or []
                                 if n["id"] not in known)]
    return list(merged.values())


def composition_words(composition: Mapping[str, Any], lang: str = "nl") -> str:
    """A body's members in a case, each replaced member with whom it stands in for.

    ``composition`` is the data form ``Responsibilities.compositions`` and a route step's
    ``compositions`` give: ``body``, ``members``, ``optional`` (the members it has only if
    desired, "desgewenst") and ``stands_in_for`` (member -> the role it replaces).

    >>> c = {"body": "integriteitscommissie", "members": ["gemeentesecretaris",
    ...      "griffiemedewerker", "externe_adviseur"], "optional": ["externe_adviseur"],
    ...      "stands_in_for": {"griffiemedewerker": "griffier"}}
    >>> composition_words(c)
    'Samenstelling integriteitscommissie: gemeentesecretaris, griffiemedewerker (in plaats van griffier), externe_adviseur (desgewenst)'
    >>> composition_words(c, "en")
    'Composition integriteitscommissie: gemeentesecretaris, griffiemedewerker (instead of griffier), externe_adviseur (if desired)'

    ``per`` (member -> the role it sits once for each holder of), ``subject_seat`` (who
    takes only the subject's own seat) and ``if_possible`` ("zo mogelijk"), where given:

    >>> composition_words({"body": "klankbordgroep", "members": ["fractievoorzitter",
    ...     "fractiegenoot"], "per": {"fractievoorzitter": "fractie"},
    ...     "stands_in_for": {"fractiegenoot": "fractievoorzitter"},
    ...     "subject_seat": ["fractiegenoot"], "if_possible": ["fractiegenoot"]})
    'Samenstelling klankbordgroep: fractievoorzitter (één per fractie), fractiegenoot (zo mogelijk, in plaats van de fractievoorzitter die zelf betrokkene is)'
    """
    replaced: Mapping[str, str] = composition["stands_in_for"]
    optional = set(composition.get("optional") or ())
    per: Mapping[str, str] = composition.get("per") or {}
    own_seat = set(composition.get("subject_seat") or ())
    possible = set(composition.get("if_possible") or ())

    def instead(member: str) -> str:
        if member not in replaced:
            return ""
        if member in own_seat:
            key = ("common.instead-of-subject-if-possible" if member in possible
                   else "common.instead-of-subject")
            return text(key, lang, role=replaced[member])
        return text("common.instead-of", lang, role=replaced[member])

    members = ", ".join(
        m + instead(m) + (text("common.one-per", lang, per=per[m]) if m in per else "")
        + (text("common.if-desired", lang) if m in optional else "")
        for m in composition["members"])
    return text("common.composition", lang, body=composition["body"], members=members)


def proposal_words(proposal: Mapping[str, Any], roles: str, lang: str = "nl") -> str:
    """An open answer that a concept takes from another text, never shown as decided:
    ``proposal`` is :func:`protocolkit.semantics.proposal`'s data, ``roles`` the answer.

    >>> proposal_words({"name": "Arnhem", "title": "Procesafspraken"}, "burgemeester")
    'nog open - voorstel (ontleend aan Arnhem): burgemeester'
    """
    origin = str(proposal.get("name") or proposal.get("title", ""))
    return text("common.proposal", lang, origin=origin, roles=roles)


def reservation_lines(proposal: Mapping[str, Any] | None, lang: str = "nl") -> list[str]:
    """What the protocol's own text says that qualifies a proposal (its
    ``reservations``), a line each, shown next to it: Aalsmeer's plan says the
    burgemeester "is niet in de positie een persoonsgericht onderzoek te laten doen naar
    een raadslid", beside the proposal that he orders the investigation.

    >>> reservation_lines({"reservations": [{"open_point": "p", "text": "Zo niet.",
    ...                                       "source": ["Stap 4"]}]}, "en")
    ['reservation in the text (p): Zo niet. [Stap 4]']
    """
    return [text("common.reservation", lang, id=r["open_point"], text=r["text"],
                 sources=citation_text(r["source"]))
            for r in (proposal or {}).get("reservations") or []]


def imposer_words(sanction: Mapping[str, Any], lang: str = "nl", *,
                  imposed: str = "common.by") -> str:
    """Who imposes a sanction (``Responsibilities.sanctions``, a route step's
    ``sanction_details``) as every output says it: that the text does not say
    (``imposer_not_set``), "aangeboden door X" for a measure offered (``offered``),
    else "door X" (``imposed``: the text, ``common.imposed-by`` for "opgelegd door X");
    a concept's proposal (``proposal``) marks the whole answer as still open.

    >>> imposer_words({"imposed_by": ["gemeenteraad"]}, "en")
    'by gemeenteraad'
    >>> imposer_words({"imposed_by": ["raadslid"], "offered": True})
    'aangeboden door raadslid'
    >>> imposer_words({"imposed_by": [], "imposer_not_set": True}, "en")
    'the text does not say who imposes it'
    >>> imposer_words({"imposed_by": ["gemeenteraad"], "proposal": {"name": "Arnhem"}},
    ...               imposed="common.imposed-by")
    'nog open - voorstel (ontleend aan Arnhem): opgelegd door gemeenteraad'
    """
    if sanction.get("imposer_not_set"):         # the text lists it, says not by whom
        return text("common.imposer-not-set", lang)
    said = text("common.offered-by" if sanction.get("offered") else imposed, lang,
                roles=", ".join(sanction["imposed_by"]))
    if sanction.get("proposal"):                # a concept's open answer, not decided
        return proposal_words(sanction["proposal"], said, lang)
    return said


def silence_open_lines(silence: Mapping[str, Any], lang: str = "nl", *,
                       questions: Mapping[str, str] | None = None,
                       key: str = "resp.still-open") -> list[str]:
    """The open points governing a silence (its ``open_points``), one line each as the
    answers show theirs (``nog open: {question} ({id})``; ``key`` the text of the
    caller's layout). ``questions`` maps open point ids to their question; the
    ``proposal`` gives that of the point it is taken under.

    >>> silence_open_lines({"open_points": ["pers"], "proposal": {
    ...     "open_point": "pers", "question": "Wie spreekt?", "name": "Arnhem"}})
    ['nog open: Wie spreekt? (pers)']
    """
    offered = silence.get("proposal") or {}
    asked = dict(questions or {})
    if offered.get("open_point") and not asked.get(offered["open_point"]):
        asked[offered["open_point"]] = offered.get("question") or ""
    return [text(key, lang, question=asked.get(point) or point, id=point)
            for point in silence.get("open_points") or []]


#: The parts of a step a guarded alternative can cite for (StepView.source_for), in the
#: order their sources are shown; "step" is the step as a whole.
SOURCE_PARTS: dict[str, str] = {"actor": "part.actor", "counterpart": "part.counterpart",
                                "consulted": "part.consulted", "informed": "part.informed",
                                "heard": "part.heard"}


def source_lines(source: Sequence[str], source_for: Mapping[str, Sequence[str]] | None,
                 lang: str = "nl") -> list[str]:
    """A step's citations as a reader reads them: the step's own ("Bron: …"), then one
    line per part a chosen alternative cites for ("Bron voor wie handelt: …"). Without
    ``source_for`` (older data) the step's ``source`` as one line.

    >>> source_lines(["Fase 2, 2.1"], {"step": ["Fase 2, 2.1"], "actor": ["Fase 2, 1.2"]})
    ['   Bron: Fase 2, 2.1', '   Bron voor wie handelt: Fase 2, 1.2']
    """
    if not source_for:
        return [text("common.source", lang, sources=citation_text(source))]
    lines = [text("common.source", lang, sources=citation_text(source_for.get("step", ())))]
    for part, key in SOURCE_PARTS.items():
        if source_for.get(part):
            lines.append(text("common.source-for", lang, part=text(key, lang),
                              sources=citation_text(source_for[part])))
    return lines


def reading_lines(note: Mapping[str, Any], lang: str = "nl") -> list[str]:
    """An ambiguity note as ``route`` shows it: the question, every reading (the chosen
    one marked) and why it was chosen, with the citation. ``note`` is
    :func:`protocolkit.semantics.ambiguity_dict`'s data.

    >>> note = {"id": "a", "question": "Moet hij zwijgen?", "chosen": "x", "reason": "Zo.",
    ...         "source": ["art. 1"], "readings": [{"id": "x", "text": "Ja."},
    ...                                            {"id": "y", "text": "Nee."}]}
    >>> reading_lines(note)[1:]
    ['   - gekozen: Ja.', '   - andere lezing: Nee.', '   Waarom deze lezing: Zo. [art. 1]']
    """
    lines = [text("route.readings", lang, id=note["id"], question=note["question"])]
    for reading in note["readings"]:
        mark = text("route.chosen" if reading["id"] == note["chosen"]
                    else "route.other-reading", lang)
        lines.append(f"   - {mark}: {reading['text']}")
    lines.append(text("route.why", lang, reason=note["reason"],
                      sources=citation_text(note["source"])))
    return lines


def silence_reading_lines(silence: Mapping[str, Any], lang: str = "nl",
                          seen: set[str] | None = None) -> list[str]:
    """The readings a silence rests on (its ``ambiguities``), each as :func:`reading_lines`,
    indented under the silence: Oostzaan's melder is "aangespoord" to keep silent, which
    the file shows as silence and one may read as an exhortation, not a ban. A note in
    ``seen`` (shown under an earlier silence; this adds what it shows) is named only."""
    lines: list[str] = []
    for note in silence.get("ambiguities") or []:
        if seen is not None and note["id"] in seen:
            lines.append(text("silence.rests-on-reading", lang, id=note["id"],
                          question=note["question"]))
            continue
        lines.extend("   " + line for line in reading_lines(note, lang))
        if seen is not None:
            seen.add(note["id"])
    return lines


def substitution_words(protocol: Any, substitution_id: str, lang: str = "nl") -> str:
    """A substitution as a reader of a case sees it: who stands in for whom by their
    names, where it is limited to phases (by name), steps (by title) or bodies, and its
    sections; an id the protocol does not have stays as it is (``--format json`` keeps
    the ids).

    >>> from protocolkit.format.loader import load_protocol
    >>> substitution_words(load_protocol("tests/data/minimal.yaml").protocol,
    ...                    "cvdk_voor_burgemeester")
    'Commissaris van de Koning in plaats van Burgemeester [art. 1]'
    """
    from protocolkit.format.model import citations

    found = next((s for s in protocol.substitutions if s.id == substitution_id), None)
    if found is None:
        return substitution_id
    names = protocol.role_names()
    where = [*(p.name if (p := protocol.phase(i)) else i for i in found.phases),
             *(s.title if (s := protocol.step(i)) else i for i in found.steps),
             *(names.get(i, i) for i in found.bodies)]
    return text("sim.stands-in", lang, by=names.get(found.by, found.by),
                replaces=names.get(found.replaces, found.replaces),
                where=text("sim.stands-in-where", lang, where=", ".join(where)) if where else "",
                sources=citation_text(citations(found.source)))


def actors_words(actors: Sequence[str], any_of: bool, lang: str = "nl") -> str:
    """Who acts in a step, as the text outputs say it: one actor as it is, the actors of
    a joint step together ("a, b en c (samen)"), or a choice (``any_of``: "a en/of b").
    ``actors`` as they are to be shown (ids or names).

    >>> actors_words(["Burgemeester", "Raadsgriffier"], True)
    'Burgemeester en/of Raadsgriffier'
    >>> actors_words(["a", "b", "c"], False, "en")
    'a, b and c (together)'
    """
    if len(actors) < 2:
        return actors[0] if actors else ""
    listed = [", ".join(actors[:-1]), actors[-1]]
    if any_of:
        return text("common.and-or", lang).join(listed)
    return text("common.and", lang).join(listed) + text("common.together", lang)


def consulted_words(roles: Sequence[str], optional: Sequence[str],
                    names: Mapping[str, str] | None, lang: str = "nl") -> str:
    """Who is consulted, by name, each role the actor may consult and need not
    (``optional``, a consulted entry's ``optional: true``) marked "(eventueel)".

    >>> consulted_words(["griffier", "externe_adviseur"], ["externe_adviseur"],
    ...                 {"griffier": "Raadsgriffier"})
    'Raadsgriffier, externe_adviseur (eventueel)'
    >>> consulted_words(["externe_adviseur"], ["externe_adviseur"], None, "en")
    'externe_adviseur (optionally)'
    """
    return parties(list(roles), list(roles), names, lang, optional)


def part_word(pseudo_role: str, lang: str = "nl") -> str:
    """The part a person plays in the case (``melder``, ``betrokkene``) in words, as the
    scenario's arguments say it: "melder"/"reporter", "betrokkene"/"subject".

    >>> part_word("melder", "en")
    'reporter'
    """
    return text(f"arg.{PSEUDO_ROLES[pseudo_role]}", lang)


def turns_to(who: str, named_as: str, counterparts: Sequence[str],
              counterparts_named: Sequence[str], names: Mapping[str, str] | None = None,
              lang: str = "nl") -> str:
    """Who acts and whom they turn to (the step's counterparts), each with the part the
    text names them by: ``Burgemeester, wendt zich tot Raadslid (melder)`` (English: "(reporter)"). An arrow
    ("Burgemeester -> Raadslid") read as "about the raadslid", the scenario's arrow;
    ``named_as`` is the actor's part (``melder``), left out where it is the role."""
    if named_as in PSEUDO_ROLES:
        who += f" ({part_word(named_as, lang)})"
    if not counterparts:
        return who
    if len(counterparts_named) != len(counterparts):   # data without the names
        counterparts_named = counterparts
    towards = text("common.and", lang).join(
        parties([role], [as_whom], names, lang)
        for role, as_whom in zip(counterparts, counterparts_named, strict=True))
    return text("common.turns-to", lang, who=who, towards=towards)


def parties(roles: list[str], named: list[str],
             names: Mapping[str, str] | None = None, lang: str = "nl",
             optional: Sequence[str] = ()) -> str:
    """``raadslid (melder), burgemeester (betrokkene)``: who (by name, with ``names``),
    and as whom the text names them when that differs: the part (melder, betrokkene)
    in brackets, a role another stands in for as an actor's reads ("Commissaris van de
    Koning (Noord-Holland) (in plaats van Burgemeester)"); a role the actor may hear
    and need not (``optional``) marked as :func:`consulted_words` marks it
    ("(eventueel)")."""
    shown = names or {}
    maybe = set(optional)

    def as_whom(role: str, named_as: str) -> str:
        if role == named_as or not named_as:
            return ""
        if named_as in PSEUDO_ROLES:
            return f" ({part_word(named_as, lang)})"
        return text("common.instead-of", lang, role=shown.get(named_as, named_as))

    return ", ".join(shown.get(r, r) + as_whom(r, n)
                     + (text("common.optionally", lang) if r in maybe else "")
                     for r, n in zip(roles, named or roles, strict=False))


def named(roles: Sequence[str], names: Mapping[str, str] | None) -> list[str]:
    """``roles`` by their names (``Protocol.role_names``); an id without one stays as it is.

    >>> named(["griffier", "x"], {"griffier": "Raadsgriffier"})
    ['Raadsgriffier', 'x']
    """
    return [names.get(r, r) for r in roles] if names else list(roles)


def with_names(data: Mapping[str, Any], names: Mapping[str, str] | None) -> dict[str, Any]:
    """A silence, sanction, speaker, composition or handoff (their data forms) with its
    roles by their names, for the text outputs; the data itself keeps the ids.

    >>> with_names({"roles": ["griffier"], "audience": "pers"}, {"griffier": "Raadsgriffier"})
    {'roles': ['Raadsgriffier'], 'audience': 'pers'}
    """
    found = dict(data)
    if not names:
        return found
    for key in ("roles", "imposed_by", "members", "optional", "decides",
                "communicates_with_melder", "subject_seat", "if_possible"):
        if isinstance(found.get(key), list):
            found[key] = named(found[key], names)
    for key in ("role", "body"):
        if isinstance(found.get(key), str):
            found[key] = names.get(found[key], found[key])
    if isinstance(found.get("stands_in_for"), Mapping):
        found["stands_in_for"] = {names.get(k, k): names.get(v, v)
                                  for k, v in found["stands_in_for"].items()}
    if isinstance(found.get("per"), Mapping):   # the member by name, "één per fractie"
        found["per"] = {names.get(k, k): v for k, v in found["per"].items()}
    return found


def joined(roles: Sequence[str], lang: str = "nl") -> str:
    """``a, b en c`` / ``a, b and c``.

    >>> joined(["griffier", "burgemeester"], "en")
    'griffier and burgemeester'
    """
    items = list(roles)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + text("common.and", lang) + items[-1]


#: The diff's values in Dutch words (:mod:`protocolkit.diff.behavioral`) by aspect: the
#: templates that may have written them, each with the inner templates of its fields.
_DATA_WORDS: dict[str, tuple[tuple[str, dict[str, tuple[str, ...]]], ...]] = {
    "handoff": (("data.decides", {}), ("data.communicates", {})),
    "silent": (("common.proposal", {"roles": ("data.silent-until", "data.silent-standing")}),
               ("data.silent-until", {}), ("data.silent-standing", {})),
    "fact_conditions": (("fact.condition", {
        "how": ("fact.more-than", "fact.at-most"),
        "ref": ("fact.at-step", "fact.at-ontvangst", "fact.at-completion")}),),
}


#: The fields of those templates that hold ids joined in Dutch.
_LISTS = frozenset({"roles", "until", "steps"})


def _template_pattern(template: str, inner: Mapping[str, Sequence[str]] | None = None,
                      named: bool = True) -> str:
    """A regular expression that matches what ``template`` writes, each field a group
    (``named``), a field with ``inner`` templates one of those."""
    import string

    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            choices = "|".join(_template_pattern(TEXTS[key][1], named=False)
                               for key in (inner or {}).get(name, ()))
            body = choices or ".+?"
            parts.append(f"(?P={name})" if named and name in seen
                         else f"(?P<{name}>{body})" if named else f"(?:{body})")
            seen.add(name)
    return "".join(parts)


def _list_words(value: str, lang: str) -> str:
    """A list of ids the data joins in Dutch (``a en b``, ``a of b``, nobody assigned),
    joined in ``lang``; ids have no spaces, so the joiners are found exactly."""
    from protocolkit.format.vocabulary import NOT_ASSIGNED, not_assigned

    if value == NOT_ASSIGNED:
        return not_assigned(lang)
    for key in ("common.and", "common.or"):
        value = value.replace(TEXTS[key][1], text(key, lang))
    return value


def _reworded(said: str, keys: Sequence[str], lang: str,
              inner: Mapping[str, Sequence[str]]) -> str:
    for key in keys:
        found = re.fullmatch(_template_pattern(TEXTS[key][1], inner), said)
        if found:
            fields = {name: (_reworded(value, inner[name], lang, {}) if name in inner
                             else _list_words(value, lang) if name in _LISTS else value)
                      for name, value in found.groupdict().items()}
            return text(key, lang, **fields)
    return said


def data_words(aspect: str, said: str, lang: str = "nl") -> str:
    """A value of the diff's data (written in Dutch, like the deadlines) in ``lang``: the
    frame from the table, the protocol's ids and words as they are.

    >>> data_words("handoff", "beslist: burgemeester en griffier", "en")
    'decides: burgemeester and griffier'
    >>> data_words("silent", "griffier tot na oordeel of besluit", "en")
    'griffier until after oordeel or besluit'
    >>> data_words("silent", "nog open - voorstel (ontleend aan Arnhem): griffier en "
    ...            "raadslid tot na oordeel", "en")
    'still open - proposal (taken from Arnhem): griffier and raadslid until after oordeel'
    """
    if lang == "nl":
        return said
    if aspect == "condition":       # a summary answer's attribute values: ``a x of y``
        return _list_words(said, lang)
    if aspect not in _DATA_WORDS:
        return said
    for key, inner in _DATA_WORDS[aspect]:
        again = _reworded(said, (key,), lang, inner)
        if again != said:
            return again
    return said


def deadline_words(described: str, lang: str = "nl") -> str:
    """A deadline as the API gives it (``Deadline.describe()``, in Dutch: the route's
    ``deadline``, a diff's deadline values), with its frame and unit in ``lang``
    (:func:`protocolkit.format.texts.period_words`); the text's own words stay as they are.

    >>> deadline_words("10 werkdagen na ontvangst", "en")
    '10 working days after receipt'
    >>> deadline_words('"zo spoedig mogelijk" (geen datum)', "en")
    '"zo spoedig mogelijk" (no date)'
    """
    if lang == "nl":
        return described
    described = period_words(described, lang)
    for key in _DEADLINE_KEYS:
        en, nl = TEXTS[key]
        pattern = re.escape(nl).replace(r"\{words\}", "(?P<words>.*)").replace(
            r"\{step\}", "(?P<step>.+)")
        found = re.search(f"{pattern}$", described)
        if found:
            return described[:found.start()] + en.format(**found.groupdict())
    return described
