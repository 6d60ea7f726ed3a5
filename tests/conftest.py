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

# WLNET_NIGHTLY=1: the long setting of the fuzz and fault tests (many more hypothesis examples;
# the kill -9 tests read the same variable for their number of trials).
NIGHTLY = bool(os.environ.get("WLNET_NIGHTLY"))
settings.register_profile(
    "nightly", deadline=None, max_examples=5000,
    suppress_health_check=[HealthCheck.too_slow])
if NIGHTLY:
    settings.load_profile("nightly")
