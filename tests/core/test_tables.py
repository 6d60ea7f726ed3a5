"""CSV/TSV tables (wlnet.core.tables): fields read as WL reads them, numeric tables packed,
rows written back with minimal quoting."""

import numpy as np
import pytest

from wlnet.core.expr import Integer, Real, String
from wlnet.core.packed import packed_array
from wlnet.core.tables import read_table, write_table


@pytest.mark.parametrize("field, value", [
    ("12", Integer(12)), ("-3", Integer(-3)), ("+4", Integer(4)), ("-3.5", Real(-3.5)),
    (".5", Real(0.5)), ("1e5", Real(1e5)), ("2.E-3", Real(2e-3)), ("NaN", String("NaN")),
    ("inf", String("inf")), ("1_000", String("1_000")), ("0x10", String("0x10")),
    ("", String("")), ("a b", String("a b")),
])
def test_fields(field, value):
    _, rows = read_table(f"{field},z\n")
    assert rows.args[0].args[0] == value


def test_numeric_tables_are_packed_by_kind():
    _, ints = read_table("1,2\n3,4\n")
    assert packed_array(ints).dtype.kind == "i"
    _, reals = read_table("1.5,2.\n3e1,4.25\n")
    np.testing.assert_array_equal(packed_array(reals), [[1.5, 2.0], [30.0, 4.25]])
    _, mixed = read_table("1,2.5\n")                  # an Integer and a Real: not one kind
    assert packed_array(mixed) is None and mixed.args[0].args[0] == Integer(1)
    _, ragged = read_table("1,2\n3\n")
    assert packed_array(ragged) is None and len(ragged.args[1].args) == 1


def test_header_lines_and_separators():
    header, rows = read_table("a;b\n1;2\n", ";", header_lines=1)
    assert header == [["a", "b"]] and packed_array(rows).tolist() == [[1, 2]]
    _, raw = read_table("1,2\n", numeric=False)
    assert raw.args[0].args[0] == String("1")


def test_written_tables_quote_only_what_needs_it():
    _, rows = read_table('"a, b",1\nc,2.5\n')
    assert write_table(rows) == '"a, b",1\nc,2.5\n'
    assert write_table(rows, "\t") == "a, b\t1\nc\t2.5\n"
