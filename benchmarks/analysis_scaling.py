"""How validation scales: with the number of steps, and with the size of the scenario space.

Two series, both timed in CPU time (:func:`time.process_time`) with the garbage collector
running, as a user's process runs; each size is timed ``repeats`` times, the sizes
interleaved (1k, 2k, …, 1k, 2k, …) so that a noisy neighbour hits every size alike, and the
median taken. Each timing uses a fresh protocol instance (nothing memoized).

* **steps** (``steps_exponent``): the whole of ``validate`` for one file — read the YAML
  text (:func:`protocolkit.format.loader.load_bytes`: YAML, model, references) and
  :func:`protocolkit.analysis.run_checks` — on generated protocols of 500 to 8,000 steps
  (:mod:`benchmarks.generate`, written compactly so that 8,000 steps stay under the
  loader's 1 MiB), 6 scenarios each.
* **scenarios** (``scenarios_exponent``): ``run_checks`` alone on a protocol of fixed
  size (``SCENARIO_STEPS`` steps) whose scenario space grows from 6 to 20,000 through an
  extra attribute that guards test. Above the loader's cap
  (:data:`protocolkit.format.references.MAX_SCENARIOS`) the model is built directly.

The exponent is the least-squares slope of log(time) against log(size): 1.0 is linear.
``exponent`` (the figure ``analysis.scaling_exponent`` has always been) is the checks
alone over the steps series, now with the collector running.

Run ``python benchmarks/analysis_scaling.py`` (JSON on stdout); ``benchmarks/run.py``
calls :func:`run`.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from benchmarks.generate import dump_yaml, generate_data
from protocolkit.analysis import run_checks
from protocolkit.format.loader import MAX_BYTES, load_bytes
from protocolkit.format.model import Protocol
from protocolkit.semantics import scenario_space

STEP_SIZES: tuple[int, ...] = (500, 1000, 2000, 4000, 8000)
#: Extra attribute values: 6 scenarios each (2 reporters x 3 subjects).
GRADES: tuple[int, ...] = (1, 8, 64, 512, 3334)
SCENARIO_STEPS = 40


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


def _cpu() -> float:
    return time.process_time()


def _time_file(raw: bytes) -> tuple[float, float, int]:
    """CPU seconds of loading ``raw`` and of checking it; the number of findings."""
    gc.collect()
    start = _cpu()
    result = load_bytes(raw, "generated.yaml")
    loaded = _cpu()
    if result.protocol is None:
        raise RuntimeError(f"generated protocol refused: {result.findings[:3]}")
    findings = run_checks(result.protocol, result.locations)
    return loaded - start, _cpu() - loaded, len(findings)


def steps_series(sizes: Sequence[int], repeats: int) -> dict[str, Any]:
    files = {n: dump_yaml(generate_data(n, terse=True)).encode() for n in sizes}
    for n, raw in files.items():
        if len(raw) > MAX_BYTES:
            raise RuntimeError(f"{n} steps take {len(raw)} bytes, over the loader's limit")
    load: dict[int, list[float]] = {n: [] for n in sizes}
    checks: dict[int, list[float]] = {n: [] for n in sizes}
    findings: dict[int, int] = {}
    for _ in range(repeats):
        for n in sizes:
            loading, checking, findings[n] = _time_file(files[n])
            load[n].append(loading)
            checks[n].append(checking)
    results = []
    for n in sizes:
        lo, ch = statistics.median(load[n]), statistics.median(checks[n])
        results.append({"steps": n, "bytes": len(files[n]), "load_seconds": round(lo, 4),
                        "check_seconds": round(ch, 4), "seconds": round(lo + ch, 4),
                        "findings": findings[n],
                        "us_per_step": round((lo + ch) / n * 1e6, 1)})
    steps = [r["steps"] for r in results]
    return {"results": results,
            "exponent": round(fit_exponent(steps, [r["seconds"] for r in results]), 3),
            "load_exponent": round(fit_exponent(steps, [r["load_seconds"] for r in results]), 3),
            "check_exponent": round(fit_exponent(steps, [r["check_seconds"] for r in results]), 3)}


def scenarios_series(grades: Sequence[int], repeats: int, steps: int = SCENARIO_STEPS,
                     ) -> dict[str, Any]:
    data = {g: generate_data(steps, grades=g) for g in grades}
    timings: dict[int, list[float]] = {g: [] for g in grades}
    count: dict[int, int] = {}
    for _ in range(repeats):
        for g in grades:
            protocol = Protocol.model_validate(data[g])
            count[g] = len(scenario_space(Protocol.model_validate(data[g])))
            gc.collect()
            start = _cpu()
            run_checks(protocol)
            timings[g].append(_cpu() - start)
    results = []
    for g in grades:
        seconds = statistics.median(timings[g])
        results.append({"scenarios": count[g], "steps": steps, "seconds": round(seconds, 4),
                        "us_per_scenario": round(seconds / count[g] * 1e6, 1)})
    return {"results": results, "exponent": round(fit_exponent(
        [r["scenarios"] for r in results], [r["seconds"] for r in results]), 3)}


def run(sizes: Sequence[int] = STEP_SIZES, repeats: int = 3,
        grades: Sequence[int] = GRADES) -> dict[str, Any]:
    """The benchmark as data: per-size timings and the fitted scaling exponents."""
    steps = steps_series(sizes, repeats)
    scenarios = scenarios_series(grades, repeats)
    return {"benchmark": "analysis_scaling",
            "how": "CPU time (process_time), garbage collector running, median of "
                   f"{repeats} interleaved runs per size, a fresh protocol each run",
            "steps": steps, "scenarios": scenarios,
            "exponent": steps["check_exponent"],
            "steps_exponent": steps["exponent"],
            "scenarios_exponent": scenarios["exponent"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(STEP_SIZES))
    parser.add_argument("--grades", type=int, nargs="+", default=list(GRADES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(run(args.sizes, args.repeats, args.grades), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
