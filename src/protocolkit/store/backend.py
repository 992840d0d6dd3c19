"""The interface a case store implements, and its SQLite implementation.

A tool that keeps its cases in its own database implements :class:`CaseBackend`
(eight methods, plain data in and out) and hands it to
:class:`~protocolkit.store.Casebook`; everything else (replay, corrections,
concurrency, listing) comes with it. :class:`SqliteBackend` is the default, on the
standard library's ``sqlite3``:

* WAL journal, one ``BEGIN IMMEDIATE`` transaction per event: an event and the case's
  new version and summary are written together or not at all (a process killed
  mid-write leaves the store as it was before that event);
* ``events`` is append-only: triggers refuse ``UPDATE`` and ``DELETE``;
* optimistic concurrency: :meth:`~CaseBackend.append` names the case version the event
  was recorded against; when another writer got there first the event is refused
  (:class:`StaleWrite`), never written over another;
* ``protocols`` keeps the exact YAML text of every ruleset a case was recorded under,
  so a case can always be replayed as it was;
* ``cases`` keeps a summary per case (status, the earliest due date among its open
  steps) so listing the overdue cases among thousands is one indexed query.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from protocolkit.format.texts import TEXTS, text

#: Seconds a store waits for another process's write lock before it gives up
#: (``store.locked``).
BUSY_TIMEOUT = 30.0


class StoreError(RuntimeError):
    """The store cannot do what was asked (no such case, a case id taken, a broken file).

    ``str(error)`` is the English message; :meth:`render` writes it in Dutch or English
    (the text ``key`` of :data:`protocolkit.format.texts.TEXTS` with its arguments).
    """

    def __init__(self, message: str, key: str | None = None,
                 words: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.key, self.words = key, dict(words or {})

    @classmethod
    def of(cls, key: str, /, **words: Any) -> StoreError:
        return cls(text(key, "en", **words), key, words)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``None``: :func:`protocolkit.format.texts.resolve_lang`)."""
        if not self.key:
            return str(self)
        from protocolkit.format.texts import resolve_lang

        chosen = resolve_lang(lang)
        return text(self.key, chosen, **{name: _word(value, chosen)
                                         for name, value in self.words.items()})


def _word(value: Any, lang: str) -> Any:
    """A word of a store error in ``lang``: an engine error inside (a case that does not
    replay) or SQLite's reason (``sqlite.SQLITE_NOTADB``, …, from the table) in the same
    language; anything else as it is."""
    if callable(getattr(value, "render", None)):
        return value.render(lang)
    name = getattr(value, "sqlite_errorname", None)
    if isinstance(value, sqlite3.Error) and f"sqlite.{name}" in TEXTS:
        return text(f"sqlite.{name}", lang)
    return value


class StaleWrite(StoreError):
    """The case changed since the version the event was recorded against: the event was
    not written. Reload the case, check, and record again."""

    def __init__(self, case_id: str, expected: int, actual: int) -> None:
        words = {"case": case_id, "actual": actual, "expected": expected}
        super().__init__(text("store.stale", "en", **words), "store.stale", words)
        self.case_id, self.expected, self.actual = case_id, expected, actual


@dataclass(frozen=True)
class ProtocolText:
    """A protocol version as the store keeps it: the exact text, by ruleset name."""

    ruleset: str
    identity: str
    municipality: str
    version: str
    text: str


@dataclass(frozen=True)
class CaseRow:
    """A case's summary row: what listing needs without replaying the case."""

    id: str
    municipality: str
    ruleset: str
    identity: str
    scenario: dict[str, Any]
    opened: str
    version: int
    status: str                 # "open" or "closed"
    next_due: str | None        # the earliest due date among the open steps
    closed_on: str | None
    open_steps: tuple[str, ...]
    #: The day the melding came in (when before ``opened``) and the case's facts.
    received: str | None = None
    facts: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "municipality": self.municipality, "ruleset": self.ruleset,
                "identity": self.identity, "scenario": self.scenario, "opened": self.opened,
                "received": self.received, "facts": dict(self.facts or {}),
                "version": self.version, "status": self.status, "next_due": self.next_due,
                "closed_on": self.closed_on, "open_steps": list(self.open_steps)}


@dataclass(frozen=True)
class Summary:
    """What a case is now, written with each event: status, open steps, next due date."""

    status: str
    open_steps: tuple[str, ...]
    next_due: str | None
    closed_on: str | None


class CaseBackend(Protocol):
    """What :class:`~protocolkit.store.Casebook` needs of a database.

    Rows are plain data; events are the dicts of :meth:`protocolkit.engine.Event.to_dict`
    plus ``ruleset``, or ``{"migration": ..., "ruleset": ...}`` for a move to another
    protocol version (:meth:`protocolkit.engine.migration.Migration.to_dict`): the store
    keeps both in one sequence, so a case's version counts them together. ``append`` must be atomic and refuse a stale ``expected_version``.
    """

    def put_protocol(self, protocol: ProtocolText) -> None:
        """Keep a protocol version (a no-op when its ruleset is kept already)."""

    def protocols(self) -> list[ProtocolText]:
        """Every protocol version kept, oldest first."""

    def create(self, row: CaseRow) -> None:
        """Add a case at version 0; :class:`StoreError` when the id is taken."""

    def append(self, case_id: str, expected_version: int, event: dict[str, Any],
               summary: Summary) -> int:
        """Add event number ``expected_version + 1`` and the case's new summary, in one
        transaction; the new version. :class:`StaleWrite` when the case is not at
        ``expected_version``."""

    def case(self, case_id: str) -> CaseRow:
        """The case's row; :class:`StoreError` when there is none."""

    def events(self, case_id: str) -> list[dict[str, Any]]:
        """The case's events in order (each with ``ruleset``)."""

    def list(self, status: str | None = None, due_before: str | None = None,
             municipality: str | None = None) -> list[CaseRow]:
        """Cases by status, with a due date before ``due_before``, of a municipality."""

    def close(self) -> None:
        """Release the database."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS protocols (
    ruleset      TEXT PRIMARY KEY,
    identity     TEXT NOT NULL,
    municipality TEXT NOT NULL,
    version      TEXT NOT NULL,
    text         TEXT NOT NULL,
    seq          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    id           TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    ruleset      TEXT NOT NULL REFERENCES protocols(ruleset),
    identity     TEXT NOT NULL,
    scenario     TEXT NOT NULL,
    opened       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    next_due     TEXT,
    closed_on    TEXT,
    open_steps   TEXT NOT NULL,
    received     TEXT,
    facts        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS cases_due ON cases(status, next_due);
CREATE INDEX IF NOT EXISTS cases_municipality ON cases(municipality, status);
CREATE TABLE IF NOT EXISTS events (
    case_id      TEXT NOT NULL REFERENCES cases(id),
    seq          INTEGER NOT NULL,
    ruleset      TEXT NOT NULL REFERENCES protocols(ruleset),
    data         TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('format', 'protocolkit.store/1');
"""


class SqliteBackend:
    """:class:`CaseBackend` on one SQLite file (WAL). Thread-safe (one connection, one
    lock); several processes may share the file."""

    def __init__(self, path: str | Path, timeout: float | None = None) -> None:
        self.path = str(path)
        self._timeout = BUSY_TIMEOUT if timeout is None else timeout
        timeout = self._timeout
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript("BEGIN IMMEDIATE;" + _SCHEMA + "COMMIT;")
            found = self._db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        except sqlite3.DatabaseError as error:
            self._busy(error)
            raise StoreError.of("store.not-a-store-because", path=self.path,
                                error=error) from error
        if found is None or found[0] != "protocolkit.store/1":
            raise StoreError.of("store.not-a-store", path=self.path)
        self._lock = threading.RLock()

    def _busy(self, error: sqlite3.Error) -> None:
        """:class:`StoreError` ``store.locked`` when ``error`` says another process held
        the file's write lock for longer than the timeout."""
        if getattr(error, "sqlite_errorname", None) in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise StoreError.of("store.locked", path=self.path,
                                seconds=f"{self._timeout:g}") from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            self._busy(error)
            raise
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def put_protocol(self, protocol: ProtocolText) -> None:
        with self._lock, self._transaction() as db:
            seq = db.execute("SELECT COUNT(*) FROM protocols").fetchone()[0]
            db.execute("INSERT OR IGNORE INTO protocols VALUES (?, ?, ?, ?, ?, ?)",
                       (protocol.ruleset, protocol.identity, protocol.municipality,
                        protocol.version, protocol.text, seq))

    def protocols(self) -> list[ProtocolText]:
        with self._lock:
            rows = self._db.execute("SELECT ruleset, identity, municipality, version, text "
                                    "FROM protocols ORDER BY seq").fetchall()
        return [ProtocolText(*row) for row in rows]

    def create(self, row: CaseRow) -> None:
        with self._lock:
            try:
                with self._transaction() as db:
                    if db.execute("SELECT 1 FROM cases WHERE id = ?",
                                  (row.id,)).fetchone() is not None:
                        raise StoreError.of("store.case-exists", case=row.id, path=self.path)
                    db.execute("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (row.id, row.municipality, row.ruleset, row.identity,
                                json.dumps(row.scenario, ensure_ascii=False), row.opened,
                                row.version, row.status, row.next_due, row.closed_on,
                                json.dumps(list(row.open_steps)), row.received,
                                json.dumps(row.facts or {})))
            except sqlite3.IntegrityError as error:
                raise StoreError.of("store.cannot-add", case=row.id, error=error) from error

    def append(self, case_id: str, expected_version: int, event: dict[str, Any],
               summary: Summary) -> int:
        data = {k: v for k, v in event.items() if k != "ruleset"}
        with self._lock, self._transaction() as db:
            found = db.execute("SELECT version FROM cases WHERE id = ?", (case_id,)).fetchone()
            if found is None:
                raise StoreError.of("store.no-case", case=case_id, path=self.path)
            if found[0] != expected_version:
                raise StaleWrite(case_id, expected_version, found[0])
            version = expected_version + 1
            db.execute("INSERT INTO events VALUES (?, ?, ?, ?)",
                       (case_id, version, event["ruleset"], json.dumps(data, ensure_ascii=False)))
            db.execute("UPDATE cases SET version = ?, status = ?, next_due = ?, closed_on = ?, "
                       "open_steps = ? WHERE id = ?",
                       (version, summary.status, summary.next_due, summary.closed_on,
                        json.dumps(list(summary.open_steps)), case_id))
        return version

    def case(self, case_id: str) -> CaseRow:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM cases WHERE id = ?",
                                   (case_id,)).fetchone()
        if row is None:
            raise StoreError.of("store.no-case", case=case_id, path=self.path)
        return _row(row)

    def events(self, case_id: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT ruleset, data FROM events WHERE case_id = ? "
                                    "ORDER BY seq", (case_id,)).fetchall()
        return [{**json.loads(data), "ruleset": ruleset} for ruleset, data in rows]

    def list(self, status: str | None = None, due_before: str | None = None,
             municipality: str | None = None) -> list[CaseRow]:
        where: list[str] = []
        params: list[Any] = []
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if due_before is not None:
            where.append("next_due < ?")
            params.append(due_before)
        if municipality is not None:
            where.append("municipality = ?")
            params.append(municipality)
        sql = f"SELECT {_COLUMNS} FROM cases"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY next_due IS NULL, next_due, id"
        with self._lock:
            rows: Sequence[Any] = self._db.execute(sql, params).fetchall()
        decoded: dict[str, Any] = {}          # many cases share a scenario and open steps
        return [_row(r, decoded) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


_COLUMNS = ("id, municipality, ruleset, identity, scenario, opened, version, status, "
            "next_due, closed_on, open_steps, received, facts")


def _row(row: Sequence[Any], decoded: dict[str, Any] | None = None) -> CaseRow:
    memo = {} if decoded is None else decoded

    def load(text: str) -> Any:
        if text not in memo:
            memo[text] = json.loads(text)
        return memo[text]

    return CaseRow(row[0], row[1], row[2], row[3], dict(load(row[4])), row[5], row[6], row[7],
                   row[8], row[9], tuple(load(row[10])), row[11], dict(load(row[12])))
