"""Suite-wide test settings.

Hypothesis runs without deadlines (the machine is shared and noisy: timing is never a
test criterion here) and derandomised under CI, so a CI failure reproduces locally with
the same examples.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, max_examples=200,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, max_examples=200, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")
