"""Test configuration: hypothesis profiles.

``ci`` (default) keeps the whole suite within its time budget; ``dev`` runs far more
examples for a local hunt: ``HYPOTHESIS_PROFILE=dev python -m pytest``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
