"""Dataset and Query: structured data (lists and associations, typically a list of rows
that are associations) queried level by level, as the Wolfram Language does.

    ds = Dataset[{<|"x" -> 1, "y" -> "a"|>, <|"x" -> 2, "y" -> "b"|>}]
    ds[All, "x"]            Dataset[{1, 2}]
    ds[Select[#x > 1 &]]    the rows with x > 1
    ds[Total, "x"]          3
    ds[GroupBy["y"], Length]
    Normal[ds]              the data

``ds[op1, op2, …]`` is ``Query[op1, op2, …][ds]``: ``opk`` acts at level k.  A part
specification (an index, a key, All, a span, a list of them) and the "descending" operators
(Select, SortBy, GroupBy, KeySelect, MaximalBy, MinimalBy, TakeLargestBy, TakeSmallestBy,
DeleteDuplicatesBy, KeySortBy, SelectFirst) act first, going down: the rest of the query
then applies to each element they give (or to the one element an index or key picks).  Any
other function is "ascending": the rest of the query is applied to each element first, then
the function to what that gives.  A result that is a list or an association is a Dataset;
anything else (a number, a string) comes out as it is.

Functions of data (Length, Normal, Select, Map, Take, Total, Mean, …) take a Dataset as
they take its data; NetTrain and NetMeasurements take one as training data.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_assoc, is_list, is_rule
from wlnet.builtins.associations import lookup_value
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue

DATASET = Symbol("Dataset")
QUERY = Symbol("Query")
_ALL = S.All
_SPAN = S.Span
_KEY = S.Key

# operators that act going down (the rest of the query then maps over what they give)
DESCENDING = frozenset({"Select", "SortBy", "GroupBy", "KeySelect", "MaximalBy", "MinimalBy",
                        "TakeLargestBy", "TakeSmallestBy", "DeleteDuplicatesBy", "KeySortBy",
                        "SelectFirst", "KeyTake", "KeyDrop", "Take", "Drop", "Cases",
                        "DeleteCases", "Reverse", "KeySort", "Sort", "RandomSample"})
# of those, the ones that give one element (the rest of the query applies to it directly)
_ONE = frozenset({"SelectFirst"})

# functions of data that take a Dataset as its data (a result list or association is a
# Dataset again): what scripts call on datasets
DATA_FUNCTIONS = ("Length", "Select", "Map", "Take", "Drop", "First", "Last", "Rest",
                  "Most", "Reverse", "Sort", "SortBy", "GroupBy", "Total", "Mean", "Max", "Min",
                  "Keys", "Values", "Dimensions", "Counts", "Tally", "DeleteDuplicates",
                  "RandomSample", "Part", "Lookup", "Cases", "DeleteCases", "Apply", "Join",
                  "Transpose", "KeySelect", "KeyTake", "KeyDrop", "Count", "Median",
                  "StandardDeviation", "Variance", "Accumulate", "Flatten", "MapIndexed",
                  "Catenate", "Merge", "AssociationThread", "Position", "Union",
                  "NetTrain", "NetMeasurements")

# never a Dataset: counts, positions, and the nets' results (a measurement's association)
_UNWRAPPED = ("Normal", "Length", "Dimensions", "Count", "Position", "NetTrain",
              "NetMeasurements")


def data_of(e):
    """The data of a Dataset (or the expression itself)."""
    return e.args[0] if type(e) is Expr and e.head is DATASET and e.args else e


def wrapped(value):
    """A result of a query or of a function of a Dataset: a Dataset when it is a list or an
    association, else the value itself."""
    return Expr(DATASET, value) if is_list(value) or is_assoc(value) else value


# ---------------------------------------------------------------------------- queries

def _is_part_spec(op) -> bool:
    if type(op) in (Integer, String) or op is _ALL:
        return True
    if type(op) is Expr and op.head in (_SPAN, _KEY):
        return True
    return is_list(op) and all(_is_part_spec(x) for x in op.args)


def _picks_one(op) -> bool:
    """An index or key picks one element (the rest of the query applies to it, not to
    each of its parts)."""
    return type(op) in (Integer, String) or (type(op) is Expr and op.head is _KEY)


def _part(ev, data, op):
    """``data[[op]]``: a key of an association is looked up (Missing when absent, as
    Dataset gives it for a row without that column)."""
    if is_assoc(data) and (type(op) is String or (type(op) is Expr and op.head is _KEY)):
        return ev.evaluate(Expr(S.Lookup, data, op))
    if op is _ALL:
        return data
    if is_assoc(data) and is_list(op) and all(type(k) is String for k in op.args):
        return ev.evaluate(Expr(S.KeyTake, data, op))
    return ev.evaluate(Expr(S.Part, data, op))


def _descending(op) -> bool:
    head = op.head if type(op) is Expr else None
    return type(head) is Symbol and head.name in DESCENDING


def _each(ev, data, rest):
    """The rest of the query applied to each element (each value of an association)."""
    if not rest:
        return data
    if is_list(data):
        return Expr.from_args(S.List, (run_query(ev, x, rest) for x in data.args))
    if is_assoc(data):
        return Expr.from_args(S.Association, (Expr(r.head, r.args[0], run_query(ev, r.args[1], rest))
                                              for r in data.args))
    return run_query(ev, data, rest)


# operators whose argument is a function of an element: a string there is a column's key
# (ds[GroupBy["y"]], ds[SortBy["x"]]), as Query reads it
_BY_KEY = frozenset({"GroupBy", "SortBy", "MaximalBy", "MinimalBy", "TakeLargestBy",
                     "TakeSmallestBy", "DeleteDuplicatesBy", "KeySortBy", "CountsBy"})


def _keys_as_functions(op):
    if type(op) is Expr and type(op.head) is Symbol and op.head.name in _BY_KEY and op.args \
            and type(op.args[0]) is String:
        return Expr(op.head, Expr(_KEY, op.args[0]), *op.args[1:])
    return op


def run_query(ev, data, ops):
    """``Query[ops…][data]`` (see the module's docstring)."""
    if not ops:
        return data
    op, rest = _keys_as_functions(ops[0]), ops[1:]
    if is_assoc(op) and all(is_rule(r) for r in op.args):
        # <|"c" -> f, "d" -> "a"|>: a new association of the queries (an association left
        # unevaluated for a bad element, <|"a" -> {#a} &|>, is no such query)
        return Expr.from_args(S.Association, (Expr(r.head, r.args[0], run_query(
            ev, data, (r.args[1],) + rest)) for r in op.args))
    if is_list(op) and op.args and all(is_rule(r) for r in op.args):
        # {"label" -> f, …}: f applied to that part of the element, the rest kept
        return run_query(ev, _apply_to_parts(ev, data, op.args), rest)
    if _is_part_spec(op):
        part = _part(ev, data, op)
        return run_query(ev, part, rest) if _picks_one(op) else _each(ev, part, rest)
    steps = _composed(op)
    if steps is not None:
        return _run_composed(ev, data, steps, rest)
    if _descending(op):
        chosen = ev.evaluate(Expr(op, data))
        return run_query(ev, chosen, rest) if op.head.name in _ONE else _each(ev, chosen, rest)
    return _aggregate(ev, op, _each(ev, data, rest))


def _composed(op) -> list | None:
    """The functions of ``f1 /* f2 /* …`` or ``… @* f2 @* f1`` in the order they apply;
    None for any other operator."""
    if type(op) is not Expr or type(op.head) is not Symbol or not op.args:
        return None
    if op.head.name == "RightComposition":
        return list(op.args)
    if op.head.name == "Composition":
        return list(reversed(op.args))
    return None


def _run_composed(ev, data, steps, rest):
    """A composed operator at a level: its leading descending functions act going down
    (ds[GroupBy["c"] /* KeySort, Length] groups and sorts, then counts each group), the
    functions after them going up, on what the rest of the query gave (ds[Select[…] /*
    Length] counts the rows selected)."""
    down = 0
    while down < len(steps) and _descending(_keys_as_functions(steps[down])):
        down += 1
    for f in steps[:down]:
        f = _keys_as_functions(f)
        data = ev.evaluate(Expr(f, data))
        if f.head.name in _ONE:
            result = run_query(ev, data, rest)
            break
    else:
        result = _each(ev, data, rest)
    for f in steps[down:]:
        result = _aggregate(ev, f, result)
    return result


def _apply_to_parts(ev, data, rules):
    """``data`` with ``f`` applied to its part ``p`` for each rule ``p -> f`` (a key of an
    association, a position of a list); parts it does not have are left out."""
    for rule in rules:
        where, f = rule.args
        if is_assoc(data):
            key = where.args[0] if type(where) is Expr and where.head is _KEY else where
            data = Expr.from_args(S.Association, (
                Expr(r.head, r.args[0], ev.evaluate(Expr(f, r.args[1])))
                if r.args[0] == key else r for r in data.args))
        elif is_list(data) and type(where) is Integer and 1 <= abs(where.value) <= len(data.args):
            i = where.value - 1 if where.value > 0 else len(data.args) + where.value
            items = list(data.args)
            items[i] = ev.evaluate(Expr(f, items[i]))
            data = Expr.from_args(S.List, items)
    return data


# Query's MissingBehavior -> Automatic: these drop Missing elements, and the statistics
# among them give Missing["Indeterminate"] when too few elements are left (how many)
_IGNORING_MISSING = {"Total": 0, "Min": 0, "Max": 0, "MinMax": 0, "Mean": 1, "Median": 1,
                     "Commonest": 1, "StandardDeviation": 2, "Variance": 2}


def _aggregate(ev, op, values):
    """op applied to the values of a level, Missing values left out for the statistics."""
    fewest = _IGNORING_MISSING.get(op.name) if type(op) is Symbol else None
    if fewest is not None and is_list(values):
        kept = [v for v in values.args if not (type(v) is Expr and v.head is S.Missing)]
        if len(kept) < fewest:
            return Expr(S.Missing, String("Indeterminate"))
        values = Expr.from_args(S.List, kept)
    return ev.evaluate(Expr(op, values))


# ---------------------------------------------------------------------------- Dataset

@builtin("Dataset", argc=(1, None),
         usage="Dataset[data] is structured data (a list of associations: rows with named "
               "columns, or any lists and associations) that ds[op1, op2, …] queries level by "
               "level; Normal[ds] gives the data.",
         examples=(('Dataset[{<|"a" -> 1|>, <|"a" -> 2|>}][Total, "a"]', "3"),
                   ('Normal[Dataset[{<|"a" -> 1|>, <|"a" -> 2|>}][All, "a"]]', "{1, 2}")))
def dataset(ev, data, *rest):
    if type(data) is Expr and data.head is DATASET:       # Dataset[Dataset[d]] is Dataset[d]
        return data
    return None                                           # inert: Dataset[data] is the value


@builtin_subvalue("Dataset")
def _query_dataset(ev, ds, *ops):
    if not ds.args:
        return None
    return wrapped(run_query(ev, data_of(ds), ops))


@builtin("Query", argc=(0, None),
         usage="Query[op1, op2, …] is a query: Query[…][data] applies op1 at the first level of "
               "data, op2 at the second, and so on, as a Dataset does.",
         examples=(("Query[All, 2][{{1, 2}, {3, 4}}]", "{2, 4}"),
                   ("Query[Total, 2][{{1, 2}, {3, 4}}]", "6")))
def query(ev, *ops):
    return None


@builtin_subvalue("Query")
def _apply_query(ev, q, *args):
    if len(args) != 1:
        return None
    data = args[0]
    if type(data) is Expr and data.head is DATASET:
        return wrapped(run_query(ev, data_of(data), q.args))
    return run_query(ev, data, q.args)


def _data_function(name: str):
    def handler(ev, *args):
        if not any(type(a) is Expr and a.head is DATASET for a in args):
            return None
        value = ev.evaluate(Expr(Symbol(name), *(data_of(a) for a in args)))
        return value if name in _UNWRAPPED else wrapped(value)
    return handler


for _name in DATA_FUNCTIONS:
    builtin_upvalue(_name, "Dataset")(_data_function(_name))


@builtin_upvalue("Normal", "Dataset")
def _normal(ev, ds, *rest):
    """The data as it is (its associations stay associations)."""
    return data_of(ds) if not rest else None


# ---------------------------------------------------------------------------- display

_SHOWN_ROWS = 20


def _cell(e) -> str:
    from wlnet.syntax.printer import output_form
    if type(e) is Expr and e.head is S.Missing:
        return "\u2014"                # a missing value shows as a dash, as WL's Dataset does
    return output_form(e)


def _key(k) -> str:
    return k.value if type(k) is String else _cell(k)


def _column_keys(rows) -> list:
    """The keys of a list of associations, in the order they first appear."""
    keys, seen = [], set()
    for r in rows:
        for rule in r.args:
            if rule.args[0] not in seen:
                seen.add(rule.args[0])
                keys.append(rule.args[0])
    return keys


def _table(data):
    """(header or None, rows of cell texts) of the data a Dataset shows as a table; None
    for data of other shapes."""
    from wlnet.core.packed import packed_array
    shown = data.args[:_SHOWN_ROWS]
    arr = packed_array(data)
    if arr is not None and arr.ndim == 2:
        return None, [[_cell(x) for x in row.args] for row in shown]
    if is_list(data) and data.args and all(is_assoc(r) for r in data.args):
        keys = _column_keys(data.args)
        return [_key(k) for k in keys], [[_cell(lookup_value(r, k)) for k in keys]
                                         for r in shown]
    if is_list(data) and data.args and all(is_list(r) for r in data.args):
        return None, [[_cell(x) for x in r.args] for r in shown]
    if is_list(data) and data.args and not any(is_list(r) or is_assoc(r) for r in data.args):
        # a list of single values (Dataset[{1, 2, 3}]): a column, one value per row
        return None, [[_cell(x)] for x in shown]
    if is_assoc(data) and data.args and all(is_assoc(r.args[1]) for r in data.args):
        # an association of associations: a row per key, under a header of the columns
        keys = _column_keys([r.args[1] for r in data.args])
        return [""] + [_key(k) for k in keys], [
            [_key(r.args[0])] + [_cell(lookup_value(r.args[1], k)) for k in keys]
            for r in shown]
    if is_assoc(data) and data.args and not any(is_assoc(r.args[1]) or is_list(r.args[1])
                                                for r in data.args):
        # an association of single values (ds[GroupBy["k"], Length]): a row per key
        return None, [[_key(r.args[0]), _cell(r.args[1])] for r in shown]
    return None


def dataset_text(e) -> str | None:
    """OutputForm of a Dataset: rows as a table under a header of the columns (the first
    rows, then how many there are); an association of rows with their keys down the left;
    a list of single values as a column; an association of single values as a key-value
    table; a single value as itself; None (the standard printing) for other data."""
    if not (type(e) is Expr and e.head is DATASET and len(e.args) == 1):
        return None
    data = e.args[0]
    if not (is_list(data) or is_assoc(data)):
        return _cell(data)
    table = _table(data)
    if table is None:
        return None
    header, rows = table
    table = ([header] if header else []) + rows
    widths = [max(len(r[i]) for r in table if i < len(r))
              for i in range(max(len(r) for r in table))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
    if header:
        rule = ["-" * w if name else " " * w for name, w in zip(header, widths)]
        lines.insert(1, "  ".join(rule).rstrip())
    n = len(data.args)
    if n > _SHOWN_ROWS:
        lines.append(f"\u22ef rows 1\u2013{_SHOWN_ROWS} of {n}")
    return "\n".join(lines)


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("Dataset", dataset_text)
