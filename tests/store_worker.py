"""A process that writes to a case store, for tests/test_store.py (run as a script).

``python tests/store_worker.py STORE NAME CASES ATTEMPTS [PAUSE]`` records ``ATTEMPTS``
events (``ATTEMPTS`` 0: until killed; ``PAUSE`` seconds between attempts, default 0) on the cases ``c0``..``c{CASES-1}`` of the store, each
time taking an outcome the case accepts now or, when the case has ended, a correction
withdrawing its latest event. Prints one JSON line: the ``(case, version)`` of every
event it stored and how many attempts were refused as stale.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from protocolkit.engine import EventRefused
from protocolkit.store import Casebook, StaleWrite


def main() -> None:
    store, name, cases, attempts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    pause = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    book = Casebook(store)
    stored: list[tuple[str, int]] = []
    stale = refused = 0
    i = 0
    while attempts == 0 or i < attempts:
        case_id = f"c{i % cases}"
        i += 1
        time.sleep(pause)
        try:
            case = book.case(case_id)
            version = case.version
            accepts = case.accepts()
            if accepts:
                step, outcomes = min(accepts.items())
                book.record(case_id, step, outcomes[i % len(outcomes)], "2026-01-06",
                            version=version, recorded_by=name)
            else:
                applied = [n for n, e in enumerate(case.events, start=1)
                           if e.withdraws is None and n not in
                           {x.withdraws for x in case.events}]
                book.correct(case_id, applied[-1], "test", "2026-01-06", version=version,
                             recorded_by=name)
            stored.append((case_id, version + 1))
            if attempts == 0:
                print(json.dumps([case_id, version + 1]), flush=True)
        except StaleWrite:
            stale += 1
        except EventRefused:
            refused += 1
    print(json.dumps({"stored": stored, "stale": stale, "refused": refused,
                      "attempts": attempts}), flush=True)
    book.close()


if __name__ == "__main__":
    main()
