"""FunctionLayer[f]: a Wolfram Language function of arrays as a layer, compiled into a
composition of primitives.

Ports: ``#`` (or a symbol such as Exp) gives one input "Input"; named slots ``#Foo`` give
one input per name; ``Apply[f]`` gives "Input1", "Input2", … for f's arguments (two for a
symbol: ``Apply[Plus]``, ``Apply[Dot]``).  The
output is "Output", or one output per key when f gives an association
(``<|"Foo" -> Sin[#], "Bar" -> #|> &``).

The body may use everything ElementwiseLayer compiles (numbers, arithmetic, the
elementwise functions, Min/Max of several arguments, comparisons, If, Which…), with
Wolfram's listable pairing of arrays of different ranks along their leading levels, and
the array operations Dot, Total, Mean, Variance, StandardDeviation, Max/Min of one array,
Transpose, Part, Flatten, Join, Map (of an elementwise function: over every element; of
any other function: over the parts at level 1, or at level {k}), Norm and Normalize (of
vectors), Fold of Plus, Times, Max or Min (over level 1), Reverse (level 1; a sequence's
own steps), Sort, NumericalSort and ReverseSort of vectors (Sort[v, Greater] too),
ArrayPad (at every level or per level; negative counts cut; a number's padding, "Fixed",
"Periodic", "Reflected", "Extrapolated" (linear), cyclic values {c1, …} for a vector), ConstantArray, Table[body, {i, n}] (unrolled), and the distances Euclidean,
SquaredEuclidean, Manhattan, Chessboard and Cosine; Total, Max and Min of a number are the
number (``Map[Total, vector]``).  Also the operations the reference page names as valid: Det,
Tr, Inverse, Diagonal, Norm (of vectors and matrices), Outer, KroneckerProduct, Cross,
IdentityMatrix, Array, the statistics Median, InterquartileRange, MeanDeviation, Standardize,
Rescale, LogSumExp, Covariance and Correlation, the distances Hamming, BrayCurtis, Canberra and
Correlation, Nest, NestList, Accumulate and FoldList[Plus, …], Append, Prepend, RotateLeft,
RotateRight, Length, MapThread (SUPPORTED lists them all).  Fold and FoldList of any other
function, MapIndexed, PadLeft, PadRight, Thread and MapThread (of a function that is not
elementwise) go through the parts at level 1 one by one (unrolled): the build finds how
many there are by running what it has built so far on ones of the inputs' dimensions
(_Shapes), so they need a fixed size there, not a sequence.  A part it cannot compile is
named in the message.

``NetArray[…]`` in the function is a learnable array of the layer (WL 12.2+): each is
stored as the net's shared array of its name (NetArray[] gets a name of its own when the
layer is built) in one of the slots "Array1", "Array2", …; its dimensions, when neither
"Array" nor "Dimensions" gives them, are learnt from its use (paired elementwise with a
value of known shape; a factor of a Dot whose other factor and result are known).

The output shapes are found by running the composition on ones of the input shapes once
they are known (twice, with two lengths, when an input is a sequence: the output levels
that follow the length are the sequence's).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, default_names
from wlnet.net.layers._shapes import is_infinity, is_list, known_rank, port, set_dims
from wlnet.net.layers.elementwise import (ARITHMETIC, NotCompilable, compile_body, compile_tree,
                                          function_variables)
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param
from wlnet.net.wltext import short_text
from wlnet.net.types import LengthVar, SizeList, fresh_rank
from wlnet.net.values import Batch

_APPLY = Symbol("Apply")
_DISTANCE_NAMES = ("SquaredEuclideanDistance", "EuclideanDistance", "ManhattanDistance",
                   "ChessboardDistance", "CosineDistance", "HammingDistance", "BrayCurtisDistance",
                   "CanberraDistance", "CorrelationDistance")
# the statistics of level 1 the reduce row computes (Median[x], as AggregationLayer's)
_ORDER_STATISTICS = ("Median", "InterquartileRange", "MeanDeviation")
# the heads a FunctionLayer's function may hold besides ElementwiseLayer's (also what a net
# file may hold inside it)
ARRAY_HEADS = frozenset(("Apply", "Association", "Rule", "RuleDelayed", "Dot", "Total", "Mean",
                         "Transpose", "TwoWayRule", "Part", "Span", "All", "Flatten", "Join", "Norm",
                         "Normalize", "DirectedInfinity", "Variance", "StandardDeviation", "Map", "Fold",
                         "ConstantArray", "Table", "Reverse", "Sort", "ReverseSort", "NetArray", "Range",
                         "Accumulate", "FoldList", "Append", "Prepend", "Nest", "NestList", "Outer",
                         "Cross", "IdentityMatrix", "Diagonal", "Tr", "Det", "Inverse", "MinMax", "Ratios",
                         "Rescale", "Standardize", "LogSumExp", "Covariance", "Correlation", "Length",
                         "RotateLeft", "RotateRight", "MapThread", "Array", "UnitVector", "KroneckerProduct",
                         "ArrayReshape", "Partition", "Count", "Sum", "Product", "MapIndexed", "PadLeft",
                         "PadRight", "Thread", "NumericalSort", "ArrayPad", "Riffle", "Ordering", "Catenate", "MapApply", "N", "Dimensions", "TakeLargest", "TakeSmallest", "Inner") + _ORDER_STATISTICS + (
                         # CompiledLayer's typed parameters
                         "Typed", "TypeSpecifier") + _DISTANCE_NAMES)
# the slicing functions, compiled as the Part they are (First[x] is x[[1]], Rest[x] x[[2 ;;]])
SLICE_HEADS = frozenset(("First", "Last", "Most", "Rest", "Take", "Drop", "Differences"))
ARRAY_HEADS = ARRAY_HEADS | SLICE_HEADS
SUPPORTED = ("numbers and numeric arrays, arithmetic, the elementwise functions, comparisons, If, "
             "Which, Piecewise, Dot (and Inner[Times, a, b, Plus]), Total, Mean, Variance, StandardDeviation, Median, "
             "InterquartileRange, MeanDeviation, Max, Min, "
             "N, Transpose, Part, Flatten, Catenate, Join, Append, Prepend, Reverse (at a level n), RotateLeft, RotateRight, "
             "Riffle (of two lists of parts of one shape, or of a vector and a number), Sort, Ordering (of a vector; its first or last n), TakeLargest, TakeSmallest, "
             "NumericalSort, ArrayPad (a number's, \"Fixed\", \"Periodic\", \"Reflected\" or \"Extrapolated\" padding, cyclic values for a vector), "
             "Length, Dimensions, Count, ArrayReshape and Partition (whole runs), Map, MapThread (at a level n: of an elementwise function) and Thread, "
             "Nest, NestList, "
             "Fold and FoldList (of any function, over a fixed number of parts), Apply (of Plus, "
             "Times, Max, Min; also at level {1} and f @@@ x), Accumulate, MapIndexed, PadLeft and PadRight (to a length n), Table, Sum, "
             "Product, "
             "Range, Array, ConstantArray, IdentityMatrix, UnitVector, Norm, Normalize, MinMax, Rescale, Standardize, "
             "LogSumExp, Outer (of an elementwise function), KroneckerProduct, Cross, Covariance and "
             "Correlation (of vectors), "
             "Diagonal, Tr, Det, Inverse, NetArray and the distances (EuclideanDistance, "
             "HammingDistance…)"
             "; First, Last, Most, Rest, Take, Drop, Differences and Ratios at level 1")


# ---------------------------------------------------------------------------- compiling

# Fold[f, x] of these f: the reduction over level 1
_FOLDS = {"Plus": "Total", "Times": "Times", "Max": "Max", "Min": "Min"}


def _levels_of_total(args) -> tuple:
    """Total's / Mean's levels: level 1, up to n, {n}, or Infinity."""
    if len(args) == 1:
        return ("one", 1)
    spec = args[1]
    if is_infinity(spec):
        return ("all",)
    if type(spec) is Integer and spec.value > 0:
        return ("span", 1, spec.value)
    if is_list(spec) and len(spec.args) == 1 and type(spec.args[0]) is Integer and spec.args[0].value != 0:
        return ("one", spec.args[0].value)
    raise NotCompilable(spec)


def _array_ops(e, sub):
    """The array operations of a FunctionLayer body as tree nodes (None: not one)."""
    from wlnet.net.layers.part import _level_spec
    from wlnet.net.layers.transpose import _primitive_spec, _read_spec
    head, args = e.head.name, e.args
    if head == "NetArray":                                  # a learnable array, named by now
        if len(args) == 1 and type(args[0]) is String:
            return ("netarray", args[0].value)
        raise NotCompilable(e)
    if head == "List":                                      # a constant array
        from wlnet.core.numeric_array import to_numpy_data
        value = to_numpy_data(e)
        if value is not None:
            return ("array", value.astype(np.float64))
        if not args:
            raise NotCompilable(e)
        # a list of computed parts of one shape ({#, 2 #}): stacked along a new level 1,
        # as Table's are
        return ("stack",) + tuple(sub(a) for a in args)
    if head == "Dot" and len(args) >= 2:
        out = sub(args[0])
        for a in args[1:]:
            out = ("dot", out, sub(a))
        return out
    if head in ("Total", "Mean") and len(args) in (1, 2):
        return ("reduce", head, sub(args[0]), _levels_of_total(args))
    if head == "Fold" and len(args) in (2, 3) and type(args[0]) is Symbol and args[0].name in _FOLDS:
        f = _FOLDS[args[0].name]          # Fold[Times, x]: over level 1
        folded = ("reduce", f, sub(args[-1]), ("one", 1))
        return folded if len(args) == 2 else (ARITHMETIC[args[0].name], sub(args[1]), folded)
    if head == "Apply" and len(args) == 2 and type(args[0]) is Symbol and args[0].name in _FOLDS:
        # f @@ x is f of x's parts: Plus and Times combine them (over level 1); Max and Min
        # take every element, as Max[{1, 2}, {3}] does
        f = args[0].name
        levels = ("all",) if f in ("Max", "Min") else ("one", 1)
        return ("reduce", _FOLDS[f], sub(args[1]), levels)
    if (head == "Apply" and len(args) == 3 and args[2] == Expr(S.List, Integer(1))) or (
            head == "MapApply" and len(args) == 2):
        # f @@@ x (MapApply[f, x], Apply[f, x, {1}]): f @@ each part of x
        return sub(Expr(Symbol("Map"), Expr(Symbol("Function"), Expr(_APPLY, args[0], Expr(
            Symbol("Slot"), Integer(1)))), args[1]))
    if head in ("Max", "Min") and len(args) == 1:           # of every element
        return ("reduce", head, sub(args[0]), ("all",))
    if head == "Transpose" and len(args) in (1, 2):
        try:
            spec = _read_spec(args[1]) if len(args) == 2 else ("swap", (1, 2))
        except NetSpecError:
            raise NotCompilable(args[1])
        return ("permute", sub(args[0]), _primitive_spec(spec))
    if head == "Part" and len(args) >= 2:
        parts = tuple(_level_spec(a) for a in args[1:])
        if len(args) == 2 and parts[0] is None and type(args[0]) is Expr \
                and args[0].head is S.List:
            # a constant table indexed by an input (table[[#t]]): the rows the codes pick
            return ("lookup", sub(args[0]), sub(args[1]))
        if len(args) == 2 and parts[0] is None and not is_list(args[1]) and _number_of(args[1]) is None:
            # x[[i]] with i computed from the inputs (#x[[#i]]): each example's own part
            return ("pick", sub(args[0]), sub(args[1]))
        if any(p is None for p in parts):
            raise NotCompilable(e)
        return ("take", sub(args[0]), parts)
    if head == "Flatten" and len(args) in (1, 2):
        level = None if len(args) == 1 else args[1].value if type(args[1]) is Integer and args[1].value > 0 else 0
        if level == 0:
            raise NotCompilable(args[1])
        return ("flatten", sub(args[0]), level)
    if head == "Join" and len(args) >= 2:
        return ("catenate", 1) + tuple(sub(a) for a in args)
    if head in ("Variance", "StandardDeviation") and len(args) == 1:
        variance = ("variance", sub(args[0]))
        return variance if head == "Variance" else ("map", "Sqrt", variance)
    if head == "Map" and len(args) in (2, 3):
        inner = compile_tree(args[0], 1, extend=_array_ops)
        if _elementwise_only(inner):                    # an elementwise f over every element
            return _substitute(inner, sub(args[1]))
        depth = _map_level(args[2]) if len(args) == 3 else 1
        out = inner
        for _ in range(depth - 1):                      # Map[f, x, {k}]: Map[Map[f, #] &, x, {k - 1}]
            out = ("mapped", out, ("arg", 0))
        return ("mapped", out, sub(args[1]))            # f of each part at level 1
    if head == "ConstantArray" and len(args) == 2 and _number_of(args[0]) is not None:
        dims = _dims_of(args[1])
        if dims is None:
            raise NotCompilable(args[1])
        return ("array", np.full(dims, _number_of(args[0])))
    if head == "ConstantArray" and len(args) == 2:      # of an array: Table[x, n1, n2, …]
        dims = _dims_of(args[1])
        if dims is None:
            raise NotCompilable(args[1])
        out = sub(args[0])
        for n in reversed(dims):
            out = ("stack",) + (out,) * n
        return out
    if head == "Range" and 1 <= len(args) <= 3:          # a constant vector
        bounds = [_number_of(a) for a in args]
        if None in bounds or (len(bounds) == 3 and bounds[2] == 0):
            raise NotCompilable(e)
        return ("array", _range_values(*bounds))
    if head == "Table" and len(args) >= 2:            # Table[body, {i, n}, …]: unrolled
        if len(args) > 2:                             # Table[Table[body, {j, …}], {i, …}]
            return _array_ops(Expr(e.head, Expr(e.head, args[0], *args[2:]), args[1]), sub)
        if type(args[1]) is Integer:                  # Table[body, n]: n copies
            return ("stack",) + (sub(args[0]),) * _table_count(args[1])
        return ("stack",) + tuple(sub(_substituted(args[0], name, k)) for name, k in _table_steps(args[1]))
    if head in ("Sum", "Product") and len(args) >= 2 and not type(args[1]) is Integer:
        # Sum[body, {i, …}, …]: the Table's parts added (multiplied), innermost iterator last
        inner = Expr(e.head, args[0], *args[2:]) if len(args) > 2 else args[0]
        table = _array_ops(Expr(Symbol("Table"), inner, args[1]), sub)
        return ("reduce", "Total" if head == "Sum" else "Times", table, ("one", 1))
    if head == "Array" and len(args) == 2:            # Array[f, n] / Array[f, {n1, n2, …}]: f of the indices
        return _array_of(args[0], args[1], sub)
    if head == "UnitVector" and len(args) in (1, 2) and all(type(a) is Integer for a in args):
        n, k = (2, args[0].value) if len(args) == 1 else (args[0].value, args[1].value)
        if not 1 <= k <= n:
            raise NotCompilable(e)
        return ("array", np.eye(n)[k - 1])
    if head == "Reverse" and len(args) == 1:          # level 1 (a sequence: its own steps)
        return ("reverse", sub(args[0]))
    if head == "Reverse" and len(args) == 2 and type(args[1]) is Integer and args[1].value >= 1:
        # Reverse[x, n]: the parts at level n reversed, as Map[Reverse, x, {n - 1}]
        n = args[1].value
        if n == 1:
            return ("reverse", sub(args[0]))
        return sub(Expr(Symbol("Map"), Symbol("Reverse"), args[0], Expr(S.List, Integer(n - 1))))
    if head == "Inner" and len(args) in (3, 4) and args[0] == Symbol("Times") and (
            len(args) == 3 or args[3] == Symbol("Plus")):
        return sub(Expr(Symbol("Dot"), args[1], args[2]))      # Inner[Times, a, b, Plus] is a.b
    if head in ("TakeLargest", "TakeSmallest") and len(args) == 2 and type(args[1]) is Integer \
            and args[1].value >= 1:
        # the k largest (smallest) of a vector, largest (smallest) first: the sorted vector's first k
        order = "ReverseSort" if head == "TakeLargest" else "Sort"
        return sub(Expr(Symbol("Take"), Expr(Symbol(order), args[0]), args[1]))
    if head == "Riffle" and len(args) == 2:          # built once the ranks are known
        return ("riffle", sub(args[0]), sub(args[1]))
    if head == "Catenate" and len(args) == 1:         # the parts of x joined: Flatten[x, 1]
        return ("flatten", sub(args[0]), 1)
    if head == "N" and len(args) == 1:                # a net computes with reals already
        return sub(args[0])
    if head in ("Sort", "ReverseSort", "NumericalSort") and len(args) == 1:   # of a vector
        # (real numbers: NumericalSort's order is Sort's)
        return ("sort", sub(args[0]), head == "ReverseSort")
    if head == "Ordering" and len(args) == 1:            # of a vector
        return ("ordering", sub(args[0]))
    if head == "Ordering" and len(args) == 2 and type(args[1]) is Integer and args[1].value != 0:
        # the first n positions (-n: the last n), as Take of the whole ordering
        return sub(Expr(Symbol("Take"), Expr(Symbol("Ordering"), args[0]), args[1]))
    if head == "Sort" and len(args) == 2 and args[1] in (Symbol("Less"), Symbol("Greater")):
        return ("sort", sub(args[0]), args[1] == Symbol("Greater"))
    if head in SLICE_HEADS:
        sliced = _as_part(head, args)
        if sliced is None:
            raise NotCompilable(e)
        return _array_ops(sliced, sub) if sliced.head is S.Part else sub(sliced)
    if head in _DISTANCES and len(args) == 2:
        return _DISTANCES[head](sub(args[0]), sub(args[1]))
    if head == "Norm" and len(args) == 1:       # of a vector; of a matrix when built
        return ("norm", sub(args[0]))
    if head == "Norm" and len(args) == 2:                    # Norm[v, p] of a vector
        return _p_norm(sub(args[0]), args[1])
    if head == "ArrayReshape" and len(args) == 2:           # as ReshapeLayer: the counts agree
        dims = _dims_of(args[1])
        if dims is None:
            raise NotCompilable(args[1])
        return ("reshape", ("flatten", sub(args[0]), None), dims)
    if head == "Partition" and len(args) == 2 and type(args[1]) is Integer and args[1].value > 0:
        # of a vector whose length n divides: the n-element runs
        return ("partition", sub(args[0]), args[1].value)
    if head == "Count" and len(args) == 2 and _number_of(args[1]) is not None:
        return ("reduce", "Total", ("equal", sub(args[0]), ("num", _number_of(args[1]))), ("all",))
    if head == "Dimensions" and len(args) == 1:             # each level's size
        return ("dimensions", sub(args[0]))
    if head == "Length" and len(args) == 1:                 # a sequence's own length
        return ("length", sub(args[0]))
    if head in ("RotateLeft", "RotateRight") and len(args) in (1, 2):
        return sub(_rotated(head, args))
    if head == "MapThread" and len(args) in (2, 3) and is_list(args[1]) and args[1].args:
        # of an elementwise function: f of the corresponding elements (at any level n of
        # MapThread[f, {a, b}, n]: the same elements)
        step = compile_tree(args[0], len(args[1].args), extend=_array_ops)
        if not _elementwise_only(step):         # f of each set of parts, unrolled
            if len(args) == 3 and args[2] != Integer(1):
                raise NotCompilable(e)
            return ("thread", step) + tuple(sub(a) for a in args[1].args)
        if len(args) == 3 and not (type(args[2]) is Integer and args[2].value >= 1):
            raise NotCompilable(e)
        return _applied_tree(step, [sub(a) for a in args[1].args])
    if head == "Thread" and len(args) == 1 and type(args[0]) is Expr and args[0].args:
        # Thread[h[a1, a2, …]]: h of the corresponding parts of the ai (an ai of rank 0 kept
        # whole, as a non-list argument is), unrolled
        inner = args[0]
        k = len(inner.args)
        slots = [Expr(Symbol("Slot"), Integer(i)) for i in range(1, k + 1)]
        step = compile_tree(Expr(S.Function, Expr(inner.head, *slots)), k, extend=_array_ops)
        return ("thread", step) + tuple(sub(a) for a in inner.args)
    if head == "MinMax" and len(args) == 1:                  # {Min, Max} of every element
        x = sub(args[0])
        return ("stack", ("reduce", "Min", x, ("all",)), ("reduce", "Max", x, ("all",)))
    if head == "Ratios" and len(args) == 1:
        x = args[0]
        return sub(Expr(S.Times, Expr(S.Part, x, _span(2, -1)),
                        Expr(S.Power, Expr(S.Part, x, _span(1, -2)), Integer(-1))))
    if head == "Rescale" and len(args) in (1, 2):           # over every element, as Rescale
        x = sub(args[0])
        if len(args) == 1:
            low, high = ("reduce", "Min", x, ("all",)), ("reduce", "Max", x, ("all",))
        elif is_list(args[1]) and len(args[1].args) == 2:
            low, high = (sub(b) for b in args[1].args)
        else:
            raise NotCompilable(args[1])
        return ("divide", ("subtract", x, low), ("subtract", high, low))
    if head == "Standardize" and len(args) == 1:            # (x - Mean) / StandardDeviation
        return ("standardize", sub(args[0]))
    if head == "LogSumExp" and len(args) == 1:              # over level 1, kept finite
        x = sub(args[0])
        top = ("reduce", "Max", x, ("one", 1))
        return ("add", top, ("map", "Log", ("reduce", "Total", ("map", "Exp", (
            "subtract", x, ("spread", top))), ("one", 1))))
    if head in ("Covariance", "Correlation") and len(args) == 2:     # of two vectors
        a, b = _deviations(sub(args[0])), _deviations(sub(args[1]))
        if head == "Correlation":
            return ("subtract", ("num", 1.0), _DISTANCES["CosineDistance"](a, b))
        count = ("reduce", "Total", ("add", ("times", a, ("num", 0.0)), ("num", 1.0)), ("all",))
        return ("divide", ("dot", a, b), ("subtract", count, ("num", 1.0)))
    if head == "Normalize" and len(args) == 1:
        x = sub(args[0])
        return ("divide", x, ("map", "Sqrt", ("reduce", "Total", ("times", x, x), ("all",))))
    if head in _ORDER_STATISTICS and len(args) == 1:         # over level 1
        return ("reduce", head, sub(args[0]), ("one", 1))
    if head in ("Append", "Prepend") and len(args) == 2:     # Join with {elem}
        x, elem = sub(args[0]), ("stack", sub(args[1]))
        return ("catenate", 1, x, elem) if head == "Append" else ("catenate", 1, elem, x)
    if head == "Accumulate" and len(args) == 1:
        return ("accumulate", sub(args[0]))
    if head == "FoldList" and len(args) in (2, 3) and args[0] == Symbol("Plus"):
        x = sub(args[-1])                # FoldList[Plus, x0, list]: Accumulate[Prepend[list, x0]]
        return ("accumulate", x if len(args) == 2 else ("catenate", 1, ("stack", sub(args[1])), x))
    if head in ("Nest", "NestList") and len(args) == 3:
        return _nested(head, args, sub)
    if head in ("Fold", "FoldList") and len(args) in (2, 3):
        # Fold[f, x0, list] of any f of two arguments: unrolled over list's parts, whose
        # count the build finds (_Shapes)
        step = compile_tree(args[0], 2, extend=_array_ops)
        return ("fold", head, step, sub(args[1]) if len(args) == 3 else None, sub(args[-1]))
    if head == "MapIndexed" and len(args) == 2:
        # f[part, {i}] of each part at level 1, unrolled as Fold is
        return ("mapindexed", compile_tree(args[0], 2, extend=_array_ops), sub(args[1]))
    if head in ("PadLeft", "PadRight") and len(args) in (2, 3) and type(args[1]) is Integer \
            and args[1].value > 0 and (len(args) == 2 or _number_of(args[2]) is not None):
        # to length n at level 1: the padding x (0) on the left (right), or the parts cut
        pad = 0.0 if len(args) == 2 else _number_of(args[2])
        return ("pad", head == "PadLeft", sub(args[0]), args[1].value, pad)
    if head == "ArrayPad" and len(args) in (2, 3):
        return _array_pad(e, args, sub)
    if head == "Outer" and len(args) == 3:
        return _outer(args[0], sub(args[1]), sub(args[2]))
    if head == "KroneckerProduct" and len(args) == 2:
        return ("kronecker", _outer(Symbol("Times"), sub(args[0]), sub(args[1])))
    if head == "Cross" and len(args) == 2:
        return sub(_cross(*args))
    if head == "IdentityMatrix" and len(args) == 1 and type(args[0]) is Integer and args[0].value > 0:
        return ("array", np.eye(args[0].value))
    if head in ("Diagonal", "Det", "Inverse") and len(args) == 1:
        return (head.lower(), sub(args[0]))
    if head == "Tr" and len(args) == 1:                      # of a matrix: its diagonal's total
        return ("reduce", "Total", ("diagonal", sub(args[0])), ("one", 1))
    return None


def _rotated(head, args):
    """RotateLeft[x, n] as Join[x[[n + 1 ;;]], x[[;; n]]] (RotateRight: by -n); n a nonzero
    integer less than the length."""
    n = 1 if len(args) == 1 else args[1].value if type(args[1]) is Integer else None
    if n is None:
        raise NotCompilable(args[1])
    n = n if head == "RotateLeft" else -n
    if n == 0:
        return args[0]
    x = args[0]
    first, rest = (_span(1, n), _span(n + 1, -1)) if n > 0 else (_span(1, n - 1), _span(n, -1))
    return Expr(S.Join, Expr(S.Part, x, rest), Expr(S.Part, x, first))


def _slot(i: int) -> Expr:
    return Expr(Symbol("Slot"), Integer(i))


def _riffled_element(list_rank):
    """Riffle[vector, x], x one number, as a tree of #1, #2: x between the vector's
    elements (Most of the vector interleaved with as many copies of x, made as 0 vector + x,
    as Length's ones are)."""
    from wlnet.net.primitives import StructureError
    if list_rank != 1:
        raise StructureError("rankx", "Riffle with one element", 1, list_rank)
    copies = Expr(S.Plus, Expr(S.Times, Integer(0), _slot(1)), _slot(2))
    body = Expr(Symbol("Most"), Expr(S.Flatten, Expr(Symbol("Transpose"), Expr(S.List, _slot(1), copies))))
    return compile_tree(Expr(S.Function, body), 2, extend=_array_ops)


def _p_norm(x, p):
    """Norm[v, p]: the p-norm of the elements (Infinity: the largest absolute value)."""
    size = ("map", "Abs", x)
    if is_infinity(p):
        return ("reduce", "Max", size, ("all",))
    order = _number_of(p)
    if order is None or order < 1:
        raise NotCompilable(p)
    total = ("reduce", "Total", ("power", size, ("num", float(order))), ("all",))
    return total if order == 1 else ("power", total, ("num", 1.0 / order))


def _nested(head, args, sub):
    """Nest[f, x, n] as f applied n times (unrolled); NestList[f, x, n] the n + 1 values
    along a new level 1, as Table's are."""
    f, x, n = args
    if not (type(n) is Integer and 0 <= n.value <= 256):
        raise NotCompilable(n)
    step = compile_tree(f, 1, extend=_array_ops)
    values = [sub(x)]
    for _ in range(n.value):
        values.append(_applied_tree(step, [values[-1]]))
    return values[-1] if head == "Nest" else ("stack",) + tuple(values)


def _applied_tree(tree, values):
    """A compiled function's ``tree`` with its arguments ("arg", i) replaced by the trees
    ``values`` (not inside the function of a Map: its argument is the part it maps over)."""
    if tree[0] == "arg":
        return values[tree[1]]
    if tree[0] == "mapped":
        return ("mapped", tree[1], _applied_tree(tree[2], values))
    return tuple(_applied_tree(t, values) if isinstance(t, tuple) else t for t in tree)


def _outer(f, a, b):
    """Outer[f, a, b], f elementwise: f of every element of a with every element of b (the
    result's dimensions are a's then b's); built once the ranks are known."""
    step = compile_tree(f, 2, extend=_array_ops)
    if not _elementwise_only(step):
        raise NotCompilable(f)
    return ("outer", step, a, b)


def _inverse_order(order):
    """The Transpose permutation that puts level order[i] at level i + 1."""
    out = [0] * len(order)
    for i, level in enumerate(order):
        out[level - 1] = i + 1
    return tuple(out)


def _cross(a, b):
    """Cross[a, b] of 3-vectors as the list of its components."""
    part = lambda v, i: Expr(S.Part, v, Integer(i))
    component = lambda i, j: Expr(S.Plus, Expr(S.Times, part(a, i), part(b, j)),
                                  Expr(S.Times, Integer(-1), part(a, j), part(b, i)))
    return Expr(S.List, component(2, 3), component(3, 1), component(1, 2))


def _span(first: int, last: int) -> Expr:
    return Expr(Symbol("Span"), Integer(first), Integer(last))


def _as_part(head: str, args):
    """A slicing function at level 1 as the Part it is (Differences as Rest - Most); None
    for a form with no fixed part (Take[x, n] of a symbolic n…)."""
    if not args:
        return None
    x = args[0]
    if len(args) == 1:
        spec = {"First": Integer(1), "Last": Integer(-1), "Most": _span(1, -2),
                "Rest": _span(2, -1)}.get(head)
        if spec is not None:
            return Expr(S.Part, x, spec)
        if head == "Differences":
            return Expr(S.Plus, Expr(S.Part, x, _span(2, -1)),
                        Expr(S.Times, Integer(-1), Expr(S.Part, x, _span(1, -2))))
        return None
    if len(args) != 2 or head not in ("Take", "Drop"):
        return None
    n = args[1]
    if type(n) is Integer and n.value != 0:
        k = n.value
        if head == "Take":
            return Expr(S.Part, x, _span(1, k) if k > 0 else _span(k, -1))
        return Expr(S.Part, x, _span(k + 1, -1) if k > 0 else _span(1, k - 1))
    if head == "Take" and is_list(n) and len(n.args) in (1, 2) and all(type(a) is Integer for a in n.args):
        first, last = n.args[0].value, n.args[-1].value
        return Expr(S.Part, x, _span(first, last))
    return None


# ArrayPad's paddings taken from the array itself: position p (from 0; negative before the
# start, n or more past the end) of a level of n parts -> the part (from 0) it repeats
_PAD_METHODS = {
    "Fixed": lambda p, n: min(max(p, 0), n - 1),
    "Periodic": lambda p, n: p % n,
    "Reflected": lambda p, n: 0 if n == 1 else (n - 1) - abs((n - 1) - p % (2 * (n - 1))),
}


def _array_pad(e, args, sub):
    """ArrayPad[x, m | {m, n} | {{m1, n1}, …}, value]: ("arraypad", x, per-level (before,
    after) or one pair for every level, the padding value); a negative count cuts."""
    spec = args[1]
    pad = 0.0 if len(args) == 2 else _number_of(args[2])
    if pad is None and type(args[2]) is String and args[2].value in (*_PAD_METHODS, "Extrapolated"):
        pad = args[2].value
    if pad is None and is_list(args[2]) and args[2].args:      # cyclic values {c1, c2, …}
        values = [_number_of(v) for v in args[2].args]
        pad = ("cyclic", tuple(values)) if all(v is not None for v in values) else None
    if pad is None:                       # nested padding blocks, other methods: not compiled
        raise NotCompilable(e)
    if type(spec) is Integer:
        pairs = ("every", (spec.value, spec.value))
    elif is_list(spec) and len(spec.args) == 2 and all(type(a) is Integer for a in spec.args):
        pairs = ("every", (spec.args[0].value, spec.args[1].value))
    elif is_list(spec) and spec.args and all(
            is_list(a) and len(a.args) == 2 and all(type(b) is Integer for b in a.args) for a in spec.args):
        pairs = ("levels", tuple((a.args[0].value, a.args[1].value) for a in spec.args))
    else:
        raise NotCompilable(e)
    return ("arraypad", sub(args[0]), pairs, pad)


def _number_of(e):
    from wlnet.net.layers.elementwise import _number
    return _number(e)


def _range_values(a, b=None, step=1.0) -> np.ndarray:
    """Range[n], Range[a, b], Range[a, b, d] as floats: a, a + d, … up to b."""
    start, stop = (1.0, a) if b is None else (a, b)
    count = int(np.floor((stop - start) / step + 1e-9)) + 1
    return start + step * np.arange(max(count, 0), dtype=np.float64)


def _dims_of(e):
    """ConstantArray's dimensions: n or {n1, n2, …} (positive integers); None otherwise."""
    items = e.args if is_list(e) else (e,)
    if items and all(type(d) is Integer and d.value > 0 for d in items):
        return tuple(d.value for d in items)
    return None


def _table_steps(spec):
    """(iterator name, value) of Table's {i, n}, {i, a, b} or {i, a, b, d} (integers), in
    order."""
    if not (is_list(spec) and len(spec.args) in (2, 3, 4) and type(spec.args[0]) is Symbol
            and all(type(b) is Integer for b in spec.args[1:])):
        raise NotCompilable(spec)
    bounds = [b.value for b in spec.args[1:]]
    first, last, step = (1, bounds[0], 1) if len(bounds) == 1 else (*bounds, 1)[:3]
    values = range(first, last + (1 if step > 0 else -1), step) if step else ()
    if not 1 <= len(values) <= 1024:
        raise NotCompilable(spec)
    return [(spec.args[0], Integer(k)) for k in values]


def _array_of(f, dims, sub):
    """Array[f, dims] unrolled: f applied to each index list, as nested stacks."""
    sizes = dims.args if is_list(dims) else (dims,)
    if not sizes or not all(type(d) is Integer for d in sizes):
        raise NotCompilable(dims)
    counts = [_table_count(d) for d in sizes]
    if int(np.prod(counts)) > 4096:
        raise NotCompilable(dims)

    def level(indices):
        if len(indices) == len(counts):
            return sub(_applied_to(f, [Integer(i) for i in indices]))
        return ("stack",) + tuple(level(indices + [i]) for i in range(1, counts[len(indices)] + 1))
    return level([])


def _applied_to(f, values):
    """``f[v1, v2, …]`` with a pure function's slots or variables put in place (not inside
    functions nested in it); a symbol applied as it is."""
    if type(f) is Symbol:
        return Expr(f, *values)
    if not (type(f) is Expr and f.head is S.Function and len(f.args) in (1, 2)):
        raise NotCompilable(f)
    if len(f.args) == 2:
        params = f.args[0].args if is_list(f.args[0]) else (f.args[0],)
        from wlnet.core.pattern import substitute
        return substitute(f.args[1], dict(zip(params, values)))

    def put(e):
        if type(e) is not Expr:
            return e
        if e.head is S.Slot and len(e.args) <= 1:
            k = 1 if not e.args else e.args[0].value if type(e.args[0]) is Integer else None
            if k is None or not 1 <= k <= len(values):
                raise NotCompilable(f)
            return values[k - 1]
        if e.head is S.Function:
            return e
        return Expr(put(e.head), *(put(a) for a in e.args))
    return put(f.args[0])


def _table_count(n) -> int:
    if not 1 <= n.value <= 1024:
        raise NotCompilable(n)
    return n.value


def _substituted(e, name, value):
    """``e`` with the symbol ``name`` replaced by ``value``."""
    if e == name:
        return value
    if type(e) is not Expr:
        return e
    out = Expr(_substituted(e.head, name, value), *(_substituted(a, name, value) for a in e.args))
    # integer arithmetic of the iterator folded, so that #[[-i]] or #[[i + 1]] is a part
    if out.head in (S.Plus, S.Times) and out.args and all(type(a) is Integer for a in out.args):
        values = [a.value for a in out.args]
        return Integer(sum(values) if out.head is S.Plus else int(np.prod(values)))
    return out


def _difference_total(kind, fn="Total"):
    def distance(a, b):
        d = ("subtract", a, b)
        term = ("times", d, d) if kind == "square" else ("map", "Abs", d)
        return ("reduce", fn, term, ("all",))
    return distance


# the distances of two arrays (of every element), as trees
_DISTANCES = {
    "SquaredEuclideanDistance": _difference_total("square"),
    "EuclideanDistance": lambda a, b: ("map", "Sqrt", _difference_total("square")(a, b)),
    "ManhattanDistance": _difference_total("abs"),
    "ChessboardDistance": _difference_total("abs", "Max"),
    "CosineDistance": lambda a, b: ("subtract", ("num", 1.0), ("divide", ("dot", a, b), ("times", (
        "map", "Sqrt", ("reduce", "Total", ("times", a, a), ("all",))), (
        "map", "Sqrt", ("reduce", "Total", ("times", b, b), ("all",)))))),
    # the number of elements that differ
    "HammingDistance": lambda a, b: ("reduce", "Total", ("unequal", a, b), ("all",)),
    "BrayCurtisDistance": lambda a, b: ("divide", _difference_total("abs")(a, b), (
        "reduce", "Total", ("map", "Abs", ("add", a, b)), ("all",))),
    "CanberraDistance": lambda a, b: ("reduce", "Total", ("divide", ("map", "Abs", ("subtract", a, b)), (
        "add", ("map", "Abs", a), ("map", "Abs", b))), ("all",)),
    # the cosine distance of the deviations from the means
    "CorrelationDistance": lambda a, b: _DISTANCES["CosineDistance"](_deviations(a), _deviations(b)),
}


def _deviations(v):
    return ("subtract", v, ("reduce", "Mean", v, ("all",)))


def _map_level(spec) -> int:
    """The k of Map's level {k} (or of level k when k is 1)."""
    if is_list(spec) and len(spec.args) == 1 and type(spec.args[0]) is Integer and spec.args[0].value > 0:
        return spec.args[0].value
    if type(spec) is Integer and spec.value == 1:
        return 1
    raise NotCompilable(spec)


_ELEMENTWISE_KINDS = frozenset(["arg", "num", "map", "clip", "where", "add", "subtract", "times",
                                 "divide", "power", "max", "min", "greater", "greater_equal", "less",
                                 "less_equal", "equal", "unequal"])


def _elementwise_only(tree) -> bool:
    return tree[0] in _ELEMENTWISE_KINDS and all(
        _elementwise_only(t) for t in tree[1:] if isinstance(t, tuple))


def _substitute(tree, value):
    """``tree`` with its variable replaced by the tree ``value``."""
    if tree[0] == "arg":
        return value
    return tuple(_substitute(t, value) if isinstance(t, tuple) else t for t in tree)


def _association_body(body) -> bool:
    return type(body) is Expr and body.head is S.Association and bool(body.args) and all(
        type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
        for r in body.args)


_SCOPES = (S.Module, S.With, S.Block)


def _uses(sym, exprs) -> int:
    """How many times the symbol ``sym`` occurs in ``exprs``."""
    count = 0
    for e in exprs:
        if e is sym:
            count += 1
        elif type(e) is Expr:
            count += _uses(sym, (e.head, *e.args))
    return count


def function_body(inner):
    """The body of the pure function ``inner`` with the local values of a Module, With or
    Block put in place: ``Module[{a, b}, a = f[#]; b = g[a]; a + b] &`` computes what
    ``f[#] + g[f[#]]`` does, as the net it stands for does.  A local value is put in place
    only where it is used once or applies no net (used twice, a layer in it would become two
    layers with their own weights); any other use of the locals leaves the body as it is,
    for the graph builder and the compiler to take as they can (a net's value held by a
    local and used twice stays one layer there)."""
    body = inner.args[-1]
    while type(body) is Expr and body.head in _SCOPES and len(body.args) == 2 \
            and is_list(body.args[0]):
        inlined = _scope_inlined(body)
        if inlined is None:
            return body
        body = inlined
    return body


def _scope_inlined(scope):
    from wlnet.core.pattern import substitute
    values, locals_ = {}, set()
    steps = [v for v in scope.args[0].args if not type(v) is Symbol]
    locals_.update(v for v in scope.args[0].args if type(v) is Symbol)
    inner = scope.args[1]
    steps += list(inner.args) if type(inner) is Expr and inner.head is S.CompoundExpression \
        else [inner]
    *assignments, result = steps
    for i, step in enumerate(assignments):
        if not (type(step) is Expr and step.head is S.Set and len(step.args) == 2
                and type(step.args[0]) is Symbol):
            return None
        name, value = step.args[0], substitute(step.args[1], values)
        if _uses(name, steps[i + 1:]) > 1 and _applies_net(value):
            return None
        values[name] = value
        locals_.add(name)
    if not set(values) <= locals_:
        return None
    return substitute(result, values)


def _applies_net(e) -> bool:
    """Does the expression apply something to arguments through a compound head (a layer
    or a net: ``LinearLayer[3][x]``)?"""
    if type(e) is not Expr:
        return False
    return type(e.head) is Expr or any(_applies_net(a) for a in e.args)


def _unapplied(f):
    """(the function, whether it came as Apply[f]: its arguments are the ports)."""
    if type(f) is Expr and f.head == _APPLY and len(f.args) == 1:
        return f.args[0], True
    return f, False


def output_names(f) -> tuple:
    """"Output", or the keys of the association the function gives."""
    inner, _ = _unapplied(f)
    body = function_body(inner) if type(inner) is Expr and inner.head is S.Function else None
    return tuple(r.args[0].value for r in body.args) if _association_body(body) else ("Output",)


def port_names(f, variables) -> tuple:
    """The input port names of the function ``f`` (Apply[…] or not) of ``variables`` (as
    ``function_variables`` gives them for it), one per variable."""
    _, applied = _unapplied(f)
    if applied:
        return default_names(len(variables))
    if all(kind == "slot" and isinstance(key, str) for kind, key in variables):
        return tuple(key for _, key in variables)
    if len(variables) > 1 and all(kind == "var" for kind, _ in variables):
        return tuple(key for _, key in variables)       # Function[{x, y}, …]: ports "x", "y"
    if len(variables) == 1:
        return ("Input",)
    raise NotCompilable(f)


def compile_function(f) -> tuple:
    """(input port names, ((output name, tree), …)); NotCompilable names the part that is
    not supported.  #name slots and the variables of Function[{x, y, …}, …] give ports named
    so, Apply[f] one port per argument, anything else the one port "Input"."""
    inner, applied = _unapplied(f)
    variables = function_variables(inner)
    if variables is None:                               # a symbol: f[#] &
        if applied:                                     # Apply[Plus]: f[#1, #2] &
            return default_names(2), (("Output", compile_tree(inner, 2, extend=_array_ops)),)
        return ("Input",), (("Output", compile_tree(inner, 1, extend=_array_ops)),)
    names = port_names(f, variables)
    body = function_body(inner)
    outputs = [(r.args[0].value, r.args[1]) for r in body.args] if _association_body(body) \
        else [("Output", body)]
    return names, tuple((out, compile_body(b, variables, _array_ops)) for out, b in outputs)


def _read_function(e):
    _check_one_argument(e)
    try:
        compile_function(e)
    except NotCompilable as err:
        from wlnet.net.wltext import short_text
        part = short_text(err.part, 40)
        if _data_sized(err.part):
            raise NetSpecError("fndatasize", e, part, err.part.head.name, symbol="FunctionLayer")
        raise NetSpecError("fnpart", e, part, SUPPORTED, symbol="FunctionLayer")
    return e


# the functions whose result's size depends on the values of the data (a net's arrays have
# sizes known before the data)
_DATA_SIZED = frozenset({"Select", "Cases", "DeleteCases", "Pick", "Position", "DeleteDuplicates",
                         "Union", "Split", "SplitBy", "GatherBy", "Gather", "TakeWhile",
                         "LengthWhile", "Tally", "Counts", "NestWhile", "NestWhileList",
                         "FixedPoint", "FixedPointList"})


def _data_sized(part) -> bool:
    return type(part) is Expr and type(part.head) is Symbol and part.head.name in _DATA_SIZED


def _check_one_argument(f):
    """A pure function of #1, #2, … (not under Apply): FunctionLayer's function takes one
    argument (an array, or an association of arrays for #name slots), as WL's does; the
    message says how to give several."""
    inner, applied = _unapplied(f)
    if applied:
        return
    try:
        variables = function_variables(inner)
    except NotCompilable:
        return                                          # (the compilation names the part)
    if variables and len(variables) > 1 and all(kind == "slot" and isinstance(key, int)
                                                for kind, key in variables):
        raise NetSpecError("fnargs", f, symbol="FunctionLayer")


# ---------------------------------------------------------------------------- building

_BINARY = frozenset(["add", "subtract", "times", "divide", "power", "max", "min", "greater",
                     "greater_equal", "less", "less_equal", "equal", "unequal"])


class _Ranks(dict):
    """Ref -> the rank of one example of its value, where known (None: not known), and the
    refs that are constants (plain arrays, which numpy pairs with anything of higher rank)."""

    def __init__(self, *a, arrays=None, shapes=None):
        super().__init__(*a)
        self.constants = set()
        self.arrays = arrays or {}          # NetArray name -> its ref (FunctionLayer's arrays)
        self.built = {}                     # (id of a subtree, operands) -> (subtree, its ref)
        self.shapes = shapes                # _Shapes: the dimensions of a value, when asked

    def inner(self, ranks: dict) -> "_Ranks":
        """Ranks of a scope of its own (a Map's function) sharing the arrays and shapes."""
        return _Ranks(ranks, arrays=self.arrays, shapes=self.shapes)

    def level_length(self, g, ref, what: str) -> int:
        """The number of parts at level 1 of one example of ``ref``'s value, which the
        unrolled ``what`` (Fold, MapIndexed, PadLeft…) needs: fixed, not a sequence's."""
        from wlnet.net.primitives import StructureError
        dims = self.shapes.dims(g, ref) if self.shapes is not None else None
        if not dims or dims[0] is None:
            raise StructureError("fnunroll", what)
        return dims[0]

    def example_dims(self, g, ref) -> tuple:
        return self.shapes.dims(g, ref)

    def aligned(self, g, a, b):
        """``a`` made ready to pair with ``b``: an align row only where the ranks may differ."""
        ra, rb = self.get(a), self.get(b)
        if ra is not None and rb is not None and (ra >= rb or (ra == 0 and a in self.constants)):
            return a
        out = g.align(a, b)
        self[out] = max(ra, rb) if ra is not None and rb is not None else None
        return out


class _Shapes:
    """The dimensions of any value of a composition being built, found by running what is
    built so far on ones of its inputs' example dimensions (a None among them: a
    sequence's length, run as 2 and as 3, the levels that differ given back as None) and
    zeros of its arrays' dimensions.  ``inputs``: input key -> dims; ``arrays``: the keys
    (input keys or array slots) fed plain arrays, -> dims."""

    def __init__(self, inputs: dict, arrays: dict | None = None):
        self.inputs, self.arrays = inputs, arrays or {}

    def dims(self, g, ref) -> tuple:
        from wlnet.net.compose import Composition
        from wlnet.net.primitives import data_of
        comp = Composition(tuple(g.nodes), {"y": ref}, tuple(g.inputs), tuple(g.arrays))
        varying = any(d is None for dims in self.inputs.values() for d in dims)
        runs = []
        for length in ((2, 3) if varying else (2,)):
            feed = {k: Batch(np.ones((1,) + tuple(length if d is None else d for d in dims)), None)
                    for k, dims in self.inputs.items()}
            feed.update({k: np.zeros(dims) for k, dims in self.arrays.items()})
            y = _run_composition(comp, feed, _shape_context())["y"]
            shape = np.shape(data_of(y))
            runs.append(shape[1:] if isinstance(y, Batch) else shape)
        return tuple(a if a == b else None for a, b in zip(runs[0], runs[-1]))


def _shape_context():
    from wlnet.net.values import RunContext
    return RunContext(False, None, False, np.dtype(np.float64))


def _rank_after(kind, tree, r):
    """The rank an array operation leaves (None when its input's is not known)."""
    from wlnet.net.primitives import flatten_groups, level_axes
    if r is None:
        return None
    if kind == "reduce":
        return r - len(level_axes(r, tree[3]))
    if kind == "take":
        return r - sum(1 for part in tree[2] if part[0] == "index")
    if kind == "flatten":
        return len(flatten_groups(r, tree[2]))
    if kind == "variance":
        return r - 1
    return r                                            # permute, map, clip


def build(g, tree, xs, ranks: _Ranks | None = None):
    """The composition of a FunctionLayer tree: as ElementwiseLayer's, with the operands of
    arithmetic aligned along their leading levels and the array operations' rows.
    ``ranks`` knows the inputs' ranks (when known), so that only operands whose ranks may
    differ get an align row."""
    return _build(g, tree, xs, ranks if ranks is not None else _Ranks())


def _build(g, tree, xs, ranks):
    """The ref of ``tree``; a subtree met again (the same object, on the same operands: a
    value Nest or NestList uses twice) is built once."""
    key = (id(tree), tuple(xs))
    hit = ranks.built.get(key)
    if hit is not None and hit[0] is tree:
        return hit[1]
    ref = _build_node(g, tree, xs, ranks)
    ranks.built[key] = (tree, ref)
    return ref


def _build_node(g, tree, xs, ranks):
    kind = tree[0]
    sub = lambda t: _build(g, t, xs, ranks)

    def made(ref, rank):
        ranks[ref] = rank
        return ref

    if kind == "arg":
        return xs[tree[1]]
    if kind == "netarray":
        return ranks.arrays[tree[1]]
    if kind in ("num", "array"):
        ref = made(g.const(tree[1]), np.ndim(tree[1]))
        ranks.constants.add(ref)
        return ref
    if kind == "map":
        x = sub(tree[2])
        return made(g.map(x, function=tree[1]), ranks.get(x))
    if kind == "clip":
        x = sub(tree[1])
        return made(g.clip(x, low=tree[2], high=tree[3]), ranks.get(x))
    if kind in _BINARY:
        a, b = sub(tree[1]), sub(tree[2])
        a, b = ranks.aligned(g, a, b), ranks.aligned(g, b, a)
        return made(g.apply(kind, (a, b), {}), _max_rank(ranks, a, b))
    if kind == "where":
        c, a, b = (sub(t) for t in tree[1:])
        a, b = ranks.aligned(g, a, b), ranks.aligned(g, b, a)
        c = ranks.aligned(g, c, a)
        return made(g.where(c, a, b), _max_rank(ranks, a, b))
    if kind == "dot":
        a, b = sub(tree[1]), sub(tree[2])
        ra, rb = ranks.get(a), ranks.get(b)
        return made(g.dot(a, b), ra + rb - 2 if ra is not None and rb is not None else None)
    if kind == "variance":              # over level 1, with n - 1 as Variance divides by
        x = sub(tree[1])
        level = ("one", 1)
        mean = g.replicate(g.reduce(x, function="Mean", levels=level), dims=(1,), level=1)
        deviation = g.subtract(x, mean)
        squares = g.reduce(g.times(deviation, deviation), function="Total", levels=level)
        count = g.reduce(g.add(g.times(x, g.const(0.0)), g.const(1.0)), function="Total", levels=level)
        return made(g.divide(squares, g.subtract(count, g.const(1.0))), _rank_after(kind, tree, ranks.get(x)))
    if kind == "reduce":
        x = sub(tree[2])
        if ranks.get(x) == 0 and tree[1] in ("Total", "Max", "Min", "Times"):
            return x                    # Total[5] is 5 (Map[Total, vector])
        scalar = {"scalar": True} if tree[1] in ("Total", "Max", "Min", "Times") else {}
        return made(g.reduce(x, function=tree[1], levels=tree[3], **scalar),
                    _rank_after(kind, tree, ranks.get(x)))
    if kind == "permute":
        x = sub(tree[1])
        return made(g.permute(x, spec=tree[2]), ranks.get(x))
    if kind == "take":
        x = sub(tree[1])
        return made(g.take(x, parts=tree[2]), _rank_after(kind, tree, ranks.get(x)))
    if kind == "flatten":
        x = sub(tree[1])
        return made(g.flatten(x, level=tree[2]), _rank_after(kind, tree, ranks.get(x)))
    if kind == "lookup":
        table, codes = sub(tree[1]), sub(tree[2])
        rc = ranks.get(codes)
        return made(g.gather(table, codes), rc + np.ndim(tree[1][1]) - 1 if rc is not None else None)
    if kind == "mapped":                # f on each part at level 1, as examples of their own
        x = sub(tree[2])
        r = ranks.get(x)
        folded = g.fold_level(x)
        inner = ranks.inner({folded: r - 1 if r is not None else None})
        y = _build(g, tree[1], [folded], inner)
        ry = inner.get(y)
        return made(g.unfold_level(y, x), ry + 1 if ry is not None else None)
    if kind == "stack":                 # Table: the parts along a new level 1
        parts = [sub(t) for t in tree[1:]]
        known = [ranks.get(x) for x in parts]
        rows = [g.replicate(x, dims=(1,), level=1) for x in parts]
        return made(g.catenate(*rows, level=1), None if None in known else max(known) + 1)
    if kind == "riffle":
        a, x = sub(tree[1]), sub(tree[2])
        if ranks.get(x) == 0:               # one element between the parts
            return _build(g, _riffled_element(ranks.get(a)), [a, x], ranks)
        return made(g.riffle(a, x), ranks.get(a))
    if kind == "reverse":
        x = sub(tree[1])
        return made(g.sequence_reverse(x), ranks.get(x))
    if kind == "ordering":
        x = sub(tree[1])
        return made(g.ordering(x), ranks.get(x))
    if kind == "sort":
        x = sub(tree[1])
        return made(g.sort(x, descending=tree[2]), ranks.get(x))
    if kind == "norm":                  # a matrix's largest singular value, a vector's length
        x = sub(tree[1])
        if ranks.get(x) == 2:
            return made(g.matrix_norm(x), 0)
        if ranks.get(x) not in (None, 0, 1):
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "Norm", "1 or 2", ranks.get(x))
        return _build(g, ("map", "Sqrt", ("reduce", "Total", ("times", ("arg", 0), ("arg", 0)), ("all",))),
                      [x], ranks)
    if kind == "length":                # the count of parts at level 1 (a sequence's valid steps)
        x = sub(tree[1])
        r = ranks.get(x)
        if r is None or r == 0:
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "Length", "at least 1", r or 0)
        first_elements = x if r == 1 else g.take(x, parts=(("all",),) + (("index", 1),) * (r - 1))
        ones = g.add(g.times(first_elements, g.const(0.0)), g.const(1.0))
        return made(g.reduce(ones, function="Total", levels=("one", 1), scalar=True), 0)
    if kind == "dimensions":            # the count of parts at each level, as Length's
        x = sub(tree[1])
        r = ranks.get(x)
        if not r:
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "Dimensions", "at least 1", r or 0)
        counts = []
        for k in range(r):              # level k + 1 brought to level 1 by taking first parts
            y = x if k == 0 else made(g.take(x, parts=(("index", 1),) * k + (("all",),) * (r - k)),
                                      r - k)
            counts.append(_build(g, ("length", ("arg", 0)), [y], ranks))
        rows = [g.replicate(c, dims=(1,), level=1) for c in counts]
        return made(g.catenate(*rows, level=1), 1)
    if kind == "outer":                 # a with size-1 levels after it, b with them before
        a, b = sub(tree[2]), sub(tree[3])
        ra, rb = ranks.get(a), ranks.get(b)
        if ra is None or rb is None:
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "Outer", "known", "not known")
        spread_a = made(g.replicate(a, dims=(1,) * rb, level=-1), ra + rb) if rb else a
        spread_b = made(g.replicate(b, dims=(1,) * ra, level=1), ra + rb) if ra else b
        inner = ranks.inner({spread_a: ra + rb, spread_b: ra + rb})
        return made(_build(g, tree[1], [spread_a, spread_b], inner), ra + rb)
    if kind == "kronecker":             # Outer's levels a1, b1, a2, b2, … merged in pairs
        product = sub(tree[1])
        r = ranks.get(product)
        if r is None or r % 2:
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "KroneckerProduct", "two arrays of one rank", "not that")
        k = r // 2
        order = tuple(x for i in range(1, k + 1) for x in (i, k + i))
        from wlnet.net.layers.transpose import _primitive_spec
        moved = g.permute(product, spec=_primitive_spec(("perm", _inverse_order(order))))
        groups = tuple((2 * i + 1, 2 * i + 2) for i in range(k))
        return made(g.flatten(moved, level=groups), k)
    if kind == "reshape":
        x = sub(tree[1])
        return made(g.reshape_to(x, dims=tuple(tree[2])), len(tree[2]))
    if kind == "partition":             # a vector's runs of n: {Automatic, n}
        x = sub(tree[1])
        if ranks.get(x) != 1:
            from wlnet.net.primitives import StructureError
            raise StructureError("rankx", "Partition", 1, ranks.get(x))
        return made(g.reshape_to(x, dims=("Automatic", tree[2])), 2)
    if kind == "pick":
        x, i = sub(tree[1]), sub(tree[2])
        rx, ri = ranks.get(x), ranks.get(i)
        return made(g.pick(x, i), None if rx is None or ri is None else rx - 1 + ri)
    if kind == "spread":                # a value of level 1 taken away, given back for each part
        x = sub(tree[1])
        r = ranks.get(x)
        return made(g.replicate(x, dims=(1,), level=1), None if r is None else r + 1)
    if kind == "standardize":           # over level 1: each column of a matrix
        x = sub(tree[1])
        level = ("one", 1)
        mean = g.replicate(g.reduce(x, function="Mean", levels=level), dims=(1,), level=1)
        deviation = g.subtract(x, mean)
        spread = g.replicate(_build(g, ("map", "Sqrt", ("variance", ("arg", 0))), [x], ranks),
                             dims=(1,), level=1)
        return made(g.divide(deviation, spread), ranks.get(x))
    if kind == "accumulate":
        x = sub(tree[1])
        return made(g.accumulate(x), ranks.get(x))
    if kind in ("diagonal", "det", "inverse"):
        x = sub(tree[1])
        r = ranks.get(x)
        return made(g.apply(kind, (x,), {}), None if r is None else r - {"diagonal": 1, "det": 2, "inverse": 0}[kind])
    if kind in ("fold", "mapindexed", "pad", "thread"):
        return _build_unrolled(g, tree, sub, ranks, made)
    if kind == "arraypad":
        return _build_array_pad(g, tree, sub(tree[1]), ranks, made)
    if kind == "catenate":
        parts = [sub(t) for t in tree[2:]]
        known = [ranks.get(x) for x in parts]
        return made(g.catenate(*parts, level=tree[1]), None if None in known else max(known))
    raise AssertionError(kind)


def _build_unrolled(g, tree, sub, ranks, made):
    """Fold/FoldList of any f, MapIndexed, PadLeft/PadRight and Thread/MapThread: built part
    by part at level 1, once the number of parts is known (_Ranks.level_length)."""
    kind = tree[0]
    if kind == "thread":
        return _build_thread(g, tree, sub, ranks, made)
    x = sub(tree[-1] if kind != "pad" else tree[2])
    if kind == "fold":
        return _build_fold(g, tree, x, sub, ranks, made)
    if kind == "mapindexed":
        return _build_map_indexed(g, tree, x, ranks, made)
    return _build_pad(g, tree, x, ranks, made)


def _unroll_error(*slots):
    from wlnet.net.primitives import StructureError
    return StructureError(*slots)


def _part(g, x, i, ranks, made):
    """The i-th part (from 1) of ``x`` at level 1."""
    r = ranks.get(x)
    return made(g.take(x, parts=(("index", i),)), None if r is None else r - 1)


def _stacked(g, values, ranks, made):
    """The values along a new level 1 (as Table's parts are)."""
    rows = [g.replicate(v, dims=(1,), level=1) for v in values]
    known = [ranks.get(v) for v in values]
    return made(g.catenate(*rows, level=1), None if None in known else max(known) + 1)


def _build_thread(g, tree, sub, ranks, made):
    """h of the i-th parts of the arguments, for each i; an argument of rank 0 kept whole."""
    args = [sub(t) for t in tree[2:]]
    counts = {ranks.level_length(g, a, "Thread") for a in args if ranks.get(a) != 0}
    if len(counts) != 1:
        raise _unroll_error("fnthread", len(counts))
    n = counts.pop()
    return _stacked(g, [_build(g, tree[1], [a if ranks.get(a) == 0 else _part(g, a, i, ranks, made)
                                            for a in args], ranks)
                        for i in range(1, n + 1)], ranks, made)


def _build_fold(g, tree, x, sub, ranks, made):
    """f[f[x0, x1], x2]… (Fold: the last value; FoldList: all of them, x0 first)."""
    _, head, step, start, _ = tree
    parts = [_part(g, x, i, ranks, made) for i in range(1, ranks.level_length(g, x, head) + 1)]
    if start is None and not parts:
        raise _unroll_error("fnunroll", head)
    values = [sub(start) if start is not None else parts.pop(0)]
    for p in parts:
        values.append(_build(g, step, [values[-1], p], ranks))
    return values[-1] if head == "Fold" else _stacked(g, values, ranks, made)


def _build_map_indexed(g, tree, x, ranks, made):
    """f[part i, {i}] for each part."""
    values = []
    for i in range(1, ranks.level_length(g, x, "MapIndexed") + 1):
        index = made(g.const(np.array([float(i)])), 1)
        ranks.constants.add(index)
        values.append(_build(g, tree[1], [_part(g, x, i, ranks, made), index], ranks))
    return _stacked(g, values, ranks, made)


def _build_pad(g, tree, x, ranks, made):
    """PadLeft/PadRight to ``size`` parts: the padding value's parts added on the left
    (right), or the last (first) ``size`` parts kept."""
    _, left, _, size, pad = tree
    what = "PadLeft" if left else "PadRight"
    n, r = ranks.level_length(g, x, what), ranks.get(x)
    if size <= n:
        span = ("span", n - size + 1, n, 1) if left else ("span", 1, size, 1)
        return made(g.take(x, parts=(span,)), r)
    rest = ranks.example_dims(g, x)[1:]
    if any(d is None for d in rest):
        raise _unroll_error("fnunroll", what)
    filler = made(g.const(np.full((size - n,) + tuple(rest), pad)), r)
    ranks.constants.add(filler)
    return made(g.catenate(filler, x, level=1) if left else g.catenate(x, filler, level=1), r)


def _build_array_pad(g, tree, x, ranks, made):
    """ArrayPad: at each level, the parts cut where a count is negative, then blocks of the
    padding value joined before and after; every level needs a fixed size."""
    _, _, (kind, pairs), pad = tree
    dims = list(ranks.example_dims(g, x))
    if any(d is None for d in dims):
        raise _unroll_error("fnunroll", "ArrayPad")
    if kind == "every":
        pairs = (pairs,) * len(dims)
    if len(pairs) > len(dims):
        raise _unroll_error("rankx", "ArrayPad", f"at least {len(pairs)}", len(dims))
    r = ranks.get(x)
    for level, (before, after) in enumerate(pairs, start=1):
        cut_before, cut_after = max(-before, 0), max(-after, 0)
        if cut_before or cut_after:
            kept = dims[level - 1] - cut_before - cut_after
            if kept <= 0:
                raise _unroll_error("fnunroll", "ArrayPad")
            span = ("span", 1 + cut_before, dims[level - 1] - cut_after, 1)
            x = made(g.take(x, parts=(("all",),) * (level - 1) + (span,)), r)
            dims[level - 1] = kept
        if pad == "Extrapolated" or isinstance(pad, tuple):
            if isinstance(pad, tuple) and len(dims) != 1:
                raise _unroll_error("fnpadrank", len(dims))
            x = _pad_level_linearly(g, x, dims, level, before, after, pad, r, made)
            dims[level - 1] += max(before, 0) + max(after, 0)
            continue
        if isinstance(pad, str):          # the parts the padding repeats, taken at once
            n = dims[level - 1]
            picks = tuple(_PAD_METHODS[pad](p, n) + 1 for p in range(-max(before, 0), n + max(after, 0)))
            x = made(g.take(x, parts=(("all",),) * (level - 1) + (("list", picks),)), r)
            dims[level - 1] = len(picks)
            continue
        blocks = []
        for count in (before, after):
            block = None
            if count > 0:
                block = made(g.const(np.full(dims[:level - 1] + [count] + dims[level:], pad)), r)
                ranks.constants.add(block)
            blocks.append(block)
        if blocks[0] is not None or blocks[1] is not None:
            joined = [b for b in (blocks[0], x, blocks[1]) if b is not None]
            x = made(g.catenate(*joined, level=level), r)
            dims[level - 1] += max(before, 0) + max(after, 0)
    return x


def _pad_level_linearly(g, x, dims, level, before, after, pad, r, made):
    """One level of ArrayPad whose padding is not parts of the array as they are: each
    position of the padded level is a·x[i] + b·x[j] + c (weights constant along the other
    levels).  "Extrapolated" continues the line through the two parts at each end (WL's
    default InterpolationOrder 1; one part: repeated); cyclic values {c1, …, ck} are laid
    as ArrayPad lays them, the last value next to the array's start (PadLeft's rule) and
    the first value at its end (PadRight's)."""
    n, before, after = dims[level - 1], max(before, 0), max(after, 0)
    positions = range(-before, n + after)
    first, second = [], []                # (part from 0, weight) of each position
    offsets = []
    for p in positions:
        if 0 <= p < n:
            first.append((p, 1.0)), second.append((p, 0.0)), offsets.append(0.0)
        elif pad == "Extrapolated":
            end, step = (0, 1) if p < 0 else (n - 1, -1)
            if n == 1:
                first.append((0, 1.0)), second.append((0, 0.0))
            else:                         # x[end] + t (x[end] - x[end + step]), t parts away
                t = -p if p < 0 else p - (n - 1)
                first.append((end, 1.0 + t)), second.append((end + step, -float(t)))
            offsets.append(0.0)
        else:
            values = pad[1]
            k = len(values)
            index = (k - 1 - (n + before - 1 - (p + before))) % k if p < 0 else (p + before) % k
            first.append((0, 0.0)), second.append((0, 0.0)), offsets.append(values[index])
    shape = [1] * len(dims)
    shape[level - 1] = len(positions)

    def along(values):                   # per-position constants along the level
        return g.const(np.asarray(values, dtype=np.float64).reshape(shape))

    def picked(pairs):
        parts = (("all",),) * (level - 1) + (("list", tuple(i + 1 for i, _ in pairs)),)
        return made(g.take(x, parts=parts), r)

    out = g.add(g.times(picked(first), along([w for _, w in first])),
                g.times(picked(second), along([w for _, w in second])))
    return made(g.add(out, along(offsets)), r)


def _max_rank(ranks, a, b):
    ra, rb = ranks.get(a), ranks.get(b)
    return max(ra, rb) if ra is not None and rb is not None else None


def _run_composition(comp, inputs: dict, ctx, torch=None) -> dict:
    """The outputs of a composition run forward on ``inputs`` (port -> Batch): the rows'
    numpy forwards, or their torch mappings when ``torch`` is given (values then kept in
    the inputs' precision)."""
    from wlnet.net.primitives import PRIMITIVES
    values = []
    working = None if torch is None else next(iter(inputs.values())).data.dtype

    def value(ref):
        return values[ref.key] if ref.kind == "node" else inputs[ref.key]

    for node in comp.nodes:
        args = [value(r) for r in node.inputs]
        if torch is None:
            with np.errstate(all="ignore"):
                y, _ = PRIMITIVES[node.primitive].forward(ctx, node.attrs, *args)
        else:
            y = PRIMITIVES[node.primitive].torch(torch, node.attrs, *args)
            data = y.data if isinstance(y, Batch) else y
            if data.is_floating_point() and data.dtype != working:
                y = Batch(data.to(working), y.lengths) if isinstance(y, Batch) else data.to(working)
        values.append(y)
    return {out: value(ref) for out, ref in comp.outputs.items()}


def run_tree(tree, operands: list, ctx, torch=None):
    """The value of ``tree`` on ``operands`` (Batches: its variables in order), run forward
    (CompiledLayer's own gradient functions; with ``torch``, on tensors)."""
    from wlnet.net.compose import Builder
    from wlnet.net.primitives import data_of
    g = Builder(())
    xs = [g.input(f"x{i}") for i in range(len(operands))]
    shapes = _Shapes({f"x{i}": tuple(np.shape(data_of(v)))[1:] for i, v in enumerate(operands)})
    ranks = _Ranks({x: np.ndim(data_of(v)) - 1 for x, v in zip(xs, operands)}, shapes=shapes)
    g.output("y", build(g, tree, xs, ranks))
    return _run_composition(g.build(), {f"x{i}": v for i, v in enumerate(operands)}, ctx, torch)["y"]


def _probe(names, trees, shapes: dict, arrays: dict | None = None, varying: dict | None = None) -> dict:
    """The output shapes of one example, running the composition on ones of ``shapes``
    (and of the NetArrays' dimensions ``arrays``, name -> dims); ``varying``: the shapes
    with None for a sequence's length (what a Fold or a PadLeft may not go through)."""
    from wlnet.net.compose import Builder
    from wlnet.net.primitives import data_of
    from wlnet.net.values import RunContext
    arrays = arrays or {}
    g = Builder(())
    xs = [g.input(n) for n in names]
    refs = {name: g.input(("$array", name)) for name in arrays}
    known = _Shapes(dict(varying or shapes), {("$array", name): dims for name, dims in arrays.items()})
    ranks = _Ranks({x: len(shapes[n]) for x, n in zip(xs, names)}, arrays=refs, shapes=known)
    for name, dims in arrays.items():
        ranks[refs[name]] = len(dims)
        ranks.constants.add(refs[name])
    for out, tree in trees:
        g.output(out, build(g, tree, xs, ranks))
    ctx = RunContext(False, None, False, np.dtype(np.float64))
    # ones, not zeros: a value used as an index (#x[[#i]]) must name a part
    inputs = {n: Batch(np.ones((1,) + shapes[n]), None) for n in names}
    inputs.update({("$array", name): np.zeros(dims) for name, dims in arrays.items()})
    outputs = _run_composition(g.build(), inputs, ctx)
    return {out: tuple(np.shape(data_of(y)))[1:] if isinstance(y, Batch) else tuple(np.shape(y))
            for out, y in outputs.items()}


# ---------------------------------------------------------------------------- NetArray

# a FunctionLayer's learnable arrays (NetArray[…] in its function) fill these slots in order
# of first appearance; each is a shared array of the net, stored under its NetArray name
MAX_ARRAYS = 8
ARRAY_SLOTS = tuple(f"Array{i}" for i in range(1, MAX_ARRAYS + 1))


def _array_shape(i: int):
    return lambda p: p["$ArrayShapes"][i] if i < len(p["$ArrayShapes"]) else None


def net_array_names(f) -> tuple:
    """The names of the NetArray["name"] in ``f``, in order of first appearance."""
    from wlnet.net.shared import is_net_array
    names, todo = [], [f]
    while todo:
        e = todo.pop()
        if is_net_array(e) and len(e.args) == 1 and type(e.args[0]) is String:
            if e.args[0].value not in names:
                names.append(e.args[0].value)
        elif type(e) is Expr:
            todo.extend(reversed((e.head,) + tuple(e.args)))
    return tuple(names)


def _bind_net_arrays(f):
    """(``f`` with every NetArray[…] as NetArray["name"] (a name of its own for NetArray[]),
    {name: the NetArray spec with that name, its values and dimensions})."""
    from wlnet.net.shared import is_net_array, read_net_array
    specs = {}

    def named(e):
        if is_net_array(e):
            spec = read_net_array(e)
            canonical = Expr(Symbol("NetArray"), String(spec.name))
            if spec.name not in specs:
                rules = [Expr(S.Rule, String("Name"), String(spec.name))]
                if spec.value is not None:
                    rules.append(Expr(S.Rule, String("Array"), spec.value))
                if spec.dims is not None:
                    rules.append(Expr(S.Rule, String("Dimensions"), Expr(S.List, *map(Integer, spec.dims))))
                specs[spec.name] = Expr(Symbol("NetArray"), Expr(S.Association, *rules))
            return canonical
        if type(e) is not Expr or not any(type(a) is Expr for a in (e.head,) + tuple(e.args)):
            return e
        head, args = named(e.head), tuple(named(a) for a in e.args)
        if head is e.head and all(a is b for a, b in zip(args, e.args)):
            return e
        return Expr(head, *args)

    return named(f), specs


def _array_dims(spec_expr):
    """The dimensions a NetArray spec fixes (its values' or "Dimensions"), else None."""
    from wlnet.net.shared import read_net_array
    spec = read_net_array(spec_expr)
    if spec.value is not None:
        return tuple(spec.value.shape)
    return spec.dims


def _unknown_arrays(tree, known) -> bool:
    return isinstance(tree, tuple) and (
        (tree[0] == "netarray" and tree[1] not in known)
        or any(_unknown_arrays(t, known) for t in tree[1:] if isinstance(t, tuple)))


def _subtrees(tree, elementwise_path=True, result=None):
    """(subtree, whether every node above it is elementwise: then it has the result's shape
    when it has the highest rank, the tree whose value is that result (None: the layer's
    output)), in preorder.  A Fold's step is visited as applied to its first values (the
    start, or the first part, and the first part), its result the start's shape: a fold
    keeps its value's shape from step to step."""
    yield tree, elementwise_path, result
    if tree[0] == "fold":
        _, _, step, start, parts = tree
        first = ("take", parts, (("index", 1),))
        acc = start if start is not None else first
        for t in (parts,) if start is None else (parts, start):
            yield from _subtrees(t, False, result)
        yield from _subtrees(_applied_tree(step, [acc, first]), True, acc)
        return
    inner = elementwise_path and (tree[0] in _ELEMENTWISE_KINDS or tree[0] == "where")
    for t in tree[1:]:
        if isinstance(t, tuple) and t and isinstance(t[0], str):
            yield from _subtrees(t, inner, result)


def infer_array_dims(names, trees, shapes, known: dict, outputs: dict) -> dict:
    """Dimensions of NetArrays not yet known, from how the function uses them (name ->
    dims): paired elementwise with a value of known shape, that shape; a factor of a Dot
    with a known operand whose result is the output's shape (only elementwise operations
    above it), what fits both."""
    found = {}

    def shape_of(t):
        if _unknown_arrays(t, {**known, **found}):
            return None
        return _probe(names, [("s", t)], shapes, {**known, **found})["s"]

    def learn(t, on_path, result):
        kind = t[0]
        operands = [x for x in t[1:] if isinstance(x, tuple) and x and isinstance(x[0], str)]
        for k, x in enumerate(operands):
            if x[0] != "netarray" or x[1] in known or x[1] in found:
                continue
            others = operands[:k] + operands[k + 1:]
            if kind in _BINARY or kind == "where":
                for other in others:
                    dims = shape_of(other)
                    if dims is not None:
                        found[x[1]] = dims
                        return True
            elif kind == "dot" and on_path and result is not None:
                other = shape_of(others[0])
                if not other:
                    continue
                if k == 1:          # a . W: W is {a's last} + what follows a's leading in the result
                    found[x[1]] = (other[-1],) + tuple(result[len(other) - 1:])
                else:               # W . b: W is the result's leading + {b's first}
                    found[x[1]] = tuple(result[:len(result) - (len(other) - 1)]) + (other[0],)
                return True
        return False

    progress = True
    while progress:
        progress = False
        for out, tree in trees:
            for t, on_path, result_tree in _subtrees(tree):
                result = outputs.get(out) if result_tree is None else shape_of(result_tree)
                progress |= learn(t, on_path, result)
    return found


# ---------------------------------------------------------------------------- the layer

@register
class Function(LayerSpec):
    type_name = "Function"
    symbol = "FunctionLayer"
    usage = "FunctionLayer[f] represents a net layer that applies function f to its input."
    params = (Param("Function", "custom", read=_read_function, show=lambda e: e),) + PORT_PARAMS + (
        Param("$OutputShapes", "custom", default=tuple, read=PORT_PARAMS[1].read, show=PORT_PARAMS[1].show),
        Param("$ArrayShapes", "custom", default=tuple, read=PORT_PARAMS[1].read, show=PORT_PARAMS[1].show))
    arrays = tuple(ArraySpec(slot, _array_shape(i)) for i, slot in enumerate(ARRAY_SLOTS))
    min_args = max_args = 1
    messages = {"fnarrays": "`1` uses `2` NetArrays; FunctionLayer takes at most `3`."}
    sample = ('FunctionLayer[<|"Score" -> Total[Tanh[#x . #w] * #x, {2}] / (1 + Norm[#b]), '
              '"Max" -> Max[#x]|> &, "x" -> {"Varying", 3}, "w" -> {3, 3}, "b" -> 2]')
    examples = (
        ("FunctionLayer[Sin[#] + 1 &][{0, 1}]", "{1., 1.84147}"),
        ("FunctionLayer[#x . #y &][<|\"x\" -> {{1, 2}, {3, 4}}, \"y\" -> {1, 1}|>]", "{3., 7.}"),
        ("FunctionLayer[Exp[#] / Total[Exp[#]] &][{1, 2, 3}]", "{0.0900306, 0.244728, 0.665241}"),
        ("FunctionLayer[Apply[#1 - Mean[#2] &]][<|\"Input1\" -> {1, 2}, \"Input2\" -> {{1, 2}, {3, 4}}|>]",
         "{-1., -1.}"),
        ("FunctionLayer[{{1, 2}, {3, 4}} . # &][{1, 1}]", "{3., 7.}"),
    )

    def port_list_data(self, params) -> bool:
        # FunctionLayer[Apply[f]][{x1, x2}] is f[x1, x2], as Apply[f][{x1, x2}] is
        return _unapplied(params["Function"])[1]

    def parse_args(self, args, p):
        """Also gives the NetArrays of the function as array options (slot -> NetArray[…])."""
        f, specs = _bind_net_arrays(args[0])
        if len(specs) > MAX_ARRAYS:
            raise NetSpecError("fnarrays", short_text(args[0], 40), len(specs), MAX_ARRAYS, symbol=self.symbol)
        p["Function"] = _read_function(f)
        names, trees = compile_function(f)
        p["InputPorts"] = names
        p["$InputShapes"] = tuple(SizeList((), fresh_rank()) for _ in names)
        p["$OutputShapes"] = tuple(SizeList((), fresh_rank()) for _ in trees)
        dims = [_array_dims(e) for e in specs.values()]
        p["$ArrayShapes"] = tuple(SizeList((), fresh_rank()) if d is None else SizeList(d) for d in dims)
        return dict(zip(ARRAY_SLOTS, specs.values()))

    def _array_refs(self, p, g, ranks):
        for name, slot, shape in zip(net_array_names(p["Function"]), ARRAY_SLOTS, p["$ArrayShapes"]):
            ref = ranks.arrays[name] = g.array(slot)
            ranks[ref] = None if shape.tail is not None else len(shape.dims)
            ranks.constants.add(ref)

    def compose(self, p, g):
        names, trees = compile_function(p["Function"])
        xs = [g.input(n) for n in names]
        ranks = _Ranks({x: None if s.tail is not None else len(s.dims)
                        for x, s in zip(xs, p["$InputShapes"])}, shapes=_port_shapes(p, names))
        self._array_refs(p, g, ranks)
        for out, tree in trees:
            y = build(g, tree, xs, ranks)
            if not _reads_inputs(g, y):     # a constant ({1, 2} &, NetArray["w"] &): the
                y = g.batch(y)              # same value for every example of the batch
            g.output(out, g.zero_padding(y))

    def inputs(self, p):
        return {n: port(s) for n, s in zip(p["InputPorts"] or (), p["$InputShapes"])}

    def outputs(self, p):
        return {n: port(s) for n, s in zip(output_names(p["Function"]), p["$OutputShapes"])}

    def _known_arrays(self, p, u, names, trees, shapes):
        """name -> dims of every NetArray of the function, learning those not given from
        their use; None while some are not known."""
        array_names = net_array_names(p["Function"])
        if not array_names:
            return {}
        known = {n: _known_dims(u, s) for n, s in zip(array_names, p["$ArrayShapes"])}
        known = {n: d for n, d in known.items() if d is not None}
        missing = [n for n in array_names if n not in known]
        if missing:
            concrete = {n: tuple(2 if isinstance(x, LengthVar) else x for x in d) for n, d in shapes.items()}
            outputs = {out: _known_dims(u, s) for (out, _), s in zip(trees, p["$OutputShapes"])}
            try:
                found = infer_array_dims(names, trees, concrete, known, outputs)
            except (NetSpecError, ValueError, IndexError):
                found = {}
            for name, dims in found.items():
                set_dims(u, p["$ArrayShapes"][array_names.index(name)], list(dims), self.symbol, "array")
            known.update(found)
        return known if len(known) == len(array_names) else None

    def post(self, p, u):
        shapes = {n: known_rank(u, s) for n, s in zip(p["InputPorts"], p["$InputShapes"])}
        if any(d is None or not all(isinstance(x, (int, LengthVar)) for x in d) for d in shapes.values()):
            return
        names, trees = compile_function(p["Function"])
        arrays = self._known_arrays(p, u, names, trees, shapes)
        if arrays is None:               # a NetArray whose dimensions are not known yet
            return
        runs = []
        for length in (2, 3):            # a sequence's length, twice
            concrete = {n: tuple(length if isinstance(x, LengthVar) else x for x in d)
                        for n, d in shapes.items()}
            template = {n: tuple(None if isinstance(x, LengthVar) else x for x in d)
                        for n, d in shapes.items()}
            try:
                runs.append(_probe(names, trees, concrete, arrays, template))
            except (NetSpecError, ValueError, IndexError) as err:
                raise NetSpecError("funcfail", p["Function"], _reason(err), symbol=self.symbol)
        lengths = [x for d in shapes.values() for x in d if isinstance(x, LengthVar)]
        for (out, _), shape in zip(trees, p["$OutputShapes"]):
            a, b = runs[0][out], runs[1][out]
            dims = []
            for x, y in zip(a, b):
                if x == y:
                    dims.append(x)
                elif (x, y) == (2, 3) and lengths:
                    dims.append(lengths[0])
                else:
                    raise NetSpecError("nodyn", self.symbol, "an input whose varying level is merged",
                                       symbol=self.symbol)
            set_dims(u, shape, dims, self.symbol)


def _port_shapes(p, names):
    """The _Shapes of a FunctionLayer being composed: its ports' example dimensions (None
    for a sequence's length) and its arrays', when all are known (else None)."""
    dims = {}
    for n, s in zip(names, p["$InputShapes"]):
        if s.tail is not None or not all(isinstance(d, (int, LengthVar)) for d in s.dims):
            return None
        dims[n] = tuple(None if isinstance(d, LengthVar) else d for d in s.dims)
    arrays = {}
    for slot, s in zip(ARRAY_SLOTS, p["$ArrayShapes"][:len(net_array_names(p["Function"]))]):
        if s.tail is not None or not all(isinstance(d, int) for d in s.dims):
            return None
        arrays[slot] = tuple(s.dims)
    return _Shapes(dims, arrays)


def _known_dims(u, sizelist):
    dims = known_rank(u, sizelist)
    return tuple(dims) if dims is not None and all(isinstance(d, int) for d in dims) else None


def _reason(err) -> str:
    if isinstance(err, NetSpecError):
        from wlnet.net.errors import MESSAGES
        text = MESSAGES.get(err.tag, err.tag)
        for i, slot in enumerate(err.slots, 1):
            text = text.replace(f"`{i}`", str(slot))
        return text
    return str(err)


def _reads_inputs(g, ref) -> bool:
    """Whether the value ``ref`` of the composition ``g`` is computed from an input port
    (else it is a constant, the same for every example)."""
    seen, todo = set(), [ref]
    while todo:
        r = todo.pop()
        if r.kind == "input":
            return True
        if r.kind != "node" or r.key in seen:
            continue
        seen.add(r.key)
        todo.extend(g.nodes[r.key].inputs)
    return False
