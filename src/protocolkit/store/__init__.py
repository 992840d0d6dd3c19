"""A case store: cases kept in a database (SQLite by default), replayed from their events.

:class:`Casebook` is what a tool uses: open a case, record events and corrections,
list the open, overdue and closed cases of every protocol, export a record. Each
event is written in one transaction together with the case's new version; an event
recorded against a version that another writer has moved past is refused
(:class:`StaleWrite`), never lost and never written over another. The exact text of
every protocol version a case was recorded under is kept, so a case can always be
replayed as it was (:meth:`Casebook.replay`).

>>> import tempfile, os
>>> book = Casebook(os.path.join(tempfile.mkdtemp(), "cases.db"))
>>> ruleset = book.add_protocol("tests/data/minimal.yaml")
>>> case = book.open(ruleset, {"reporter": "burgemeester", "subject": "raadslid",
...                            "act": "uitgevoerd"}, opened="2026-01-05", case_id="2026-001",
...                  as_of="2026-01-05")
>>> book.record("2026-001", "melding", "gemeld", "2026-01-06", recorded_by="griffie",
...             as_of="2026-01-06").open_steps()[0].step
'beoordeling'
>>> [(row.id, row.version, row.open_steps) for row in book.list(status="open")]
[('2026-001', 1, ('beoordeling',))]
>>> book.close()

The database behind it is replaceable: :class:`~protocolkit.store.backend.CaseBackend`
is the small interface to implement (see ``docs/engine.md``, "A case store").
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from protocolkit.engine.case import (
    CASE_FORMAT,
    Case,
    CaseEngine,
    CaseRecordError,
)
from protocolkit.engine.compiler import compile_protocol
from protocolkit.engine.identity import identity
from protocolkit.engine.records import DateLike, check_case_id, to_date
from protocolkit.format.diagnostics import Msg, counted, said_given
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario
from protocolkit.semantics.inputs import CaseInputError
from protocolkit.store.backend import (
    CaseBackend,
    CaseRow,
    ProtocolText,
    SqliteBackend,
    StaleWrite,
    StoreError,
    Summary,
)

__all__ = ["CaseBackend", "CaseRow", "Casebook", "ProtocolText", "SqliteBackend",
           "StaleWrite", "StoreError", "Summary", "summary"]


def _checked_version(version: object) -> int:
    """A case version is a whole number: ``True`` or ``"3"`` is refused
    (:class:`~protocolkit.engine.CaseInputError`), never compared as one."""
    if type(version) is not int:
        raise CaseInputError(Msg.of("engine.not-a-version", value=said_given(version)), "version")
    return version


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def summary(case: Case) -> Summary:
    """What the store keeps about a case now, for listing without replay."""
    steps = case.open_steps()
    dues = [s.due for s in steps if s.due is not None]
    closing = case.closed
    return Summary("closed" if closing else "open", tuple(s.step for s in steps),
                   min(dues).isoformat() if dues else None,
                   closing.date.isoformat() if closing else None)


class Casebook:
    """Cases in a store, run by a :class:`~protocolkit.engine.CaseEngine`.

    ``backend`` is a :class:`~protocolkit.store.backend.CaseBackend` or the path of a
    SQLite file (created when missing). ``clock`` gives ``recorded_at`` when a caller
    passes none (default: the system clock, UTC): it is the audit time of writing, never
    a date the protocol counts with. Business dates (event dates, ``as_of``) are always
    the caller's. Thread-safe; several processes may share one SQLite file.
    """

    def __init__(self, backend: CaseBackend | str | Path, engine: CaseEngine | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.backend: CaseBackend = (SqliteBackend(backend) if isinstance(backend, (str, Path))
                                     else backend)
        self.engine = engine or CaseEngine()
        self._clock = clock or _utc_now
        self._lock = threading.RLock()
        self._versions: dict[str, int] = {}
        self._kept: dict[str, Protocol] = {}
        self._registered: set[str] = set()
        self._refresh()

    def _refresh(self) -> None:
        """Register the protocol versions the store keeps that this process has not seen
        (another process may have added them)."""
        for kept in self.backend.protocols():
            if kept.ruleset not in self._registered:
                self.engine.registry.add_text(kept.text, f"<store: {kept.ruleset}>")
                self._registered.add(kept.ruleset)

    # ----------------------------------------------------------------- protocols

    def add_protocol(self, source: Protocol | str | Path) -> str:
        """Keep a protocol version (a YAML file, or a loaded protocol: its exact text
        is then :func:`protocolkit.format.dump.dump` of it) and register it for restoring;
        returns its ruleset name, by which :meth:`open` takes it."""
        if isinstance(source, Protocol):
            from protocolkit.format.dump import dump

            protocol, text = source, dump(source)
        else:
            from protocolkit.format.loader import load_text

            text = Path(source).read_text(encoding="utf-8")
            loaded = load_text(text, str(source))
            if loaded.protocol is None:
                raise StoreError.of("store.invalid-protocol", source=source)
            protocol = loaded.protocol
        name = compile_protocol(protocol).name
        meta = protocol.protocol
        self.backend.put_protocol(ProtocolText(name, identity(protocol), meta.municipality,
                                               meta.version, text))
        self.engine.registry.add(protocol)
        with self._lock:
            self._kept[name] = protocol
            self._registered.add(name)
        return name

    def protocols(self) -> list[ProtocolText]:
        """Every protocol version the store keeps, oldest first."""
        return self.backend.protocols()

    def _protocol(self, which: Protocol | str) -> Protocol:
        if isinstance(which, Protocol):
            name = compile_protocol(which).name
            with self._lock:
                if name not in self._kept:
                    self.add_protocol(which)
            return which
        with self._lock:
            if which in self._kept:
                return self._kept[which]
        found = self.engine.registry.find(None, which)
        if found is None:
            raise StoreError.of("store.no-protocol", ruleset=which)
        with self._lock:
            self._kept[which] = found
        return found

    # ----------------------------------------------------------------- cases

    def open(self, protocol: Protocol | str, scenario: Scenario | Mapping[str, Any],
             opened: DateLike, case_id: str | None = None, *,
             received: DateLike | None = None, facts: Mapping[str, DateLike] | None = None,
             as_of: DateLike | None = None) -> Case:
        """Open a case and store it (version 0). ``protocol`` is a loaded protocol or
        the ruleset name :meth:`add_protocol` returned; ``received`` and ``facts`` as in
        :meth:`protocolkit.engine.CaseEngine.open`. ``opened`` after ``as_of`` (today) is
        refused."""
        day = to_date(opened, "opened")
        if case_id is not None:
            check_case_id(case_id)
        chosen = self._protocol(protocol)
        with self._lock:
            if case_id is not None:
                self._forget(case_id)
            case = self.engine.open(chosen, scenario, day, case_id, received=received,
                                    facts=facts, as_of=as_of)
            now = summary(case)
            meta = chosen.protocol
            try:
                self.backend.create(CaseRow(case.id, meta.municipality, case.ruleset,
                                            case.identity, case.scenario.to_dict(),
                                            day.isoformat(), 0, now.status, now.next_due,
                                            now.closed_on, now.open_steps,
                                            case.received.isoformat(),
                                            {k: v.isoformat()
                                             for k, v in case.facts_given.items()}))
            except BaseException:
                self.engine.drop(case)
                raise
            self._versions[case.id] = 0
            return case

    def case(self, case_id: str) -> Case:
        """The case as the store has it now (replayed from its events when this process
        does not hold that version live)."""
        with self._lock:
            row = self.backend.case(case_id)
            try:
                live = self.engine.get(case_id)
            except KeyError:
                live = None
            if live is not None and self._versions.get(case_id) == row.version:
                return live
            self._forget(case_id)
            # The version is what was replayed: another process may have stored an entry
            # after the row was read, and a case held at the row's version would then run
            # ahead of the version a write is checked against (an event the store would
            # refuse as stale is refused by the engine instead).
            record, version = self._record(case_id)
            if self.engine.registry.find(record["protocol"]["identity"]) is None:
                self._refresh()
            case = self.engine.restore(record)
            self._versions[case_id] = version
            return case

    def version(self, case_id: str) -> int:
        """How many events the store holds for the case (what ``version=`` compares)."""
        return self.backend.case(case_id).version

    def record(self, case_id: str, step: str, outcome: str, date: DateLike, *,
               version: int | None = None, recorded_by: str | None = None,
               recorded_at: dt.datetime | None = None, note: str | None = None,
               as_of: DateLike | None = None) -> Case:
        """Record an event and store it in one transaction; the case after it.

        ``version`` is the case version the caller saw (the event is refused with
        :class:`StaleWrite` when the store has moved on); without it, the version this
        call loaded. A refused event (:class:`~protocolkit.engine.EventRefused`) stores
        nothing.
        """
        return self._write(case_id, version, lambda case: case.record(
            step, outcome, date, recorded_by=recorded_by,
            recorded_at=recorded_at or self._clock(), note=note, as_of=as_of))

    def record_fact(self, case_id: str, fact: str, value: DateLike, date: DateLike, *,
                    version: int | None = None, recorded_by: str | None = None,
                    recorded_at: dt.datetime | None = None, note: str | None = None,
                    as_of: DateLike | None = None) -> Case:
        """Store a fact of the case learnt on ``date`` (see
        :meth:`protocolkit.engine.Case.record_fact`) in one transaction, like
        :meth:`record`."""
        return self._write(case_id, version, lambda case: case.record_fact(
            fact, value, date, recorded_by=recorded_by,
            recorded_at=recorded_at or self._clock(), note=note, as_of=as_of))

    def correct(self, case_id: str, event: int, note: str, date: DateLike, *,
                version: int | None = None, recorded_by: str | None = None,
                recorded_at: dt.datetime | None = None, as_of: DateLike | None = None) -> Case:
        """Store a correction withdrawing event ``event`` (see
        :meth:`protocolkit.engine.Case.correct`); nothing is deleted."""
        return self._write(case_id, version, lambda case: case.correct(
            event, note, date, recorded_by=recorded_by,
            recorded_at=recorded_at or self._clock(), as_of=as_of))

    def migrate(self, case_id: str, protocol: Protocol | str, note: str, date: DateLike, *,
                version: int | None = None, recorded_by: str | None = None,
                recorded_at: dt.datetime | None = None,
                as_of: DateLike | None = None) -> Case:
        """Move a case to another version of its protocol and store the migration in one
        transaction; the case under the new version.

        ``protocol`` is a loaded protocol (kept in the store if it is not yet) or a ruleset
        name :meth:`add_protocol` returned. The migration is stored as an entry of the
        case's log (who, when, why, from which ruleset and identity to which, and what
        changed); the events before it stay as recorded, and :meth:`replay` with
        ``before_migration`` still replays the case as it stood under the old text.
        Refused with :class:`~protocolkit.engine.migration.MigrationRefused` (another
        municipality, the same meaning, an event the new version refuses — naming it and
        what changed) and :class:`StaleWrite` (``version`` is not the store's), storing
        nothing. Listeners are not called.
        """
        target = self._protocol(protocol)
        with self._lock:
            case = self.case(case_id)
            loaded = self._versions[case_id]
            if version is not None and _checked_version(version) != loaded:
                raise StaleWrite(case_id, version, loaded)
            moved = self.engine.migrate(case, target, note, date, recorded_by=recorded_by,
                                        recorded_at=recorded_at or self._clock(), as_of=as_of)
            entry = {"migration": moved.migrations[-1].to_dict(), "ruleset": moved.ruleset}
            try:
                self._versions[case_id] = self.backend.append(case_id, loaded, entry,
                                                              summary(moved))
            except BaseException:
                self._forget(case_id)  # the live case holds a migration the store has not
                raise
            return moved

    def _write(self, case_id: str, version: int | None,
               apply: Callable[[Case], object]) -> Case:
        engine = self.engine
        with self._lock:
            case = self.case(case_id)
            loaded = self._versions[case_id]
            if version is not None and _checked_version(version) != loaded:
                raise StaleWrite(case_id, version, loaded)
            with engine._lock:
                before = case._snapshot()
                quiet, engine._quiet = engine._quiet, True
                try:
                    apply(case)
                finally:
                    engine._quiet = quiet
                event = {**case.events[-1].to_dict(), "ruleset": case.ruleset}
                try:
                    self._versions[case_id] = self.backend.append(case_id, loaded, event,
                                                                  summary(case))
                except BaseException:
                    self._forget(case_id)  # the live case holds an event the store has not
                    raise
                notices = case._notices(before)
        engine._notify(notices)
        return case

    def _forget(self, case_id: str) -> None:
        self.engine.drop(case_id)
        self._versions.pop(case_id, None)

    # ----------------------------------------------------------------- reading

    def list(self, status: str | None = None, overdue_as_of: DateLike | None = None,
             municipality: str | None = None) -> list[CaseRow]:
        """Cases across protocols: ``status`` ``"open"`` or ``"closed"``; with
        ``overdue_as_of`` only open cases with a step overdue on that day (due before
        it); of one ``municipality``. Earliest due first."""
        if status not in (None, "open", "closed"):
            raise ValueError(f"status is 'open' or 'closed', not {status!r}")
        due_before = None
        if overdue_as_of is not None:
            due_before = to_date(overdue_as_of, "overdue_as_of").isoformat()
            status = "open"
        return self.backend.list(status, due_before, municipality)

    def export(self, case_id: str) -> dict[str, Any]:
        """The case's record (:meth:`protocolkit.engine.Case.to_dict` form) from the store,
        without replaying it; the protocol named is the one of its latest entry (an event,
        or a migration to another version)."""
        return self._record(case_id)[0]

    def _record(self, case_id: str) -> tuple[dict[str, Any], int]:
        """The case's record and its version: the number of entries read for it."""
        row = self.backend.case(case_id)
        entries = self.backend.events(case_id)
        ruleset = entries[-1]["ruleset"] if entries else row.ruleset
        kept = {p.ruleset: p for p in self.backend.protocols()}
        text = kept.get(ruleset)
        if text is None:
            raise StoreError.of("store.lost-protocol", ruleset=ruleset, case=case_id)
        events = [{k: v for k, v in e.items() if k != "ruleset"}
                  for e in entries if "migration" not in e]
        migrations = [e["migration"] for e in entries if "migration" in e]
        return {"format": CASE_FORMAT, "id": row.id,
                "protocol": {"municipality": text.municipality, "version": text.version,
                             "ruleset": text.ruleset, "identity": text.identity},
                "scenario": row.scenario, "opened": row.opened,
                "received": row.received or row.opened, "facts": dict(row.facts or {}),
                "events": events, **({"migrations": migrations} if migrations else {})
                }, len(entries)

    def replay(self, case_id: str, before_migration: int | None = None) -> Case:
        """The case replayed in a fresh engine from the exact protocol texts the store
        keeps, whatever the registry holds now: the events up to the first migration
        under the text the case was opened under, each later stretch under the text it
        was migrated to. ``before_migration=n`` (from 1) gives the case as it stood just
        before its ``n``-th migration, under the text it ran under then."""
        from protocolkit.format.loader import load_text

        record = self.export(case_id)
        row = self.backend.case(case_id)
        moves = record.pop("migrations", [])
        if before_migration is not None and not 1 <= before_migration <= len(moves):
            raise StoreError.of("store.no-migration", case=case_id,
                                migrations=counted("n.migration", len(moves)),
                                number=before_migration)
        kept = {p.ruleset: p for p in self.backend.protocols()}
        stretches = [row.ruleset, *(m["to"]["ruleset"] for m in moves)]
        last = len(moves) if before_migration is None else before_migration - 1
        engine = CaseEngine(max_live=16)
        case: Case | None = None
        for n in range(last + 1):
            text = kept.get(stretches[n])
            if text is None:
                raise StoreError.of("store.lost-protocol", ruleset=stretches[n], case=case_id)
            loaded = load_text(text.text, f"<store: {text.ruleset}>")
            if loaded.protocol is None:
                raise StoreError.of("store.no-longer-loads", ruleset=stretches[n])
            until = moves[n]["after"] if n < len(moves) else len(record["events"])
            part = {**record, "events": record["events"][:until],
                    "protocol": (moves[n - 1]["to"] if n else
                                 {"municipality": text.municipality, "version": text.version,
                                  "ruleset": text.ruleset, "identity": text.identity}),
                    **({"migrations": moves[:n]} if n else {})}
            if case is not None:
                engine.drop(case)
            try:
                case = engine.restore(loaded.protocol, part)
            except CaseRecordError as error:
                raise StoreError.of("store.does-not-replay", case=case_id,
                                    error=error) from error
        assert case is not None
        return case

    def close(self) -> None:
        """Drop the live cases and close the database."""
        with self._lock:
            self.engine.close()
            self._versions.clear()
            self.backend.close()
