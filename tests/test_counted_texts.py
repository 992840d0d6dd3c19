"""Every text that is singular or plural goes through ``counted`` (``key`` for one,
``key`` + ``s`` otherwise): no text says "step(s)", "stap(pen)", "punt(en)" or
"gebeurtenis(sen)"."""

from __future__ import annotations

import re

import pytest

from protocolkit.format.diagnostics import MESSAGES, counted
from protocolkit.format.texts import TEXTS

#: (key, values, count, language, what it says)
CASES = [
    ("v.before", {}, 1, "en", "… 1 earlier step of the shortest path"),
    ("v.before", {}, 3, "en", "… 3 earlier steps of the shortest path"),
    ("v.before", {}, 1, "nl", "… 1 eerdere stap van de kortste route"),
    ("v.before", {}, 3, "nl", "… 3 eerdere stappen van de kortste route"),
    ("t.rests-on", {"points": "a"}, 1, "en", "passed, but rests on open point a:"),
    ("t.rests-on", {"points": "a, b"}, 2, "en", "passed, but rests on open points a, b:"),
    ("t.rests-on", {"points": "a"}, 1, "nl", "geslaagd, maar rust op open punt a:"),
    ("t.rests-on", {"points": "a, b"}, 2, "nl", "geslaagd, maar rust op open punten a, b:"),
    ("engine.breaks-log", {"event": 3, "later": "4", "why": "x"}, 1, "en",
     "withdrawing event 3 leaves event 4 without ground (x); withdraw the later event first"),
    ("engine.breaks-log", {"event": 3, "later": "4, 5", "why": "x"}, 2, "en",
     "leaves events 4, 5 without ground (x); withdraw the later events first, latest first"),
    ("engine.breaks-log", {"event": 3, "later": "4", "why": "x"}, 1, "nl",
     "intrekken van gebeurtenis 3 laat gebeurtenis 4 zonder grond (x); trek eerst de latere in"),
    ("engine.breaks-log", {"event": 3, "later": "4, 5", "why": "x"}, 2, "nl",
     "laat gebeurtenissen 4, 5 zonder grond (x); trek eerst de latere in, de laatste eerst"),
    ("diff.situation-count", {}, 1, "en", "1 situation"),
    ("diff.situation-count", {}, 4, "en", "4 situations"),
    ("diff.situation-count", {}, 1, "nl", "1 situatie"),
    ("diff.situation-count", {}, 4, "nl", "4 situaties"),
]


@pytest.mark.parametrize(("key", "values", "count", "lang", "said"), CASES)
def test_a_counted_text_is_singular_for_one_and_plural_otherwise(
        key: str, values: dict[str, object], count: int, lang: str, said: str) -> None:
    rendered = counted(key, count, **values).render(lang)
    assert said in rendered
    assert "(s)" not in rendered and "(en)" not in rendered


def test_no_text_counts_with_brackets() -> None:
    bracketed = re.compile(r"\w\((s|en|pen|sen)\)")
    found = [key for table in (TEXTS, MESSAGES) for key, pair in table.items()
             if any(bracketed.search(said) for said in pair)]
    assert found == []
