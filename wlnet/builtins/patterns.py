"""Patterns and rules: the pattern heads (inert; PatternSequence, Longest and Shortest
included), Rule/RuleDelayed, MatchQ, ReplaceAll (/.), Replace, ReplaceRepeated (//.),
ReplaceList.  The matching itself is wlnet.core.pattern."""

from __future__ import annotations

from wlnet.core.registry import builtin, builtin_subvalue, declare, split_options
from wlnet.core import pattern as P
from wlnet.core.expr import Expr, FALSE, Integer, S, TRUE

_List = S.List

declare("Blank", attributes=("Protected",),
        usage="_ or Blank[] matches any expression; _h matches one with head h.")
declare("BlankSequence", attributes=("Protected",),
        usage="__ matches a sequence of one or more expressions.")
declare("BlankNullSequence", attributes=("Protected",),
        usage="___ matches a sequence of zero or more expressions.")
declare("Pattern", attributes=("HoldFirst", "Protected"),
        usage="x_ or x : patt names the expression matched by patt.")
declare("Optional", attributes=("Protected",),
        usage="x_ : d matches x_ or, when the argument is missing, takes the value d; x_. "
              "takes the function's default.")
declare("Alternatives", attributes=("Protected",), usage="p1 | p2 matches p1 or p2.")
declare("Repeated", attributes=("Protected",),
        usage="p.. matches a sequence of one or more expressions matching p.")
declare("RepeatedNull", attributes=("Protected",),
        usage="p... matches a sequence of zero or more expressions matching p.")
declare("Except", attributes=("Protected",),
        usage="Except[c] matches anything that does not match c; Except[c, p] anything "
              "matching p but not c.")
declare("Condition", attributes=("HoldAll", "Protected"),
        usage="patt /; test matches patt only when test gives True.")
declare("PatternTest", attributes=("HoldRest", "Protected"),
        usage="patt ? f matches patt only when f applied to the expression gives True.")
declare("Verbatim", attributes=("Protected",),
        usage="Verbatim[expr] matches expr exactly, pattern objects included.")
declare("OptionsPattern", attributes=("Protected",),
        usage="OptionsPattern[] matches a sequence of options (rules).")
declare("Longest", attributes=("Protected",),
        usage="Longest[p] matches the longest sequence consistent with p: where a pattern "
              "can match in several ways, the longest runs for p are tried first; "
              "Longest[p, pri] gives it priority pri.")
declare("Shortest", attributes=("Protected",),
        usage="Shortest[p] matches the shortest sequence consistent with p: where a pattern "
              "can match in several ways, the shortest runs for p are tried first; "
              "Shortest[p, pri] gives it priority pri.")
declare("PatternSequence", attributes=("Protected",),
        usage="PatternSequence[p1, p2, ...] matches a sequence of arguments matching p1, "
              "p2, ... in turn; PatternSequence[] matches an empty sequence.")
declare("Rule", attributes=("SequenceHold", "Protected"),
        usage="lhs -> rhs is a rule replacing lhs by rhs (rhs evaluated once).")
declare("RuleDelayed", attributes=("HoldRest", "SequenceHold", "Protected"),
        usage="lhs :> rhs is a rule replacing lhs by rhs, evaluated after each replacement.")


def _rules_or_message(ev, sym, rules):
    """The rules of a rule, a list of rules or an association, or None after a message.
    A list of lists of rules gives a list of rule lists (the call maps over it)."""
    r = P.rules_of(rules)
    if r is not None:
        return r
    if type(rules) is Expr and rules.head is _List and rules.args and all(
            P.rules_of(x) is not None and type(x) is Expr and x.head is _List
            for x in rules.args):
        return [P.rules_of(x) for x in rules.args]
    ev.message(sym, "reps", Expr(_List, rules) if not (type(rules) is Expr
                                                        and rules.head is _List) else rules)
    return None


def _is_nested(rules) -> bool:
    return bool(rules) and isinstance(rules[0], list)


@builtin("MatchQ", argc=(1, 2),
         usage="MatchQ[expr, form] is True when expr matches the pattern form.",
         examples=(("MatchQ[{1, 2}, {__Integer}]", "True"), ("MatchQ[x, _Integer]", "False")))
def match_q(ev, e, form=None):
    if form is None:
        return None
    return TRUE if P.matches(ev, form, e) else FALSE


@builtin_subvalue("MatchQ")
def _match_q_operator(ev, head, *args):
    if len(head.args) == 1 and len(args) == 1:
        return TRUE if P.matches(ev, head.args[0], args[0]) else FALSE
    return None


@builtin("ReplaceAll", argc=(1, 2),
         usage="expr /. rules applies the rules to each part of expr, the largest parts "
               "first, replacing each part at most once.",
         examples=(("{x, y, x} /. x -> 1", "{1, y, 1}"),
                   ("f[a, b] /. f[x_, y_] :> {y, x}", "{b, a}")),
         messages={"reps": "`1` is neither a list of replacement rules nor a valid dispatch "
                           "table, and so cannot be used for replacing."})
def replace_all(ev, e, rules=None):
    if rules is None:
        return None
    r = _rules_or_message(ev, S.ReplaceAll, rules)
    if r is None:
        return None
    if _is_nested(r):
        return Expr.from_args(_List, [P.replace_all(ev, e, x) for x in r])
    return P.replace_all(ev, e, r)


@builtin_subvalue("ReplaceAll")
def _replace_all_operator(ev, head, *args):
    if len(head.args) == 1 and len(args) == 1:
        return Expr(S.ReplaceAll, args[0], head.args[0])
    return None


@builtin("Replace", argc=(1, 3),
         usage="Replace[expr, rules] applies the rules to the whole of expr; "
               "Replace[expr, rules, levelspec] to the parts at those levels.",
         examples=(("Replace[x, x -> 1]", "1"), ("Replace[{x}, x -> 1]", "{x}"),
                   ("Replace[{x}, x -> 1, {1}]", "{1}")),
         messages={"reps": "`1` is neither a list of replacement rules nor a valid dispatch "
                           "table, and so cannot be used for replacing."})
def replace(ev, e, rules=None, levelspec=None):
    if rules is None:
        return None
    r = _rules_or_message(ev, S.Replace, rules)
    if r is None:
        return None
    levels = (0, 0)
    if levelspec is not None:
        levels = P.parse_levelspec(levelspec)
        if levels is None:
            ev.message(S.Replace, "level", levelspec)
            return None
    if _is_nested(r):
        return Expr.from_args(_List, [P.replace(ev, e, x, levels) for x in r])
    return P.replace(ev, e, r, levels)


@builtin_subvalue("Replace")
def _replace_operator(ev, head, *args):
    if len(head.args) == 1 and len(args) == 1:
        return Expr(S.Replace, args[0], head.args[0])
    return None


@builtin("ReplaceRepeated", argc=(1, 2), options={"MaxIterations": Integer(65536)},
         usage="expr //. rules applies the rules again and again until the result no "
               "longer changes.",
         examples=(("f[f[f[x]]] //. f[y_] :> y", "x"),),
         messages={"reps": "`1` is neither a list of replacement rules nor a valid dispatch "
                           "table, and so cannot be used for replacing.",
                   "rrlim": "Exiting after `1` scanned `2` times."})
def replace_repeated(ev, e, rules=None, *opts):
    if rules is None:
        return None
    split = split_options(opts, {"MaxIterations": Integer(65536)})
    if split is None or split[0]:
        ev.message(S.ReplaceRepeated, "optx", opts[-1] if opts else rules,
                   Expr(S.ReplaceRepeated, e, rules, *opts))
        return None
    r = _rules_or_message(ev, S.ReplaceRepeated, rules)
    if r is None or _is_nested(r):
        return None
    max_iterations = split[1]["MaxIterations"]
    limit = max_iterations.value if type(max_iterations) is Integer and \
        max_iterations.value > 0 else 65536
    result, converged = P.replace_repeated(ev, e, r, limit)
    if not converged:
        ev.message(S.ReplaceRepeated, "rrlim", e, Integer(limit))
    return result


@builtin("ReplaceList", argc=(2, 3),
         usage="ReplaceList[expr, rules] is the list of results of every way a rule can "
               "match the whole of expr.",
         examples=(("ReplaceList[{a, b, c}, {x__, y__} :> {{x}, {y}}]",
                    "{{{a}, {b, c}}, {{a, b}, {c}}}"),
                   ("ReplaceList[{a, b, c}, {Longest[x__], y__} :> {{x}, {y}}]",
                    "{{{a, b}, {c}}, {{a}, {b, c}}}")))
def replace_list(ev, e, rules, n=None):
    r = _rules_or_message(ev, S.ReplaceList, rules)
    if r is None or _is_nested(r):
        return None
    limit = n.value if type(n) is Integer else None
    out = []
    for lhs, rhs, delayed in r:
        for b in P.match_iter(ev, lhs, e):
            if delayed and type(rhs) is Expr and rhs.head is S.Condition and len(rhs.args) == 2:
                body, test = rhs.args
                if ev.evaluate(P.substitute(test, b)) is not TRUE:
                    continue
                out.append(P.substitute(body, b))
            else:
                out.append(P.substitute(rhs, b))
            if limit is not None and len(out) >= limit:
                return Expr.from_args(_List, out)
    return Expr.from_args(_List, out)


@builtin("Dispatch", argc=1, usage="Dispatch[rules] is a table of rules for /. (here kept as "
         "the rules themselves).")
def dispatch(ev, rules):
    return None
