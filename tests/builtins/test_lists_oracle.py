"""Differential tests of the list, association and functional builtins against Mathics3.

Each case is evaluated by wlnet and compared, as an expression, with Mathics3's result.
Where Mathics3 10.0.1 is known to deviate from the Wolfram Language (missing builtins,
operator forms, associations, Range with reals — wl-syntax.md §6, or a plain bug) the case
carries the Wolfram answer written by hand and the reason; those are compared with the
hand-written answer instead (and need no Mathics3).
"""

from __future__ import annotations

import re

import pytest

from tests.builtins._lists_support import Runner, parse
from tests.oracle_mathics import mathics_available, mathics_evaluate

MISSING_IN_MATHICS = "not implemented in Mathics3 (evaluates to itself)"
ASSOC_IN_MATHICS = "associations are incomplete in Mathics3 (wl-syntax.md §6)"

# (input, None) compares with Mathics3; (input, wolfram_answer, why) with the answer.
CASES = [
    # --- construction
    ("Range[5]", None),
    ("Range[0]", None),
    ("Range[2, 10, 3]", None),
    ("Range[0, 1, 1/4]", None),
    ("Range[0, 1, 0.25]", "{0., 0.25, 0.5, 0.75, 1.}", "Mathics3 starts with exact 0 (§6)"),
    ("Range[1.5, 4]", None),
    ("Range[5, 1, -2]", None),
    ("Range[-3]", None),
    ("Range[{2, 3}]", None),
    ("Range[a, a + 3]", "{a, 1 + a, 2 + a, 3 + a}", "symbolic bounds: " + MISSING_IN_MATHICS),
    ("Range[a, a + 1, 1/2]", "{a, 1/2 + a, 1 + a}", "symbolic bounds: " + MISSING_IN_MATHICS),
    ("Array[f, 3]", None),
    ("Array[f, {2, 2}]", None),
    ("Array[f, 3, 0]", None),
    ("Array[#^2 &, 4]", None),
    ("ConstantArray[0, {2, 3}]", None),
    ("ConstantArray[x, 3]", None),
    # --- structure
    ("Length[{a, b, c}]", None),
    ("Length[f[x, y]]", None),
    ("Length[5]", None),
    ("Dimensions[{{1, 2, 3}, {4, 5, 6}}]", None),
    ("Dimensions[{{1, 2}, {3}}]", None),
    ("Dimensions[{1, {2}}]", None),
    ("Dimensions[f[f[a, b], f[c, d]]]", None),
    ("Dimensions[{{{1}}, {{2}}}, 2]", "{2, 1}", "the level argument: " + MISSING_IN_MATHICS),
    ("Depth[{{a}, b}]", None),
    ("Depth[a]", None),
    ("Depth[{}]", None),
    # --- Part
    ("{a, b, c}[[2]]", None),
    ("{a, b, c}[[-1]]", None),
    ("{{1, 2}, {3, 4}}[[All, 2]]", None),
    ("{{1, 2}, {3, 4}}[[2, 1]]", None),
    ("{a, b, c, d, e}[[2 ;; 4]]", None),
    ("{a, b, c, d, e}[[;; ;; 2]]", None),
    ("{a, b, c, d, e}[[-2 ;;]]", None),
    ("{a, b, c, d, e}[[-1 ;; 1 ;; -2]]", None),
    ("{a, b, c}[[{1, 3}]]", None),
    ("{{1, 2, 3}, {4, 5, 6}}[[{2, 1}, {3}]]", None),
    ("f[a, b][[0]]", None),
    ("{a, b, c}[[5]]", None),
    ("{a, b}[[1, 2]]", None),
    ("Extract[{{a, b}, {c, d}}, {2, 1}]", None),
    ("Extract[{{a, b}, {c, d}}, {{1, 1}, {2, 2}}]", None),
    ("Extract[{a, b}, 2]", "b", "a single index: " + MISSING_IN_MATHICS),
    # --- First … Drop
    ("First[{a, b, c}]", None),
    ("Last[{a, b, c}]", None),
    ("Rest[{a, b, c}]", None),
    ("Most[{a, b, c}]", None),
    ("First[{}]", None),
    ("First[{}, x]", None),
    ("Take[{a, b, c, d}, 2]", None),
    ("Take[{a, b, c, d}, -2]", None),
    ("Take[{a, b, c, d}, {2, 3}]", None),
    ("Take[{a, b, c, d, e, f}, {1, -1, 2}]", None),
    ("Take[{{1, 2, 3}, {4, 5, 6}}, 2, 2]", None),
    ("Take[{a, b}, 5]", None),
    ("Take[{a, b, c}, UpTo[5]]", "{a, b, c}", "UpTo: " + MISSING_IN_MATHICS),
    ("Drop[{a, b, c, d}, 2]", None),
    ("Drop[{a, b, c, d}, -1]", None),
    ("Drop[{a, b, c, d}, {2, 3}]", None),
    ("Drop[{{1, 2, 3}, {4, 5, 6}}, 1, 1]", None),
    # --- joining and inserting
    ("Join[{a, b}, {c}, {d, e}]", None),
    ("Join[{{1}, {2}}, {{3}, {4}}, 2]", "{{1, 3}, {2, 4}}",
     "Join at a level: " + MISSING_IN_MATHICS),
    ("Append[{a, b}, c]", None),
    ("Prepend[{a, b}, c]", None),
    ("Append[c][{a, b}]", "{a, b, c}", "operator forms (§6)"),
    ("Insert[{a, b, c}, x, 2]", None),
    ("Insert[{a, b, c}, x, -1]", "{a, b, c, x}",
     "Mathics3 inserts at the front for -1; Wolfram inserts after the last element"),
    ("Insert[{a, b, c}, x, {{1}, {3}}]", "{x, a, b, x, c}",
     "several positions: " + MISSING_IN_MATHICS),
    ("Insert[{{a, b}, c}, x, {1, 2}]", "{{a, x, b}, c}", "deep positions: " + MISSING_IN_MATHICS),
    ("Delete[{a, b, c}, 2]", None),
    ("Delete[{a, b, c}, -1]", None),
    ("Delete[{a, b, c}, {{1}, {3}}]", None),
    ("Delete[{{a, b}, c}, {1, 2}]", None),
    ("Reverse[{a, b, c}]", None),
    ("Reverse[{{1, 2}, {3, 4}}, 2]", None),
    # --- ordering
    ("Sort[{c, a, b}]", None),
    ("Sort[{3, 1, 2}, Greater]", None),
    ("Sort[{b, 2, a, 1.5, \"x\"}]", None),
    ("Sort[{{2, 1}, {1, 2}, {1}}]", None),
    ("Sort[{3, 1, 2}, #1 > #2 &]", None),
    ("SortBy[{{2, a}, {1, b}}, First]", None),
    ("SortBy[{-3, 1, 2}, Abs]", None),
    ("SortBy[Last][{{a, 2}, {b, 1}}]", "{{b, 1}, {a, 2}}", "operator forms (§6)"),
    ("Ordering[{c, a, b}]", "{2, 3, 1}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, 2]", "{2, 3}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, -1]", "{1}", MISSING_IN_MATHICS),
    # --- set operations
    ("Union[{c, a}, {b, a}]", None),
    ("Union[{3, 1, 3, 2}]", None),
    ("Intersection[{a, b, c}, {b, c, d}]", None),
    ("Complement[{a, b, c, d}, {b}, {d}]", None),
    ("DeleteDuplicates[{b, a, b, c, a}]", None),
    ("DeleteDuplicates[{1, 2, 1.}]", None),
    # --- reshaping
    ("Flatten[{a, {b, {c}}}]", None),
    ("Flatten[{a, {b, {c}}}, 1]", None),
    ("Flatten[{{1, 2}, {3, 4}}, {{2}, {1}}]", None),
    ("Flatten[{{1, 2}, {3, 4}}, {{1, 2}}]", None),
    ("Flatten[f[a, f[b], g[c]], 1, f]", None),
    ("Flatten[f[a, f[b, f[c]]]]", None),
    ("Partition[{a, b, c, d, e}, 2]", None),
    ("Partition[{a, b, c, d, e}, 3, 1]", None),
    ("Partition[{a, b, c, d, e, f}, 3, 2]", None),
    ("Partition[{a, b, c, d, e}, 2, 2, 1]", "{{a, b}, {c, d}, {e, a}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, {1, 1}]", "{{a, b}, {c, d}, {e, a}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d}, 3, 1, {-1, 1}]",
     "{{c, d, a}, {d, a, b}, {a, b, c}, {b, c, d}, {c, d, a}, {d, a, b}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, 1, x]", "{{a, b}, {c, d}, {e, x}}",
     "padding: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, 1, {}]", "{{a, b}, {c, d}, {e}}",
     "no padding: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, UpTo[2]]", "{{a, b}, {c, d}, {e}}",
     "UpTo: " + MISSING_IN_MATHICS),
    ("Transpose[{{1, 2}, {3, 4}}]", None),
    ("Transpose[{{1, 2, 3}, {4, 5, 6}}]", None),
    ("Transpose[{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, {1, 3, 2}]",
     "{{{1, 3}, {2, 4}}, {{5, 7}, {6, 8}}}", "a permutation: " + MISSING_IN_MATHICS),
    ("Tuples[{0, 1}, 2]", None),
    ("Tuples[{{a, b}, {x, y}}]", None),
    ("Tuples[{a, b}, 0]", None),
    ("Subsets[{a, b, c}]", None),
    ("Subsets[{a, b, c}, {2}]", None),
    ("Subsets[{a, b, c, d}, 2]", None),
    ("Permutations[{a, b, c}]", None),
    ("Permutations[{a, a, b}]", "{{a, a, b}, {a, b, a}, {b, a, a}}",
     "Mathics3 repeats permutations of equal elements; Wolfram gives distinct ones"),
    ("Permutations[{a, b, c}, {2}]", None),
    ("Riffle[{a, b, c}, x]", None),
    ("Riffle[{a, b, c}, {x, y}]", None),
    ("Riffle[{a, b, c}, {x, y, z}]", None),
    # --- arithmetic on lists
    ("Total[{1, 2, 3}]", None),
    ("Total[{{1, 2}, {3, 4}}]", None),
    ("Total[{{1, 2}, {3, 4}}, 2]", None),
    ("Total[{{1, 2}, {3, 4}}, {2}]", None),
    ("Total[{a, b, c}]", None),
    ("Total[{1.5, 2, 1/2}]", None),
    ("Total[{}]", None),
    ("Accumulate[{1, 2, 3}]", None),
    ("Accumulate[{a, b, c}]", None),
    ("Differences[{1, 4, 9, 16}]", "{3, 5, 7}", MISSING_IN_MATHICS),
    ("Differences[{1, 4, 9, 16}, 2]", "{2, 2}", MISSING_IN_MATHICS),
    ("Differences[{a, b, c}]", "{b - a, c - b}", MISSING_IN_MATHICS),
    ("Mean[{1, 2, 3, 4}]", None),
    ("Mean[{1., 2., 4.}]", None),
    ("Mean[{a, b}]", None),
    ("Mean[{{1, 2}, {3, 4}}]", None),
    ("Median[{3, 1, 2, 4}]", None),
    ("Median[{3, 1, 2}]", None),
    ("Median[{1., 2.}]", None),
    # --- searching
    ("Count[{1, a, 2, b}, _Integer]", None),
    ("Count[{{1}, {2, 3}}, _Integer, 2]", None),
    ("Count[{a, b, a}, a]", None),
    ("Counts[{a, b, a}]", "<|a -> 2, b -> 1|>", MISSING_IN_MATHICS),
    ("Tally[{a, b, a, c, b, a}]", None),
    ("Position[{a, b, a}, a]", None),
    ("Position[{{a}, b, {c, a}}, a]", None),
    ("Position[{1, 2, 3, 4}, _?EvenQ]", None),
    ("Position[{a, b, a}, a, 1, 1]", "{{1}}", "the count argument: " + MISSING_IN_MATHICS),
    ("Select[{1, 2, 3, 4}, EvenQ]", None),
    ("Select[{1, 2, 3, 4}, EvenQ, 1]", None),
    ("Select[{1, 2, 3, 4}, # > 2 &]", None),
    ("Select[EvenQ][{1, 2, 3, 4}]", "{2, 4}", "operator forms (§6)"),
    ("Cases[{1, a, 2, b}, _Integer]", None),
    ("Cases[{1, a, 2, b}, x_Integer :> x^2]", None),
    ("Cases[{1, a, 2, b}, x_Integer -> x + 1]", None),
    ("Cases[{{1}, {2, b}}, _Integer, Infinity]", None),
    ("Cases[{f[1], g[2], f[3]}, f[x_] :> x]", None),
    ("Cases[{1, a, 2, b}, _Symbol, 1, 1]", "{a}", "the count argument: "
     + MISSING_IN_MATHICS),
    ("Cases[_Integer][{1, a}]", "{1}", "operator forms (§6)"),
    ("DeleteCases[{1, a, 2, b}, _Integer]", None),
    ("DeleteCases[{{1, a}, {2, b}}, _Integer, 2]", None),
    ("DeleteCases[{a, b, a}, a]", None),
    ("MemberQ[{1, 2, 3}, 2]", None),
    ("MemberQ[{1, 2, 3}, _String]", None),
    ("MemberQ[{{1}}, 1]", None),
    ("FreeQ[{a, b}, c]", None),
    ("FreeQ[{a, f[c]}, c]", None),
    ("FreeQ[f[x], f]", None),
    ("AllTrue[{2, 4}, EvenQ]", "True", MISSING_IN_MATHICS),
    ("AllTrue[{2, 3}, EvenQ]", "False", MISSING_IN_MATHICS),
    ("AnyTrue[{1, 3}, EvenQ]", "False", MISSING_IN_MATHICS),
    ("AnyTrue[{1, 2}, EvenQ]", "True", MISSING_IN_MATHICS),
    ("NoneTrue[{1, 3}, EvenQ]", "True", MISSING_IN_MATHICS),
    # --- grouping
    ("GroupBy[{1, 2, 3, 4, 5}, OddQ]", "<|True -> {1, 3, 5}, False -> {2, 4}|>",
     MISSING_IN_MATHICS),
    ("GroupBy[{{a, 1}, {b, 2}, {a, 3}}, First -> Last]", "<|a -> {1, 3}, b -> {2}|>",
     MISSING_IN_MATHICS),
    ("GroupBy[{{a, 1}, {b, 2}, {a, 3}}, First -> Last, Total]", "<|a -> 4, b -> 2|>",
     MISSING_IN_MATHICS),
    ("GatherBy[{1, 2, 3, 4, 5}, OddQ]", None),
    ("Gather[{a, b, a, c}]", None),
    ("SplitBy[{1, 3, 2, 4, 5}, OddQ]", None),
    ("Split[{a, a, b, a}]", None),
    ("Split[{1, 2, 5, 6, 7}, #2 - #1 == 1 &]", None),
    ("Catenate[{{a, b}, {c}}]", None),
    ("MaximalBy[{{a, 1}, {b, 3}, {c, 3}}, Last]", "{{b, 3}, {c, 3}}", MISSING_IN_MATHICS),
    ("MinimalBy[{{a, 1}, {b, 3}}, Last]", "{{a, 1}}", MISSING_IN_MATHICS),
    ("MaximalBy[{-3, 1, 2}, Abs, 2]", "{-3, 2}", MISSING_IN_MATHICS),
    ("{1, Nothing, 2}", "{1, 2}", "Nothing stays in lists in Mathics3 (§6)"),
    ("Missing[\"NotFound\"]", None),
    # --- combining
    ("Outer[f, {a, b}, {x, y}]", None),
    ("Outer[Times, {1, 2}, {3, 4}]", None),
    ("Outer[f, {{a, b}}, {x}]", None),
    ("Inner[f, {a, b}, {x, y}, g]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {5, 6}, Plus]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, Plus]", None),
    ("Thread[{a, b} -> {1, 2}]", None),
    ("Thread[f[{a, b}, c]]", None),
    ("Thread[f[{a, b}, {c}]]", None),
    ("Thread[f[a, b]]", None),
    # --- functional
    ("Map[f, {a, b}]", None),
    ("Map[f, {{a, b}, {c}}, {2}]", None),
    ("Map[f, {{a, b}, {c}}, 2]", None),
    ("Map[f, {{a, b}, {c}}, -1]", None),
    ("Map[f, {{a, b}, {c}}, {0, 1}]", None),
    ("Map[f][{a, b}]", None),
    ("Map[f, 5]", "5", "Mathics3 raises a Python exception"),
    ("Map[#^2 &, {1, 2, 3}]", None),
    ("Map[f, <|a -> 1, b -> 2|>]", None),
    ("MapIndexed[f, {a, b}]", None),
    ("MapIndexed[f, {{a, b}, {c}}, {2}]", None),
    ("MapThread[f, {{a, b}, {1, 2}}]", None),
    ("MapThread[f, {{{a, b}}, {{1, 2}}}, 2]", None),
    ("MapThread[Plus, {{1, 2}, {10, 20}}]", None),
    ("Apply[f, {a, b}]", None),
    ("Apply[f, {{a}, {b}}, {1}]", None),
    ("Apply[Plus, {{1, 2}, {3}}, 1]", None),
    ("Plus @@ {1, 2, 3}", None),
    ("Apply[f, {{{a}}}, {2}]", None),
    ("Scan[f, {a, b}]", None),
    ("Nest[f, x, 3]", None),
    ("NestList[f, x, 2]", None),
    ("Nest[2 # &, 1, 10]", None),
    ("Fold[f, x, {a, b}]", None),
    ("Fold[Plus, {1, 2, 3}]", None),
    ("FoldList[Plus, 0, {1, 2, 3}]", None),
    ("FoldList[f, x, {a, b}]", None),
    ("FixedPoint[Floor[#/2] &, 100]", None),
    ("FixedPointList[Floor[#/2] &, 4]", None),
    ("NestWhile[#/2 &, 64, EvenQ]", None),
    ("NestWhileList[#/2 &, 8, EvenQ]", "{8, 4, 2, 1}", MISSING_IN_MATHICS),
    ("KeyValueMap[f, <|a -> 1, b -> 2|>]", "{f[a, 1], f[b, 2]}", MISSING_IN_MATHICS),
    ("Composition[f, g][x]", None),
    ("Composition[f, Composition[g, h]]", None),
    ("RightComposition[f, g][x]", "g[f[x]]", MISSING_IN_MATHICS),
    ("Identity[a]", None),
    ("Through[{f, g}[x]]", None),
    ("Through[p[f, g][x]]", None),
    ("Construct[f, a, b]", "f[a, b]", MISSING_IN_MATHICS),
    ("Level[{a, {b}}, -1]", None),
    ("Level[{a, {b}}, {2}]", None),
    ("Level[f[g[x]], Infinity]", None),
    # --- associations
    ("<|a -> 1, b -> 2, a -> 3|>", None),
    ("<|a -> 1, {b -> 2, c -> 3}|>", None),
    ("<|<|a -> 1|>, b -> 2|>", None),
    ("<|\"a\" -> 1 + 1|>", None),
    ("Association[{a -> 1, b :> 1 + 1}]", "<|a -> 1, b :> 1 + 1|>",
     "Mathics3 evaluates the right side of :> in an association"),
    ("<|\"a\" -> 1, \"b\" -> 2|>[\"b\"]", None),
    ("<|\"a\" -> 1, \"b\" -> 2|>[\"c\"]", "Missing[\"KeyAbsent\", \"c\"]",
     "Mathics3 makes KeyAbsent a symbol (§6)"),
    ("<|\"a\" -> <|\"b\" -> 5|>|>[\"a\", \"b\"]", "5", ASSOC_IN_MATHICS),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[\"b\"]]", "2", ASSOC_IN_MATHICS),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[2]]", "2", "Part by index gives the value in Wolfram"),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[Key[\"a\"]]]", "1", ASSOC_IN_MATHICS),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[{\"b\", \"a\"}]]", "<|\"b\" -> 2, \"a\" -> 1|>",
     ASSOC_IN_MATHICS),
    ("Keys[<|a -> 1, b -> 2|>]", None),
    ("Values[<|a -> 1, b -> 2|>]", None),
    ("Keys[{a -> 1, b -> 2}]", None),
    ("Lookup[<|a -> 1|>, a]", "1", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[<|a -> 1|>, b]", "Missing[\"KeyAbsent\", b]", "Lookup is broken in Mathics3"),
    ("Lookup[<|a -> 1|>, b, 0]", "0", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[<|a -> 1, b -> 2|>, {a, b, c}]", "{1, 2, Missing[\"KeyAbsent\", c]}",
     "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[{<|a -> 1|>, <|a -> 2|>}, a]", "{1, 2}", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[a][<|a -> 1|>]", "1", "operator forms (§6)"),
    ("KeyExistsQ[<|a -> 1|>, a]", "True", MISSING_IN_MATHICS),
    ("KeyExistsQ[<|a -> 1|>, b]", "False", MISSING_IN_MATHICS),
    ("KeySort[<|b -> 1, a -> 2, c -> 0|>]", "<|a -> 2, b -> 1, c -> 0|>", MISSING_IN_MATHICS),
    ("KeyTake[<|a -> 1, b -> 2, c -> 3|>, {c, a}]", "<|c -> 3, a -> 1|>", MISSING_IN_MATHICS),
    ("KeyDrop[<|a -> 1, b -> 2|>, a]", "<|b -> 2|>", MISSING_IN_MATHICS),
    ("KeyDrop[<|a -> 1, b -> 2|>, {a, b}]", "<||>", MISSING_IN_MATHICS),
    ("KeySelect[<|1 -> a, 2 -> b|>, EvenQ]", "<|2 -> b|>", MISSING_IN_MATHICS),
    ("KeyMap[f, <|a -> 1|>]", "<|f[a] -> 1|>", MISSING_IN_MATHICS),
    ("AssociationThread[{a, b}, {1, 2}]", "<|a -> 1, b -> 2|>", MISSING_IN_MATHICS),
    ("AssociationThread[{a, b} -> {1, 2}]", "<|a -> 1, b -> 2|>", MISSING_IN_MATHICS),
    ("Association[Thread[{a, b} -> {1, 2}]]", "<|a -> 1, b -> 2|>",
     "Mathics3 does not evaluate the argument (§6)"),
    ("AssociationMap[f, {a, b}]", "<|a -> f[a], b -> f[b]|>", MISSING_IN_MATHICS),
    ("Normal[<|a -> 1, b -> 2|>]", "{a -> 1, b -> 2}", "Normal is broken in Mathics3 (§6)"),
    ("Merge[{<|a -> 1|>, <|a -> 2, b -> 3|>}, Total]", "<|a -> 3, b -> 3|>",
     MISSING_IN_MATHICS),
    ("Length[<|a -> 1, b -> 2|>]", None),
    ("Total[<|a -> 1, b -> 2|>]", "3", "Total is broken on associations in Mathics3 (§6)"),
    ("Select[<|a -> 1, b -> 2|>, EvenQ]", "<|b -> 2|>",
     "Select is broken on associations in Mathics3 (§6)"),
    ("Values[Map[#^2 &, <|a -> 2, b -> 3|>]]", None),
    ("First[<|a -> 1, b -> 2|>]", "1", "First of an association is its first value"),
    ("Append[<|a -> 1|>, b -> 2]", None),
    ("Append[<|a -> 1|>, a -> 2]", None),
    ("Join[<|a -> 1|>, <|b -> 2, a -> 3|>]", None),
    ("Sort[<|a -> 2, b -> 1|>]", "<|b -> 1, a -> 2|>",
     "Sort orders an association by its values"),
    ("KeySortBy[<|1 -> a, -2 -> b|>, Abs]", "<|1 -> a, -2 -> b|>", MISSING_IN_MATHICS),
    ("GroupBy[{1, 2, 3}, OddQ][True]", "{1, 3}", MISSING_IN_MATHICS),
    ("Counts[{x, y, x}][x]", "2", MISSING_IN_MATHICS),
    ("Apply[f, <|a -> 1, b -> 2|>]", "f[1, 2]", "Apply uses the values of an association"),
    ("Catenate[{<|a -> 1|>, <|b -> 2|>}]", "{1, 2}", ASSOC_IN_MATHICS),
    ("Cases[<|a -> 1, b -> x|>, _Integer]", "{1}", "Cases looks at an association's values"),
    ("DeleteCases[<|a -> 1, b -> x|>, _Integer]", "<|b -> x|>",
     "DeleteCases keeps an association an association"),
    ("Position[<|a -> 1, b -> x|>, x]", "{{Key[b]}}", "positions in associations are keys"),
    # --- more
    ("DeleteDuplicatesBy[{1, 2, 3, 4}, EvenQ]", "{1, 2}", MISSING_IN_MATHICS),
    ("SelectFirst[{1, 2, 3}, EvenQ]", "2", MISSING_IN_MATHICS),
    ("SelectFirst[{1, 3}, EvenQ]", "Missing[\"NotFound\"]", MISSING_IN_MATHICS),
    ("CountsBy[{1, 2, 3}, OddQ]", "<|True -> 2, False -> 1|>", MISSING_IN_MATHICS),
    ("MapApply[f, {{a}, {b}}]", None),
    ("f @@@ {{a, b}, {c}}", None),
    ("Extract[{{a, b}, {c, d}}, {1, 2}, h]", "h[b]", "the wrapper argument: "
     + MISSING_IN_MATHICS),
    ("Append[{a}, {b}]", None),
    ("Range[3, 1]", None),
    ("Range[1, 2, 1/3]", None),
    ("Array[f, {2, 3}][[2]]", None),
    ("Partition[Range[7], 3, 3, {1, 1}, 0]", "{{1, 2, 3}, {4, 5, 6}, {7, 0, 0}}",
     "padding: " + MISSING_IN_MATHICS),
    ("Take[{a, b, c, d, e}, {-1, 1, -2}]", None),
    ("Riffle[{a, b, c, d}, x, 2]", "{a, x, b, x, c, x, d}", "the spacing argument: "
     + MISSING_IN_MATHICS),
    ("Riffle[{a, b, c, d, e, f, g}, x, 3]", "{a, b, x, c, d, x, e, f, x, g}",
     "the spacing argument: " + MISSING_IN_MATHICS),
    ("Reverse[f[a, b]]", None),
    ("Tuples[f[a, b], 2]", None),
    ("Thread[{a, b} == {1, 2}]", None),
    ("Thread[f[{a, b}, {c, d}], List, 1]", "{f[a, {c, d}], f[b, {c, d}]}",
     "the count argument: " + MISSING_IN_MATHICS),
    ("Outer[List, {a, b}, {1, 2}, {x}]", None),
    ("Total[{{1, 2}, {3, 4}}, Infinity]", None),
    ("Subsets[{a, b, c}, All, 3]", None),
    ("Union[{a, b}, {b, c}, {c, d}]", None),
    ("Join[f[a], f[b]]", None),
    ("Flatten[{{a, {b}}, {c}}, Infinity]", None),
    ("Sort[{\"b\", \"B\", \"a\", \"A\"}]", None),
    ("Count[{1, 2, 3}, x_ /; x > 1]", None),
    ("Position[f[g[x], x], x, Infinity, Heads -> False]", None),
    ("Split[{}]", None),
    ("Level[{{a}}, {-1}]", None),
    ("Cases[{a, {b, {c}}}, _List, {0, Infinity}]", None),
]


def _ids():
    return [c[0] for c in CASES]


@pytest.fixture(scope="module")
def runner():
    return Runner()


def test_table_is_large_enough():
    assert len(CASES) >= 160


def test_table_covers_every_builtin_of_the_line():
    """Every builtin of lists.py, associations.py and functional.py is called in a case
    (List and Part through their syntax, the assignment forms in test_lists.py)."""
    from wlnet.builtins import load_all, registry
    load_all()
    modules = {"wlnet.builtins.lists", "wlnet.builtins.associations",
               "wlnet.builtins.functional"}
    text = " ".join(c[0] for c in CASES)
    exempt = {"List", "Part", "AppendTo", "PrependTo", "AssociateTo", "KeyDropFrom"}
    names = [n for n, spec in registry.BUILTINS.items()
             if spec.func is not None and spec.func.__module__ in modules]
    missing = [n for n in names if n not in exempt
               and not re.search(r"(?<![A-Za-z$])" + n + r"\[", text)]
    assert not missing


@pytest.mark.parametrize("case", CASES, ids=_ids())
def test_against_wolfram(runner, case):
    text = case[0]
    if case[1] is None:
        if not mathics_available():
            pytest.skip("mathics3 not installed")
        expected, _ = mathics_evaluate(text)
    else:
        expected = _evaluated_literal(runner, parse(case[1]))
    got = runner.run(text)
    assert got == expected, f"{text}: got {got!r}, expected {expected!r}"


def _evaluated_literal(runner, expr):
    """A hand-written answer evaluated, so that ``b - a`` takes its canonical form.  The
    answers are literals (no list builtin runs on them but List/Association/Rule)."""
    return runner.session.evaluate(expr)
