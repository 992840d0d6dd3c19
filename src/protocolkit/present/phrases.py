"""Sentences several outputs share, written once, in Dutch or English.

The texts themselves are in :data:`protocolkit.format.texts.TEXTS`; this module puts a
piece of the protocol (a silence, a list of roles) into them the same way for every
command and page (``responsibilities``, ``route``, ``simulate``, the report).

>>> s = {"roles": ["griffier"], "audience": "pers", "from": None, "until": "oordeel",
...      "source": ["§ 3"]}
>>> silence_sentence(s)
'Zwijgen: griffier spreken niet met pers, vanaf het begin, tot na oordeel [§ 3]'
>>> silence_sentence(s, "en")
'Silence: griffier do not speak to pers, from the start, until after oordeel [§ 3]'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from protocolkit.format.texts import TEXTS, text

#: The frame of a deadline as :meth:`protocolkit.format.model.Deadline.describe` writes it.
_DEADLINE_KEYS = ("words.no-date", "words.after-opening", "words.after-receipt",
                  "words.after-step")


def silence_sentence(silence: Mapping[str, Any], lang: str = "nl", *,
                     as_of: str | None = None, cite: bool = True) -> str:
    """Who must stay silent towards whom, from when until when, with the citation.

    ``silence`` is the data form every API gives (``Responsibilities.silent``,
    ``Route.silences``, a simulation's ``silent``): ``roles``, ``audience``, ``from``
    and ``until`` (step ids or ``None``) and ``source``. ``as_of`` names the day a
    case's silence is shown for; ``cite=False`` leaves the citation off (a caller that
    shows it apart)."""
    since = (text("silence.from-step", lang, step=silence["from"]) if silence.get("from")
             else text("silence.from-start", lang))
    until = (text("silence.until", lang, step=silence["until"]) if silence.get("until")
             else text("silence.no-end", lang))
    said = text("silence.sentence", lang, roles=", ".join(silence["roles"]),
                audience=silence["audience"], since=since, until=until)
    if as_of:
        said += text("silence.as-of", lang, date=as_of)
    sources = list(silence.get("source") or [])
    return said + (f" [{'; '.join(sources)}]" if cite and sources else "")


def composition_words(composition: Mapping[str, Any], lang: str = "nl") -> str:
    """A body's members in a case, each replaced member with whom it stands in for.

    ``composition`` is the data form ``Responsibilities.compositions`` and a route step's
    ``compositions`` give: ``body``, ``members`` and ``stands_in_for`` (member -> the
    role it replaces).

    >>> c = {"body": "integriteitscommissie", "members": ["gemeentesecretaris",
    ...      "griffiemedewerker"], "stands_in_for": {"griffiemedewerker": "griffier"}}
    >>> composition_words(c)
    'Samenstelling integriteitscommissie: gemeentesecretaris, griffiemedewerker (in plaats van griffier)'
    >>> composition_words(c, "en")
    'Composition integriteitscommissie: gemeentesecretaris, griffiemedewerker (instead of griffier)'
    """
    replaced: Mapping[str, str] = composition["stands_in_for"]
    members = ", ".join(m + text("common.instead-of", lang, role=replaced[m]) if m in replaced
                        else m for m in composition["members"])
    return text("common.composition", lang, body=composition["body"], members=members)


def joined(roles: Sequence[str], lang: str = "nl") -> str:
    """``a, b en c`` / ``a, b and c``.

    >>> joined(["griffier", "burgemeester"], "en")
    'griffier and burgemeester'
    """
    items = list(roles)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + text("common.and", lang) + items[-1]


def deadline_words(described: str, lang: str = "nl") -> str:
    """A deadline as the API gives it (``Deadline.describe()``, in Dutch: the route's
    ``deadline``, a diff's deadline values), with its frame in ``lang``; the amount, the
    unit and the text's own words stay as they are.

    >>> deadline_words("10 werkdagen na ontvangst", "en")
    '10 werkdagen after receipt'
    >>> deadline_words('"zo spoedig mogelijk" (geen datum)', "en")
    '"zo spoedig mogelijk" (no date)'
    """
    if lang == "nl":
        return described
    for key in _DEADLINE_KEYS:
        en, nl = TEXTS[key]
        pattern = re.escape(nl).replace(r"\{words\}", "(?P<words>.*)").replace(
            r"\{step\}", "(?P<step>.+)")
        found = re.search(f"{pattern}$", described)
        if found:
            return described[:found.start()] + en.format(**found.groupdict())
    return described
