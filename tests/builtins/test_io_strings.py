"""ExportString and ImportString: the text Export writes and Import reads, without files
(their declared examples run with the rest of io's in test_io.py)."""

import pytest

from tests.builtins._support import check, run


@pytest.mark.parametrize("expr,fmt", [
    ("{{1, 2.5}, {3, 4}}", "CSV"), ("<|\"a\" -> {1, 2}|>", "RawJSON"),
    ("f[x, \"s\"]", "Package"), ("{{1, 2}, {3, 4}}", "TSV")])
def test_round_trips(expr, fmt):
    check(f'ImportString[ExportString[{expr}, "{fmt}"], "{fmt}"]', expr,
          evaluate_expected=True)


def test_unknown_formats_fail_with_a_message():
    r = run('ExportString[1, "Foo"]')
    assert r.tags == ["ExportString::fmtnosup"] and r.value.name == "$Failed"
    assert run('ImportString["x", "Foo"]').tags == ["ImportString::fmtnosup"]
