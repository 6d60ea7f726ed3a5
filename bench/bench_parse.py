"""Parse throughput: wlnet's parser beside Mathics3's on the same large generated script.

    .venv/bin/python bench/bench_parse.py [--mb 1.0] [--seed 1] [--lark]

The script is generated (seeded, so reproducible): net-building statements, definitions with
patterns, arithmetic, lists, associations, rules, pure functions, strings, comments and
multi-line statements, every one different.  Reported:

* wlnet: parse_script (text -> list of Expr), and its lexer alone;
* Mathics3 (when installed): its parser on the same text fed line by line with
  MathicsMultiLineFeeder, building Mathics3 expressions (parse + convert, the counterpart of
  what wlnet returns), and its parser alone (the concrete syntax tree, no conversion);
* with --lark: Lark's own LALR driver (and Lark's contextual lexer on a variant of the
  grammar with regex terminals) on a subset of the text that variant can read, to show why
  wlnet drives the tables itself (see wlnet/syntax/driver.py).

Throughput is text size / best CPU time (process_time) of 3 runs, the sides taking turns
run by run: the machine is shared, and wall-clock time would mostly measure the neighbours.
Both parsers are timed the same way: the cyclic garbage collector off and the results kept
alive until the clock stops (so neither pays for GC passes over its growing result nor for
freeing it).  The target is wlnet >= 10x Mathics3 (parse + convert).

What is timed on each side is that side's own code only: Mathics3's ``parse`` (its scanner,
parser and ``convert`` to Mathics3 expressions, looking symbols up in a session's
definitions), and wlnet's ``parse_script`` (lexer, driver, Expr building).  Nothing converts
Mathics3's result to wlnet expressions.  wlnet's lexer remembers the atoms of the tokens it
has seen (a symbol, number or string token is converted once); that memory is cleared before
every wlnet run, outside the timing, so that each run converts its atoms as a first parse of
the text does (a warm memory would flatter wlnet by about 7% on this script).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wlnet.syntax import lexer as lexer_module                # noqa: E402
from wlnet.syntax.lexer import lex, tokenize                 # noqa: E402
from wlnet.syntax.parser import parse_script                   # noqa: E402
from wlnet.syntax.tables import driver                        # noqa: E402

NAMES = ["net", "gru", "data", "x", "y", "f", "g", "trained", "layer", "enc", "result",
         "inputs", "outputs", "weights", "n", "k", "alpha", "beta"]
HEADS = ["NetChain", "GatedRecurrentLayer", "LinearLayer", "SequenceLastLayer", "NetGraph",
         "NetInitialize", "NetTrain", "Table", "Map", "Select", "Total", "Range", "Length",
         "StringJoin", "Module", "If", "Flatten", "Partition", "RandomReal", "NetPort"]
STRINGS = ["Input", "Output", "Varying", "Real32", "State", "Dropout", "hello world",
           "a \\\"quoted\\\" word", "tab\\there", "x -> y"]


class ScriptGenerator:
    """Random but WL-shaped statements."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def atom(self) -> str:
        r = self.r
        kind = r.random()
        if kind < 0.35:
            return r.choice(NAMES)
        if kind < 0.6:
            return str(r.randint(0, 1000))
        if kind < 0.75:
            return f"{r.uniform(-10, 10):.{r.randint(1, 6)}f}"
        if kind < 0.9:
            return f'"{r.choice(STRINGS)}"'
        return r.choice(["#", "#2", "x_", "_Integer", "n_Integer?Positive", "True", "All"])

    def expr(self, depth: int = 0) -> str:
        r = self.r
        if depth > 3 or r.random() < 0.3:
            return self.atom()
        form = r.randrange(12)
        e = lambda: self.expr(depth + 1)               # noqa: E731
        if form == 0:
            return f"{r.choice(HEADS)}[{', '.join(e() for _ in range(r.randint(0, 3)))}]"
        if form == 1:
            return "{" + ", ".join(e() for _ in range(r.randint(1, 4))) + "}"
        if form == 2:
            return f"{e()} {r.choice(['+', '-', '*', '/', '^'])} {e()}"
        if form == 3:
            return f'"{r.choice(STRINGS)}" -> {e()}'
        if form == 4:
            return f"<|{', '.join(self.atom() + ' :> ' + e() for _ in range(r.randint(1, 3)))}|>"
        if form == 5:
            return f"(({e()} + {e()}) &)"
        if form == 6:
            return f"{e()} /. {r.choice(NAMES)}_ -> {e()}"
        if form == 7:
            return f"{r.choice(NAMES)}[[{r.randint(1, 5)}, ;; {r.randint(1, 9)}]]"
        if form == 8:
            return f"{e()} == {e()} && !{e()}"
        if form == 9:
            return f"f @ {e()} // N"
        if form == 10:
            return f"{r.choice(HEADS)} /@ {e()}"
        return f"- {e()} {e()}"

    def statement(self) -> str:
        r = self.r
        kind = r.random()
        if kind < 0.3:
            text = f"{r.choice(NAMES)} = {self.expr()};"
        elif kind < 0.45:
            text = f"{r.choice(NAMES)}[x_, y_:0] := Module[{{t = x}},\n  t = {self.expr()};\n  t + y\n]"
        elif kind < 0.55:
            text = f"(* {r.choice(STRINGS)} *) {self.expr()}"
        elif kind < 0.65:
            text = (f"net = NetChain[{{GatedRecurrentLayer[{r.randint(1, 64)}, "
                    f"\"Input\" -> {{\"Varying\", {r.randint(1, 8)}}}], SequenceLastLayer[]}}];")
        else:
            text = self.expr()
        return text

    def script(self, size: int) -> str:
        lines, total = [], 0
        while total < size:
            line = self.statement()
            lines.append(line)
            total += len(line) + 1
        return "\n".join(lines) + "\n"


def best_of(runs: int, work, setup=None) -> float:
    """Best CPU time (process_time) of ``runs`` runs: on a shared machine, wall-clock time
    mostly measures the neighbours.  ``work`` returns what it parsed, kept until the clock
    stops; ``setup`` (untimed) runs before each run."""
    return best_of_each(runs, [(work, setup)])[0]


def best_of_each(runs: int, works: list[tuple]) -> list[float]:
    """``best_of`` for several (work, setup) pairs, taking turns run by run, so that a change
    in the machine's load during the measurement falls on every side alike."""
    best = [float("inf")] * len(works)
    for _ in range(runs):
        for k, (work, setup) in enumerate(works):
            best[k] = min(best[k], _cpu_time(work, setup))
    return best


def _cpu_time(work, setup) -> float:
    if setup is not None:
        setup()
    gc.collect()
    gc.disable()            # the same for both parsers: the cyclic GC rescanning the
    try:                    # growing result would be measured otherwise
        start = time.process_time()
        result = work()
        seconds = time.process_time() - start
    finally:
        gc.enable()
    del result              # freeing the expressions is not parsing: outside the timing
    return seconds


def cold_atoms() -> None:
    """Make the lexer forget the atoms of earlier runs (see the module docstring)."""
    lexer_module._forget_atoms()


def report(label: str, size: int, seconds: float, baseline: float | None = None) -> float:
    rate = size / seconds / 1e6
    ratio = f"   {baseline / seconds:6.1f}x Mathics3 (parse + convert)" if baseline else ""
    print(f"  {label:<44} {rate:7.2f} MB/s  {seconds * 1e3:9.1f} ms{ratio}")
    return rate


def mathics_runners(text: str):
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from oracle_mathics import _mathics, mathics_available, mathics_session
    except ImportError:
        return None
    if not mathics_available():
        return None
    mods = _mathics()
    session = mathics_session()
    from mathics.core.parser.parser import Parser
    parser = Parser()

    def parse_and_convert():
        feeder = mods["MultiLineFeeder"](text, "<bench>")
        results = []
        while not feeder.empty():
            results.append(mods["parse_with_feeder"](session.definitions, feeder))
        return results

    def parse_only():
        feeder = mods["MultiLineFeeder"](text, "<bench>")
        results = []
        while not feeder.empty():
            results.append(parser.parse(feeder))
        return results

    return parse_and_convert, parse_only


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--mb", type=float, default=1.0, help="script size in MB")
    args.add_argument("--seed", type=int, default=1)
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--lark", action="store_true", help="also time Lark's own driver")
    opts = args.parse_args()

    text = ScriptGenerator(opts.seed).script(int(opts.mb * 1e6))
    size = len(text.encode())
    statements = len(parse_script(text))
    driver()
    print(f"script: {size / 1e6:.2f} MB, {statements} statements, "
          f"{len(tokenize(text, script=True)[0])} tokens (seed {opts.seed}); "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    # every side in turn, run by run (best_of_each); wlnet's lexer as parse_script runs it
    # (without keeping token offsets, see wlnet/syntax/lexer.py)
    wlnet_works = [(lambda: parse_script(text), cold_atoms),
                   (lambda: lex(text, script=True, offsets=False), cold_atoms)]
    mathics = mathics_runners(text)
    baseline = None
    if mathics is not None:
        times = best_of_each(opts.runs, [(mathics[0], None), (mathics[1], None), *wlnet_works])
        baseline = times[0]
        print("Mathics3:")
        report("parse + convert to expressions", size, baseline)
        report("parser only (concrete syntax tree)", size, times[1])
    else:
        times = [None, None, *best_of_each(opts.runs, wlnet_works)]
        print("Mathics3: not installed, no comparison")

    print("wlnet:")
    report("parse_script (text -> Expr)", size, times[2], baseline)
    report("lexer alone", size, times[3])

    if opts.lark:
        lark_comparison(text, opts.runs, baseline)


def lark_comparison(text: str, runs: int, baseline: float | None) -> None:
    """Lark's own LALR driver over the same tokens, building the same expressions."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lark import Token
    from tests.syntax.test_parse_driver import ExprBuilder, _Current, lark_driver, _value

    statements = [s for s in text.split("\n") if s and not s.startswith((" ", "]"))
                  and "Module" not in s]
    subset = "\n".join(statements) + "\n"
    size = len(subset.encode())
    lark_lalr = lark_driver()
    token_lists = []
    for line in statements:
        types, values, _ = tokenize(line)
        token_lists.append(([Token(t, str(i)) for i, t in enumerate(types)], values))

    def lark_driver_run():
        results = []
        for tokens, values in token_lists:
            _Current.values, _Current.build = values, ExprBuilder()
            results.append(_value(lark_lalr.parse(tokens)))
        return results

    print(f"Lark, on the {size / 1e6:.2f} MB of one-line statements (tokens from wlnet's lexer):")
    report("Lark's LALR driver (parser alone)", size, best_of(runs, lark_driver_run))
    report("wlnet parse_script on the same text", size,
           best_of(runs, lambda: parse_script(subset), cold_atoms))
    lark_lexer = lark_basic_lexer()
    report("Lark's lexer on the same text (tokens only)", size,
           best_of(runs, lambda: list(lark_lexer.lex(subset))))
    report("wlnet's lexer on the same text", size,
           best_of(runs, lambda: lex(subset, script=True), cold_atoms))


def lark_basic_lexer():
    """Lark's own (basic) lexer with the grammar's terminals written as regexes: what the
    grammar would use without wlnet's lexer.  It cannot make the context-dependent tokens
    (]] versus ] ], angle-bracket lists, newlines at depth 0, nested comments), so it only
    bounds what Lark's lexing would cost; its contextual lexer does the same work per token
    plus a state lookup."""
    from lark import Lark
    from wlnet.syntax import lexer as L

    by_type: dict[str, list[str]] = {}
    for spelling, (kind, _, _) in L._OPERATOR_TOKENS.items():
        if spelling != "\n":
            by_type.setdefault(kind, []).append(spelling)
    lines = [f'{kind}: {" | ".join(json_quote(s) for s in sorted(spellings, key=len, reverse=True))}'
             for kind, spellings in by_type.items()]
    lines += [f"SYMBOL: /{L._WORD}/", f"NUMBER: /{L._NUMBER}/", f"STRING: /{L._STRING}/",
              f"SLOT: /{L._SLOT_OUT}/", f"COMMENT: /{L._COMMENT}/", "NEWLINE: /\\n/",
              "%ignore /[ \\t\\r\\f]+/", "%ignore COMMENT",
              "start: (" + " | ".join([*by_type, "SYMBOL", "NUMBER", "STRING", "SLOT",
                                       "NEWLINE"]) + ")*"]
    return Lark("\n".join(lines), parser="lalr", lexer="basic")


def json_quote(text: str) -> str:
    import json
    return json.dumps(text)


if __name__ == "__main__":
    main()
