"""Output streams and reading files back, as training scripts log with them: OpenWrite,
OpenAppend, Close, Put (``>>``), PutAppend (``>>>``), Write, WriteString, ReadList; input
streams as notebooks read their data files: OpenRead, ReadString, ReadLine; and
StringToStream (an input stream reading a string: ``ReadList[StringToStream[text], String]``
splits a text into lines).

A stream is ``OutputStream["path", n]``; nothing is held open between calls (each write
appends to the file and closes it), so a stream never leaks and a file written through a
stream can be read while the stream is "open", as the scripts that log a training run and
read the log afterwards do.  Expressions are written in InputForm, one per line, as Put
writes them; ReadList reads them back.  An input stream (``InputStream["path", n]`` of
OpenRead, ``InputStream[String, n]`` of StringToStream) keeps its read position (in
characters) here, in ``_positions``, while it is open; a file stream opens its file again at
each read, a string stream keeps its string in ``_string_streams``.
"""

from __future__ import annotations

import itertools
import os
import tempfile

from wlnet.core.expr import FALSE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, split_options

NULL = S.Null
FAILED = S["$Failed"]
OUTPUT_STREAM = Symbol("OutputStream")
INPUT_STREAM = Symbol("InputStream")
_serial = itertools.count(3)          # WL numbers the first user streams from 3
_positions: dict[int, int] = {}       # open InputStream number -> characters already read

MESSAGES = {"noopen": "Cannot open `1`.",
            "strmi": "`1` is not a string, InputStream[ ], or OutputStream[ ].",
            "readt": "Invalid input type `1`; type should be Expression, String, Number, "
                     "Word or Record.",
            "readn": "Invalid real number found when reading from `1`.",
            "sntx": "The expression read from `1` is not valid: `2`.",
            "openx": "`1` is not open.",
            "optx": "Unknown option `1` in `2`."}

# the text of each StringToStream stream, by its serial number (InputStream[String, n])
_string_streams: dict[int, str] = {}


def _stream(path: str) -> Expr:
    return Expr(OUTPUT_STREAM, String(path), Integer(next(_serial)))


def _target(e) -> tuple[str, bool] | None:
    """(path, is_stream) of a file name or an OutputStream/InputStream, else None."""
    if type(e) is String and e.value:
        return os.path.expanduser(e.value), False
    if type(e) is Expr and e.head in (OUTPUT_STREAM, INPUT_STREAM) and e.args \
            and type(e.args[0]) is String:
        return e.args[0].value, True
    return None


def _write(ev, head, target, text: str, append_to_file: bool):
    """Write ``text`` to a stream (appending) or a file (appending or replacing it)."""
    where = _target(target)
    if where is None:
        ev.message(head, "strmi", target)
        return None
    path, is_stream = where
    try:
        with open(path, "a" if is_stream or append_to_file else "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        ev.message(head, "noopen", target)
        return FAILED
    return NULL


def _open(ev, head, name, truncate: bool):
    if name is None:
        fd, path = tempfile.mkstemp(prefix="wlnet-")
        os.close(fd)
        return _stream(path)
    if type(name) is not String or not name.value:
        ev.message(head, "noopen", name)
        return FAILED
    path = os.path.abspath(os.path.expanduser(name.value))
    try:
        with open(path, "w" if truncate else "a", encoding="utf-8"):
            pass
    except OSError:
        ev.message(head, "noopen", name)
        return FAILED
    return _stream(path)


# The options a stream may be opened with: BinaryFormat and CharacterEncoding change
# nothing here (binary functions read and write bytes, text ones UTF-8); a stream's
# ByteOrdering is what BinaryRead and BinaryWrite use by default (``byte_orders``).
STREAM_OPTIONS = {"BinaryFormat": FALSE, "ByteOrdering": Symbol("Automatic"),
                  "CharacterEncoding": Symbol("Automatic"), "FormatType": Symbol("Automatic"),
                  "PageWidth": Symbol("Automatic")}
byte_orders: dict[int, int] = {}      # stream number -> ByteOrdering it was opened with
# files written through their names (BinaryWrite["file", …] opens the file, as in WL, and
# Close["file"] closes it); their full paths
named_files: set[str] = set()


def _opened(ev, head, stream, options):
    """``stream`` (as the open functions made it) with its options recorded; None (after a
    message) for an unknown option."""
    split = split_options(options, STREAM_OPTIONS)
    if split is None or split[0]:
        ev.message(head, "optx", options[0] if options else Expr(S.List), head)
        return None
    order = split[1]["ByteOrdering"]
    if type(stream) is Expr and len(stream.args) == 2 and type(order) is Integer and \
            order.value in (-1, 1):
        byte_orders[stream.args[1].value] = order.value
    return stream


@builtin(argc=(0, None), attributes=("Protected",), messages=MESSAGES,
         usage="OpenWrite[\"file\"] opens a file to write to (emptying it) and gives its "
               "OutputStream; OpenWrite[] opens a new temporary file.  Options BinaryFormat "
               "and ByteOrdering (for BinaryWrite) are taken.")
def OpenWrite(ev, name=None, *options):
    if type(name) is Expr and name.head in (S.Rule, S.RuleDelayed):
        name, options = None, (name, *options)
    stream = _open(ev, S.OpenWrite, name, truncate=True)
    return stream if stream is FAILED else _opened(ev, S.OpenWrite, stream, options)


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="OpenAppend[\"file\"] opens a file to append to and gives its OutputStream.")
def OpenAppend(ev, name, *options):
    stream = _open(ev, S.OpenAppend, name, truncate=False)
    return stream if stream is FAILED else _opened(ev, S.OpenAppend, stream, options)


@builtin(argc=1, attributes=("Protected",), messages=MESSAGES,
         usage="Close[stream] closes a stream and gives the name of its file.")
def Close(ev, stream):
    serial = _string_stream_serial(stream)
    if serial is not None:
        _string_streams.pop(serial, None)
        _positions.pop(serial, None)
        return S.String
    where = _target(stream)
    if where is not None and not where[1]:
        path = os.path.abspath(where[0])
        if path in named_files:
            named_files.discard(path)
            return stream
    if where is None or not where[1]:
        ev.message(S.Close, "strmi", stream)
        return None
    if len(stream.args) > 1 and type(stream.args[1]) is Integer:
        _positions.pop(stream.args[1].value, None)
        byte_orders.pop(stream.args[1].value, None)
    return String(where[0])


# ---------------------------------------------------------------------------- input streams

@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="OpenRead[\"file\"] opens a file for reading and gives its InputStream "
               "(ReadString, ReadLine and ReadList read from it, BinaryRead and "
               "BinaryReadList too; Close closes it).  Options BinaryFormat and ByteOrdering "
               "are taken.")
def OpenRead(ev, name, *options):
    path = os.path.abspath(os.path.expanduser(name.value)) if type(name) is String else ""
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        ev.message(S.OpenRead, "noopen", name)
        return FAILED
    number = next(_serial)
    stream = _opened(ev, S.OpenRead, Expr(INPUT_STREAM, String(path), Integer(number)), options)
    if stream is not None:
        _positions[number] = 0
    return stream


def _open_input(stream) -> tuple[str, int | None] | None:
    """(path, stream number or None for a file name) of a file name or an open
    InputStream, else None (a string stream's "path" is None)."""
    serial = _string_stream_serial(stream)
    if serial is not None:
        return (None, serial) if serial in _string_streams else None
    if type(stream) is String and stream.value:
        return os.path.expanduser(stream.value), None
    if type(stream) is Expr and stream.head is INPUT_STREAM and len(stream.args) == 2 and \
            type(stream.args[0]) is String and type(stream.args[1]) is Integer and \
            stream.args[1].value in _positions:
        return stream.args[0].value, stream.args[1].value
    return None


def _read_rest(ev, head, stream) -> tuple[str, int | None] | None:
    """The text not yet read from a file or stream and the stream number, None after a
    message."""
    source = _open_input(stream)
    if source is None:
        closed = type(stream) is Expr and stream.head is INPUT_STREAM
        ev.message(head, "openx" if closed else "strmi", stream)
        return None
    path, number = source
    if path is None:
        text = _string_streams[number]
    else:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError):
            ev.message(head, "noopen", stream)
            return None
    return text[_positions[number]:] if number is not None else text, number


@builtin(argc=1, attributes=("Protected",), messages=MESSAGES,
         usage="ReadString[\"file\"] gives the whole text of a file; ReadString[stream] the "
               "rest of an InputStream (EndOfFile once all is read).")
def ReadString(ev, stream):
    read = _read_rest(ev, S.ReadString, stream)
    if read is None:
        return FAILED
    text, number = read
    if number is not None:
        if not text:
            return Symbol("EndOfFile")
        _positions[number] += len(text)
    return String(text)


@builtin(argc=1, attributes=("Protected",), messages=MESSAGES,
         usage="ReadLine[stream] gives the next line of an InputStream (without its newline), "
               "EndOfFile after the last; ReadLine[\"file\"] the file's first line.")
def ReadLine(ev, stream):
    read = _read_rest(ev, S.ReadLine, stream)
    if read is None:
        return FAILED
    text, number = read
    if not text:
        return Symbol("EndOfFile")
    line, newline, _ = text.partition("\n")
    if number is not None:
        _positions[number] += len(line) + len(newline)
    return String(line)


def _lines(exprs) -> str:
    from wlnet.syntax.printer import input_form
    return "".join(input_form(e) + "\n" for e in exprs)


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="Put[expr1, expr2, …, \"file\"] (expr >> \"file\") writes the expressions to "
               "the file in InputForm, one per line, replacing it (a stream: after what it "
               "holds).")
def Put(ev, *args):
    return _write(ev, S.Put, args[-1], _lines(args[:-1]), append_to_file=False)


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="PutAppend[expr1, …, \"file\"] (expr >>> \"file\") appends the expressions to "
               "the file (or stream) in InputForm, one per line.")
def PutAppend(ev, *args):
    return _write(ev, S.PutAppend, args[-1], _lines(args[:-1]), append_to_file=True)


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="Write[stream, expr1, …] writes the expressions in InputForm, then a newline.")
def Write(ev, target, *exprs):
    from wlnet.syntax.printer import input_form
    return _write(ev, S.Write, target, "".join(input_form(e) for e in exprs) + "\n",
                  append_to_file=False)


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="WriteString[stream, \"s1\", …] writes the strings (other expressions as "
               "their OutputForm text), without a newline.")
def WriteString(ev, target, *parts):
    from wlnet.syntax.printer import output_form
    text = "".join(p.value if type(p) is String else output_form(p) for p in parts)
    return _write(ev, S.WriteString, target, text, append_to_file=False)


# ---------------------------------------------------------------------------- ReadList

def _read_expressions(ev, source, text: str, opts=None):
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    try:
        statements = parse_script(text)
    except WLSyntaxError as err:
        ev.message(S.ReadList, "sntx", source, str(err))
        return None
    return [ev.evaluate(s) for s in statements]


def _read_numbers(ev, source, text: str, opts=None):
    out = []
    for word in text.split():
        try:
            value = float(word.replace("*^", "e"))
        except ValueError:
            ev.message(S.ReadList, "readn", source)
            return None
        out.append(Integer(int(word)) if word.lstrip("+-").isdigit() else Real(value))
    return out


def _separated(text: str, separators, default) -> list[str]:
    """The non-empty pieces of ``text`` between any of the separator strings (a string or a
    list of strings; ``default``, a function, when the option is Automatic)."""
    if type(separators) is String:
        seps = [separators.value]
    elif type(separators) is Expr and separators.head is S.List and \
            all(type(x) is String for x in separators.args):
        seps = [x.value for x in separators.args]
    else:
        return default(text)
    for sep in seps[1:]:
        text = text.replace(sep, seps[0])
    return [x for x in text.split(seps[0]) if x] if seps and seps[0] else [text]


_READERS = {
    "Expression": _read_expressions,
    "String": lambda ev, source, text, opts: [String(x) for x in text.splitlines()],
    "Record": lambda ev, source, text, opts: [String(x) for x in _separated(
        text, opts["RecordSeparators"], str.splitlines)],
    "Word": lambda ev, source, text, opts: [String(x) for x in _separated(
        text, opts["WordSeparators"], str.split)],
    "Number": _read_numbers,
}

_READ_OPTIONS = {"RecordSeparators": S.Automatic, "WordSeparators": S.Automatic,
                 "NullRecords": FALSE, "NullWords": FALSE}


def _string_stream_serial(e) -> int | None:
    if type(e) is Expr and e.head is INPUT_STREAM and len(e.args) == 2 \
            and e.args[0] is S.String and type(e.args[1]) is Integer:
        return e.args[1].value
    return None


def _source_text(ev, source):
    """The text a ReadList source holds (the unread rest of an input stream, which ReadList
    then reads to its end; a file's or an output stream's file contents); None after a
    message."""
    if type(source) is Expr and source.head is INPUT_STREAM:
        read = _read_rest(ev, S.ReadList, source)
        if read is None:
            return None
        text, number = read
        _positions[number] += len(text)
        return text
    where = _target(source)
    if where is None:
        ev.message(S.ReadList, "strmi", source)
        return None
    try:
        with open(where[0], encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        ev.message(S.ReadList, "noopen", source)
        return FAILED


@builtin(argc=(1, None), attributes=("Protected",), messages=MESSAGES,
         usage="ReadList[\"file\"] reads every expression of a file (or stream) into a list; "
               "ReadList[file, type] reads items of type Expression, String (lines), Number, "
               "Word or Record; ReadList[file, type, n] at most n of them.  RecordSeparators "
               "and WordSeparators give the strings that end records and words.")
def ReadList(ev, source, *rest):
    split = split_options(rest, _READ_OPTIONS)
    if split is None or len(split[0]) > 2:
        ev.message(S.ReadList, "optx", rest[-1], Expr(S.ReadList, source, *rest))
        return None
    positional, opts = split
    kind = positional[0] if positional else Symbol("Expression")
    n = positional[1] if len(positional) > 1 else None
    name = kind.name if type(kind) is Symbol else None
    if name not in _READERS:
        ev.message(S.ReadList, "readt", kind)
        return None
    text = _source_text(ev, source)
    if text is None or text is FAILED:
        return text
    items = _READERS[name](ev, source, text, opts)
    if items is None:
        return FAILED
    if type(n) is Integer and n.value >= 0:
        items = items[:n.value]
    return Expr.from_args(S.List, items)


@builtin(argc=1, attributes=("Protected",), messages=MESSAGES,
         usage="StringToStream[\"string\"] opens an input stream that reads from the string.")
def StringToStream(ev, text):
    if type(text) is not String:
        return None
    serial = next(_serial)
    _string_streams[serial] = text.value
    _positions[serial] = 0
    return Expr(INPUT_STREAM, S.String, Integer(serial))


# ---------------------------------------------------------------------------- Save

def _saved_symbols(e) -> list | None:
    """The symbols of Save's second argument: a symbol, a name, or a list of these."""
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    out = []
    for item in items:
        if type(item) is Symbol:
            out.append(item)
        elif type(item) is String and item.value:
            out.append(Symbol(item.value))
        else:
            return None
    return out


def _definition_lines(rec) -> list[str]:
    """A symbol's definitions as input that Get reads back: attributes, its value, its
    rules (an up value with its tag, g /: f[g[x_]] := …, so that reading it back does
    not define f), its format values and its options (builtins' own rules are not
    definitions)."""
    from wlnet.builtins.format_values import definition_lines as format_lines
    from wlnet.core.attributes import names_of
    from wlnet.syntax.printer import input_form
    name = rec.symbol.name
    lines = []
    if rec.attrs and rec.func is None and rec.spec is None:
        lines.append(f"Attributes[{name}] = {{{', '.join(names_of(rec.attrs))}}}")
    if rec.own is not None and rec.func is None and rec.spec is None:
        lines.append(f"{name} {':=' if rec.own_delayed else '='} {input_form(rec.own)}")
    for rule in list(rec.down_exact.values()) + rec.down + rec.sub:
        lines.append(f"{input_form(rule.lhs)} {':=' if rule.delayed else '='} {input_form(rule.rhs)}")
    for rule in rec.up:
        lines.append(f"{name} /: {input_form(rule.lhs)} {':=' if rule.delayed else '='} "
                     f"{input_form(rule.rhs)}")
    lines.extend(format_lines(rec, input_form))
    if rec.options and rec.spec is None:
        lines.append(f"Options[{name}] = "
                     f"{{{', '.join(input_form(r) for r in rec.options)}}}")
    return lines


@builtin(argc=2, attributes=("HoldRest", "Protected"), messages=MESSAGES,
         usage="Save[\"file\", symbol] appends the definitions of symbol (its value, rules "
               "and attributes) to file as input that Get reads back; Save[\"file\", "
               "{s1, s2, …}] those of several symbols.")
def Save(ev, target, symbols):
    syms = _saved_symbols(symbols)
    if syms is None:
        ev.message(S.Save, "strmi", symbols)
        return None
    text = ""
    for sym in syms:
        rec = ev.definitions.records.get(sym)
        lines = _definition_lines(rec) if rec is not None else []
        if lines:
            text += "\n".join(lines) + "\n\n"
    return _write(ev, S.Save, target, text, append_to_file=True)
