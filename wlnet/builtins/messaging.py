"""Messages: Message, MessageName (f::tag), Off, On, Quiet, Check, $Failed.

The machinery (templates, General::stop, quiet/off state) is wlnet.core.messages and
``Evaluator.message``; these builtins are its face in the language.
"""

from __future__ import annotations

from contextlib import contextmanager

from wlnet.core.registry import builtin, declare
from wlnet.core.expr import Expr, NULL, S, String, Symbol
from wlnet.core.messages import CheckFrame, QuietSpec
from wlnet.core.system_names import MESSAGES as SYSTEM_NAME_MESSAGES

_List = S.List
_MessageName = S.MessageName

declare("$Failed", usage="$Failed is the result of an operation that failed.")
# General::wlnetna (a System function wlnet lacks), General::spell1/spell (a new symbol
# close to a System name): see wlnet.core.system_names
declare("General", usage="General is the symbol that owns the messages shared by all "
        "functions (General::argx …).", messages=SYSTEM_NAME_MESSAGES)


@builtin("MessageName", attributes=("HoldFirst", "Protected"), argc=2,
         usage="f::tag names a message of f; its value is the message text once defined.",
         examples=(("f::oops = \"went wrong\"; f::oops", "\"went wrong\""),))
def message_name(ev, sym, tag):
    if type(sym) is not Symbol or type(tag) is not String:
        return None
    rec = ev.definitions.get(sym)
    if rec is not None and tag.value in rec.messages:
        return String(rec.messages[tag.value])
    return None


def _message_key(e):
    """(symbol name, tag) of ``f::tag``, or None."""
    if type(e) is Expr and e.head is _MessageName and len(e.args) == 2 and \
            type(e.args[0]) is Symbol and type(e.args[1]) is String:
        return e.args[0].name, e.args[1].value
    return None


@builtin("Message", attributes=("HoldFirst", "Protected"), argc=(1, None),
         usage="Message[f::tag, e1, e2, …] issues the message f::tag with its slots filled "
               "by the ei.",
         examples=(("f::bad = \"bad `1`\"; Message[f::bad, 3]", "Null"),))
def message(ev, name, *args):
    key = _message_key(name)
    if key is None:
        ev.message(S.Message, "name", name)
        return None
    sym, tag = key
    ev.message(sym, tag, *args)
    return NULL


def _message_keys(ev, args, caller):
    """The (symbol, tag) pairs named in Off/On/Quiet's arguments: f::tag, a list of them,
    or a symbol (all its messages, written (sym, None))."""
    out = []
    for a in args:
        key = _message_key(a)
        if key is not None:
            out.append(key)
        elif type(a) is Expr and a.head is _List:
            out.extend(_message_keys(ev, a.args, caller))
        elif type(a) is Symbol:
            out.append((a.name, None))
        elif type(a) is String and "::" in a.value:
            sym, tag = a.value.split("::", 1)
            out.append((sym, tag))
        else:
            ev.message(caller, "argx", caller, a)
    return out


@builtin("Off", attributes=("HoldAll", "Protected"),
         usage="Off[f::tag] stops the message f::tag from being shown.",
         examples=(("Off[f::bad]; f::bad = \"x\"; Message[f::bad]", "Null"),))
def off(ev, *args):
    for sym, tag in _message_keys(ev, args, S.Off):
        if tag is None:
            rec = ev.definitions.get(Symbol(sym))
            for t in (rec.messages if rec is not None else ()):
                ev.msg.off.add((sym, t))
        else:
            ev.msg.off.add((sym, tag))
    return NULL


@builtin("On", attributes=("HoldAll", "Protected"),
         usage="On[f::tag] shows the message f::tag again.",
         examples=(("Off[f::bad]; On[f::bad]", "Null"),))
def on(ev, *args):
    for sym, tag in _message_keys(ev, args, S.On):
        if tag is None:
            ev.msg.off = {k for k in ev.msg.off if k[0] != sym}
        else:
            ev.msg.off.discard((sym, tag))
    return NULL


def _quiet_spec(ev, which):
    """The messages named by Quiet's second or third argument: None for All, else a set
    of (sym, tag) (empty for None)."""
    if which is S.All:
        return None
    if which is Symbol("None"):
        return set()
    return set(k for k in _message_keys(ev, (which,), S.Quiet) if k[1] is not None)


@builtin("Quiet", attributes=("HoldAll", "Protected"), argc=(1, 3),
         usage="Quiet[expr] evaluates expr without showing messages; Quiet[expr, {f::tag, …}] "
               "silences only those; Quiet[expr, off, on] silences off but shows on even "
               "where an enclosing Quiet silences it (the innermost Quiet naming a message "
               "decides).",
         examples=(("Quiet[Message[General::argx, f, 2]; 1]", "1"),
                   ("Quiet[Message[f::x]; 2, All, {g::y}]", "2")))
def quiet(ev, body, which=S.All, shown=None):
    silenced = _quiet_spec(ev, which)
    spec = silenced if shown is None else QuietSpec(silenced, _quiet_spec(ev, shown))
    ev.msg.quiet_stack.append(spec)
    try:
        return ev.evaluate(body)
    finally:
        ev.msg.quiet_stack.pop()


@builtin("Check", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="Check[expr, failexpr] gives the value of expr, or failexpr when evaluating "
               "expr issued a message; Check[expr, failexpr, {f::tag, …}] watches only "
               "those messages.  Messages switched off or silenced by a Quiet inside expr "
               "do not count; Quiet[Check[…]] catches messages without showing them.",
         examples=(("Check[Message[f::x]; 1, err]", "err"), ("Check[1 + 1, err]", "2")))
def check(ev, body, fail, *which):
    watched = set(_message_keys(ev, which, S.Check)) if which else None
    with watching_messages(ev, watched) as frame:
        result = ev.evaluate(body)
    return fail if frame.seen else result


@contextmanager
def watching_messages(ev, watched=None):
    """A CheckFrame that notes the messages (those of ``watched``, None: all) issued while
    the block runs, as Check and ConfirmQuiet watch them; ``frame.seen`` tells."""
    frame = CheckFrame(len(ev.msg.quiet_stack), watched)
    ev.msg.checks.append(frame)
    try:
        yield frame
    finally:
        ev.msg.checks.remove(frame)
