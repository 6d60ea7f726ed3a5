"""Session builtins: Print, Echo, EchoFunction, Timing, AbsoluteTiming, Information (?f),
Out (%), In, $Line, Get (<<), Needs, Quit/Exit, Environment; QuietEcho and EchoEvaluation."""

from __future__ import annotations

import os
import sys
import time

from wlnet.core.registry import builtin, builtin_subvalue, declare, upvalue_handler
from wlnet.core.evaluator import QuitSession
from wlnet.core.expr import Expr, FALSE, Integer, NULL, Real, S, String, Symbol

_List = S.List
_Failed = S["$Failed"]


def _text(e) -> str:
    """How Print shows an expression: strings without quotes, the rest in output form."""
    if type(e) is String:
        from wlnet.syntax.linear_boxes import has_linear_syntax, linear_syntax_text
        return linear_syntax_text(e.value) if has_linear_syntax(e.value) else e.value
    try:
        from wlnet.syntax.printer import output_form
    except ImportError:
        from wlnet.core.messages import short_form
        return short_form(e)
    return output_form(e)


@builtin("Print", usage="Print[e1, e2, …] prints the expressions one after another on a line.",
         examples=(("Print[\"a\", 1]", "Null"),))
def print_(ev, *args):
    ev.print(_texts_in_a_row(args))
    return NULL


def _texts_in_a_row(args) -> str:
    """Print's line: the texts one after another; when an expression prints on several
    lines (Print["m = ", MatrixForm[m]]), the pieces are blocks lined up side by side.
    Strings are never blocks, so a "\n" in one still starts a new line."""
    from wlnet.syntax.printer import beside, is_summary
    texts = [_text(a) for a in args]
    if not any("\n" in t for a, t in zip(args, texts)
               if type(a) is not String and not is_summary(a)):
        return "".join(texts)          # a net's summary reads on from the label's line
    return beside(texts)


@builtin("Echo", argc=(1, 3),
         usage="Echo[expr] prints expr and gives it back; Echo[expr, label] prints the label "
               "first; Echo[expr, label, f] prints f[expr].",
         examples=(("Echo[1 + 1]", "2"),))
def echo(ev, e, label=None, f=None):
    if not _echoes_quieted(ev):
        _echo_line(ev, label, ev.apply(f, e) if f is not None else e)
    return e


def _echo_line(ev, label, shown) -> None:
    """What the Echo functions print: >> , the label and a space when there is one, the
    expression."""
    from wlnet.syntax.printer import beside, is_summary
    prefix = ">> " + (_text(label) + " " if label is not None else "")
    text = _text(shown)
    if "\n" in text and type(shown) is not String and not is_summary(shown):
        ev.print(beside([prefix, text]))          # a matrix beside its label
    else:
        ev.print(prefix + text)


def _echoes_quieted(ev) -> bool:
    return getattr(ev, "quiet_echo_depth", 0) > 0


@builtin("QuietEcho", attributes=("HoldAll", "Protected"), argc=1,
         usage="QuietEcho[expr] evaluates expr without the printing of Echo, EchoFunction, "
               "EchoLabel, EchoTiming and EchoEvaluation inside it (Print still prints).",
         examples=(("QuietEcho[Echo[1] + 1]", "2"),))
def quiet_echo(ev, body):
    ev.quiet_echo_depth = getattr(ev, "quiet_echo_depth", 0) + 1
    try:
        return ev.evaluate(body)
    finally:
        ev.quiet_echo_depth -= 1


@builtin("EchoEvaluation", attributes=("HoldAll", "Protected"), argc=(1, 3),
         usage="EchoEvaluation[expr] prints expr before it is evaluated and its value after, "
               "and gives the value; EchoEvaluation[expr, label] (or label1 -> label2, one "
               "before and one after) prints labels first; EchoEvaluation[expr, labels, f] "
               "prints f[value] after.",
         examples=(("EchoEvaluation[1 + 1]", "2"),))
def echo_evaluation(ev, body, labels=None, f=None):
    labels = ev.evaluate(labels) if labels is not None else None
    before = after = labels
    if type(labels) is Expr and labels.head in (S.Rule, S.RuleDelayed) and len(labels.args) == 2:
        before, after = labels.args
    quiet = _echoes_quieted(ev)
    if not quiet:
        _echo_line(ev, before, Expr(S.HoldForm, body))
    result = ev.evaluate(body)
    if not quiet:
        _echo_line(ev, after, ev.apply(ev.evaluate(f), result) if f is not None else result)
    return result


declare("EchoFunction", usage="EchoFunction[f][expr] prints f[expr] and gives expr; "
        "EchoFunction[label, f][expr] prints the label first.")


@builtin_subvalue("EchoFunction")
def _echo_function(ev, head, *args):
    if len(args) != 1 or not 1 <= len(head.args) <= 2:
        return None
    f = head.args[-1]
    label = head.args[0] if len(head.args) == 2 else None
    e = args[0]
    if not _echoes_quieted(ev):
        _echo_line(ev, label, ev.apply(f, e))
    return e


declare("EchoLabel", usage="EchoLabel[label][expr] prints expr after the label and gives "
        "expr (Echo[expr, label] as an operator).")


@builtin_subvalue("EchoLabel")
def _echo_label(ev, head, *args):
    if len(args) != 1 or len(head.args) != 1:
        return None
    return echo(ev, args[0], head.args[0])


@builtin("Environment", argc=1,
         usage="Environment[\"var\"] is the value of the operating system's environment "
               "variable var, $Failed when it is not set.",
         examples=(('StringQ[Environment["PATH"]]', "True"),))
def environment(ev, name):
    if type(name) is not String:
        return None
    value = os.environ.get(name.value)
    return _Failed if value is None else String(value)


@builtin("Timing", attributes=("HoldAll", "Protected"), argc=1,
         usage="Timing[expr] is {CPU seconds, result} of evaluating expr.",
         examples=(("Last[Timing[1 + 1]]", "2"),))
def timing(ev, body):
    start = time.process_time()
    result = ev.evaluate(body)
    return Expr(_List, Real(time.process_time() - start), result)


@builtin("AbsoluteTiming", attributes=("HoldAll", "Protected"), argc=1,
         usage="AbsoluteTiming[expr] is {wall-clock seconds, result} of evaluating expr.",
         examples=(("Last[AbsoluteTiming[1 + 1]]", "2"),))
def absolute_timing(ev, body):
    start = time.perf_counter()
    result = ev.evaluate(body)
    return Expr(_List, Real(time.perf_counter() - start), result)


@builtin("EchoTiming", attributes=("HoldFirst", "Protected"), argc=(1, 3),
         usage="EchoTiming[expr] prints the seconds expr took to evaluate and gives its "
               "value; EchoTiming[expr, label] prints the label first.",
         examples=(("EchoTiming[1 + 1]", "2"),))
def echo_timing(ev, body, label=None, f=None):
    start = time.perf_counter()
    result = ev.evaluate(body)
    seconds = Real(time.perf_counter() - start)
    if not _echoes_quieted(ev):
        _echo_line(ev, label, seconds)
    return result


@builtin("Assert", attributes=("HoldAll", "Protected"), argc=(1, 3),
         usage="Assert[test] does nothing unless assertions are on (On[Assert], not "
               "available in wlnet), as in WL with assertions off; it gives Null.",
         examples=(("Assert[1 > 2]", "Null"),))
def assert_(ev, test, *rest):
    return NULL


@builtin("Information", attributes=("HoldAll", "Protected"), argc=(1, None),
         usage="Information[f] or ?f prints the usage of f, the definitions of a symbol of "
               "yours, the attributes and the options with their defaults; "
               "Information[f, LongForm -> True] or ??f adds the examples.",
         examples=(("Information[Plus]", "Null"),),
         options={S.LongForm: S["False"]},
         messages={"notfound": "Symbol `1` not found.`2`",
                   "nprop": "`1` is not a property of the symbol `2`: "
                            "Information[`2`, \"Properties\"] lists them."})
def information(ev, target, *opts):
    from wlnet.builtins.help import information_text, suggestion
    from wlnet.core.system_names import unavailable_message
    long_form = [o for o in opts if type(o) is Expr and o.head is S.Rule and len(o.args) == 2
                 and o.args[0] is S.LongForm]
    opts = [o for o in opts if o not in long_form]
    # a net (literal or held in a variable) answers with its own report and properties
    if type(target) is not String:
        value = ev.evaluate(target)
        report_of = upvalue_handler("Information", value)    # registered by the net builtins
        report = report_of(ev, value, *(ev.evaluate(o) for o in opts)) if report_of else None
        if report is not None:
            return report
        if type(value) is Expr and value.head is _List and value.args and opts:
            # Information[{net1, net2, …}, prop]: each one's property
            handlers = [upvalue_handler("Information", v) for v in value.args]
            if all(handlers):
                props = [ev.evaluate(o) for o in opts]
                return Expr.from_args(_List, (h(ev, v, *props) for h, v in zip(handlers, value.args)))
    if type(target) is String:
        target = ev.contexts.symbol(target.value)
    if type(target) is not Symbol:
        ev.message(S.Information, "notfound", target, "")
        return None
    if opts:                          # Information[symbol, prop]: a property of the symbol
        return _symbol_information(ev, target, *(ev.evaluate(o) for o in opts))
    long = any(ev.evaluate(o.args[1]) is S["True"] for o in long_form)
    text = information_text(ev, target, long)
    if text is None and unavailable_message(target.name):
        ev.message(target, "wlnetna", target)           # a System function wlnet lacks
        return None
    if text is None:
        near = suggestion(ev, target.name)
        ev.message(S.Information, "notfound", target, f" Did you mean {near}?" if near else "")
        return None
    ev.print(text)
    return NULL


def _symbol_information(ev, sym, prop, *rest):
    from wlnet.builtins.help import symbol_property
    if rest:
        return None
    if type(prop) is Expr and prop.head is _List:
        values = [_symbol_information(ev, sym, p) for p in prop.args]
        return None if any(v is None for v in values) else Expr.from_args(_List, values)
    value = symbol_property(ev, sym, prop.value) if type(prop) is String else None
    if value is None:
        ev.message(S.Information, "nprop", prop, sym)
    return value


@builtin("Out", argc=(0, 1), attributes=("NHoldFirst", "Protected"),
         usage="%n or Out[n] is the result of input n; % the last result, %% the one before.",
         examples=())
def out(ev, n=None):
    session = ev.session
    if session is None:
        return None
    k = _history_index(session, n)
    if k is None or k not in session.outputs:
        return None
    return session.outputs[k]


@builtin("In", argc=(0, 1), attributes=("NHoldFirst", "Protected"),
         usage="In[n] is input n, evaluated again.")
def in_(ev, n=None):
    session = ev.session
    if session is None:
        return None
    k = _history_index(session, n)
    if k is None or k not in session.inputs:
        return None
    return session.inputs[k]


def _history_index(session, n):
    """Out[] is the previous line, Out[-k] k lines back, Out[n] line n."""
    current = session.line
    if n is None:
        return current - 1
    if type(n) is not Integer:
        return None
    return current + n.value if n.value < 0 else n.value


declare("$Line", usage="$Line is the number of the current input line.")

def _operating_system() -> str:
    if sys.platform.startswith("win"):
        return "Windows"
    return "MacOSX" if sys.platform == "darwin" else "Unix"


# What programs test to tell a notebook from a script (If[$Notebooks, NotebookDirectory[],
# Directory[]]): wlnet runs scripts, a REPL and a Jupyter kernel, none of them a Wolfram
# front end, so these are the values WolframScript has.
declare("$Notebooks", value=FALSE, settable=True,
        usage="$Notebooks is True when a notebook front end is in use, False otherwise.")
declare("$FrontEnd", value=NULL, settable=True,
        usage="$FrontEnd is the front end in use, Null when there is none.")
declare("$OperatingSystem", value=String(_operating_system()),
        usage="$OperatingSystem is the type of operating system: \"Unix\", \"MacOSX\" or "
              "\"Windows\".")
# The version whose documentation wlnet follows (the seed page is 14.1.1's): programs test
# $VersionNumber to choose between an API and its older form (NetInformation or
# Information, ConstantArrayLayer or NetArrayLayer).
declare("$VersionNumber", value=Real(14.1),
        usage="$VersionNumber is the Wolfram Language version that wlnet follows, as a number.")
declare("$ReleaseNumber", value=Integer(1),
        usage="$ReleaseNumber is the release number of that version.")
declare("$Version", value=String("14.1.1 for " + {"Unix": "Linux", "MacOSX": "Mac OS X"}.get(
            _operating_system(), "Microsoft Windows") + " (wlnet)"),
        usage="$Version is a string naming the Wolfram Language version that wlnet follows.")
declare("$Language", value=String("English"), settable=True,
        usage="$Language is the language for messages and text functions.")


def _source_text(path: str) -> str:
    """The WL text of a file to read: a .nb notebook's Input cells, or the file itself."""
    if path.lower().endswith(".nb"):
        from wlnet.notebook import NotebookError, notebook_to_script
        try:
            return notebook_to_script(path, header=False)
        except NotebookError as err:
            raise ValueError(err.reason) from None
    from wlnet.core.text import decode_source
    with open(path, "rb") as fh:
        return decode_source(fh.read())


def _is_context_name(name: str) -> bool:
    return name.endswith("`")


@builtin("Get", argc=(1, None),
         usage="<< file or Get[\"file.wl\"] reads and evaluates every statement of the file, "
               "giving the last result.",
         examples=(),
         messages={"noopen": "Cannot open `1`.",
                   "nbread": "Cannot read the notebook `1`: `2`."})
def get(ev, name, *opts):
    if type(name) is not String:
        ev.message(S.Get, "noopen", name)
        return _Failed
    path = name.value
    if _is_context_name(path):
        candidate = _package_file(ev, path)
        if candidate is None:                  # a standard package wlnet does not have,
            from wlnet.builtins.contexts import load_builtin_package
            load_builtin_package(ev, path)     # or has built in (Developer`)
            return NULL
    else:
        candidate = _find_file(ev, path)
    if candidate is None:
        ev.message(S.Get, "noopen", name)
        return _Failed
    from wlnet.core.text import SourceEncodingError
    try:
        text = _source_text(candidate)
    except OSError:
        ev.message(S.Get, "noopen", name)
        return _Failed
    except SourceEncodingError as err:          # not UTF-8: a syntax error, as a bad token is
        ev.message("Syntax", "sntx", f"{err} in {path}")
        return _Failed
    except ValueError as err:                  # a notebook that cannot be read
        ev.message(S.Get, "nbread", name, str(err))
        return _Failed
    from wlnet.syntax.parser import WLSyntaxError, parse_script_resuming, read_in_turn
    try:
        statements = parse_script_resuming(text)
    except (RecursionError, MemoryError):
        ev.message("Syntax", "sntx", f"the input is too large or too deeply nested in {path}")
        return _Failed
    contexts_before = _contexts_values(ev)
    syntax_failed = False
    stack = _reading_stack(ev)
    stack.append(os.path.abspath(candidate))
    input_name = Symbol("$InputFileName")
    outer = ev.definitions.get(input_name)
    outer_value = outer.own if outer is not None else None
    ev.definitions.set_own(input_name, String(stack[-1]), False, evaluated=True)
    try:
        result = NULL
        exprs = [stmt for stmt, _ in statements]
        starts = [start for _, start in statements]
        for stmt in read_in_turn(text, exprs, starts):
            if isinstance(stmt, WLSyntaxError):
                # Get reports a syntax error and goes on reading the file after it
                from wlnet.core.session import _syntax_text
                ev.message("Syntax", getattr(stmt, "tag", "sntx"),
                           f"{_syntax_text(stmt)} in {path}")
                syntax_failed = True
                continue
            result = ev.evaluate(stmt)
    finally:
        stack.pop()
        ev.definitions.set_own(input_name, outer_value if outer_value is not None else String(""),
                               False, evaluated=True)
    if syntax_failed:
        # after a syntax error, $Context and $ContextPath are those Get was called with
        _restore_contexts(ev, contexts_before)
        return _Failed
    return result


@builtin("NotebookEvaluate", argc=(1, None),
         usage="NotebookEvaluate[\"file.nb\"] evaluates the notebook's input cells in order "
               "in this session (NotebookDirectory[] is the notebook's folder meanwhile) and "
               "gives the last result.",
         examples=(),
         messages={"nbfile": "`1` is not a notebook file (a .nb file name is expected).",
                   "insres": "InsertResults -> True writes outputs into an open notebook; "
                             "wlnet evaluates the file's cells without changing it."})
def notebook_evaluate(ev, notebook, *options):
    if type(notebook) is Expr and notebook.head is Symbol("File") and notebook.args:
        notebook = notebook.args[0]
    if type(notebook) is not String or not notebook.value.lower().endswith(".nb"):
        ev.message(Symbol("NotebookEvaluate"), "nbfile", notebook)
        return _Failed
    for option in options:
        if type(option) is Expr and option.head in (S.Rule, S.RuleDelayed) \
                and option.args[0] == Symbol("InsertResults") \
                and option.args[1] == Symbol("True"):
            ev.message(Symbol("NotebookEvaluate"), "insres")
    return get(ev, notebook)


_CONTEXT_SYMBOLS = (Symbol("$Context"), Symbol("$ContextPath"))


def _contexts_values(ev) -> tuple:
    records = ev.definitions.records
    return tuple(getattr(records.get(sym), "own", None) for sym in _CONTEXT_SYMBOLS)


def _restore_contexts(ev, values: tuple) -> None:
    for sym, value in zip(_CONTEXT_SYMBOLS, values):
        if value is not None:
            ev.definitions.set_own(sym, value, False, evaluated=True)


def _reading_stack(ev) -> list:
    """The files being read by nested Get calls (innermost last)."""
    stack = getattr(ev, "_get_stack", None)
    if stack is None:
        stack = ev._get_stack = []
    return stack


declare("$Path", value=Expr(S.List, String("."),
                            String(os.path.expanduser(os.path.join("~", ".Mathematica",
                                                                    "Applications")))),
        settable=True,
        usage="$Path is the list of directories Get and Needs search for files and "
              "packages (AppendTo[$Path, dir] adds one).")


def _search_path(ev) -> list[str]:
    """The directories of $Path (as the session has set it), relative ones from the working
    directory."""
    value = ev.evaluate(Symbol("$Path"))
    items = value.args if type(value) is Expr and value.head is S.List else ()
    return [os.path.abspath(d.value) for d in items if type(d) is String]


def _package_file(ev, context: str):
    """The file of a package context (``Needs["Pkg`"]`` reads Pkg.wl), None when there is
    none or the context is one of wlnet's own."""
    if context in _KNOWN_CONTEXTS:
        return None
    from wlnet.builtins.contexts import package_file
    reading = ev.evaluate(Symbol("$InputFileName"))
    beside = os.path.dirname(reading.value) if type(reading) is String and reading.value else None
    return package_file(ev, context, beside, _search_path(ev))


def _find_file(ev, path: str):
    """``path`` as given, else relative to the file being read ($InputFileName, so a
    script that loads its neighbours works from any directory), else in a directory of
    $Path."""
    if os.path.isfile(path):
        return path
    if os.path.isabs(path):
        return None
    reading = ev.evaluate(Symbol("$InputFileName"))
    roots = [os.path.dirname(reading.value)] if type(reading) is String and reading.value else []
    for root in roots + _search_path(ev):
        candidate = os.path.join(root, path)
        if os.path.isfile(candidate):
            return candidate
    return None


_KNOWN_CONTEXTS = ("NeuralNetworks`", "System`", "Global`", "GeneralUtilities`",
                   "MXNetLink`", "PacletManager`")


@builtin("Needs", argc=(1, 2),
         usage="Needs[\"ctx`\"] makes a package available; NeuralNetworks` and the other "
               "built-in contexts are always loaded.  Needs[\"ctx`\" -> \"alias`\"] also "
               "makes alias`f a name for ctx`f ($ContextAliases).",
         examples=(("Needs[\"NeuralNetworks`\"]", "Null"),),
         messages={"nocont": "Context `1` was not created when Needs was evaluated."})
def needs(ev, ctx, file=None):
    if type(ctx) is Expr and ctx.head is S.Rule and len(ctx.args) == 2 and all(
            type(x) is String for x in ctx.args):
        return _needs_with_alias(ev, ctx.args[0], ctx.args[1], file)
    if type(ctx) is not String:
        ev.message(S.Needs, "nocont", ctx)
        return _Failed
    if file is not None:
        return get(ev, file)
    if ctx.value in _KNOWN_CONTEXTS:
        return NULL
    if ctx.value.endswith(".wl"):
        return get(ev, ctx)
    from wlnet.builtins.contexts import package_loaded
    if package_loaded(ev, ctx.value):            # Needs loads a package once
        return NULL
    result = get(ev, ctx)                         # its file, when there is one
    return NULL if result is not _Failed else result


def _needs_with_alias(ev, ctx, alias, file):
    """Needs["ctx`" -> "alias`"]: the package loaded, and alias` made a name for ctx` in
    $ContextAliases (alias`f reads as ctx`f); ctx` is not put on $ContextPath (its
    EndPackage put it there), so its short names stay unknown, as in WL."""
    from wlnet.builtins.contexts import drop_from_context_path, on_context_path
    was_on_path = on_context_path(ev, ctx.value)
    result = needs(ev, ctx) if file is None else needs(ev, ctx, file)
    if result is _Failed:
        return result
    if not was_on_path:
        drop_from_context_path(ev, ctx.value)
    aliases = Symbol("$ContextAliases")
    ev.evaluate(Expr(S.Set, aliases, Expr(S.Append, aliases, Expr(S.Rule, alias, ctx))))
    return NULL


def _exit_code(code) -> int:
    return code.value if type(code) is Integer else 0


@builtin("Quit", argc=(0, 1), usage="Quit[] ends the session; Quit[n] with exit code n.")
def quit_(ev, code=None):
    raise QuitSession(_exit_code(code))


@builtin("Exit", argc=(0, 1), usage="Exit[] ends the session; Exit[n] with exit code n.")
def exit_(ev, code=None):
    raise QuitSession(_exit_code(code))
