"""The parallel-computation functions scripts use to build data (``ParallelTable``,
``ParallelMap``, ``ParallelDo``, ``ParallelSum``, ``ParallelSubmit``/``WaitAll``,
``LaunchKernels``, ``DistributeDefinitions``…).

wlnet evaluates them in the session itself, one element after another: the Wolfram
Language documents each as giving what its sequential counterpart gives (ParallelTable is
Table computed on subkernels), so a script's results are the same; only the speed-up is
missing.  The heavy work of a net script, NetTrain and net evaluation, is already spread
over the cores by the kernels (and over processes by torchrun).  There is one "kernel":
``$KernelCount`` is 1 once kernels are launched, ``ParallelEvaluate[e]`` is ``{e}``.
Options (Method, DistributedContexts…) are accepted and have nothing to change.
"""

from __future__ import annotations

import os

from wlnet.core.expr import Expr, Integer, NULL, S, String, Symbol
from wlnet.core.registry import builtin, declare

_HOLD = ("HoldAll", "Protected")
KERNEL_OBJECT = Symbol("KernelObject")
EVALUATION_OBJECT = Symbol("EvaluationObject")
_OPTIONS = ("Method", "DistributedContexts", "ProgressReporting")

declare("KernelObject", attributes=("Protected",),
        usage="KernelObject[n, name] stands for a parallel kernel (wlnet has one: the "
              "session itself).")
declare("EvaluationObject", attributes=("HoldAllComplete", "Protected"),
        usage="EvaluationObject[n, expr] is a computation ParallelSubmit queued; WaitAll "
              "gives its result.")
declare("$ProcessorCount", value=Integer(os.cpu_count() or 1),
        usage="$ProcessorCount is the number of processor cores of the machine.")

KERNEL_COUNT = Symbol("$KernelCount")
declare("$KernelCount", value=Integer(0),
        usage="$KernelCount is the number of running parallel kernels (0 or 1 in wlnet).")


def _running(ev) -> list:
    """The session's kernels: its one KernelObject once LaunchKernels has run."""
    count = ev.evaluate(KERNEL_COUNT)
    return [Expr(KERNEL_OBJECT, Integer(1), String("local"))] if count == Integer(1) else []


def _set_running(ev, on: bool) -> None:
    ev.definitions.set_own(KERNEL_COUNT, Integer(int(on)), False)


def _without_options(args):
    """The arguments before trailing rules naming the parallel functions' options."""
    args = list(args)
    while args and type(args[-1]) is Expr and args[-1].head in (S.Rule, S.RuleDelayed) \
            and getattr(args[-1].args[0], "name", None) in _OPTIONS:
        args.pop()
    return args


def _sequential(name: str, sequential: str, attributes, usage: str, example):
    def parallel(ev, *args):
        return ev.evaluate(Expr(Symbol(sequential), *_without_options(args)))
    builtin(name, argc=(1, None), attributes=attributes, usage=usage,
            examples=(example,))(parallel)


_sequential("ParallelTable", "Table", _HOLD,
            "ParallelTable[expr, {i, …}, …] is Table[expr, {i, …}, …] computed in parallel: "
            "the same list.", ("ParallelTable[i^2, {i, 4}]", "{1, 4, 9, 16}"))
_sequential("ParallelDo", "Do", _HOLD,
            "ParallelDo[expr, {i, …}] is Do[expr, {i, …}] computed in parallel.",
            ("s = 0; ParallelDo[s += i, {i, 3}]; s", "6"))
_sequential("ParallelSum", "Sum", _HOLD,
            "ParallelSum[expr, {i, …}] is Sum[expr, {i, …}] computed in parallel.",
            ("ParallelSum[i, {i, 10}]", "55"))
_sequential("ParallelProduct", "Product", _HOLD,
            "ParallelProduct[expr, {i, …}] is Product[expr, {i, …}] computed in parallel.",
            ("ParallelProduct[i, {i, 5}]", "120"))
_sequential("Parallelize", "Identity", _HOLD,
            "Parallelize[expr] evaluates expr in parallel where it can: with one kernel, "
            "the value of expr.", ("Parallelize[Table[i^2, {i, 3}]]", "{1, 4, 9}"))
_sequential("ParallelMap", "Map", ("Protected",),
            "ParallelMap[f, list] is Map[f, list] computed in parallel.",
            ("ParallelMap[#^2 &, {1, 2, 3}]", "{1, 4, 9}"))
_sequential("ParallelArray", "Array", ("Protected",),
            "ParallelArray[f, n] is Array[f, n] computed in parallel.",
            ("ParallelArray[#^2 &, 3]", "{1, 4, 9}"))


@builtin("ParallelCombine", argc=(2, None), attributes=_HOLD,
         usage="ParallelCombine[f, h[e1, e2, …]] evaluates f on parts of h[…] in parallel "
               "and combines the results: with one kernel, f[h[e1, e2, …]]; "
               "ParallelCombine[f, h[…], comb] combines them with comb (comb[f[h[…]]]).",
         examples=(("ParallelCombine[Map[Sqrt, #] &, {1, 4, 9}]", "{1, 2, 3}"),
                   ("ParallelCombine[Total, {1, 2, 3}, Plus]", "6")))
def parallel_combine(ev, f, expr, *rest):
    rest = _without_options(rest)
    if len(rest) > 1:
        return None
    result = Expr(f, expr)
    return ev.evaluate(Expr(rest[0], result) if rest else result)


def _is_kernel(e) -> bool:
    return type(e) is Expr and e.head is KERNEL_OBJECT


@builtin("ParallelEvaluate", argc=(1, 2), attributes=_HOLD,
         messages={"kernel": "`1` is not a kernel or a list of kernels."},
         usage="ParallelEvaluate[expr] evaluates expr on every parallel kernel and gives the "
               "list of results (wlnet has one kernel); ParallelEvaluate[expr, k] on the "
               "kernel k (its result), or on each of a list of kernels.",
         examples=(("ParallelEvaluate[1 + 1]", "{2}"),
                   ("ParallelEvaluate[1 + 1, First[LaunchKernels[]]]", "2")))
def parallel_evaluate(ev, expr, kernels=None):
    if kernels is None:
        return Expr(S.List, ev.evaluate(expr))
    chosen = ev.evaluate(kernels)
    if _is_kernel(chosen):
        return ev.evaluate(expr)
    if type(chosen) is Expr and chosen.head is S.List and all(map(_is_kernel, chosen.args)):
        return Expr(S.List, *[ev.evaluate(expr) for _ in chosen.args])
    ev.message(S.ParallelEvaluate, "kernel", chosen)
    return None


@builtin("LaunchKernels", argc=(0, 1),
         messages={"one": "wlnet has one kernel, the session itself; `1` were asked for.",
                   "count": "`1` is not a number of kernels."},
         usage="LaunchKernels[] starts the parallel kernels and gives their KernelObjects "
               "(wlnet has one: the session).",
         examples=(("LaunchKernels[]; $KernelCount", "1"),))
def launch_kernels(ev, n=None):
    if n is not None and not (type(n) is Integer and n.value >= 0):
        ev.message(S.LaunchKernels, "count", n)
        return None
    if n is not None and n.value == 0:
        return Expr(S.List)
    if n is not None and n.value > 1:
        ev.message(S.LaunchKernels, "one", n)
    if _running(ev):
        return Expr(S.List)
    _set_running(ev, True)
    return Expr(S.List, *_running(ev))


@builtin("Kernels", argc=0, usage="Kernels[] is the list of running parallel kernels.",
         examples=(("LaunchKernels[]; Length[Kernels[]]", "1"),))
def kernels(ev):
    return Expr(S.List, *_running(ev))


@builtin("CloseKernels", argc=(0, 1),
         usage="CloseKernels[] stops the parallel kernels and gives the ones it stopped; "
               "CloseKernels[k] (a KernelObject, an id, or a list of them) only those.",
         examples=(("LaunchKernels[]; Length[CloseKernels[]]", "1"),))
def close_kernels(ev, which=None):
    running = _running(ev)
    if which is not None:
        named = which.args if type(which) is Expr and which.head is S.List else (which,)
        # a kernel is named by its KernelObject or by its id
        if not any(k in running or k == Integer(1) for k in named):
            return Expr(S.List)
    _set_running(ev, False)
    return Expr(S.List, *running)


@builtin("DistributeDefinitions", argc=(0, None), attributes=_HOLD,
         usage="DistributeDefinitions[s1, s2, …] sends the definitions of the symbols to the "
               "parallel kernels (they share the session's here) and gives the symbols.",
         examples=(("f[x_] := x^2; DistributeDefinitions[f]", "{f}"),))
def distribute_definitions(ev, *symbols):
    return Expr(S.List, *[s for s in symbols if type(s) is Symbol])


@builtin("SetSharedVariable", argc=(0, None), attributes=_HOLD,
         usage="SetSharedVariable[s1, …] shares variables with the parallel kernels (always "
               "so in wlnet's one session).", examples=(("SetSharedVariable[x]", "Null"),))
def set_shared_variable(ev, *symbols):
    return NULL


@builtin("SetSharedFunction", argc=(0, None), attributes=_HOLD,
         usage="SetSharedFunction[f1, …] shares functions with the parallel kernels (always "
               "so in wlnet's one session).", examples=(("SetSharedFunction[f]", "Null"),))
def set_shared_function(ev, *symbols):
    return NULL


@builtin("ParallelNeeds", argc=(1, 2),
         usage="ParallelNeeds[\"ctx`\"] loads a package on the parallel kernels: Needs in the "
               "session.", examples=())
def parallel_needs(ev, *args):
    return ev.evaluate(Expr(S.Needs, *args))


@builtin("ParallelSubmit", argc=(1, 2), attributes=_HOLD,
         usage="ParallelSubmit[expr] queues expr for evaluation on a parallel kernel: an "
               "EvaluationObject whose value WaitAll gives.",
         examples=(("WaitAll[{ParallelSubmit[1 + 1], ParallelSubmit[2 + 2]}]", "{2, 4}"),))
def parallel_submit(ev, expr, *rest):
    expr = rest[0] if rest else expr           # ParallelSubmit[{vars}, expr]
    return Expr(EVALUATION_OBJECT, expr)


def _wait(ev, e):
    if type(e) is Expr and e.head is EVALUATION_OBJECT and len(e.args) == 1:
        return ev.evaluate(e.args[0])
    if type(e) is Expr:
        return ev.evaluate(Expr.from_args(e.head, [_wait(ev, a) for a in e.args]))
    return e


@builtin("WaitAll", argc=1,
         usage="WaitAll[expr] waits for every EvaluationObject in expr and puts its result "
               "in its place.", examples=(("WaitAll[ParallelSubmit[3 4]]", "12"),))
def wait_all(ev, expr):
    return _wait(ev, expr)
