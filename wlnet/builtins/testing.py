"""Unit tests as the Wolfram Language writes them: VerificationTest, TestReport and their
result objects, and the BeginTestSection/EndTestSection markers of .wlt files.

VerificationTest[input, expected, messages] evaluates input and expected, compares them with
the SameTest (SameQ by default) and the messages input issued with the expected ones ({} when
not given): "Success", "Failure" (another result), "MessagesFailure" (the right result with
other messages) or "Error" (the evaluation was aborted or threw).  The result is
TestResultObject[<|"TestIndex" -> …, "Outcome" -> …, "Input" -> HoldForm[…], …|>], whose
properties are its keys (obj["Outcome"]).

TestReport[file] runs a test file (TestReport[{tests…}] a list of tests) and gathers the
VerificationTests evaluated meanwhile, numbered in order, into
TestReportObject[<|"Title" -> …, "TestResults" -> <|1 -> obj, …|>, "TestsSucceededCount" -> …,
"TestsFailedCount" -> …, …|>].
"""

from __future__ import annotations

import os
import time

from wlnet.builtins.messaging import watching_messages
from wlnet.core.evaluator import AbortEvaluation, ThrowException
from wlnet.core.expr import FALSE, NULL, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue

RESULT = Symbol("TestResultObject")
REPORT = Symbol("TestReportObject")
_OPTIONS = ("SameTest", "TestID", "TimeConstraint", "MemoryConstraint", "MessagesTest")

# the reports being gathered (innermost last): each a list of the results so far
_GATHERING: list[list] = []

_MESSAGES = {
    "nofile": "The test file `1` was not found.",
    "prop": "`1` is not a property of a test result or report.",
}


def _is_option(e) -> bool:
    return (type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2
            and type(e.args[0]) is Symbol and e.args[0].name in _OPTIONS)


def _assoc(pairs) -> Expr:
    return Expr.from_args(S.Association, [Expr(S.Rule, String(k), v) for k, v in pairs])


def _seconds(t: float) -> Expr:
    return Expr(Symbol("Quantity"), Real(t), String("Seconds"))


def _message_name(sym: str, tag: str) -> Expr:
    return Expr(S.HoldForm, Expr(S.MessageName, Symbol(sym), String(tag)))


def _expected_messages(e) -> list[tuple[str, str]]:
    """The (symbol, tag) pairs of a held {f::tag, …} (or one f::tag)."""
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    out = []
    for m in items:
        if type(m) is Expr and m.head is S.MessageName and len(m.args) == 2 \
                and type(m.args[0]) is Symbol and type(m.args[1]) is String:
            out.append((m.args[0].name, m.args[1].value))
    return out


@builtin("VerificationTest", attributes=("HoldAllComplete", "Protected"), argc=(1, None),
         messages=_MESSAGES,
         usage="VerificationTest[input, expected] evaluates input and tests that it gives "
               "expected (True when not given), without messages; VerificationTest[input, "
               "expected, {f::tag, …}] expects those messages.  Options SameTest (SameQ), "
               "TestID.  The result is a TestResultObject.",
         examples=(('VerificationTest[1 + 1, 2]["Outcome"]', '"Success"'),
                   ('VerificationTest[1/0, ComplexInfinity, {Power::infy}]["Outcome"]',
                    '"Success"')))
def verification_test(ev, *args):
    positional = [a for a in args if not _is_option(a)]
    options = {a.args[0].name: a.args[1] for a in args if _is_option(a)}
    if not 1 <= len(positional) <= 3:
        return None
    given = positional[0]
    expected = positional[1] if len(positional) > 1 else TRUE
    wanted = _expected_messages(positional[2]) if len(positional) > 2 else []
    started, cpu = time.perf_counter(), time.process_time()
    error = False
    # the messages are recorded in the result ("ActualMessages"), not shown: a Quiet
    # outside the watching frame, which a Check-like frame still sees
    ev.msg.quiet_stack.append(None)
    try:
        with watching_messages(ev) as frame:
            try:
                actual = ev.evaluate(given)
            except (AbortEvaluation, ThrowException):   # the evaluation did not finish
                actual, error = Symbol("$Aborted"), True
    finally:
        ev.msg.quiet_stack.pop()
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    expected_value = ev.evaluate(expected)
    same_test = ev.evaluate(options.get("SameTest", S.SameQ))
    same = ev.evaluate(Expr(same_test, actual, expected_value)) is TRUE
    outcome = "Error" if error else "Failure" if not same else \
        "Success" if frame.names == wanted else "MessagesFailure"
    index = len(_GATHERING[-1]) + 1 if _GATHERING else 1
    result = Expr(RESULT, _assoc([
        ("TestIndex", Integer(index)),
        ("TestID", ev.evaluate(options.get("TestID", Symbol("None")))),
        ("Outcome", String(outcome)),
        ("Input", Expr(S.HoldForm, given)),
        ("ExpectedOutput", Expr(S.HoldForm, expected_value)),
        ("ActualOutput", Expr(S.HoldForm, actual)),
        ("ExpectedMessages", Expr.from_args(S.List, [_message_name(*m) for m in wanted])),
        ("ActualMessages", Expr.from_args(S.List, [_message_name(*m) for m in frame.names])),
        ("AbsoluteTimeUsed", _seconds(elapsed)),
        ("CPUTimeUsed", _seconds(cpu_used)),
    ]))
    if _GATHERING:
        _GATHERING[-1].append(result)
    return result


@builtin("TestReport", attributes=("HoldAll", "Protected"), argc=(1, None), messages=_MESSAGES,
         usage="TestReport[\"file.wlt\"] runs the tests of a file, TestReport[{test1, …}] a "
               "list of VerificationTests, giving a TestReportObject of their results.",
         examples=(('TestReport[{VerificationTest[1 + 1, 2], VerificationTest[2, 3]}]'
                    '["TestsFailedCount"]', "1"),))
def test_report(ev, source, *rest):
    value = ev.evaluate(source) if not (type(source) is Expr and source.head is S.List) \
        else source
    started = time.perf_counter()
    _GATHERING.append([])
    try:
        if type(value) is String:
            path = os.path.expanduser(value.value)
            if not os.path.isfile(path):
                ev.message(Symbol("TestReport"), "nofile", value)
                return Symbol("$Failed")
            title = "Test Report: " + os.path.basename(path)
            ev.evaluate(Expr(S.Get, String(path)))
        else:
            title = "Test Report"
            ev.evaluate(value)
    finally:
        results = _GATHERING.pop()
    return _report(title, results, time.perf_counter() - started)


def _outcome(result) -> str:
    return _fields(result)["Outcome"].value


def _report(title: str, results: list, elapsed: float) -> Expr:
    outcomes = [_outcome(r) for r in results]
    succeeded = [i for i, o in enumerate(outcomes, 1) if o == "Success"]
    failed = [i for i, o in enumerate(outcomes, 1) if o != "Success"]

    def indices(kind):
        return Expr.from_args(S.List, [Integer(i) for i, o in enumerate(outcomes, 1)
                                       if o == kind])
    return Expr(REPORT, _assoc([
        ("Title", String(title)),
        ("TimeElapsed", _seconds(elapsed)),
        ("TestResults", Expr.from_args(S.Association, [
            Expr(S.Rule, Integer(i), r) for i, r in enumerate(results, 1)])),
        ("TestsSucceededCount", Integer(len(succeeded))),
        ("TestsFailedCount", Integer(len(failed))),
        ("TestsFailedWrongResultsCount", Integer(outcomes.count("Failure"))),
        ("TestsFailedWithMessagesCount", Integer(outcomes.count("MessagesFailure"))),
        ("TestsFailedWithErrorsCount", Integer(outcomes.count("Error"))),
        ("TestsSucceededIndices", Expr.from_args(S.List, [Integer(i) for i in succeeded])),
        ("TestsFailedIndices", Expr.from_args(S.List, [Integer(i) for i in failed])),
        ("TestsFailedWrongResultsIndices", indices("Failure")),
        ("TestsFailedWithMessagesIndices", indices("MessagesFailure")),
        ("TestsFailedWithErrorsIndices", indices("Error")),
        ("AllTestsSucceeded", TRUE if not failed else FALSE),
    ]))


def _fields(obj) -> dict:
    data = obj.args[0] if type(obj) is Expr and len(obj.args) == 1 else None
    if not (type(data) is Expr and data.head is S.Association):
        return {}
    return {r.args[0].value: r.args[1] for r in data.args if type(r.args[0]) is String}


def _property(ev, obj, *args):
    fields = _fields(obj)
    if not fields or len(args) != 1 or type(args[0]) is not String:
        return None
    name = args[0].value
    if name == "Properties":
        return Expr.from_args(S.List, [String(k) for k in fields])
    if name not in fields:
        ev.message(obj.head, "prop", args[0])
        return None
    return fields[name]


builtin_subvalue("TestResultObject")(_property)
builtin_subvalue("TestReportObject")(_property)
for _name, _usage in (("TestResultObject", "TestResultObject[…] is the result of a "
                       "VerificationTest: obj[\"Outcome\"], obj[\"ActualOutput\"], …"),
                      ("TestReportObject", "TestReportObject[…] is the report TestReport "
                       "gives: obj[\"TestsFailedCount\"], obj[\"TestResults\"], …")):
    builtin(_name, argc=(1, 1), messages=_MESSAGES, usage=_usage)(lambda ev, data: None)


@builtin("BeginTestSection", argc=(0, 2), usage="BeginTestSection[\"name\"] starts a named "
         "section of tests in a test file (a marker; the tests run as they come).")
def begin_test_section(ev, *args):
    return NULL


@builtin("EndTestSection", argc=(0, 1), usage="EndTestSection[] ends a section of tests "
         "begun by BeginTestSection.")
def end_test_section(ev, *args):
    return NULL
