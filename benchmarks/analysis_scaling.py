"""How the route-graph checks scale: ``run_checks`` on generated protocols of 1k to 16k
steps, and the fitted log-log exponent (1.0 is linear).

Each size is timed on a fresh protocol instance (nothing memoized), best of ``repeats``;
generating and validating the protocol is not timed. The per-scenario graph is the whole
protocol (every generated step is reachable in every scenario), so time per step should
stay flat.

Two exponents are reported. ``exponent`` times the checks with the garbage collector
paused, as :mod:`timeit` does: that is the cost of the algorithms. ``exponent_with_gc``
leaves it running: CPython's full collections walk every live object, and the memoized
step views of a 16k-step protocol are many, so that number grows a little faster than the
work done (about 1.2 against 1.0).

Run ``python benchmarks/analysis_scaling.py`` (JSON on stdout); ``benchmarks/run.py``
calls :func:`run`.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from benchmarks.generate import generate_data
from protocolkit.analysis import run_checks
from protocolkit.model import Protocol
from protocolkit.semantics import scenario_space

SIZES: tuple[int, ...] = (1000, 2000, 4000, 8000, 16000)


def fit_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) against log(size).

    >>> round(fit_exponent([1, 2, 4], [3, 6, 12]), 6)
    1.0
    >>> round(fit_exponent([1, 2, 4], [1, 4, 16]), 6)
    2.0
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den


def _timed(data: dict[str, Any], collect: bool) -> tuple[float, int, int]:
    protocol = Protocol.model_validate(data)
    scenarios = len(scenario_space(protocol))
    gc.collect()
    enabled = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        start = time.perf_counter()
        findings = len(run_checks(protocol))
        seconds = time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()
    return seconds, scenarios, findings


def time_checks(n_steps: int, repeats: int = 3, seed: int = 0) -> dict[str, Any]:
    """Best-of-``repeats`` seconds of ``run_checks`` on a generated protocol of ``n_steps``,
    with the garbage collector paused and running."""
    data = generate_data(n_steps, seed)
    paused = [_timed(data, collect=False) for _ in range(repeats)]
    running = [_timed(data, collect=True) for _ in range(repeats)]
    best, scenarios, findings = min(paused)
    return {"steps": n_steps, "seconds": best, "seconds_with_gc": min(running)[0],
            "scenarios": scenarios, "findings": findings,
            "us_per_step_per_scenario": round(best / (n_steps * scenarios) * 1e6, 2)}


def run(sizes: Sequence[int] = SIZES, repeats: int = 3) -> dict[str, Any]:
    """The benchmark as data: per-size timings and the fitted scaling exponents."""
    results = [time_checks(n, repeats) for n in sizes]
    steps = [r["steps"] for r in results]
    exponent = fit_exponent(steps, [r["seconds"] for r in results])
    with_gc = fit_exponent(steps, [r["seconds_with_gc"] for r in results])
    return {"benchmark": "analysis_scaling",
            "what": "protocolkit.analysis.run_checks on benchmarks/generate.py protocols",
            "results": results, "exponent": round(exponent, 3),
            "exponent_with_gc": round(with_gc, 3), "linear": exponent < 1.15}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(run(args.sizes, args.repeats), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
