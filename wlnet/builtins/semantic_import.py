"""SemanticImport and SemanticImportString: a delimited table (CSV, TSV, a text file of
columns) read into a Dataset, each column's fields interpreted as numbers, dates, booleans
or strings, the way data-loading programs read an index file of paths and labels.

``SemanticImport[file]``, ``SemanticImport[file, type]`` (every column one type),
``SemanticImport[file, {type1, type2, …}]`` (successive columns), ``SemanticImport[file,
col1 -> type1, …]`` or ``SemanticImport[file, <|col1 -> type1, …|>]`` (only those columns,
named by position or by their header name) and ``SemanticImport[file, typespec, form]``
(form "Dataset", "List", "Rows", "Columns", "NamedRows" or "NamedColumns").  Types are
Automatic, "String", "Number", "Integer", "Real", "Boolean", "Date", "DateTime" and None
(drop the column).  A field that cannot be read as its type is
``Missing["Unrecognized", "text"]``, an empty one ``Missing["Empty"]``.

The options are the page's: HeaderLines (Automatic: the first line is taken as column
names when its fields are distinct names that do not read as the values below them),
Delimiters (Automatic: by the file's extension, else the separator its first line shows),
ExcludedLines (line numbers of the file) and MissingDataRules (field text -> value, applied
before interpretation); CharacterEncoding is accepted (files are read as UTF-8).

Free-form types (Quantity, Currency, City, Country, GeoCoordinates…) need Wolfram's
linguistic service and are refused with a message.
"""

from __future__ import annotations

import csv
import io
import os
import re

from wlnet.builtins.dates import _date_object, moment_of
from wlnet.core.expr import Expr, FALSE, Integer, Real, S, String, Symbol, TRUE
from wlnet.core.registry import builtin

DATASET = Symbol("Dataset")
FAILED = S["$Failed"]
MISSING = Symbol("Missing")
_OPTIONS = {"HeaderLines": Symbol("Automatic"), "Delimiters": Symbol("Automatic"),
            "ExcludedLines": Expr(S.List), "MissingDataRules": Expr(S.List),
            "CharacterEncoding": Symbol("Automatic")}
_FORMS = ("Dataset", "List", "Rows", "Columns", "NamedRows", "NamedColumns")
_TYPES = ("String", "Number", "Integer", "Real", "Boolean", "Date", "DateTime")
_MESSAGES = {
    "nffil": "File `1` not found during SemanticImport.",
    "type": "`1` is not a type SemanticImport can interpret here; the types are Automatic, "
            "\"String\", \"Number\", \"Integer\", \"Real\", \"Boolean\", \"Date\", "
            "\"DateTime\" and None.",
    "form": "`1` is not a result form; the forms are \"Dataset\", \"List\", \"Rows\", "
            "\"Columns\", \"NamedRows\" and \"NamedColumns\".",
    "col": "The column `1` is not in the table (its columns: `2`).",
    "opt": "The value `2` of option `1` is not valid.",
    "str": "`1` is not a string.",
    "text": "The file `1` is not UTF-8 text.",
}
_EXTENSION_DELIMITER = {".csv": ",", ".tsv": "\t", ".tab": "\t"}

_INTEGER = re.compile(r"[+-]?\d+\Z")
_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+\Z")
_REAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?\Z")
_BOOLEANS = {"true": TRUE, "false": FALSE}


class _Fail(Exception):
    def __init__(self, tag: str, *slots):
        super().__init__(tag)
        self.tag, self.slots = tag, slots


# ---------------------------------------------------------------------------- fields

def _integer(text: str):
    if _INTEGER.match(text):
        return Integer(int(text))
    if _GROUPED_INTEGER.match(text):                 # 1,234,567
        return Integer(int(text.replace(",", "")))
    return None


def _number(text: str):
    found = _integer(text)
    if found is None and _REAL.match(text):
        found = Real(float(text))
    return found


def _real(text: str):
    found = _number(text)
    return Real(float(found.value)) if found is not None else None


def _date(text: str, with_time: bool):
    try:
        found = moment_of(None, String(text))
    except (ValueError, OverflowError):
        return None
    if found is None:
        return None
    moment, length = found
    return _date_object(moment, 6 if with_time else min(length, 3))


_READERS = {
    "String": String,
    "Number": _number,
    "Integer": _integer,
    "Real": _real,
    "Boolean": lambda t: _BOOLEANS.get(t.lower()),
    "Date": lambda t: _date(t, False),
    "DateTime": lambda t: _date(t, True),
}


def _number_or_string(text: str):
    found = _number(text)
    return String(text) if found is None else found


def _automatic_type(texts: list) -> str:
    """The type a column of field texts reads as when none is given: numbers, booleans or
    dates when every non-empty field is one, strings otherwise."""
    filled = [t for t in texts if t]
    for kind in ("Number", "Boolean", "Date"):
        if filled and all(_READERS[kind](t) is not None for t in filled):
            return "DateTime" if kind == "Date" and any(":" in t for t in filled) else kind
    return "String"


def _column(texts: list, kind: str, missing_rules: dict) -> list:
    """The values of one column of field texts read as ``kind``."""
    automatic = kind == "Automatic"
    if automatic:
        kind = _automatic_type([t for t in texts if t not in missing_rules])
    read = _READERS[kind]
    if kind == "String" and automatic:
        read = _number_or_string            # a mostly textual column: its numbers read
    out = []
    for text in texts:
        if text in missing_rules:
            out.append(missing_rules[text])
        elif text == "":
            out.append(Expr(MISSING, String("Empty")))
        else:
            value = read(text)
            out.append(value if value is not None
                       else Expr(MISSING, String("Unrecognized"), String(text)))
    return out


# ---------------------------------------------------------------------------- the table

def _delimiter(setting, text: str, path: str | None) -> str | None:
    """The field separator: the option's, the extension's, or what the first line shows
    (a tab, a comma, a semicolon, a bar; None: runs of blanks)."""
    if type(setting) is String and setting.value:
        return setting.value
    if setting != Symbol("Automatic"):
        raise _Fail("opt", Symbol("Delimiters"), setting)
    if path is not None:
        known = _EXTENSION_DELIMITER.get(os.path.splitext(path)[1].lower())
        if known:
            return known
    first = next((line for line in text.splitlines() if line.strip()), "")
    for candidate in ("\t", ",", ";", "|"):
        if candidate in first:
            return candidate
    return None


def _rows(text: str, delimiter: str | None, excluded: set) -> list[list[str]]:
    lines = [line for n, line in enumerate(text.splitlines(), 1)
             if n not in excluded and line.strip()]
    if delimiter is None:
        return [line.split() for line in lines]
    return [[field.strip() for field in row]
            for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]


def _looks_like_header(rows: list[list[str]]) -> bool:
    """Whether the first row names the columns: distinct non-empty texts, none a number,
    and, in each column, either the values below are of another kind (numbers, dates…) or
    (for a table of several columns) the name is not among them."""
    if len(rows) < 2:
        return False
    names = rows[0]
    if not names or len(set(names)) != len(names) or \
            any(not n or _number(n) is not None for n in names):
        return False
    below = [[r[i] if i < len(r) else "" for r in rows[1:]] for i in range(len(names))]
    if any(_automatic_type(col) != "String" for col in below):
        return True
    return len(names) > 1 and all(n not in col for n, col in zip(names, below))


def _header_lines(setting, rows: list, needs_names: bool) -> int:
    if setting == Symbol("Automatic"):
        return 1 if needs_names or _looks_like_header(rows) else 0
    if type(setting) is Integer and setting.value >= 0:
        return setting.value
    raise _Fail("opt", Symbol("HeaderLines"), setting)


# ---------------------------------------------------------------------------- type specs

def _type_name(spec) -> str | None:
    """A type argument as its name ("Automatic", "None" or one of _TYPES)."""
    if spec == Symbol("Automatic"):
        return "Automatic"
    if spec == S.Null or spec == Symbol("None"):
        return "None"
    if type(spec) is String and spec.value in _TYPES:
        return spec.value
    raise _Fail("type", spec)


def _column_plan(spec, names: list[str], width: int) -> list[tuple[int, str]]:
    """[(column index, type)] of the columns kept, in the order the result gives them."""
    if type(spec) is Expr and spec.head is S.Association:
        spec = Expr.from_args(S.List, spec.args)
    rules = type(spec) is Expr and spec.head is S.List and spec.args and \
        all(type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) for a in spec.args)
    if rules:
        plan = [(_column_index(rule.args[0], names, width), _type_name(rule.args[1]))
                for rule in spec.args]
    elif type(spec) is Expr and spec.head is S.List:
        kinds = [_type_name(a) for a in spec.args]
        plan = [(i, kinds[i] if i < len(kinds) else "Automatic") for i in range(width)]
    else:
        kind = _type_name(spec)
        plan = [(i, kind) for i in range(width)]
    return [(i, kind) for i, kind in plan if kind != "None"]


def _column_index(key, names: list[str], width: int) -> int:
    if type(key) is Integer and 1 <= abs(key.value) <= width:
        return key.value - 1 if key.value > 0 else width + key.value
    if type(key) is String and key.value in names:
        return names.index(key.value)
    shown = Expr.from_args(S.List, (String(n) for n in names)) if names else \
        Expr.from_args(S.List, (Integer(i) for i in range(1, width + 1)))
    raise _Fail("col", key, shown)


def _names_columns(spec) -> bool:
    """Whether a type spec names columns by header text (so the file must have one)."""
    if type(spec) is Expr and spec.head in (S.List, S.Association):
        return any(type(a) is Expr and a.head in (S.Rule, S.RuleDelayed)
                   and type(a.args[0]) is String for a in spec.args)
    return False


# ---------------------------------------------------------------------------- results

def _result(columns: list[list], names: list | None, form: str):
    count = len(columns[0]) if columns else 0
    rows = [[col[r] for col in columns] for r in range(count)]
    keys = [String(n) for n in names] if names else None

    def assoc(values):
        return Expr.from_args(S.Association, (Expr(S.Rule, k, v) for k, v in zip(keys, values)))

    def as_list(values):
        return Expr.from_args(S.List, values)

    if form == "List" and len(columns) == 1:
        return as_list(columns[0])
    if form == "Columns":
        return as_list(as_list(c) for c in columns)
    if form == "NamedColumns":
        labels = keys or [Integer(i) for i in range(1, len(columns) + 1)]
        return Expr.from_args(S.Association, (Expr(S.Rule, k, as_list(c))
                                               for k, c in zip(labels, columns)))
    if form in ("NamedRows", "Dataset") and keys is not None:
        body = as_list(assoc(r) for r in rows)
    else:
        body = as_list(as_list(r) for r in rows)
    return Expr(DATASET, body) if form == "Dataset" else body


def _missing_rules(setting) -> dict:
    if type(setting) is Expr and setting.head is S.Association:
        setting = Expr.from_args(S.List, setting.args)
    if type(setting) is Expr and setting.head in (S.Rule, S.RuleDelayed):
        setting = Expr(S.List, setting)
    if not (type(setting) is Expr and setting.head is S.List and all(
            type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
            for r in setting.args)):
        raise _Fail("opt", Symbol("MissingDataRules"), setting)
    return {r.args[0].value: r.args[1] for r in setting.args}


def _excluded(setting) -> set:
    if type(setting) is Expr and setting.head is S.List and \
            all(type(a) is Integer and a.value > 0 for a in setting.args):
        return {a.value for a in setting.args}
    raise _Fail("opt", Symbol("ExcludedLines"), setting)


def _semantic_import(text: str, path: str | None, positional: tuple, opts: dict):
    spec = positional[0] if positional else Symbol("Automatic")
    form = positional[1] if len(positional) > 1 else String("Dataset")
    if type(form) is not String or form.value not in _FORMS:
        raise _Fail("form", form)
    rows = _rows(text, _delimiter(opts["Delimiters"], text, path),
                 _excluded(opts["ExcludedLines"]))
    header = _header_lines(opts["HeaderLines"], rows, _names_columns(spec))
    names = rows[header - 1] if header else None
    body = rows[header:]
    width = max((len(r) for r in body), default=len(names or ()))
    plan = _column_plan(spec, names or [], width)
    missing = _missing_rules(opts["MissingDataRules"])
    columns = [_column([r[i] if i < len(r) else "" for r in body], kind, missing)
               for i, kind in plan]
    kept = [names[i] if names and i < len(names) else str(i + 1) for i, _ in plan] \
        if names else None
    return _result(columns, kept, form.value)


def _split(args: tuple) -> tuple[tuple, dict]:
    """(type spec and form, options): trailing rules naming an option are options; other
    rules are columns (SemanticImport[file, "a" -> "String", "b" -> "Integer"])."""
    opts = dict(_OPTIONS)
    end = len(args)
    while end and type(args[end - 1]) is Expr and \
            args[end - 1].head in (S.Rule, S.RuleDelayed) and _option_name(args[end - 1]):
        opts[_option_name(args[end - 1])] = args[end - 1].args[1]
        end -= 1
    positional = args[:end]
    rules = 0
    while rules < len(positional) and type(positional[rules]) is Expr and \
            positional[rules].head in (S.Rule, S.RuleDelayed):
        rules += 1
    if rules:                                 # col1 -> type1, col2 -> type2, …[, form]
        positional = (Expr.from_args(S.List, positional[:rules]), *positional[rules:])
    return positional, opts


def _stray_option(positional: tuple):
    """A column rule whose key is a symbol: an option SemanticImport does not have."""
    spec = positional[0] if positional else None
    candidates = list(positional[1:])
    if type(spec) is Expr and spec.head is S.List:
        candidates[:0] = spec.args
    for rule in candidates:
        if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) and \
                type(rule.args[0]) is Symbol:
            return rule
    return None


def _option_name(rule) -> str | None:
    key = rule.args[0]
    name = key.name if type(key) is Symbol else None
    return name if name in _OPTIONS else None


def _run(ev, head, call, read_text):
    positional, opts = _split(call)
    stray = _stray_option(positional)
    if stray is not None:
        ev.message(head, "optx", stray.args[0], Expr(head, *call))
        return None
    if len(positional) > 2:
        return None
    try:
        text, path = read_text()
        return _semantic_import(text, path, positional, opts)
    except _Fail as fail:
        ev.message(head, fail.tag, *fail.slots)
        return FAILED


def _file_path(e) -> str | None:
    if type(e) is Expr and e.head is S.File and len(e.args) == 1:
        e = e.args[0]
    return os.path.expanduser(e.value) if type(e) is String and e.value else None


@builtin("SemanticImport", argc=(1, None), messages=_MESSAGES, options=_OPTIONS,
         usage="SemanticImport[file] reads a table file into a Dataset, interpreting each "
               "column's fields; SemanticImport[file, type | {type1, …} | col -> type…, form] "
               "names the types, keeps columns, and gives the result in another form.")
def semantic_import(ev, file, *rest):
    path = _file_path(file)
    if path is None:
        return None

    def read():
        if not os.path.isfile(path):
            raise _Fail("nffil", file)
        try:
            with open(path, encoding="utf-8-sig") as fh:
                return fh.read(), path
        except UnicodeDecodeError:
            raise _Fail("text", file) from None
    return _run(ev, Symbol("SemanticImport"), rest, read)


@builtin("SemanticImportString", argc=(1, None), messages=_MESSAGES, options=_OPTIONS,
         usage="SemanticImportString[\"text\", …] is SemanticImport of a table given as a "
               "string.",
         examples=(('SemanticImportString["a,b\\n1,2\\n3,4", Automatic, "Rows"]',
                    "{{1, 2}, {3, 4}}"),
                   ('SemanticImportString["x,y\\n1,u\\n3,v", Automatic, "NamedColumns"]',
                    '<|"x" -> {1, 3}, "y" -> {"u", "v"}|>')))
def semantic_import_string(ev, text, *rest):
    if type(text) is not String:
        ev.message(Symbol("SemanticImportString"), "str", text)
        return None
    return _run(ev, Symbol("SemanticImportString"), rest, lambda: (text.value, None))
