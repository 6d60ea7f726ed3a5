"""Import of CSV and TSV files (wlnet/core/tables.py through Import in io.py): rows of
numbers and strings as WL reads them; a file of numbers is one packed array."""

import numpy as np
import pytest

from wlnet.core.tables import _has_integer_field, read_table


def read_delimited(text, delimiter):
    return read_table(text, delimiter)[1]
from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import is_packed, packed_array
from wlnet.core.session import Session
from wlnet.syntax.parser import parse


def wl(text):
    return parse(text)


@pytest.mark.parametrize("text, delimiter, expected", [
    ("1,2,3\n4,5,6\n", ",", "{{1, 2, 3}, {4, 5, 6}}"),
    ("1.5,2.,3e2\n-4.25,.5,6.0\n", ",", "{{1.5, 2., 300.}, {-4.25, 0.5, 6.}}"),
    ("1\t2\n3\t4\n", "\t", "{{1, 2}, {3, 4}}"),
    ("7\n8\n", ",", "{{7}, {8}}"),
    ("1,2.5\n3,4\n", ",", "{{1, 2.5}, {3, 4}}"),                  # integers and reals
    ("a,b\n1.5,2.5\n3.5,4.5\n", ",", '{{"a", "b"}, {1.5, 2.5}, {3.5, 4.5}}'),
    ('x,"y, z",\n1,2,\n', ",", '{{"x", "y, z", ""}, {1, 2, ""}}'),
    ("1,2\n3\n", ",", "{{1, 2}, {3}}"),                            # ragged rows
    ("nan,inf\n1,2\n", ",", '{{"nan", "inf"}, {1, 2}}'),          # text, not numbers
    ("123456789012345678901234,1\n", ",", "{{123456789012345678901234, 1}}"),
])
def test_rows_of_numbers_and_strings(text, delimiter, expected):
    assert read_delimited(text, delimiter) == wl(expected)


@pytest.mark.parametrize("text, kind", [("1,2\n3,4\n", "i"), ("1.5,2.\n3e1,4.25\n", "f"),
                                         ("1.5\t2.5\n", "f")])
def test_a_file_of_numbers_is_one_packed_array(text, kind):
    result = read_delimited(text, "\t" if "\t" in text else ",")
    assert is_packed(result) and packed_array(result).dtype.kind == kind


def test_the_rows_below_a_header_are_packed():
    result = read_delimited("a,b\n1.5,2.5\n3.5,4.5\n", ",")
    assert all(is_packed(row) for row in result.args[1:])


def test_integer_fields_are_found_on_the_bytes():
    assert _has_integer_field("1.5,2", ",") and _has_integer_field("1\t2.5", "\t")
    assert not _has_integer_field("1.5,2.\n3.,4e1", ",")
    assert not _has_integer_field("1.5,,2.5", ",") and not _has_integer_field("1.5\r\n2.5", ",")


def test_import_reads_csv_and_tsv_files(tmp_path):
    arr = np.random.default_rng(3).random((300, 4))
    np.savetxt(tmp_path / "data.csv", arr, delimiter=",")
    np.savetxt(tmp_path / "data.tsv", arr, delimiter="\t")
    session = Session(echo=False)
    for name in ("data.csv", "data.tsv"):
        result = session.evaluate(f'Import["{tmp_path / name}"]')
        assert is_packed(result) and np.array_equal(packed_array(result), arr)
    assert session.evaluate(f'Import["{tmp_path / "data.csv"}", "Data"]') == \
        session.evaluate(f'Import["{tmp_path / "data.csv"}"]')
    assert session.evaluate(f'Import["{tmp_path / "data.csv"}", "Elements"]') == \
        wl('{"Data", "Dataset", "Grid", "RawData"}')
    assert session.messages == []
