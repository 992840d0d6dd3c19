"""Moving a running case to another version of its protocol, with an audit trail.

A case records the protocol version it runs under. When a municipality adopts a new
version, :meth:`protocolkit.engine.CaseEngine.migrate` moves a case to it: its events
are replayed under the new version (every one must still be allowed there) and a
**migration** is added to the case's record — after which event, on which day, by whom,
when (UTC) and why, from which version (ruleset and identity of its meaning) to which,
and what changed between the two (from :func:`protocolkit.diff.diff_protocols`).
Nothing is lost: the events stay as they were recorded, and a store that keeps the old
version's text can still replay the case as it stood before the migration.

A migration is refused (:class:`MigrationRefused`, the case unchanged) when the new
version belongs to another municipality, means the same (a cosmetic edit needs no
migration), an event is no longer allowed under it (the refusal names the event and
what changed), or its date lies before the case's latest event or after ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from protocolkit.engine.records import MigrationSpec, StoredProtocol
from protocolkit.format.diagnostics import Msg
from protocolkit.format.model import Protocol
from protocolkit.format.texts import TEXTS, text
from protocolkit.semantics.inputs import CaseError

if TYPE_CHECKING:
    from protocolkit.engine.case import Case, CaseEngine

#: How many changes a refusal names before "and N more".
SHOWN_CHANGES = 5


@dataclass(frozen=True)
class Migration:
    """One migration in a case's record (see the module docstring)."""

    after: int                      # the number of events recorded before it
    date: dt.date
    source: StoredProtocol          # the version the case ran under
    target: StoredProtocol          # the version it runs under since
    note: str
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    changes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        return "migration"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "after": self.after, "date": self.date.isoformat(),
            "from": self.source.model_dump(), "to": self.target.model_dump(),
            "note": self.note}
        if self.recorded_by is not None:
            data["recorded_by"] = self.recorded_by
        if self.recorded_at is not None:
            data["recorded_at"] = self.recorded_at.isoformat().replace("+00:00", "Z")
        data["changes"] = list(self.changes)
        return data

    @classmethod
    def from_spec(cls, spec: MigrationSpec) -> Migration:
        return cls(spec.after, spec.date, spec.from_, spec.to, spec.note, spec.recorded_by,
                   spec.recorded_at, tuple(spec.changes))


class MigrationRefused(CaseError, ValueError):
    """A case cannot move to that protocol version; nothing changed.

    ``reason`` is ``another-municipality``, ``same-meaning``, ``event-refused``,
    ``date-before-latest`` or ``date-after-as-of``; ``changes`` what changed between
    the two versions (empty when not compared)."""

    def __init__(self, message: str | Msg, reason: str, changes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.changes = changes


#: Changes between two versions by their identities (a diff takes tens of milliseconds;
#: a store that retries a migration after a stale write should not pay it again):
#: ``(kind, id, change, fields)`` of each structural change.
_CHANGES: dict[tuple[str, str], tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {}
_CHANGES_KEPT = 64
_CHANGES_LOCK = threading.Lock()


def _changes(old: Protocol, new: Protocol) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    from protocolkit.diff import diff_protocols  # the one sibling import (architecture.md)
    from protocolkit.engine.compiler import compile_protocol

    key = (compile_protocol(old).name, compile_protocol(new).name)
    with _CHANGES_LOCK:
        known = _CHANGES.get(key)
    if known is None:
        known = tuple((change.kind, change.id, change.change, tuple(change.fields))
                      for change in diff_protocols(old, new).structural)
        with _CHANGES_LOCK:
            if len(_CHANGES) >= _CHANGES_KEPT:
                _CHANGES.pop(next(iter(_CHANGES)))
            _CHANGES[key] = known
    return known


def describe_changes(old: Protocol, new: Protocol) -> list[str]:
    """What changed in meaning between two versions, one line per structural change of
    :func:`protocolkit.diff.diff_protocols` (``step 'oordeel' changed (actor)``)."""
    return [m.render("en") for m in change_messages(old, new)]


def change_messages(old: Protocol, new: Protocol) -> list[Msg]:
    """:func:`describe_changes` for every language: in Dutch "stap 'oordeel' gewijzigd
    (wie handelt)" (the kinds and fields as the diff names them)."""
    return [change_message(kind, element, change, fields)
            for kind, element, change, fields in _changes(old, new)]


def change_message(kind: str, element: str, change: str, fields: tuple[str, ...]) -> Msg:
    """One structural change as a message: ``kind`` and ``fields`` as the diff names them
    in each language, ``change`` one of ``added``, ``removed``, ``changed``."""
    named = Msg.of("w.both", en=kind, nl=text(f"diff.kind.{kind}", "nl").lower()
                   if f"diff.kind.{kind}" in TEXTS else kind)
    words = [Msg.of("w.both", en=name, nl=text(f"diff.field.{name}", "nl")
                    if f"diff.field.{name}" in TEXTS else name.replace("_", " "))
             for name in fields]
    return Msg.of("migrate.change", kind=named, id=element, change=Msg.of(f"migrate.{change}"),
                  fields=Msg.of("arg.hint", hint=words) if words else Msg.of("w.empty"))


#: A change as a migration record stores it: the English line of :func:`describe_changes`.
_STORED_CHANGE = re.compile(r"(?P<kind>\w+) '(?P<id>[^']*)' (?P<change>added|removed|changed)"
                            r"(?: \((?P<fields>\w+(?:, \w+)*)\))?")


def stored_change_message(line: str) -> Msg:
    """A change as a migration record stores it (``role 'cvdk' removed``, English, as
    :func:`describe_changes` wrote it) as a message for every language: read back into
    its kind, id, change and fields, so that a Dutch log says "rol 'cvdk' verwijderd".
    A line of another form is shown as written.

    >>> stored_change_message("deadline 'onderzoek' changed (amount)").render("nl")
    "termijn bij stap 'onderzoek' gewijzigd (aantal)"
    >>> stored_change_message("something else").render("nl")
    'something else'
    """
    found = _STORED_CHANGE.fullmatch(line)
    if found is None:
        return Msg.of("w.text", text=line)
    fields = tuple(found["fields"].split(", ")) if found["fields"] else ()
    return change_message(found["kind"], found["id"], found["change"], fields)


def step_and_outcome_ids(protocol: Protocol) -> list[str]:
    """Every step id and every outcome as ``step.outcome``, in file order."""
    return [name for step in protocol.steps
            for name in (step.id, *(f"{step.id}.{o.id}" for o in step.outcomes))]


def renamed_ids(old: Protocol, new: Protocol, lang: str = "en") -> str:
    """What a migration refusal says when the structural diff names no change (it
    compares meaning, not ids, by design): the step and outcome ids of ``old`` that
    ``new`` lacks, and those ``new`` adds, so that a rename shows.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> renamed_ids(p, p)
    'the diff names no structural change, and the step and outcome ids are the same'
    """
    return renamed_ids_message(old, new).render(lang)


def renamed_ids_message(old: Protocol, new: Protocol) -> Msg:
    """:func:`renamed_ids` for every language."""
    before, after = step_and_outcome_ids(old), step_and_outcome_ids(new)
    gone = [name for name in before if name not in set(after)]
    added = [name for name in after if name not in set(before)]
    if not gone and not added:
        return Msg.of("migrate.same-ids")
    return Msg.of("migrate.renamed-ids", gone=", ".join(gone) or "—",
                  added=", ".join(added) or "—")


def summarize(changes: list[str] | tuple[str, ...]) -> str:
    """The first :data:`SHOWN_CHANGES` changes joined, and how many more."""
    shown = list(changes[:SHOWN_CHANGES])
    more = len(changes) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def summarize_messages(changes: list[Msg]) -> Msg | None:
    """:func:`summarize` for every language (``None`` when nothing changed)."""
    if not changes:
        return None
    said = changes[0]
    for change in changes[1:SHOWN_CHANGES]:
        said = Msg.of("common.then", first=said, then=change)
    more = len(changes) - min(len(changes), SHOWN_CHANGES)
    return Msg.of("migrate.and-more", changes=said, count=more) if more > 0 else said


def migrate(engine: CaseEngine, case: Case, protocol: Protocol, note: str, day: dt.date,
            recorded_by: str | None, recorded_at: dt.datetime | None,
            as_of: dt.date | None) -> Case:
    """See :meth:`protocolkit.engine.CaseEngine.migrate` (the inputs checked there)."""
    from protocolkit.engine.case import CaseEngine, CaseRecordError
    from protocolkit.engine.identity import identity

    with engine._lock:
        case._usable()
        record = case.to_dict()
        source = StoredProtocol.model_validate(record["protocol"])
        meta = protocol.protocol
        if meta.municipality != source.municipality:
            raise MigrationRefused(
                Msg.of("migrate.other-municipality", case=case.id,
                       municipality=source.municipality, ruleset=source.ruleset,
                       other=meta.municipality), "another-municipality")
        target_identity = identity(protocol)
        if target_identity == source.identity:
            raise MigrationRefused(
                Msg.of("migrate.same-meaning", case=case.id, ruleset=source.ruleset,
                       municipality=meta.municipality, version=meta.version), "same-meaning")
        latest = case.latest_date()
        if day < latest:
            raise MigrationRefused(
                Msg.of("migrate.before-latest", date=day.isoformat(), latest=latest.isoformat()),
                "date-before-latest")
        if as_of is not None and day > as_of:
            raise MigrationRefused(
                Msg.of("migrate.after-today", date=day.isoformat(), today=as_of.isoformat()),
                "date-after-as-of")
        said = change_messages(case.protocol, protocol)
        changes = tuple(m.render("en") for m in said)
        trial = CaseEngine(max_live=16)
        try:
            trial.restore(protocol, record, migrate=True)
        except CaseRecordError as error:
            raise MigrationRefused(
                Msg.of("migrate.event-refused", case=case.id, ruleset=source.ruleset,
                       municipality=meta.municipality, version=meta.version, error=error.text,
                       changes=summarize_messages(said)
                       or renamed_ids_message(case.protocol, protocol)),
                "event-refused", changes) from error
        finally:
            trial.close()
        target = StoredProtocol(municipality=meta.municipality, version=meta.version,
                                ruleset=engine.compile(protocol).name,
                                identity=target_identity)
        entry = Migration(len(record["events"]), day, source, target, note, recorded_by,
                          recorded_at, changes)
        record["protocol"] = target.model_dump()
        record["migrations"] = [*record.get("migrations", []), entry.to_dict()]
        engine.drop(case)
        return engine.restore(protocol, record)
