"""The case store: nothing lost, nothing overwritten, replay equals the live state."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocolkit.engine import EventRefused
from protocolkit.engine.case import Case, Notice
from protocolkit.store import Casebook, SqliteBackend, StaleWrite, StoreError

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
WORKER = ROOT / "tests" / "store_worker.py"
BURGEMEESTER_OVER_RAADSLID = {"reporter": "burgemeester", "subject": "raadslid",
                              "act": "uitgevoerd"}


def state(case: Case) -> tuple[object, ...]:
    return (case.to_dict(), case.trace(), case.open_steps(as_of="2026-06-01"), case.closed,
            case.substitutions)


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    opened = Casebook(tmp_path / "cases.db")
    opened.add_protocol(MINIMAL)
    yield opened
    opened.close()


def _open(book: Casebook, case_id: str, opened: str = "2026-01-05") -> Case:
    ruleset = next(p.ruleset for p in book.protocols() if p.municipality == "Voorbeeld")
    return book.open(ruleset, BURGEMEESTER_OVER_RAADSLID, opened, case_id=case_id)


def test_a_case_survives_a_restart_with_its_audit_trail(book: Casebook, tmp_path: Path) -> None:
    _open(book, "z1")
    book.record("z1", "melding", "gemeld", "2026-01-06", recorded_by="griffier A",
                note="per e-mail")
    book.record("z1", "beoordeling", "onderzoekswaardig", "2026-01-07", recorded_by="griffier A")
    live = state(book.case("z1"))
    book.close()
    again = Casebook(tmp_path / "cases.db")
    case = again.case("z1")
    assert state(case) == live
    first = case.events[0]
    assert (first.recorded_by, first.note) == ("griffier A", "per e-mail")
    assert first.recorded_at is not None and first.recorded_at.utcoffset().total_seconds() == 0
    again.close()


def test_a_stale_write_is_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    one, two = Casebook(tmp_path / "s.db"), Casebook(tmp_path / "s.db")
    one.add_protocol(MINIMAL)
    _open(one, "z1")
    seen = two.case("z1").version                       # both look at version 0
    one.record("z1", "melding", "gemeld", "2026-01-06", recorded_by="one")
    with pytest.raises(StaleWrite) as stale:
        two.record("z1", "melding", "gemeld", "2026-01-07", version=seen, recorded_by="two")
    assert (stale.value.expected, stale.value.actual) == (0, 1)
    assert [e["recorded_by"] for e in two.backend.events("z1")] == ["one"]
    # Reloaded, the second writer sees the first one's event and goes on from there.
    assert two.case("z1").accepts() == {"beoordeling": ("niet_ontvankelijk",
                                                       "onderzoekswaardig")}
    one.close()
    two.close()


class _Interleaved(SqliteBackend):
    """A backend on which another writer stores an event between this one's read of a
    case's row and its read of the case's events (once): what a second process can do."""

    def __init__(self, path: Path, between: Callable[[], object]) -> None:
        super().__init__(path)
        self.between: Callable[[], object] | None = between

    def events(self, case_id: str) -> list[dict[str, Any]]:
        between, self.between = self.between, None
        if between is not None:
            between()
        return super().events(case_id)


def test_a_write_racing_a_reload_is_refused_as_stale_not_as_a_refused_event(
        tmp_path: Path) -> None:
    one = Casebook(tmp_path / "s.db")
    one.add_protocol(MINIMAL)
    _open(one, "z1")
    two = Casebook(_Interleaved(tmp_path / "s.db", lambda: one.record(
        "z1", "melding", "gemeld", "2026-01-06", recorded_by="one")))
    seen = two.version("z1")                            # 0; two holds no live case
    # two reloads the case to record against version 0: it reads the row at version 0,
    # then one stores its event, then two reads the events (one of them).
    with pytest.raises(StaleWrite) as stale:
        two.record("z1", "melding", "gemeld", "2026-01-07", version=seen, recorded_by="two")
    assert (stale.value.expected, stale.value.actual) == (0, 1)
    assert [e["recorded_by"] for e in two.backend.events("z1")] == ["one"]
    assert two.case("z1").version == two.version("z1") == 1
    two.record("z1", "beoordeling", "onderzoekswaardig", "2026-01-07", version=1,
               recorded_by="two")
    assert [e["recorded_by"] for e in one.backend.events("z1")] == ["one", "two"]
    one.close()
    two.close()


def test_a_refused_event_stores_nothing(book: Casebook) -> None:
    _open(book, "z1")
    with pytest.raises(EventRefused) as refused:
        book.record("z1", "meldng", "gemeld", "2026-01-06")
    assert refused.value.reason == "unknown-step" and "melding" in (refused.value.hint or "")
    with pytest.raises(EventRefused) as refused:
        book.record("z1", "melding", "gemeld", "2026-01-09", as_of="2026-01-08")
    assert refused.value.reason == "date-after-as-of"
    assert book.version("z1") == 0 and book.backend.events("z1") == []


def test_listeners_hear_only_what_the_store_committed(tmp_path: Path) -> None:
    one, two = Casebook(tmp_path / "s.db"), Casebook(tmp_path / "s.db")
    one.add_protocol(MINIMAL)
    _open(one, "z1")
    heard: list[Notice] = []
    two.engine.subscribe(heard.append)
    seen = two.case("z1").version
    one.record("z1", "melding", "gemeld", "2026-01-06")
    with pytest.raises(StaleWrite):
        two.record("z1", "melding", "gemeld", "2026-01-06", version=seen)
    assert heard == []                               # the refused event told nobody
    two.record("z1", "beoordeling", "onderzoekswaardig", "2026-01-07")
    assert [(n.kind, n.step) for n in heard] == [("step-opened", "opdracht")]
    with pytest.raises(ValueError, match="after"):
        two.open(next(p.ruleset for p in two.protocols()), BURGEMEESTER_OVER_RAADSLID,
                 "2026-02-01", case_id="z2", as_of="2026-01-31")
    one.close()
    two.close()


def test_events_are_append_only_in_the_database(book: Casebook, tmp_path: Path) -> None:
    _open(book, "z1")
    book.record("z1", "melding", "gemeld", "2026-01-06")
    db = sqlite3.connect(tmp_path / "cases.db")
    for sql in ("UPDATE events SET data = '{}'", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(sql)
    db.close()


def test_a_correction_is_stored_replayed_and_shown(book: Casebook, tmp_path: Path) -> None:
    _open(book, "z1")
    book.record("z1", "melding", "gemeld", "2026-01-06")
    book.record("z1", "beoordeling", "niet_ontvankelijk", "2026-01-07", recorded_by="A")
    assert book.case("z1").closed is not None
    book.correct("z1", 2, "verkeerde knop: de melding is onderzoekswaardig", "2026-01-08",
                 recorded_by="B")
    book.record("z1", "beoordeling", "onderzoekswaardig", "2026-01-08", recorded_by="B")
    case = Casebook(tmp_path / "cases.db").case("z1")
    assert [e.kind for e in case.events] == ["outcome", "outcome", "correction", "outcome"]
    assert case.events[2].withdraws == 2 and case.closed is None
    assert [(t.step, t.outcome, t.withdrawn_by) for t in case.trace()] == [
        ("melding", "gemeld", None), ("beoordeling", "niet_ontvankelijk", 3),
        ("beoordeling", "onderzoekswaardig", None), ("opdracht", None, None)]
    rows = {r.id: r for r in book.list()}
    assert rows["z1"].status == "open" and rows["z1"].version == 4


def test_listing_across_protocols_open_overdue_closed(book: Casebook) -> None:
    other = ROOT / "protocols" / "oostzaan.yaml"
    oostzaan = book.add_protocol(other)
    _open(book, "late")                                   # melding due 2026-01-19
    _open(book, "done")
    book.record("done", "melding", "gemeld", "2026-01-06")
    book.record("done", "beoordeling", "niet_ontvankelijk", "2026-01-06")
    book.open(oostzaan, {"reporter": "raadslid", "subject": "burgemeester",
                         "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
              "2026-01-20", case_id="oz")
    assert {r.id for r in book.list(status="closed")} == {"done"}
    assert {r.id for r in book.list(status="open")} == {"late", "oz"}
    assert [r.id for r in book.list(overdue_as_of="2026-01-20")] == ["late"]
    assert [r.municipality for r in book.list(municipality="Oostzaan")] == ["Oostzaan"]


def test_a_cosmetic_edit_keeps_stored_cases_and_the_old_text(book: Casebook,
                                                              tmp_path: Path) -> None:
    _open(book, "z1")
    book.record("z1", "melding", "gemeld", "2026-01-06")
    book.close()
    edited = tmp_path / "minimal-edited.yaml"
    edited.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "title: Integriteitsonderzoek", "title: Onderzoek naar de integriteit"), encoding="utf-8")
    again = Casebook(tmp_path / "cases.db")
    again.add_protocol(edited)
    case = again.record("z1", "beoordeling", "onderzoekswaardig", "2026-01-07")
    again.record("z1", "opdracht", "verleend", "2026-01-08")
    assert again.case("z1").open_steps()[0].title == "Onderzoek naar de integriteit"
    assert len({p.ruleset for p in again.protocols()}) == 2    # both texts kept
    as_it_was = again.replay("z1")
    assert as_it_was.open_steps()[0].title == "Integriteitsonderzoek"
    assert as_it_was.events == again.case("z1").events
    assert case.id == "z1"
    again.close()


def test_a_store_file_that_is_no_store_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        Casebook(junk)


# --------------------------------------------------------------------------- replay


@settings(max_examples=15)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9), st.booleans()),
                min_size=1, max_size=25))
def test_replay_from_the_store_equals_the_live_state(tmp_path_factory: pytest.TempPathFactory,
                                                    moves: list[tuple[int, int, bool]]) -> None:
    path = tmp_path_factory.mktemp("replay") / "cases.db"
    book = Casebook(path)
    book.add_protocol(MINIMAL)
    cases = [_open(book, f"c{i}") for i in range(3)]
    for which, pick, correct in moves:
        case = book.case(f"c{which}")
        applied = [n for n, e in enumerate(case.events, start=1)
                   if e.withdraws is None and n not in {x.withdraws for x in case.events}]
        try:
            if (correct or not case.accepts()) and applied:
                book.correct(case.id, applied[-1], "correctie", "2026-02-01")
            elif case.accepts():
                step, outcomes = min(case.accepts().items())
                book.record(case.id, step, outcomes[pick % len(outcomes)], "2026-02-01")
            else:
                book.record(case.id, "melding", "gemeld", "2026-02-01")   # refused: ended
        except EventRefused:
            pass
    live = {c.id: state(book.case(c.id)) for c in cases}
    book.close()
    fresh = Casebook(path)
    assert {c.id: state(fresh.case(c.id)) for c in cases} == live
    for row in fresh.list():
        replayed = fresh.case(row.id)
        assert row.version == len(replayed.events)
        assert row.status == ("closed" if replayed.closed else "open")
    fresh.close()


# --------------------------------------------------------------------------- processes


def _worker(path: Path, name: str, cases: int, attempts: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), str(path), name, str(cases),
                             str(attempts)], stdout=subprocess.PIPE, text=True, cwd=ROOT)


def test_two_processes_writing_to_one_store_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    book = Casebook(path)
    book.add_protocol(MINIMAL)
    for i in range(3):
        _open(book, f"c{i}")
    book.close()
    workers = [_worker(path, name, 3, 60) for name in ("p1", "p2")]
    reports = [json.loads(w.communicate(timeout=300)[0].splitlines()[-1]) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    for report in reports:                  # every attempt stored or refused as stale
        assert len(report["stored"]) + report["stale"] + report["refused"] == 60
        assert report["refused"] == 0
    claimed = [tuple(s) + (name,) for report, name in zip(reports, ("p1", "p2"), strict=True)
               for s in report["stored"]]
    assert len({c[:2] for c in claimed}) == len(claimed)          # no slot written twice
    check = Casebook(path)
    in_store = {(f"c{i}", n, e["recorded_by"])
                for i in range(3)
                for n, e in enumerate(check.backend.events(f"c{i}"), start=1)}
    assert in_store == set(claimed)                               # nothing lost
    assert sum(r.version for r in check.list()) == len(claimed)
    for i in range(3):
        assert check.case(f"c{i}").version == check.version(f"c{i}")
    check.close()


def test_a_process_killed_mid_write_leaves_the_store_consistent(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    book = Casebook(path)
    book.add_protocol(MINIMAL)
    for i in range(4):
        _open(book, f"c{i}")
    book.close()
    worker = _worker(path, "doomed", 4, 0)
    assert worker.stdout is not None
    for _ in range(15):                       # let it store some events, then kill it
        worker.stdout.readline()
    time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    check = Casebook(path)
    total = 0
    for row in check.list():
        events = check.backend.events(row.id)
        assert row.version == len(events)     # the version and the log agree
        case = check.case(row.id)             # and the log replays
        assert row.status == ("closed" if case.closed else "open")
        assert row.open_steps == tuple(s.step for s in case.open_steps())
        total += len(events)
    assert total >= 15
    check.close()
