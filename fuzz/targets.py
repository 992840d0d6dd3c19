"""Fuzz targets for the renderers and the engine API (issue 12), as plain functions.

The atheris harness ``fuzz/fuzz_outputs.py`` feeds them; ``tests/test_security.py`` runs
each once on a fixed input so that they keep working. Each takes the fuzzer's bytes,
reads what it needs through :class:`Reader` (deterministic: the same bytes make the same
protocol or case), and raises when a promise is broken:

``renderers``
    a protocol whose every text field comes from the input (hostile pieces — HTML,
    Markdown, Mermaid directives, DOT keywords, terminal escapes, bidi controls — and raw
    code points), built through the API; every output is checked as in the injection
    property test (``tests/test_security_properties.py``): HTML without injected markup,
    Markdown without injected markup or headings, Mermaid grammar, DOT parsed, terminal
    text without control characters, SARIF valid.
``engine``
    a random sequence of calls on a :class:`~protocolkit.engine.CaseEngine` with the
    minimal protocol: ``open`` with random scenarios, dates and case ids, ``record`` of
    random (step, outcome, date) events, ``restore`` of random and of damaged records,
    ``drop``. Only :class:`~protocolkit.engine.CaseError` (and its ``ValueError``
    subclasses) may be raised; a refused event leaves the case as it was; a stored case
    restores to the same case.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


class Reader:
    """Reads choices from fuzz bytes; past the end every read gives 0."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def below(self, n: int) -> int:
        return (self.byte() << 8 | self.byte()) % n if n > 0 else 0

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return items[self.below(len(items))]

    def text(self, pieces: list[str], max_parts: int = 4) -> str:
        parts = []
        for _ in range(1 + self.below(max_parts)):
            if self.byte() % 2:
                parts.append(self.pick(pieces))
            else:
                parts.append(chr(self.below(0x110000 - 0x800)))
        return "".join(parts).replace("\ud800", "")


# --------------------------------------------------------------------------- renderers


def renderers(data: bytes) -> None:
    """Every output of a protocol whose text comes from ``data``; raises when one of them
    lets the text be read as markup, a command or a control character."""
    import yaml
    from pydantic import ValidationError
    from tests.test_security import hostile_data
    from tests.test_security_properties import PIECES, check_outputs

    from protocolkit.format.model import Protocol

    reader = Reader(data)
    fields = hostile_data("x")
    for path in _text_fields(fields):
        _set(fields, path, reader.text(PIECES))
    other = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    other["protocol"]["municipality"] = reader.text(PIECES)
    try:
        protocol = Protocol.model_validate(fields)
        right = Protocol.model_validate(other)
    except ValidationError:
        return  # the model refuses it: nothing is rendered
    check_outputs(protocol, right, reader.text(PIECES))


def _text_fields(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of the free-text fields that :func:`tests.test_security.hostile_data` set."""
    found: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if value == "x":
                found.append((*path, key))
            else:
                found.extend(_text_fields(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_text_fields(value, (*path, index)))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# --------------------------------------------------------------------------- engine


_STEPS = ["melding", "beoordeling", "opdracht", "onderzoek", "wederhoor", "oordeel", "sanctie",
          "pers", "afgedaan", "nergens", ""]
_OUTCOMES = ["gemeld", "niet_ontvankelijk", "onderzoekswaardig", "verleend", "concept_gereed",
             "geen_schending", "schending", "sanctie", "geen_sanctie", "opgelegd", "gedaan", "x"]
_ROLES = ["raadslid", "burgemeester", "cvdk", "griffier", "", "betrokkene"]


def _date(reader: Reader) -> Any:
    roll = reader.below(8)
    if roll == 7:
        return reader.pick(["9999-12-31", "0001-01-01", "2025-02-30", "", "morgen",
                            "2025-13-01", "+20250-01-01"])
    if roll == 6:
        return dt.date(1 + reader.below(9999), 1 + reader.below(12), 1 + reader.below(28))
    return (dt.date(2025, 1, 1) + dt.timedelta(days=reader.below(800))).isoformat()


def engine(data: bytes) -> None:
    """A random sequence of engine calls; raises when a call fails other than with a
    :class:`~protocolkit.engine.CaseError`, a refused event changes the case, or a stored
    case does not restore to itself."""
    from protocolkit.engine import CaseEngine, CaseError, EventRefused
    from protocolkit.format.loader import load_protocol

    protocol = load_protocol(MINIMAL).protocol
    assert protocol is not None
    reader = Reader(data)
    cases: list[Any] = []
    records: list[str] = []
    machine = CaseEngine(max_live=4)
    try:
        for _ in range(1 + reader.below(24)):
            action = reader.below(6)
            try:
                if action == 0 or not cases:
                    scenario: Any = {"reporter": reader.pick(_ROLES),
                                     "subject": reader.pick(_ROLES),
                                     "act": reader.pick(["uitgevoerd", "voorgenomen", "x"]),
                                     "own": reader.pick([False, True, "false", 0, None])}
                    case_id = reader.pick([None, None, "a", "", "x" * 300, 7, "a b/c"])
                    cases.append(machine.open(protocol, scenario, _date(reader), case_id))
                elif action in (1, 2, 3):
                    case = reader.pick(cases)
                    before = case.to_dict()
                    try:
                        case.record(reader.pick(_STEPS), reader.pick(_OUTCOMES), _date(reader))
                    except EventRefused:
                        assert case.to_dict() == before, "a refused event changed the case"
                    records.append(case.to_json())
                elif action == 4 and records:
                    record = reader.pick(records)
                    if reader.byte() % 2:
                        cut = reader.below(len(record) + 1)
                        record = record[:cut] + reader.pick(["", "[", "{", "\x00", "9" * 400,
                                                             '"'])
                    again = CaseEngine(max_live=2)
                    try:
                        restored = again.restore(protocol, record)
                        if record in records:
                            assert restored.to_dict() == json.loads(record), "restore differs"
                    finally:
                        again.close()
                else:
                    case = reader.pick(cases)
                    case.open_steps(as_of=_date(reader))
                    case.accepts()
                    if reader.byte() % 4 == 0:
                        machine.drop(case)
                        cases.remove(case)
            except CaseError:
                pass
    finally:
        machine.close()
