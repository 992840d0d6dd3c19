"""Test configuration: hypothesis profiles and the shared headless browser.

``ci`` (default) keeps the whole suite within its time budget; ``dev`` runs far more
examples for a local hunt: ``HYPOTHESIS_PROFILE=dev python -m pytest``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The validate findings cache of the test run lives in a fresh folder of its own.
os.environ["PROTOCOLKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="protocolkit-cache-")
os.environ.pop("PROTOCOLKIT_NO_CACHE", None)
# The tests run under an English locale, whatever the machine's: commands that follow the
# locale write English unless a test asks for Dutch (--lang nl, or an environment the test
# sets itself); the report, the wegwijzer and scenario-test results are Dutch
# (protocolkit.format.texts.resolve_lang).
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "PROTOCOLKIT_LANG"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "en_US.UTF-8"

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def _shared_browser() -> Iterator[Any]:
    from tests.helpers import SharedBrowser

    shared = SharedBrowser()
    yield shared
    shared.close()


@pytest.fixture
def browser(_shared_browser: Any) -> Any:
    """Headless Chromium, started once per session and reset for each test (a blank
    page, the default window, screen media, an empty console log)."""
    return _shared_browser.get()
