"""Helpers shared by the test modules."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from protocolkit.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``protocolkit ARGV`` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


#: Set by ``.ci/run``: a test whose system tool is missing fails instead of skipping.
REQUIRE_TOOLS_ENV = "PROTOCOLKIT_REQUIRE_TOOLS"


def replaced_once(path: Path, old: str, new: str) -> str:
    """The text of ``path`` with ``old``, which it holds exactly once, replaced by ``new``
    (a test's variant of a shipped or test protocol)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    return text.replace(old, new)


def unwrapped(out: str) -> str:
    """``responsibilities``' text with each wrapped line joined to its continuations
    (indented four spaces, or two past the column the answers beside the questions start
    in), so that a test reads a line whole."""
    import re

    answer = next((found.end() for line in out.splitlines()
                   if (found := re.match(r"  \S.*?  +(?=\S)", line))), None)
    if answer is not None:
        out = re.sub(rf"\n {{{answer + 2}}}(?=\S)", " ", out)
    return re.sub(r"\n    (?=\S)", " ", out)


def require_tool(*names: str, why: str = "") -> None:
    """Skip the calling test when a system tool is missing, with the reason; fail in CI.

    Most users have no Graphviz or Chromium, so on their machines such tests skip and
    say which Debian package brings the tool. ``.ci/run`` installs the tools and sets
    ``PROTOCOLKIT_REQUIRE_TOOLS=1``, which turns the same skip into a failure, so CI
    still proves those tests.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    reason = (f"needs {', '.join(missing)} (not installed{'; ' + why if why else ''}); "
              f".ci/run installs it and sets {REQUIRE_TOOLS_ENV}=1")
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def start_browser() -> tuple[Any, str]:
    """Headless Chromium (Debian) with a fresh profile and background networking off:
    ``(driver, profile folder)``; the caller quits the driver and removes the folder.

    Most browser tests take the shared one instead (the ``browser`` fixture of
    ``tests/conftest.py``): starting Chromium costs seconds on the project's machine.
    """
    webdriver = pytest.importorskip("selenium.webdriver")
    require_tool("chromium", "chromedriver", why="Debian: apt-get install chromium chromium-driver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="protocolkit-chromium-")
    options = Options()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--window-size={BROWSER_WINDOW[0]},{BROWSER_WINDOW[1]}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    return driver, profile


#: The window every browser test starts with (CSS pixels).
BROWSER_WINDOW = (1280, 1800)


class SharedBrowser:
    """One headless Chromium for the whole test session, handed to each test as new.

    Before each test it is reset to what a fresh browser shows: a blank page, the
    window at :data:`BROWSER_WINDOW`, screen media (not print), and an empty console
    log, so a test's ``get_log("browser")`` sees only its own pages' errors. A browser
    that died (a crashed renderer, a test that quit it) is replaced.
    """

    def __init__(self) -> None:
        self._driver: Any = None
        self._profile: str | None = None

    def get(self) -> Any:
        if self._driver is not None:
            try:
                self._reset(self._driver)
            except Exception:  # noqa: BLE001  a dead browser is replaced, whatever killed it
                self.close()
        if self._driver is None:
            self._driver, self._profile = start_browser()
            self._reset(self._driver)
        return self._driver

    @staticmethod
    def _reset(driver: Any) -> None:
        driver.get("about:blank")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(*BROWSER_WINDOW)
        driver.get_log("browser")  # drained: the next test's log is its own

    def close(self) -> None:
        if self._driver is not None:
            try:
                self._driver.quit()
            except Exception:  # noqa: BLE001, S110  quitting a dead browser may fail; nothing to keep
                pass
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
        self._driver, self._profile = None, None


def routed_views(protocol: Any) -> Any:
    """Every step of every answered (complete) scenario's route, as ``(scenario, cited,
    step id, StepView)`` with ``cited`` the citations of the scenario's entry route (the
    cell of a table such as Arnhem's Fase 1 it takes over)."""
    from protocolkit.format.model import citations
    from protocolkit.semantics import (
        completions,
        entry_routes,
        refusal,
        route_graph,
        scenario_space,
    )

    for start in scenario_space(protocol):
        for scenario in completions(protocol, start):
            if refusal(protocol, scenario) is not None:
                continue
            cited = set(citations(entry_routes(protocol, scenario)[0].source))
            graph = route_graph(protocol, scenario)
            for node in graph:
                yield scenario, cited, node, graph.nodes[node]["view"]



def registratie_closes_marked(protocol: Any, note_id: str, phase: str,
                              exempt: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Assert that every outcome of a step in ``phase`` that goes to ``registratie`` (not
    in ``exempt``) is marked by the reading note ``note_id``, in every scenario of the
    declared space, where the note's guard holds, and shown there; return them as
    ``(step id, outcome id)``."""
    from protocolkit.semantics import holds, route_graph, scenario_space

    [note] = [a for a in protocol.ambiguities if a.id == note_id]
    marked: set[tuple[str, str]] = set()
    for scenario in scenario_space(protocol):
        graph = route_graph(protocol, scenario)
        for node in graph:
            view = graph.nodes[node]["view"]
            if view.phase != phase:
                continue
            for outcome in view.outcomes:
                if outcome.next != "registratie" or (view.id, outcome.id) in exempt:
                    continue
                assert f"{view.id}.{outcome.id}" in note.affects, (scenario, view.id, outcome.id)
                assert note.when is None or holds(protocol, note.when, scenario), scenario
                assert note_id in view.ambiguities, (scenario, view.id)
                marked.add((view.id, outcome.id))
    return marked

#: The cell each cell refers to ("Zie verder onder 1.1.b.", l. 1282 in 1.2 b and l. 1392 in
#: 3.2 b; "Zie verder onder 2.1.b.", l. 1349 in 2.3 b and l. 1401 in 3.3 b; "Zie verder
#: onder 3.1.b.", l. 1302 in 1.4 b and l. 1360 in 2.4 b): cited for what follows an
#: admission in that cell's scenario only (Arnhem, and Aalsmeer's draft as "Arnhem ...").
REFERS_TO = {f"Fase 1, {cell}": f"Fase 1, {target}" for cell, target in (
    ("1.2 b", "1.1 b"), ("3.2 b", "1.1 b"), ("2.3 b", "2.1 b"), ("3.3 b", "2.1 b"),
    ("1.4 b", "3.1 b"), ("2.4 b", "3.1 b"))}
