"""StringInsert, Alphabet, StringPartition, LongestCommonSubsequence,
LongestCommonSequence and StringReplaceList against Mathics3 or by hand (and WL's messages by hand)."""

import pytest

from tests.builtins._support import Runner, check_example, declared_examples, differential_table

CASES = [
    ('StringInsert["abc", "X", 2]', None),
    ('StringInsert["abc", "X", -1]', None),
    ('StringInsert["abc", "X", 1]', None),
    ('StringInsert["abcd", "-", {2, 4}]', None),
    ('StringInsert[{"ab", "cd"}, "X", 2]', None),
    ("Alphabet[]", None),
    ('StringPartition["abcdefg", 3]', '{"abc", "def"}', "not in Mathics3; WL's definition"),
    ('StringPartition["abcdefg", UpTo[3]]', '{"abc", "def", "g"}', "not in Mathics3"),
    ('StringPartition["abcde", 3, 1]', '{"abc", "bcd", "cde"}', "not in Mathics3"),
    ('LongestCommonSubsequence["abcdxyz", "xyzabq"]', '"xyz"', "not in Mathics3"),
    ("LongestCommonSubsequence[{1, 2, 3, 4}, {0, 2, 3, 5}]", "{2, 3}", "not in Mathics3"),
    ('LongestCommonSequence["abcde", "ace"]', '"ace"', "not in Mathics3"),
    ('LongestCommonSequence["AGGTAB", "GXTXAYB"]', '"GTAB"', "not in Mathics3"),
    ('StringReplaceList["aba", "a" -> "X"]', '{"Xba", "abX"}', "not in Mathics3"),
    ('StringReplaceList["abc", {"a" -> "1", "c" -> "3"}]', '{"1bc", "ab3"}', "not in Mathics3"),
    ('StringReplaceList["aaa", "a" -> "b", 2]', '{"baa", "aba"}', "not in Mathics3"),
    ('StringReplacePart["abcdef", "X", {2, 3}]', '"aXdef"', "not in Mathics3; WL's page"),
    ('StringReplacePart["abcdef", "-", {{1, 2}, {4, 5}}]', '"-c-f"', "not in Mathics3"),
    ('StringReplacePart["abcdef", {"X", "Y"}, {{1, 1}, {-2, -1}}]', '"XbcdY"',
     "not in Mathics3"),
    ('StringReplacePart["abc", "X", {5, 6}]', 'StringReplacePart["abc", "X", {5, 6}]',
     ["StringReplacePart::span"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "strings_extra")


def test_a_position_outside_the_string_is_refused():
    r = Runner()
    r.run('StringInsert["abc", "X", 7]')
    assert r.tags == ["StringInsert::ins"]


@pytest.mark.parametrize("name,text,expected", declared_examples("strings_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
