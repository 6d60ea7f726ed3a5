"""The table of wlnet/builtins/lists/sequences.py (SequenceCases, SequenceReplace,
SequenceCount, SequencePosition, SequenceSplit): runs of
consecutive elements matched by a list of patterns, from the start, without overlaps, the
longest run at each start."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("SequenceCount[{1, 2, 1, 2, 3}, {1, 2}]", "2", MISSING_IN_MATHICS),
    ("SequenceCount[{1, 1, 1}, {1, 1}]", "1", MISSING_IN_MATHICS),
    ("SequenceCount[{a, b}][{a, b, a, b}]", "2", MISSING_IN_MATHICS),
    ("SequencePosition[{a, b, c, a, b}, {a, b}]", "{{1, 2}, {4, 5}}", MISSING_IN_MATHICS),
    ("SequencePosition[{1, 2, 3, 4}, {x_, y_} /; y > x, 1]", "{{1, 2}}", MISSING_IN_MATHICS),
    ('SequenceReplace[{"a", "b", "c", "a", "b"}, {"a", "b"} -> "ab"]', '{"ab", "c", "ab"}',
     MISSING_IN_MATHICS),
    ("SequenceReplace[{1, 2, 3, 4}, {x_, y_} :> x*y]", "{2, 12}", MISSING_IN_MATHICS),
    ("SequenceReplace[{a, b, c}, {{a, b} -> 1, {c} -> 2}]", "{1, 2}", MISSING_IN_MATHICS),
    ("SequenceReplace[{a, b, c}, {b, c} -> Nothing]", "{a}", MISSING_IN_MATHICS),
    ("SequenceReplace[{a, b} -> x][{a, b, a}]", "{x, a}", MISSING_IN_MATHICS),
    ("SequenceReplace[{a, b, c}, {d} -> x]", "{a, b, c}", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 3, 1, 2}, {1, x_}]", "{{1, 2}, {1, 2}}", MISSING_IN_MATHICS),
    ("SequenceCases[{a, b, c, d}, {__}]", "{{a, b, c, d}}", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 3, 4}, {x_, y_} /; x < y]", "{{1, 2}, {3, 4}}", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 3, 4, 5}, {x_, y_} :> x + y]", "{3, 7}", MISSING_IN_MATHICS),
    ("SequenceCases[{a, a, a}, {a, a}]", "{{a, a}}", MISSING_IN_MATHICS),
    ("SequenceCases[x, {a}]", "SequenceCases[x, {a}]", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 3, 1, 2}, {1, 2}]", "{{1, 2}, {1, 2}}", MISSING_IN_MATHICS),
    ("SequenceCases[{a, b, c, d, e}, {_, _}]", "{{a, b}, {c, d}}", MISSING_IN_MATHICS),
    ("SequenceCases[{a, 1, 2, b, 3}, {x_Integer, y_Integer} :> x + y]", "{3}",
     MISSING_IN_MATHICS),
    ("SequenceCases[{1, 1, 2, 2, 2}, {x_, x_}]", "{{1, 1}, {2, 2}}", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 1, 2, 1, 2}, {1, 2}, 2]", "{{1, 2}, {1, 2}}", MISSING_IN_MATHICS),
    ("SequenceCases[{1, 2, 3, 9}, {x__} /; Total[{x}] == 5]", "{{2, 3}}", MISSING_IN_MATHICS),
    # SequenceSplit: the runs left out, no empty pieces; a rule puts its value in their place
    ("SequenceSplit[{a, b, x, c, d, x, e}, {x}]", "{{a, b}, {c, d}, {e}}", MISSING_IN_MATHICS),
    ("SequenceSplit[{x, a, x, x, b}, {x}]", "{{a}, {b}}", MISSING_IN_MATHICS),
    ("SequenceSplit[{1, 2, 0, 0, 3}, {0, 0} -> z]", "{{1, 2}, z, {3}}", MISSING_IN_MATHICS),
    ("SequenceSplit[{x}][{a, x, b}]", "{{a}, {b}}", MISSING_IN_MATHICS),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.sequences")
