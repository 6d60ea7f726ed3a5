"""Enclose and the confirmation functions: Confirm, ConfirmBy, ConfirmMatch, ConfirmAssert,
ConfirmQuiet.

``Confirm[expr]`` gives expr unless it is an error (Failure[…], Missing[…], $Failed,
$Canceled, $Aborted); then it stops the evaluation and hands a
``Failure["ConfirmationFailed", <|…, "Expression" -> expr, "Information" -> info|>]`` to
the nearest enclosing ``Enclose`` (with the same tag, when one is given), which gives that
failure, or f of it for ``Enclose[expr, f]``.  The others confirm a test instead: f[expr] is
True, expr matches a form, a test is True.  ``info`` is evaluated only on a failure.

The hand-over is a Throw under a tag of Enclose's own, so Catch and CheckAll see it as
they see any Throw.  As in WL, an untagged Enclose is lexical: before evaluating its body it
gives the untagged confirmations written in it a tag of its own, so a Confirm in a function
defined elsewhere is not its business (uncaught, it reaches the top level as any Throw);
a tagged Enclose is dynamic and takes the failures of confirmations whose tag matches its
tag (a pattern).
"""

from __future__ import annotations

from wlnet.core.evaluator import ThrowException
from wlnet.core.expr import Expr, Integer, NULL, S, String, Symbol, TRUE
from wlnet.core.pattern import matches
from wlnet.core.registry import builtin, builtin_subvalue, declare

FAILURE = Symbol("Failure")
_ENCLOSE_TAG = Symbol("EncloseTag")          # Throw tag: EncloseTag[tag] (None: untagged)
_UNTAGGED = Expr(_ENCLOSE_TAG)               # an untagged confirmation outside any Enclose
_LEXICAL_SITE = Symbol("EncloseSite")         # EncloseSite[n]: the tag an Enclose gives its own
_ERRORS = (S["$Failed"], S["$Canceled"], S["$Aborted"])

declare("$Canceled", usage="$Canceled is the result of an evaluation the user canceled.")


def is_error(e) -> bool:
    """What Confirm takes for an error: Failure[…], Missing[…], $Failed, $Canceled,
    $Aborted."""
    return e in _ERRORS or type(e) is Expr and e.head in (FAILURE, S.Missing)


def _confirmation_failure(kind: str, expr, info, template: str) -> Expr:
    fields = [
        ("MessageTemplate", String(template)),
        ("MessageParameters", Expr(S.Association,
                                   Expr(S.Rule, String("Expression"), Expr(S.HoldForm, expr)))),
        ("ConfirmationType", String(kind)),
        ("Expression", expr),
        ("Information", info),
    ]
    return Expr(FAILURE, String("ConfirmationFailed"),
                Expr.from_args(S.Association, [Expr(S.Rule, String(k), v) for k, v in fields]))


def _is_confirmation_failure(e) -> bool:
    return (type(e) is Expr and e.head is FAILURE and e.args
            and e.args[0] == String("ConfirmationFailed"))


def _fail(ev, kind: str, expr, info, tag, template: str):
    """Hand the failure to the enclosing Enclose (a failure from another confirmation
    goes on as it is, when no info is given)."""
    tag = None if tag is None else ev.evaluate(tag)
    info = NULL if info is None else ev.evaluate(info)
    failure = expr if info is NULL and _is_confirmation_failure(expr) else \
        _confirmation_failure(kind, expr, info, template)
    raise ThrowException(failure, _UNTAGGED if tag is None else Expr(_ENCLOSE_TAG, tag))


@builtin("Confirm", attributes=("HoldRest", "Protected"), argc=(1, 3),
         usage="Confirm[expr] gives expr unless it is an error (Failure[…], Missing[…], "
               "$Failed, $Canceled, $Aborted), which it hands to the enclosing Enclose as a "
               "Failure; Confirm[expr, info] puts info (evaluated only then) in it; "
               "Confirm[expr, info, tag] hands it to Enclose[…, …, tag].",
         examples=(("Enclose[Confirm[1] + Confirm[$Failed]; 3]", "Failure[\"ConfirmationFailed\", "
                    "<|\"MessageTemplate\" -> \"Could not confirm `Expression`.\", "
                    "\"MessageParameters\" -> <|\"Expression\" -> HoldForm[$Failed]|>, "
                    "\"ConfirmationType\" -> \"Confirm\", \"Expression\" -> $Failed, "
                    "\"Information\" -> Null|>]"),
                   ("Enclose[Confirm[5] + 1]", "6")))
def confirm(ev, expr, info=None, tag=None):
    if is_error(expr):
        _fail(ev, "Confirm", expr, info, tag,
              "Could not confirm `Expression`.")
    return expr


@builtin("ConfirmBy", attributes=("HoldRest", "Protected"), argc=(2, 4),
         usage="ConfirmBy[expr, f] gives expr when f[expr] is True, else hands a Failure to "
               "the enclosing Enclose; ConfirmBy[expr, f, info, tag] as Confirm.",
         examples=(("Enclose[ConfirmBy[4, EvenQ]]", "4"),
                   ("Enclose[ConfirmBy[3, EvenQ], \"odd\" &]", "\"odd\"")))
def confirm_by(ev, expr, f, info=None, tag=None):
    if ev.evaluate(Expr(ev.evaluate(f), expr)) is not TRUE:
        _fail(ev, "ConfirmBy", expr, info, tag,
              "Could not confirm `Expression` by the test.")
    return expr


@builtin("ConfirmMatch", attributes=("HoldRest", "Protected"), argc=(2, 4),
         usage="ConfirmMatch[expr, form] gives expr when it matches form, else hands a "
               "Failure to the enclosing Enclose.",
         examples=(("Enclose[ConfirmMatch[{1, 2}, {__Integer}]]", "{1, 2}"),))
def confirm_match(ev, expr, form, info=None, tag=None):
    if not matches(ev, ev.evaluate(form), expr):
        _fail(ev, "ConfirmMatch", expr, info, tag,
              "Could not confirm that `Expression` matches the form.")
    return expr


@builtin("ConfirmAssert", attributes=("HoldAll", "Protected"), argc=(1, 3),
         usage="ConfirmAssert[test] gives Null when test is True, else hands a Failure to "
               "the enclosing Enclose.",
         examples=(("Enclose[ConfirmAssert[1 < 2]; \"ok\"]", "\"ok\""),))
def confirm_assert(ev, test, info=None, tag=None):
    if ev.evaluate(test) is not TRUE:
        _fail(ev, "ConfirmAssert", Expr(S.HoldForm, test), info,
              tag,
              "Assertion `Expression` failed.")
    return NULL


@builtin("ConfirmQuiet", attributes=("HoldAll", "Protected"), argc=(1, 4),
         usage="ConfirmQuiet[expr] gives the value of expr when evaluating it issued no "
               "message, else hands a Failure to the enclosing Enclose (the messages are "
               "still shown); ConfirmQuiet[expr, msgs, info, tag] watches only msgs "
               "(All: every message).",
         examples=(("Enclose[ConfirmQuiet[1 + 1]]", "2"),))
def confirm_quiet(ev, expr, which=None, info=None, tag=None):
    from wlnet.builtins.messaging import _message_keys, watching_messages
    watched = None
    if which is not None and which is not S.All:
        watched = set(_message_keys(ev, (which,), S.ConfirmQuiet))
    with watching_messages(ev, watched) as frame:              # as Check watches them
        value = ev.evaluate(expr)
    if frame.seen:
        _fail(ev, "ConfirmQuiet", Expr(S.HoldForm, expr), info,
              tag,
              "Messages were issued while evaluating `Expression`.")
    return value


# Where each confirmation takes its tag (0-based), and what fills the optional arguments
# before it when an Enclose gives it one.
_TAG_SLOT = {
    "Confirm": (2, (NULL,)),
    "ConfirmBy": (3, (NULL,)),
    "ConfirmMatch": (3, (NULL,)),
    "ConfirmAssert": (2, (NULL,)),
    "ConfirmQuiet": (3, (S.All, NULL)),
}
_site_count = 0


def _tag_lexical_confirmations(body, site):
    """body with every untagged confirmation written in it tagged site; an inner untagged
    Enclose keeps its own."""
    if type(body) is not Expr:
        return body
    head = body.head
    if head is S.Enclose and len(body.args) < 3:
        return body
    args = tuple(_tag_lexical_confirmations(a, site) for a in body.args)
    new_head = _tag_lexical_confirmations(head, site)
    slot = _TAG_SLOT.get(head.name) if type(head) is Symbol else None
    if slot is not None:
        position, fillers = slot
        first_filler = position - len(fillers)
        if first_filler <= len(args) <= position:       # untagged (and not malformed)
            args = args + fillers[len(args) - first_filler:] + (site,)
    if new_head is head and all(a is b for a, b in zip(args, body.args)) \
            and len(args) == len(body.args):
        return body
    return Expr.from_args(new_head, args)


def _failure_handler(ev, f, failure):
    """Enclose's answer for a caught failure: f[failure], or failure[f] for a string f."""
    if f is None:
        return failure
    f = ev.evaluate(f)
    if type(f) is String:
        return ev.evaluate(Expr(failure, f))
    return Expr(f, failure)


@builtin("Enclose", attributes=("HoldAll", "Protected"), argc=(1, 3),
         usage="Enclose[expr] gives expr, or the Failure a Confirm written inside it handed "
               "over; Enclose[expr, f] gives f[failure] (failure[f] for a string f); "
               "Enclose[expr, f, tag] takes the failures of confirmations anywhere in its "
               "evaluation whose tag matches tag.",
         examples=(("Enclose[Confirm[Missing[]]; 1, \"failed\" &]", "\"failed\""),
                   ("Enclose[Confirm[$Failed, \"why\"], \"Information\"]", "\"why\"")))
def enclose(ev, expr, f=None, tag=None):
    global _site_count
    if tag is None:                                   # lexical: tag what is written here
        _site_count += 1
        site = Expr(_LEXICAL_SITE, Integer(_site_count))
        expr = _tag_lexical_confirmations(expr, site)
        takes = lambda t: t == site                   # noqa: E731
    else:
        want = ev.evaluate(tag)
        takes = lambda t: matches(ev, want, t)        # noqa: E731
    try:
        return ev.evaluate(expr)
    except ThrowException as thrown:
        t = thrown.tag
        if not (type(t) is Expr and t.head is _ENCLOSE_TAG and len(t.args) == 1
                and takes(t.args[0])):
            raise
        return _failure_handler(ev, f, thrown.value)


@builtin_subvalue("Failure")
def _failure_property(ev, failure, *args):
    """failure["Tag"], failure["Message"] (its template filled in), failure[key] (a field
    of its association)."""
    if len(args) != 1 or type(args[0]) is not String or len(failure.args) != 2 \
            or type(failure.args[1]) is not Expr or failure.args[1].head is not S.Association:
        return None
    name = args[0].value
    fields = {r.args[0].value: r.args[1] for r in failure.args[1].args
              if type(r.args[0]) is String}
    if name == "Tag":
        return failure.args[0]
    if name == "Message" and "MessageTemplate" in fields:
        params = fields.get("MessageParameters", Expr(S.List))
        return ev.evaluate(Expr(S.TemplateApply, fields["MessageTemplate"], params))
    if name in fields:
        return fields[name]
    return Expr(S.Missing, String("KeyAbsent"), args[0])
