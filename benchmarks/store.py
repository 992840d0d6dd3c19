"""Case-store figures, as ratios against bare SQLite doing the same writes and reads.

* ``store.events_ratio`` — bare SQLite throughput / :class:`protocolkit.store.Casebook`
  throughput when recording events. The bare side writes the very rows the store
  writes for each event (the event row and the case's new version and summary) in one
  ``BEGIN IMMEDIATE`` transaction each, on a file with the store's schema and pragmas;
  the store also checks the event against the protocol (the rules engine), checks the
  version and computes the summary.
* ``store.overdue_ratio`` — :meth:`Casebook.list` of the overdue cases among 10,000
  stored cases / the same indexed ``SELECT`` run bare (rows fetched, nothing decoded).

``python benchmarks/store.py`` prints them; :func:`store_benchmarks` is what
``benchmarks/run.py`` calls.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from protocolkit.store import Casebook
from protocolkit.store.backend import _SCHEMA, CaseRow

SCENARIO = {"reporter": "burgemeester", "subject": "raadslid", "act": "uitgevoerd"}
ROUTE = [("melding", "gemeld"), ("beoordeling", "onderzoekswaardig"), ("opdracht", "verleend"),
         ("onderzoek", "concept_gereed"), ("wederhoor", "schending"), ("oordeel", "sanctie"),
         ("sanctie", "opgelegd"), ("pers", "gedaan")]


def _bare_db(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
    return db


def events_per_second(cases: int, folder: Path) -> dict[str, Any]:
    """Record the whole minimal route for ``cases`` cases, through the store and bare."""
    book = Casebook(folder / "store.db")
    ruleset = book.add_protocol(ROOT / "tests" / "data" / "minimal.yaml")
    for i in range(cases):
        book.open(ruleset, SCENARIO, "2026-01-05", case_id=f"c{i}")
    start = time.perf_counter()
    for step, outcome in ROUTE:
        for i in range(cases):
            book.record(f"c{i}", step, outcome, "2026-01-06", recorded_by="bench")
    store_seconds = time.perf_counter() - start
    rows = [(f"c{i}", n, e) for i in range(cases)
            for n, e in enumerate(book.backend.events(f"c{i}"), start=1)]
    book.close()

    db = _bare_db(folder / "bare.db")
    db.execute("INSERT INTO protocols VALUES (?, ?, ?, ?, ?, ?)", (ruleset, "x", "m", "1", "", 0))
    for i in range(cases):
        db.execute("INSERT INTO cases VALUES (?, 'm', ?, 'x', '{}', '2026-01-05', 0, 'open', "
                   "NULL, NULL, '[]', NULL, '{}')", (f"c{i}", ruleset))
    rows.sort(key=lambda r: (r[1], r[0]))
    start = time.perf_counter()
    for case_id, version, event in rows:
        db.execute("BEGIN IMMEDIATE")
        db.execute("SELECT version FROM cases WHERE id = ?", (case_id,)).fetchone()
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?)",
                   (case_id, version, ruleset, json.dumps(event)))
        db.execute("UPDATE cases SET version = ?, status = 'open', next_due = NULL, "
                   "closed_on = NULL, open_steps = '[]' WHERE id = ?", (version, case_id))
        db.execute("COMMIT")
    bare_seconds = time.perf_counter() - start
    db.close()
    events = len(rows)
    return {"events": events, "store_events_per_second": round(events / store_seconds, 1),
            "bare_events_per_second": round(events / bare_seconds, 1),
            "events_ratio": round(store_seconds / bare_seconds, 2)}


def overdue_listing(cases: int, repeats: int, folder: Path) -> dict[str, Any]:
    """List the overdue cases among ``cases`` stored ones, through the store and bare."""
    book = Casebook(folder / "list.db")
    ruleset = book.add_protocol(ROOT / "tests" / "data" / "minimal.yaml")
    template = book.open(ruleset, SCENARIO, "2026-01-05", case_id="template")
    identity = template.identity
    for i in range(cases):      # summary rows as the store writes them, due dates spread
        due = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        book.backend.create(CaseRow(f"c{i}", "Voorbeeld", ruleset, identity, SCENARIO,
                                    "2026-01-05", 0, "open" if i % 5 else "closed",
                                    due if i % 5 else None, None if i % 5 else due,
                                    ("melding",)))
    as_of = "2026-07-01"
    found = len(book.list(overdue_as_of=as_of))
    store, bare = [], []
    db = sqlite3.connect(folder / "list.db")
    for _ in range(repeats):
        start = time.perf_counter()
        book.list(overdue_as_of=as_of)
        store.append(time.perf_counter() - start)
        start = time.perf_counter()
        db.execute("SELECT id, municipality, ruleset, identity, scenario, opened, version, "
                   "status, next_due, closed_on, open_steps, received, facts FROM cases "
                   "WHERE status = ? "
                   "AND next_due < ? ORDER BY next_due IS NULL, next_due, id",
                   ("open", as_of)).fetchall()
        bare.append(time.perf_counter() - start)
    db.close()
    book.close()
    return {"cases": cases, "overdue": found,
            "store_seconds": round(statistics.median(store), 5),
            "bare_seconds": round(statistics.median(bare), 5),
            "overdue_ratio": round(statistics.median(store) / statistics.median(bare), 2)}


def store_benchmarks(quick: bool = False) -> dict[str, Any]:
    """Both figures; ``quick`` runs a small version (a smoke test)."""
    with tempfile.TemporaryDirectory() as folder:
        events = events_per_second(20 if quick else 200, Path(folder))
        listing = overdue_listing(500 if quick else 10_000, 3 if quick else 9, Path(folder))
    return {**events, **{f"list_{k}": v for k, v in listing.items()
                         if k not in ("overdue_ratio",)}, "overdue_ratio": listing["overdue_ratio"]}


if __name__ == "__main__":
    print(json.dumps(store_benchmarks(quick="--quick" in sys.argv), indent=2))
