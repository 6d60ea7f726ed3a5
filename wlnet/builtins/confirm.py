"""Failures and the confirmation functions of the Wolfram Language's error handling:
``Enclose``, ``Confirm``, ``ConfirmBy``, ``ConfirmMatch``, ``ConfirmAssert``,
``ConfirmQuiet``, and the properties of ``Failure[tag, <|…|>]``.

``Confirm[expr]`` gives expr unless it is a failure ($Failed, $Aborted, Failure[…]), in
which case it throws a Failure to the nearest enclosing ``Enclose``, which gives it (or
f[failure] for ``Enclose[expr, f]``).  The throw is a Throw with a tag of its own, so an
unenclosed confirmation that fails is an uncaught Throw (Throw::nocatch), as in WL.
``Confirm[expr, info, tag]`` is caught only by an ``Enclose[…, f, tag]`` of the same tag.
"""

from __future__ import annotations

from wlnet.core.evaluator import ThrowException
from wlnet.core.expr import Expr, NULL, S, String, Symbol, TRUE
from wlnet.core.messages import CheckFrame
from wlnet.core.pattern import matches
from wlnet.core.registry import builtin, builtin_subvalue

FAILURE = Symbol("Failure")
CONFIRM_TAG = Symbol("Enclose`ConfirmationFailed")
_HOLD = ("HoldAll", "Protected")
_HOLD_FIRST = ("HoldFirst", "Protected")


def is_failure(e) -> bool:
    return e is S["$Failed"] or e is S["$Aborted"] or (type(e) is Expr and e.head is FAILURE)


def _failure(kind: str, template: str, expr, info, extra=()) -> Expr:
    """Failure["ConfirmationFailed", <|…|>] for a confirmation of ``kind`` that failed."""
    held = Expr(S.HoldForm, expr)
    fields = [Expr(S.Rule, String("MessageTemplate"), String(template)),
              Expr(S.Rule, String("MessageParameters"),
                   Expr(S.Association, Expr(S.Rule, String("Expression"), held),
                        Expr(S.Rule, String("Information"), info), *extra)),
              Expr(S.Rule, String("ConfirmationType"), String(kind)),
              Expr(S.Rule, String("Expression"), held),
              Expr(S.Rule, String("Information"), info)]
    return Expr(FAILURE, String("ConfirmationFailed"), Expr(S.Association, *fields))


def _fail(failure, tag):
    """Throw ``failure`` to the nearest Enclose (of ``tag`` when one is given)."""
    raise ThrowException(failure, CONFIRM_TAG if tag is None else Expr(CONFIRM_TAG, tag))


@builtin("Enclose", argc=(1, 3), attributes=_HOLD_FIRST,
         usage="Enclose[expr] gives the value of expr, or the Failure of the first Confirm, "
               "ConfirmBy, ConfirmMatch, ConfirmAssert or ConfirmQuiet in it that fails; "
               "Enclose[expr, f] gives f[failure]; Enclose[expr, f, tag] catches only "
               "confirmations of that tag.",
         examples=(("Enclose[ConfirmBy[4, EvenQ] + 1]", "5"),
                   ('Enclose[Confirm[$Failed]; 1, "failed" &]', '"failed"')))
def enclose(ev, body, f=None, tag=None):
    try:
        return ev.evaluate(body)
    except ThrowException as thrown:
        wanted = CONFIRM_TAG if tag is None else Expr(CONFIRM_TAG, tag)
        if thrown.tag != wanted:
            raise
        return thrown.value if f is None else Expr(f, thrown.value)


def _info_and_tag(rest):
    info = rest[0] if rest else S["None"]
    tag = rest[1] if len(rest) > 1 else None
    return info, tag


@builtin("Confirm", argc=(1, 3),
         usage="Confirm[expr] gives expr unless it is a failure ($Failed, Failure[…]), which "
               "it throws to the enclosing Enclose; Confirm[expr, info, tag].",
         examples=(("Enclose[Confirm[3] + 1]", "4"),))
def confirm(ev, expr, *rest):
    if not is_failure(expr):
        return expr
    info, tag = _info_and_tag(rest)
    failure = expr if type(expr) is Expr and expr.head is FAILURE else _failure(
        "Confirm", "Encountered a failure when confirming `Expression`.", expr, info)
    _fail(failure, tag)


@builtin("ConfirmBy", argc=(2, 4),
         usage="ConfirmBy[expr, f] gives expr when f[expr] is True, else throws a Failure to "
               "the enclosing Enclose.",
         examples=(("Enclose[ConfirmBy[4, EvenQ]]", "4"),))
def confirm_by(ev, expr, f, *rest):
    if ev.evaluate(Expr(f, expr)) is TRUE:
        return expr
    info, tag = _info_and_tag(rest)
    _fail(_failure("ConfirmBy", "Failed to confirm that `Expression` satisfies `Function`.",
                   expr, info, (Expr(S.Rule, String("Function"), f),)), tag)


@builtin("ConfirmMatch", argc=(2, 4),
         usage="ConfirmMatch[expr, form] gives expr when it matches form, else throws a "
               "Failure to the enclosing Enclose.",
         examples=(("Enclose[ConfirmMatch[{1, 2}, {__Integer}]]", "{1, 2}"),))
def confirm_match(ev, expr, form, *rest):
    if matches(ev, form, expr):
        return expr
    info, tag = _info_and_tag(rest)
    _fail(_failure("ConfirmMatch", "Failed to confirm that `Expression` matches `Pattern`.",
                   expr, info, (Expr(S.Rule, String("Pattern"), form),)), tag)


@builtin("ConfirmAssert", argc=(1, 3), attributes=_HOLD_FIRST,
         usage="ConfirmAssert[test] gives Null when test is True, else throws a Failure to "
               "the enclosing Enclose.",
         examples=(("Enclose[ConfirmAssert[1 < 2]; 7]", "7"),))
def confirm_assert(ev, test, *rest):
    if ev.evaluate(test) is TRUE:
        return NULL
    info, tag = _info_and_tag(rest)
    _fail(_failure("ConfirmAssert", "Assertion `Expression` failed.", test, info), tag)


@builtin("ConfirmQuiet", argc=(1, 4), attributes=_HOLD_FIRST,
         usage="ConfirmQuiet[expr] gives the value of expr when it issues no message, else "
               "throws a Failure to the enclosing Enclose (the messages still print).",
         examples=(("Enclose[ConfirmQuiet[1 + 1]]", "2"),))
def confirm_quiet(ev, expr, *rest):
    frame = CheckFrame(len(ev.msg.quiet_stack), None)     # as Check watches for messages
    ev.msg.checks.append(frame)
    try:
        value = ev.evaluate(expr)
    finally:
        ev.msg.checks.remove(frame)
    if not frame.seen:
        return value
    info, tag = _info_and_tag(rest[1:] if rest else rest)
    _fail(_failure("ConfirmQuiet", "Messages were issued while evaluating `Expression`.",
                   expr, info), tag)


# ---------------------------------------------------------------------------- Failure[…]

def _fields(failure) -> dict | None:
    if len(failure.args) != 2 or type(failure.args[1]) is not Expr \
            or failure.args[1].head is not S.Association:
        return None
    return {r.args[0].value: r.args[1] for r in failure.args[1].args
            if type(r.args[0]) is String}


@builtin_subvalue("Failure")
def _failure_property(ev, failure, *args):
    """failure["Tag"], failure["Message"] (the template filled with its parameters) and
    failure[key] for the keys of its association."""
    if len(args) != 1 or type(args[0]) is not String:
        return None
    fields = _fields(failure)
    if fields is None:
        return None
    name = args[0].value
    if name == "Tag":
        return failure.args[0]
    if name == "Message":
        template = fields.get("MessageTemplate")
        if template is None:
            return None
        params = fields.get("MessageParameters", Expr(S.Association))
        return ev.evaluate(Expr(S.TemplateApply, template, params))
    if name == "Properties":
        return Expr(S.List, *[String(k) for k in ("Tag", "Message", *fields)])
    return fields.get(name, Expr(S.Missing, String("KeyAbsent"), args[0]))
