"""The WL lexer: text -> tokens (type, value) and their offsets.

Hand-written: one regular expression splits the text (``findall``, with the operators as a
trie), and a loop classifies the pieces, remembering what it has seen (a symbol, number or
string token means the same thing every time).  About 8x faster than Lark's own lexer on
the same text (bench/bench_parse.py --lark).  Nested comments, named characters inside
symbols, unterminated strings and file names after << >> go through a slower exact path.
The lexer decides the context-dependent tokens itself:

* ``]`` closes a part (``RPART``, consuming ``]]``) when the innermost open bracket is ``[[``;
* a ``<`` where an operand starts opens an angle-bracket list (``LANGLE``), the wlnet
  extension ``<a, b>`` == ``{a, b}``; inside it a ``>`` at the same depth closes it;
* numbers (``2^^101``, ``1.5`20``, ``1*^3``), strings with escapes, blanks (``x__h``,
  ``x_.``), slots, ``%n`` and ``ctx`sym`` are single tokens, converted to atoms here;
* in script mode, a newline at bracket depth 0 is a ``NEWLINE`` token (the parser decides
  whether it ends the statement); everywhere else it is whitespace.

Operator tokens carry a string value: their type, or for ``COMPARE``/``INFIXOP`` the name of
the head they build.
"""

from __future__ import annotations

import math
import re

from wlnet.core.bigreal import big_from_text
from wlnet.core.contexts import reading_key, resolve
from wlnet.core.expr import Expr, Integer, Real, String, Symbol, S
from wlnet.syntax.errors import WLIncompleteInput, WLSyntaxError
from wlnet.syntax.named_characters import (
    LETTER_NAMES, LETTERS, NAMED_CHARACTERS, OPERATORS, SPECIAL_SYMBOLS)

__all__ = ["tokenize", "lex", "TOKEN_TYPES"]

# ---------------------------------------------------------------------------- operators

# ASCII spelling -> token type
_ASCII_OPERATORS = {
    ";": "SEMI", ";;": "SPAN", "=": "SET", ":=": "SETDELAYED", "^=": "UPSET",
    "^:=": "UPSETDELAYED", "/:": "TAGSET", "=.": "UNSET", "//": "POSTFIXAPPLY", "&": "AMP",
    "|->": "MAPSTO", "+=": "ADDTO", "-=": "SUBTRACTFROM", "*=": "TIMESBY", "/=": "DIVIDEBY",
    "//=": "APPLYTO",
    "/.": "REPLACEALL", "//.": "REPLACEREPEATED", "->": "RULE", ":>": "RULEDELAYED",
    "<->": "TWOWAYRULE",
    "/;": "CONDITION", "~~": "STRINGEXPR", ":": "COLON", "|": "ALT", "..": "REPEATED",
    "...": "REPEATEDNULL", "||": "OR", "&&": "AND", "!": "BANG", "!!": "BANGBANG",
    "+": "PLUS", "-": "MINUS", "*": "STAR", "**": "NCMULTIPLY", "/": "SLASH", ".": "DOT", "^": "CARET",
    "<>": "STRINGJOIN", "/@": "MAP", "//@": "MAPALL", "@@": "APPLY", "@@@": "APPLY1",
    "@*": "COMPOSE", "/*": "RCOMPOSE", "~": "TILDE", "@": "AT", "++": "INCREMENT",
    "--": "DECREMENT", "'": "QUOTE", "?": "QMARK", "::": "MESSAGENAME", ",": "COMMA",
    "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET", "[[": "LPART", "]": "RBRACKET",
    "{": "LBRACE", "}": "RBRACE", "<|": "LASSOC", "|>": "RASSOC",
    "<<": "GET", ">>": "PUT", ">>>": "PUTAPPEND",
}
_COMPARISONS = {"==": "Equal", "!=": "Unequal", "<": "Less", "<=": "LessEqual",
                ">": "Greater", ">=": "GreaterEqual", "===": "SameQ", "=!=": "UnsameQ"}

# What the lexer does with a token besides emitting it (see tokenize)
_PLAIN, _ENDS, _KEEP, _OPEN, _CLOSE, _RBRACKET, _ANGLE, _FILE, _NEWLINE = range(9)

_ACTION_OF_TYPE = {
    "AMP": _ENDS, "QUOTE": _ENDS, "POSTFIXOP": _ENDS, "REPEATED": _ENDS, "REPEATEDNULL": _ENDS, "UNSET": _ENDS,
    # postfix after an operand, prefix otherwise: whether an operand ended does not change
    "BANG": _KEEP, "BANGBANG": _KEEP, "INCREMENT": _KEEP, "DECREMENT": _KEEP,
    "LPAREN": _OPEN, "LBRACKET": _OPEN, "LPART": _OPEN, "LBRACE": _OPEN, "LASSOC": _OPEN,
    "RPAREN": _CLOSE, "RBRACE": _CLOSE, "RASSOC": _CLOSE, "RBRACKET": _RBRACKET,
    "COMPARE": _ANGLE, "GET": _FILE, "PUT": _FILE, "PUTAPPEND": _FILE,
}
# the token types after which an operand has ended, besides those of action _ENDS
# (see _ends_operand)
_ENDING_TYPES = frozenset({"RPAREN", "RBRACE", "RASSOC", "RBRACKET", "RPART", "RANGLE",
                           "FILENAME"})
_OPENER_TEXT = {"LPAREN": "(", "LBRACKET": "[", "LPART": "[[", "LBRACE": "{", "LASSOC": "<|"}
_OPENER_OF_CLOSER = {"RPAREN": "(", "RBRACE": "{", "RASSOC": "<|"}
_CLOSING_TEXT = {"(": ")", "[": "]", "[[": "]]", "{": "}", "<|": "|>", "<": ">"}

# spelling -> (token type, token value, action)
_OPERATOR_TOKENS: dict[str, tuple[str, str, int]] = {}
for _text, _kind in _ASCII_OPERATORS.items():
    _OPERATOR_TOKENS[_text] = (_kind, _kind, _ACTION_OF_TYPE.get(_kind, _PLAIN))
for _text, _head in _COMPARISONS.items():
    _OPERATOR_TOKENS[_text] = ("COMPARE", _head, _ANGLE)
for _name, (_char, _kind, _value) in OPERATORS.items():
    for _spelling in (f"\\[{_name}]", _char):
        _OPERATOR_TOKENS[_spelling] = (_kind, _value, _ACTION_OF_TYPE.get(_kind, _PLAIN))
_OPERATOR_TOKENS["\n"] = ("NEWLINE", None, _NEWLINE)

# every token type the lexer makes (the parser's tables have a column for each)
TOKEN_TYPES = frozenset(
    {kind for kind, _, _ in _OPERATOR_TOKENS.values()}
    | {"SYMBOL", "NUMBER", "STRING", "BLANK", "SLOT", "SLOTSEQUENCE", "OUT",
       "RPART", "LANGLE", "RANGLE", "FILENAME"})


def _operator_pattern() -> str:
    """All operator spellings as one regex, a trie on their characters: a flat alternation
    of ~100 literals is tried one by one and costs a quarter of the lexer's time."""
    # x=.5 is x = .5 and a/.5 is a / .5: these two only match when no digit follows
    followed = {"=.": r"(?![0-9])", "/.": r"(?![0-9])"}
    return _trie(sorted(_OPERATOR_TOKENS), "", followed)


def _trie(spellings: list[str], prefix: str, followed: dict[str, str]) -> str:
    groups: dict[str, list[str]] = {}
    for s in spellings:
        groups.setdefault(s[0], []).append(s[1:])
    alternatives = []
    for first, rests in groups.items():
        here = prefix + first
        longer = [r for r in rests if r]
        tail = followed.get(here, "")
        if not longer:
            alternatives.append(re.escape(first) + tail)
            continue
        inner = _trie(longer, here, followed)
        if "" in rests:               # `here` is an operator too: the longer ones first
            inner = f"{inner}|{tail}" if tail else f"{inner}|"
        alternatives.append(f"{re.escape(first)}(?:{inner})")
    return "|".join(alternatives)


# ---------------------------------------------------------------------------- token regexes

_EXTRA_LETTERS = re.escape("".join(sorted(c for c in LETTERS.values() if not c.isalpha())))
_NAMED_LETTER = r"\\\[(?:" + "|".join(sorted(LETTER_NAMES, key=len, reverse=True)) + r")\]"


def _word(first: str, rest: str) -> str:
    """A symbol, or a blank with its pattern name and head: x, ctx`x, x_, x__h, _, x_.
    A blank has at most three underscores and its head no underscore: ``x____`` is
    ``x___`` times ``_``, and ``x_a_b`` is ``x_a`` times ``_b``, as in WL."""
    symbol = rf"(?:{first})(?:{rest})*"
    blank = rf"_{{1,3}}(?:{symbol}|(?<!__)\.(?![.\d]))?"
    return rf"(?:{symbol}(?:{blank})?|{blank})"


# The fast path's words are simpler (and quicker to match): underscores anywhere after the
# first character.  A word that is not one token by _word's rules (x____, x_a_b, x__.) sends
# the text to the exact path, whose words are _word's.
_WORD = rf"(?:[^\W\d]|[$`{_EXTRA_LETTERS}])[\w$`{_EXTRA_LETTERS}]*(?:(?<=_)\.(?![.\d]))?"
_STRICT_WORD_RE = re.compile(_word(rf"[^\W\d_]|[$`{_EXTRA_LETTERS}]",
                                   rf"[^\W_]|[$`{_EXTRA_LETTERS}]"))
_WORD_WITH_NAMED = _word(rf"[^\W\d_]|[$`{_EXTRA_LETTERS}]|{_NAMED_LETTER}",
                         rf"[^\W_]|[$`{_EXTRA_LETTERS}]|{_NAMED_LETTER}")
# (the digits once, then what may follow them: 2^^101, 1.5, 1.; or .5)
_NUMBER = (r"(?:[0-9]+(?:\^\^[0-9a-zA-Z]+(?:\.[0-9a-zA-Z]*)?|\.(?!\.)[0-9]*)?|\.[0-9]+)"
           r"(?:``?(?:[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))?)?(?:\*\^[+-]?[0-9]+)?")
_STRING = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"'
_COMMENT = r"\(\*(?:[^(*]|\((?!\*)|\*(?!\)))*\*\)"       # one without nested comments
_SLOT_OUT = r"##[0-9]*|#[0-9]+|#[A-Za-z][A-Za-z0-9]*|#|%[0-9]+|%+"


_BLANKS = " \t\r\f"


def _token_regex(word: str, other: str) -> re.Pattern:
    """A token with the blanks before it (one string, so that findall makes no tuples):
    a word, number, string, comment, slot, Out, operator, newline, or one other character."""
    # the single characters that are a whole token wherever they stand come first: a
    # quarter of the tokens, which would otherwise fail every alternative before the trie
    return re.compile(
        rf"[ \t\r\f]*(?:[,{{}})\]]|{word}|{_NUMBER}|{_STRING}|{_COMMENT}|\(\*|{_SLOT_OUT}"
        rf"|{_operator_pattern()}|{other}|[^ \t\r\f])")


# a backslash at the end of a line continues the line (WL's line continuation): one raw
# token, skipped like a comment
_CONTINUATION = r"\\\r?\n"
_FAST_RE = _token_regex(_WORD, rf"{_CONTINUATION}|\n")
_EXACT_RE = _token_regex(_WORD_WITH_NAMED, rf"{_CONTINUATION}|\n|\\\[[A-Za-z0-9]*\]?")

_FILENAME_RE = re.compile(r'([ \t]*)("(?:[^"\\]|\\.)*"|[A-Za-z0-9`/.\\_~:$\-]+)')


class _NeedExactPath(Exception):
    """The fast path met something only the exact path handles (a nested comment, a named
    character in a symbol, an unterminated string, a file name)."""


# ---------------------------------------------------------------------------- tokenize

def tokenize(text: str, script: bool = False, start: int = 0):
    """Lex ``text`` from offset ``start``: (types, values, offsets), three parallel lists.

    Raises WLSyntaxError (WLIncompleteInput for an unterminated string or comment)."""
    tokens, offsets = lex(text, script, start)
    return [t[0] for t in tokens], [t[1] for t in tokens], offsets


def lex(text: str, script: bool = False, start: int = 0, offsets: bool = True):
    """Lex ``text`` from offset ``start``: (tokens, offsets), where each token is a tuple
    whose first two items are its type and value (the parser's form of ``tokenize``).

    With ``offsets=False`` the offsets may be None: keeping count of them is a fifth of the
    lexer's time, and only errors and statement positions need them.  Errors are the same
    (with their positions: the text is lexed again, counting, to place them)."""
    check_memories()
    try:
        return _classify(_FAST_RE.findall(text, start), text, script, start, exact=False,
                         track=offsets)
    except _NeedExactPath:
        return _classify(_exact_raw_tokens(text, start), text, script, start, exact=True,
                         track=True)
    except WLSyntaxError:
        if offsets:
            raise
        return lex(text, script, start)           # raises it again, placed


def _exact_raw_tokens(text: str, start: int) -> list[str]:
    """The raw tokens of the fast path, made one match at a time so that a nested comment
    is one token and symbols may hold named letters."""
    raw_tokens = []
    pos = start
    n = len(text)
    while pos < n:
        m = _EXACT_RE.match(text, pos)
        if m is None:                   # only blanks are left
            break
        raw = m.group()
        token_start = pos + len(raw) - len(raw.lstrip(_BLANKS))
        if raw.endswith("(*") and raw.lstrip(_BLANKS) == "(*":   # nested comments inside
            end = _skip_comment(text, token_start)
            raw_tokens.append(text[pos:end])
            pos = end
            continue
        if raw.endswith('"') and raw.lstrip(_BLANKS) == '"':
            raise WLIncompleteInput(text, token_start, "String is not terminated")
        raw_tokens.append(raw)
        pos = m.end()
    return raw_tokens


def _classify(raw_tokens, text: str, script: bool, start: int, exact: bool, track: bool):
    """Turn raw tokens (a token and the blanks before it) into token types, values and
    offsets.  Without ``track`` the offsets are not kept (None is returned for them) and
    ``pos`` is not kept up to date by the most frequent tokens: an error is then raised at
    a wrong place (``lex`` lexes again to place it), and the file-name path, which needs
    ``pos``, is only taken with ``exact``, which always tracks."""
    tokens: list[tuple] = []       # (type, value, …) of each token
    offsets: list[int] = []
    stack: list[str] = []          # open brackets, innermost last
    known = _KNOWN_TOKENS
    if len(known) > _KNOWN_TOKENS_LIMIT:
        _forget_atoms()
    pos = start
    i = 0
    count = len(raw_tokens)
    add_token = tokens.append
    add_offset = offsets.append
    opener_text, opener_of_closer = _OPENER_TEXT, _OPENER_OF_CLOSER
    while i < count:
        raw = raw_tokens[i]
        i += 1
        entry = known.get(raw)
        if entry is None:
            entry = _entry(raw, text, start, pos, exact)
            if entry is None:                               # a comment
                pos += len(raw)
                continue
        action = entry[2]
        if action <= _ENDS:                                 # most tokens: no context
            add_token(entry)
            if track:
                add_offset(pos + entry[3])
                pos += len(raw)
            continue
        kind, value, action, blanks = entry
        pos += blanks
        if action == _OPEN:                                 # the most frequent first
            stack.append(opener_text[kind])
        elif action == _CLOSE:
            if not stack or stack[-1] != opener_of_closer[kind]:
                raise _unmatched(text, start, pos, stack)
            stack.pop()
        elif action == _KEEP:
            pass
        elif action == _RBRACKET:
            if not stack or stack[-1][0] != "[":
                raise _unmatched(text, start, pos, stack)
            if stack.pop() == "[[":                         # ]] closes a part
                if i < count and raw_tokens[i] == "]":
                    i += 1
                    kind = value = "RPART"
                    raw += "]"              # the blanks before the first ] stay counted
                elif i >= count:
                    raise WLIncompleteInput(text)
                else:
                    raise WLSyntaxError(_before_message(text, start, pos + 1), text, pos + 1)
        elif action == _ANGLE:
            angle = None
            token = raw[blanks:]
            if stack and stack[-1] == "<" and token[0] == ">":
                angle = "RANGLE"                            # closes an angle-bracket list
                stack.pop()
            elif token[0] == "<" and not _ends_operand(tokens):
                angle = "LANGLE"                            # starts an angle-bracket list
                stack.append("<")
            if angle is not None:
                kind = value = angle
                if len(token) > 1:                          # lex the rest of >= or >> again
                    raw_tokens[i:i] = [token[1:]]
                    count += 1
                raw = token[0]
        elif action == _FILE:
            token = raw[blanks:]
            if kind == "GET" and tokens and tokens[-1][0] not in ("SEMI", "NEWLINE"):
                raw_tokens[i - 1:i] = [raw[:-1], "<"]            # << inside an expression:
                count += 1                                  # two angle-bracket lists
                i -= 1
                pos -= blanks
                continue
            if stack and stack[-1] == "<" and kind != "GET":
                raw_tokens[i - 1:i] = [raw[:blanks + 1], token[1:]]
                count += 1
                i -= 1
                pos -= blanks
                continue
            if not exact:
                raise _NeedExactPath
            if kind == "GET" and _ends_operand(tokens):
                raise WLSyntaxError(_before_message(text, start, pos + 2), text, pos)
            tokens.append((kind, value))
            offsets.append(pos)
            pos += len(token)
            f = _FILENAME_RE.match(text, pos)
            if f is None:
                if text[pos:].strip() == "":
                    raise WLIncompleteInput(text, pos, "A file name is expected")
                raise WLSyntaxError("A file name is expected here", text, pos)
            leading, raw = f.groups()
            pos += len(leading)
            kind, value = "FILENAME", String(
                _unescape(raw[1:-1], text, pos + 1) if raw[0] == '"' else raw)
            raw_tokens[i:] = _exact_raw_tokens(text, f.end())        # lex on after the file name
            count = len(raw_tokens)
        elif not script or stack:                           # _NEWLINE: a blank here
            pos += 1
            continue
        add_token(entry if kind is entry[0] else (kind, value))
        if track:
            add_offset(pos)
            pos += len(raw) - blanks
    return tokens, offsets if track else None


def _ends_operand(tokens: list) -> bool:
    """Does the last token (the last but those of action _KEEP, which are postfix after an
    operand and prefix otherwise) end an operand?  Only a ``<`` and ``<<`` ask, so it is
    found out here rather than kept up to date token by token."""
    for token in reversed(tokens):
        if len(token) > 2 and token[2] == _KEEP:
            continue
        return token[0] in _ENDING_TYPES or len(token) > 2 and token[2] == _ENDS
    return False


# Tokens seen before -> (type, value, action): the operators, plus the atoms met so far
# (symbols, numbers, strings… are immutable, so one value serves every occurrence).
# Entries are (type, value, action, number of blanks before the token); a raw token with
# blanks in front has an entry of its own.
_KNOWN_TOKENS: dict[str, tuple] = {}
_KNOWN_TOKENS_LIMIT = 200_000
# Memories of tokens kept elsewhere in the same spirit (the parser's fused driver keeps
# its own entries, see driver.Driver.run_text): forgotten with _KNOWN_TOKENS.
_DERIVED_MEMORIES: list[dict] = []


def _forget_atoms() -> None:
    _KNOWN_TOKENS.clear()
    for memory in _DERIVED_MEMORIES:
        memory.clear()
    _KNOWN_TOKENS.update((text, (*entry, 0)) for text, entry in _OPERATOR_TOKENS.items())


_forget_atoms()


def _entry(raw: str, text: str, start: int, pos: int, exact: bool):
    """The entry of a raw token not seen before (remembered when it has the same meaning
    everywhere), or None for a comment."""
    token = raw.lstrip(_BLANKS)
    blanks = len(raw) - len(token)
    base = _KNOWN_TOKENS.get(token)
    if base is None:
        base = _atom_entry(token, text, start, pos + blanks, exact)
        if base is None:
            return None
    entry = (*base[:3], blanks)
    if remembered(raw):
        _KNOWN_TOKENS[raw] = entry
    return entry


def remembered(token: str) -> bool:
    """Whether a token's entry is kept for the next time it is read: short enough, and not
    a relative name (```b`` is b in $Context, whatever that is when it is read)."""
    return len(token) <= 64 and not token.lstrip(_BLANKS).startswith("`")


# The contexts the memories of symbols were made in (contexts.reading_key()): in another,
# a short name may mean another symbol, so the memories are forgotten.
_MEMORY_KEY = [reading_key()]


def check_memories() -> None:
    """Forget the tokens read in other contexts than the current ones (before reading)."""
    key = reading_key()
    if key is not _MEMORY_KEY[0]:
        _forget_atoms()
        _MEMORY_KEY[0] = key


def _atom_entry(token: str, text: str, start: int, pos: int, exact: bool):
    """(type, value, _ENDS) of a token that is not an operator (remembered in _KNOWN_TOKENS
    when it has the same meaning everywhere), or None for a comment."""
    c = token[0]
    if token in ("\\\n", "\\\r\n"):       # a line continuation: nothing
        return None
    if c.isalpha() or c in "$`_\\" or c in _EXTRA_LETTER_SET:
        if c == "\\":
            if not exact:
                raise _NeedExactPath
            if not _NAMED_LETTER_RE.match(token):
                _bad_character(text, start, pos, token)
        if "_" in token:
            if not exact and not _STRICT_WORD_RE.fullmatch(token):
                raise _NeedExactPath                        # more than one token
            name, _, blank = token.partition("_")
            entry = ("BLANK", _blank(name or None, "_" + blank), _ENDS)
        else:
            entry = ("SYMBOL", _symbol(token), _ENDS)
    elif c in _DIGITS or c == ".":
        if token.isdigit() and token.isascii():
            number = Integer(_parse_int(token, 10))
        elif len(token) <= _MACHINE_DIGITS + 1 and _PLAIN_REAL.fullmatch(token):
            number = Real(float(token))             # the common case of _number, quickly
        else:
            number = _number(token, text, pos)
        entry = ("NUMBER", number, _ENDS)
    elif c == '"':
        if len(token) == 1:
            if not exact:
                raise _NeedExactPath
            raise WLIncompleteInput(text, pos, "String is not terminated")
        body = token[1:-1]
        entry = ("STRING", String(_unescape(body, text, pos + 1) if "\\" in body else body),
                 _ENDS)
    elif c == "#":
        entry = ("SLOTSEQUENCE" if token.startswith("##") else "SLOT", _slot(token), _ENDS)
    elif c == "%":
        entry = ("OUT", _out(token), _ENDS)
    elif token.startswith("(*"):
        if len(token) == 2:                                 # nested or unterminated
            if not exact:
                raise _NeedExactPath
            _skip_comment(text, pos)                        # raises: unterminated
        return None
    else:
        if not exact:
            raise _NeedExactPath
        _bad_character(text, start, pos, token)
    if remembered(token):
        _KNOWN_TOKENS[token] = (*entry, 0)
    return entry


_DIGITS = frozenset("0123456789")
_PLAIN_REAL = re.compile(r"[0-9]+\.[0-9]*|\.[0-9]+")    # 1.5, 1., .5: a machine real
_EXTRA_LETTER_SET = frozenset(c for c in LETTERS.values() if not c.isalpha())
_NAMED_LETTER_RE = re.compile(_NAMED_LETTER)


# ---------------------------------------------------------------------------- errors

def _before_message(text: str, start: int, end: int) -> str:
    """`Invalid syntax in or before "…"` quoting the statement up to ``end`` (shortened)."""
    snippet = text[max(start, text.rfind("\n", 0, end - 1) + 1):end].strip()
    if len(snippet) > 40:
        snippet = "\u2026" + snippet[-39:]
    return f'Invalid syntax in or before "{snippet}"'


def _unmatched(text: str, start: int, pos: int, stack: list[str]) -> WLSyntaxError:
    if stack:
        opener = stack[-1]
        return WLSyntaxError(
            f'"{text[pos]}" does not close "{opener}"; expected "{_CLOSING_TEXT[opener]}"',
            text, pos, tag="bktmcp")
    return WLSyntaxError(_before_message(text, start, pos + 1), text, pos)


def _bad_character(text: str, start: int, pos: int, found: str):
    if found == '"':
        raise WLIncompleteInput(text, pos, 'String "…" is not terminated', tag="sntxi")
    if found.startswith("\\["):
        if not found.endswith("]"):
            raise WLSyntaxError("Unterminated named character \\[", text, pos, tag="sntunc")
        name = found[2:-1]
        if name in NAMED_CHARACTERS:
            raise WLSyntaxError(
                f'The character \\[{name}] cannot be used outside a string here',
                text, pos, tag="sntx")
        raise WLSyntaxError(f"Unknown named character \\[{name}]", text, pos, tag="sntufn")
    raise WLSyntaxError(
        f'{_before_message(text, start, pos + 1)}: unexpected character "{found}"',
        text, pos)


# ---------------------------------------------------------------------------- comments

def _skip_comment(text: str, pos: int) -> int:
    """Offset just after the (possibly nested) comment that opens at ``pos``."""
    depth = 0
    i = pos
    while True:
        opening = text.find("(*", i)
        closing = text.find("*)", i)
        if closing < 0:
            raise WLIncompleteInput(text, pos, "Comment is not terminated", tag="sntxi")
        if 0 <= opening < closing:
            depth += 1
            i = opening + 2
        else:
            depth -= 1
            i = closing + 2
            if depth == 0:
                return i


# ---------------------------------------------------------------------------- symbols

_NAMED_IN_SYMBOL = re.compile(r"\\\[([A-Za-z0-9]+)\]")


def _symbol(name: str) -> Symbol:
    if "\\" in name:
        name = _NAMED_IN_SYMBOL.sub(lambda m: LETTERS[m.group(1)], name)
    special = SPECIAL_SYMBOLS.get(name)
    return Symbol(special) if special is not None else resolve(name)


_BLANK_HEADS = {1: S.Blank, 2: S.BlankSequence, 3: S.BlankNullSequence}


def _blank(name: str | None, blank: str) -> Expr:
    """``x_h`` -> Pattern[x, Blank[h]]; ``_.`` -> Optional[Blank[]]; ``__`` -> BlankSequence[]."""
    if blank == "_.":
        pattern = Expr(S.Blank)
        optional = True
    else:
        underscores = len(blank) - len(blank.lstrip("_"))
        head_name = blank[underscores:]
        head = _BLANK_HEADS[underscores]
        pattern = Expr(head, _symbol(head_name)) if head_name else Expr(head)
        optional = False
    if name is not None:
        pattern = Expr(S.Pattern, _symbol(name), pattern)
    return Expr(S.Optional, pattern) if optional else pattern


def _slot(text: str) -> Expr:
    if text.startswith("##"):
        return Expr(S.SlotSequence, Integer(int(text[2:] or 1)))
    rest = text[1:]
    if not rest:
        return Expr(S.Slot, Integer(1))
    if rest[0].isdigit():
        return Expr(S.Slot, Integer(int(rest)))
    return Expr(S.Slot, String(rest))


def _out(text: str) -> Expr:
    if text == "%":
        return Expr(S.Out)
    if text[1:].isdigit():
        return Expr(S.Out, Integer(int(text[1:])))
    return Expr(S.Out, Integer(-len(text)))


# ---------------------------------------------------------------------------- numbers

_NUMBER_PARTS = re.compile(
    r"(?:([0-9]+)\^\^)?([0-9a-zA-Z]*(?:\.[0-9a-zA-Z]*)?)(?:(``?)([+-]?[0-9.]*))?"
    r"(?:\*\^([+-]?[0-9]+))?$")


_MACHINE_DIGITS = 17                             # a float round-trips 17 significant digits


# Python refuses to convert more than 4300 decimal digits at once (sys.int_info): longer
# literals are converted in pieces, without changing that process-wide limit
_INT_CHUNK = 4000
# an exact number of more digits than this (after *^) is refused rather than computed
_MAX_EXACT_DIGITS = 10**6


def _parse_int(digits: str, base: int) -> int:
    if len(digits) <= _INT_CHUNK:
        return int(digits, base)
    half = len(digits) // 2
    low = digits[half:]
    return _parse_int(digits[:half], base) * base ** len(low) + _parse_int(low, base)


def _check_exact_size(mantissa: int, base: int, exponent: int, text: str, source: str,
                      pos: int) -> None:
    """``1*^999999999`` is an exact integer of a billion digits: refuse it quickly (as too
    large to compute here) instead of computing it for minutes."""
    digits = mantissa.bit_length() * 0.30103 + abs(exponent) * math.log10(base)
    if digits > _MAX_EXACT_DIGITS:
        raise WLSyntaxError(f'The number "{text[:40]}" is too large to be computed here',
                            source, pos, tag="sntxn")


def _number(text: str, source: str, pos: int):
    """The atom a number token stands for: Integer, machine Real or Real with precision."""
    if text.isdigit():
        return Integer(_parse_int(text, 10))
    m = _NUMBER_PARTS.match(text)
    base_text, digits, mark, mark_value, exponent_text = m.groups()
    base = int(base_text) if base_text else 10
    if not 2 <= base <= 36:
        raise WLSyntaxError(f"{base} is not a valid base; the base must be 2 to 36",
                            source, pos, tag="sntxb")
    whole, _, fraction = digits.partition(".")
    try:
        mantissa = _parse_int(whole + fraction, base) if whole + fraction else 0
    except ValueError:
        raise WLSyntaxError(f'"{digits}" is not a number in base {base}',
                            source, pos, tag="sntxb") from None
    scale = -len(fraction)                       # mantissa * base^scale * base^exponent
    exponent = int(exponent_text) if exponent_text else 0
    if "." not in digits and not mark:           # an exact integer, perhaps with *^
        _check_exact_size(mantissa, base, exponent, text, source, pos)
        if exponent >= 0:
            return Integer(mantissa * base ** exponent)
        return _exact_fraction(mantissa, base ** -exponent)
    value = _scaled_float(mantissa, base, scale + exponent, whole, fraction, exponent, base == 10)
    if math.isinf(value):
        raise WLSyntaxError(f'The number "{text}" is beyond the range of machine reals',
                            source, pos, tag="sntxn")
    # the decimal text itself makes a bignum: digits beyond a float's are kept
    exact = f"{whole or 0}.{fraction or 0}e{exponent}" if base == 10 else value
    if not mark or not mark_value:
        significant = len((whole + fraction).lstrip("0"))
        if base == 10 and not mark and significant > _MACHINE_DIGITS:
            # more digits than a machine real holds: a number of that precision, as in WL
            return Real(exact, precision=float(significant))
        return Real(value)                       # machine real (a bare ` is machine too)
    try:
        number = float(mark_value)
    except ValueError:
        raise WLSyntaxError(f'"{mark}{mark_value}" is not a precision or accuracy mark',
                            source, pos, tag="sntxn") from None
    if mark == "``":                             # accuracy: digits after the point
        return Real(big_from_text(str(exact), acc=number), 0.0)
    if number <= 0:                              # no significant digit: a zero of that size
        magnitude = math.log10(abs(value)) if value else 0.0
        return Real(big_from_text(str(exact), acc=number - magnitude), 0.0)
    return Real(exact, precision=number)


def _scaled_float(mantissa, base, power, whole, fraction, exponent, decimal) -> float:
    if decimal:                                  # let Python round the decimal text exactly
        return float(f"{whole or 0}.{fraction or 0}e{exponent}")
    if power >= 0:
        return float(mantissa * base ** power)
    return mantissa / base ** -power


def _exact_fraction(numerator: int, denominator: int):
    from wlnet.core.expr import make_rational
    return make_rational(numerator, denominator)


# ---------------------------------------------------------------------------- strings

_ESCAPE = re.compile(r"\\(?:\[([A-Za-z0-9]*)\]?|:([0-9a-fA-F]{4})|\|([0-9a-fA-F]{6})"
                     r"|\.([0-9a-fA-F]{2})|([0-7]{3})|([\s\S]))")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b",
                   "f": "\f", "\n": ""}
# escapes of the box language (\( \) \! \* \< \> …) stay in the string as written
_BOX_ESCAPES = frozenset("()!*<>@^&%_+/` ")


def _unescape(body: str, source: str, offset: int) -> str:
    def replace(m):
        name, hex4, hex6, hex2, octal, char = m.groups()
        if name is not None:
            if not m.group().endswith("]"):
                raise WLSyntaxError("Unterminated named character in string",
                                    source, offset + m.start(), tag="sntunc")
            try:
                return NAMED_CHARACTERS[name]
            except KeyError:
                raise WLSyntaxError(f"Unknown named character \\[{name}]",
                                    source, offset + m.start(), tag="sntufn") from None
        code = hex4 or hex6 or hex2
        if code is not None:
            return chr(int(code, 16))
        if octal is not None:
            return chr(int(octal, 8))
        simple = _SIMPLE_ESCAPES.get(char)
        if simple is not None:
            return simple
        if char in _BOX_ESCAPES:
            return m.group()
        raise WLSyntaxError(f"Unknown string escape \\{char}", source, offset + m.start(),
                            tag="stresc")
    return _ESCAPE.sub(replace, body)
