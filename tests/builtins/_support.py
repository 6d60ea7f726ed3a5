"""What the builtins' tests share: a session runner, one table-test helper (with Mathics3 as
the oracle where a row asks for it) and one runner for the examples builtins declare.

Table rows are ``(input, expected, *notes)``, checked by ``check_row(row)``:

* ``expected`` is ``MATHICS`` ("whatever Mathics3 answers": the differential oracle) or WL
  text of the Wolfram answer written by hand, where Mathics3 lacks the function or differs
  from Wolfram (a note says why).
* a note that is a list of ``Sym::tag`` names the messages the input must issue, in order;
  without one the input must issue none.  A note that is a string is the reason for a
  hand-written answer (documentation only).

A hand-written answer is read as written (``Rational[1, 2]`` and ``Complex[a, b]`` in FullForm
become the atoms evaluation gives), so that a row saying a call stays unevaluated cannot be
satisfied by evaluating the answer too.  Tables whose answers are in a canonical form only
evaluation gives (``b - a``) pass ``evaluate_expected=True``: the answer is then evaluated in
the table's session.  ``differential_table`` makes the tests of such a table for a module (its
rows, and a check that they call every builtin of the module): tests/builtins/lists/ has one
per module of the lists package.

Declared examples (``?Name`` shows them) are checked by ``check_example``: the input, run in a
new session, issues no message (but for ``Message`` and ``Check``, whose examples print one)
and gives what the expected output gives when evaluated in a new session.
"""

from __future__ import annotations

import math
import operator
import re

import pytest

from tests.oracle_mathics import mathics_available, mathics_evaluate
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, Symbol
from wlnet.syntax.parser import parse
from wlnet.syntax.printer import input_form

MATHICS = None

# Reasons for a hand-written answer where Mathics3 10 deviates from the Wolfram Language
# (wl-syntax.md §6)
MISSING_IN_MATHICS = "not implemented in Mathics3 (evaluates to itself)"
ASSOC_IN_MATHICS = "associations are incomplete in Mathics3 (wl-syntax.md §6)"

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 not installed")


class Runner:
    """One session: ``run(text)`` evaluates a script and returns the value of its last
    statement; ``value``, ``messages`` (``tags``: their ``Sym::tag``) and ``output`` (what
    Print wrote) are those of the last run."""

    def __init__(self):
        from wlnet.core.session import Session
        self.session = Session(echo=False)
        self.value = None
        self.messages: list[str] = []
        self.output: list[str] = []

    def run(self, text: str):
        self.value = self.session.evaluate(text)
        self.messages = list(self.session.messages)
        self.output = list(self.session.output)
        return self.value

    @property
    def tags(self) -> list[str]:
        return [m.split(": ", 1)[0] for m in self.messages]


def run(text: str) -> Runner:
    """``text`` run in a new session; the runner tells its value, messages and output."""
    runner = Runner()
    runner.run(text)
    return runner


# ---------------------------------------------------------------------------- comparisons

def atomize(e):
    """Turn the normal expressions ``Rational[p, q]`` and ``Complex[a, b]`` of a parsed
    FullForm into the atoms evaluation produces, so hand-written answers compare."""
    if type(e) is not Expr:
        return e
    args = [atomize(a) for a in e.args]
    if e.head is Symbol("Rational") and len(args) == 2 and all(type(a) is Integer for a in args):
        return Rational(args[0].value, args[1].value)
    if e.head is Symbol("Complex") and len(args) == 2:
        return Complex(*args)
    return Expr.from_args(atomize(e.head), args)


def close_to(rel: float, abs_tol: float = 1e-300, exact_too: bool = False):
    """Expression equality with machine reals compared to the relative tolerance ``rel``."""
    def same(a, b) -> bool:
        if type(a) is Real and type(b) is Real:
            return math.isclose(a.value, b.value, rel_tol=rel, abs_tol=abs_tol) \
                or (exact_too and a.value == b.value)
        if type(a) is Complex and type(b) is Complex:
            return same(a.re, b.re) and same(a.im, b.im)
        if type(a) is Expr and type(b) is Expr:
            return (len(a.args) == len(b.args) and same(a.head, b.head)
                    and all(same(x, y) for x, y in zip(a.args, b.args)))
        return a == b
    return same


# machine reals to about 12 digits: Mathics3 computes some functions with mpmath
close = close_to(1e-12, exact_too=True)
# machine reals to the 6 digits Wolfram prints, for answers copied from printed output
close_printed = close_to(1e-5, 1e-12)


# ---------------------------------------------------------------------------- tables

def row_id(row) -> str:
    return row[0]


def row_messages(row) -> list[str]:
    """The ``Sym::tag`` a row expects (its list note), none when it has no list note."""
    lists = [n for n in row[2:] if isinstance(n, (list, tuple))]
    return list(lists[0]) if lists else []


def check(text: str, expected, messages=(), *, runner: Runner | None = None,
          evaluate_expected=False, same=operator.eq) -> Runner:
    """``text``, run in ``runner``'s session (default: a new one), gives ``expected``
    (``MATHICS``: Mathics3's answer; else WL text, read as written or, with
    ``evaluate_expected``, evaluated in the same session) as ``same`` compares, and issues
    exactly ``messages`` (``Sym::tag``, in order).  Returns the runner."""
    runner = runner or Runner()
    got = runner.run(text)
    issued = runner.tags
    if expected is MATHICS:
        if not mathics_available():
            pytest.skip("mathics3 not installed")
        want, _ = mathics_evaluate(text)
    elif evaluate_expected:
        want = runner.session.evaluate(parse(expected))
    else:
        want = atomize(parse(expected))
    assert same(got, want), f"{text}: got {input_form(got)}, want {input_form(want)}"
    assert issued == list(messages), f"{text}: messages {runner.messages}"
    return runner


def check_row(row, *, runner: Runner | None = None, **how) -> Runner:
    """Check one table row ``(input, expected, *notes)`` (see the module's docstring) in
    ``runner``'s session (default: a new one)."""
    return check(row[0], row[1], row_messages(row), runner=runner, **how)


def differential_table(cases, module: str, exempt=(), **how):
    """The two tests of a module's differential table, for the test module to bind:

        test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \\
            differential_table(CASES, "lists.part", exempt={"Part"})

    The rows run in one session (they make no definitions), each answer written by hand
    evaluated there (canonical forms: ``b - a``); every builtin of ``module`` but ``exempt``
    must be called by some row."""
    runners: list[Runner] = []                    # the table's session, made on first use

    @pytest.mark.parametrize("row", cases, ids=row_id)
    def test_against_wolfram(row):
        if not runners:
            runners.append(Runner())
        check_row(row, runner=runners[0], evaluate_expected=True, **how)

    def test_every_builtin_of_the_module_is_in_the_table():
        assert not builtins_missing_from([row[0] for row in cases], [module], exempt)

    return test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table


# ---------------------------------------------------------------------------- declarations

def _in_modules(spec, modules) -> bool:
    """The builtin is defined in one of ``modules`` (short names under wlnet.builtins:
    ``"strings"``; a package, ``"lists"``, stands for all of its modules)."""
    if spec.func is None:
        return False
    module = spec.func.__module__
    return any(module == f"wlnet.builtins.{m}" or module.startswith(f"wlnet.builtins.{m}.")
               for m in modules)


def builtins_of(*modules) -> list[str]:
    """The names of the builtins defined in ``modules``, sorted."""
    from wlnet.builtins import load_all
    from wlnet.core.registry import BUILTINS
    load_all()
    return sorted(name for name, spec in BUILTINS.items() if _in_modules(spec, modules))


def declared_examples(*modules) -> list[tuple[str, str, str]]:
    """(builtin name, input, expected output) of every example declared in ``modules``."""
    from wlnet.core.registry import BUILTINS
    return [(name, given, expected) for name in builtins_of(*modules)
            for given, expected in BUILTINS[name].examples]


def example_id(example) -> str:
    return f"{example[0]}: {example[1]}"


def without_usage(*modules) -> list[str]:
    """The builtins of ``modules`` that declare no usage text."""
    from wlnet.core.registry import BUILTINS
    return [name for name in builtins_of(*modules) if not BUILTINS[name].usage]


def without_examples(*modules) -> list[str]:
    """The builtins of ``modules`` that declare no example."""
    from wlnet.core.registry import BUILTINS
    return [name for name in builtins_of(*modules) if not BUILTINS[name].examples]


def builtins_missing_from(case_texts, modules, exempt=()) -> list[str]:
    """The builtins defined in ``modules`` that no table input calls."""
    text = " ".join(case_texts)
    return [n for n in builtins_of(*modules) if n not in exempt
            and not re.search(r"(?<![A-Za-z$])" + re.escape(n) + r"\[", text)]


# builtins whose examples show the message they issue
_EXAMPLES_WITH_MESSAGES = ("Message", "Check")


def check_example(name: str, given: str, expected: str, *, same=operator.eq) -> None:
    """A declared example holds: ``given``, in a new session, gives what ``expected`` gives
    in another (as ``same`` compares) and issues no message."""
    runner = run(given)
    got = runner.value
    want = run(expected).value
    assert same(got, want), f"{name}: {given} gave {input_form(got)}, want {expected}"
    assert not runner.messages or name in _EXAMPLES_WITH_MESSAGES, runner.messages
