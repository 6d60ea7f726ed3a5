"""Writing notebooks as Mathematica writes them, for the tests: input text → boxes → .nb text.

The box form follows the front end's: tokens as strings, each bracketed group a RowBox of
(opener, RowBox of the contents, closer), string literals as ``"\\"\\<text\\>\\""``, and
statements of one cell separated by ``"\\[IndentingNewLine]"``.  It is a test fixture, not a
full front end: it tokenises what the generated cells use."""

import re

_TOKEN = re.compile(r'''
    (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>\d+\.?\d*(?:`\d*)?(?:\*\^-?\d+)?)
  | (?P<name>[A-Za-z$][\w$`]*_?)
  | (?P<op>===|=!=|//\.|:=|->|:>|==|!=|<=|>=|--|\+\+|/@|@@|//|/\.|&&|\|\||<>|;;
          |[-+*/^=;,@&!<>.#?])
  | (?P<open>[\[{(])
  | (?P<close>[\]})])
  | (?P<space>\s+)
''', re.X)

_NAMED_OPERATORS = {"->": "\\[Rule]", ":>": "\\[RuleDelayed]", "==": "\\[Equal]"}


def tokens(text):
    pos = 0
    out = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"cannot tokenise {text[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        out.append((kind, m.group()))
    return out


def _literal(token: str) -> str:
    """A box string as it is written in the .nb file."""
    return '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _token_box(kind, value) -> str:
    if kind == "string":
        inner = value[1:-1].replace("\\", "\\\\").replace('"', '\\"')
        return '"\\"\\<' + inner + '\\>\\""'      # \< \> written as is, like the front end
    if kind == "op" and value in _NAMED_OPERATORS:
        return '"' + _NAMED_OPERATORS[value] + '"'
    return _literal(value)


def _row(items) -> str:
    if len(items) == 1:
        return items[0]
    return "RowBox[{" + ", ".join(items) + "}]"


def _group(toks, i):
    """Boxes of toks[i:] up to the matching closer; returns (boxes, next index)."""
    items = []
    while i < len(toks):
        kind, value = toks[i]
        if kind == "close":
            return items, i
        if kind == "open":
            inner, j = _group(toks, i + 1)
            closer = toks[j][1]
            parts = [_literal(value)] + ([_row(inner)] if inner else []) + [_literal(closer)]
            items.append(_row(parts))
            i = j + 1
            continue
        items.append(_token_box(kind, value))
        i += 1
    return items, i


def statement_boxes(text: str) -> str:
    items, _ = _group(tokens(text), 0)
    return _row(items)


def cell_boxes(statements) -> str:
    parts = []
    for n, stmt in enumerate(statements):
        if n:
            parts.append('"\\[IndentingNewLine]"')
        parts.append(statement_boxes(stmt))
    return _row(parts) if len(parts) > 1 else parts[0]


def input_cell(statements, label: int) -> str:
    return (f"Cell[BoxData[\n {cell_boxes(statements)}], \"Input\",\n"
            f" CellLabel->\"In[{label}]:=\",\n CellID->{1000 + label}]")


def notebook_text(cells) -> str:
    """A whole .nb file around the given cell texts (header, options, cache comments)."""
    body = ",\n\n".join(cells)
    return ("(* Content-type: application/vnd.wolfram.mathematica *)\n\n"
            "(*** Wolfram Notebook File ***)\n(* http://www.wolfram.com/nb *)\n\n"
            "(* Beginning of Notebook Content *)\nNotebook[{\n" + body + "\n},\n"
            "WindowSize->{808, 911},\nWindowMargins->{{4, Automatic}, {Automatic, 4}},\n"
            "FrontEndVersion->\"14.1 for Linux x86 (64-bit) (July 16, 2024)\",\n"
            "StyleDefinitions->\"Default.nb\"\n]\n(* End of Notebook Content *)\n\n"
            "(* Internal cache information *)\n(*CellTagsOutline\nCellTagsIndex->{}\n*)\n")
