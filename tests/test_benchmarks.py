"""benchmarks/run.py keeps working: a quick run reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_reports_every_figure() -> None:
    done = subprocess.run([sys.executable, "benchmarks/run.py", "--json", "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["engine"]["overhead_ratio"] > 0
    assert figures["engine"]["facts"] > figures["engine"]["cases"] > 0
    assert figures["analysis"]["scaling_exponent"] > 0
    assert figures["cli"]["ratio_to_bare_imports"] > 0
    assert figures["cli"]["ratio_to_bare_imports_cold"] > 0
    assert set(figures["goals"]) == {"engine.overhead_ratio", "analysis.scaling_exponent",
                                     "cli.ratio_to_bare_imports"}
