"""Shared test set-up: hypothesis profiles.

``FAD_HYPOTHESIS_PROFILE`` picks one: ``dev`` (the default: few examples, fast)
or ``ci`` (more examples, derandomised so that a red run replays exactly).
CI=true alone also selects ``ci``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
_default = "ci" if os.environ.get("CI", "").lower() == "true" else "dev"
settings.load_profile(os.environ.get("FAD_HYPOTHESIS_PROFILE", _default))
collect_ignore = ["typing"]  # mypy reads these files (test_typing.py); they are not run
