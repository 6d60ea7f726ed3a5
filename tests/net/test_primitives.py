"""Every row of the primitive table: its vjp against float64 central differences, and its
torch mapping against its CPU forward (when torch is installed).  The table below must name
every row, so a new primitive cannot go unchecked."""

from functools import partial

import numpy as np
import pytest

from wlnet.net.functions import FUNCTIONS
from wlnet.net.layers.function import run_tree
from wlnet.net.primitives import PRIMITIVES, data_of
from wlnet.net.values import Batch, RunContext

RNG = np.random.default_rng(5)
CTX = RunContext(False, None, True, np.dtype(np.float64))


def seq(shape=(2, 4, 3), lengths=(4, 2), low=-1.0, high=1.0):
    data = RNG.uniform(low, high, size=shape)
    for i, n in enumerate(lengths):
        data[i, n:] = 0
    return Batch(data, np.array(lengths, np.int64))


def plain(shape=(2, 3), low=-1.0, high=1.0):
    return Batch(RNG.uniform(low, high, size=shape), None)


def codes(n=4, shape=(2, 3)):
    return Batch(RNG.integers(1, n + 1, size=shape).astype(np.int32), None)


# x^2 and its input gradient 2 x dy, as CompiledLayer gives them (FunctionLayer's trees run)
SQUARE = partial(run_tree, ("times", ("arg", 0), ("arg", 0)))
SQUARE_GRADIENT = partial(run_tree, ("times", ("num", 2.0), ("times", ("arg", 0), ("arg", 1))))

# name -> list of (attrs, operands); operands are Batches or plain arrays
CASES = {
    "map": [({"function": "Tanh"}, [seq()]), ({"function": "ArcSinh"}, [plain()]),
            ({"function": "Gamma"}, [plain(low=0.5, high=2)]), ({"function": "SELU"}, [plain()])],
    "add": [({}, [seq(), RNG.normal(size=3)])],
    "subtract": [({}, [plain(), plain()])],
    "times": [({}, [plain(), np.array(2.5)])],
    "divide": [({}, [plain(), plain(low=1, high=2)])],
    "power": [({}, [plain(low=0.5, high=2), plain()])],
    "max": [({}, [plain(), plain()])],
    "min": [({}, [plain(), plain()])],
    "const": [({"value": 1.5}, [])],
    "clip": [({"low": -0.5, "high": 0.5}, [plain()])],
    "where": [({}, [Batch(np.array([[1.0, 0, 1], [0, 0, 1]]), None), plain(), plain()])],
    "greater": [({}, [plain(), plain()])],
    "greater_equal": [({}, [plain(), plain()])],
    "less": [({}, [plain(), plain()])],
    "less_equal": [({}, [plain(), plain()])],
    "equal": [({}, [plain(), plain()])],
    "unequal": [({}, [plain(), plain()])],
    "linear": [({}, [plain((2, 4, 3)), RNG.normal(size=(5, 3))]),
               ({}, [seq(), RNG.normal(size=(5, 3)), RNG.normal(size=5)])],
    "reshape": [({"dims": (-1,)}, [plain((2, 3, 2))]), ({"dims": (3, 2)}, [plain((2, 6))])],
    "transpose": [({"perm": (1, 0, 2)}, [plain((2, 3, 4, 2))])],
    "concatenate": [({"axis": -1}, [seq(), seq((2, 4, 2))])],
    "total": [({"axes": (0,)}, [seq()]), ({"axes": (-1,)}, [plain((2, 3, 4))])],
    "example_mean": [({}, [seq()]), ({}, [plain((2, 3, 2))])],
    "softmax": [({"axis": -1}, [plain((2, 3, 4))]), ({"axis": 0}, [seq((2, 4))])],
    "sequence_last": [({}, [seq()])],
    "one_hot": [({"classes": 4}, [codes()])],
    "gather": [({}, [RNG.normal(size=(4, 3)), codes()])],
    "dropout": [({"p": 0.3}, [plain()])],
    # sequence models
    "sequence_most": [({}, [seq()]), ({}, [plain((2, 3, 2))])],
    "sequence_rest": [({}, [seq()]), ({}, [plain((2, 3, 2))])],
    "sequence_reverse": [({}, [seq((3, 4, 2), (4, 2, 3))]), ({}, [plain((2, 3))])],
    # FunctionLayer's Riffle (as many parts, one fewer, a constant list) and Ordering
    "riffle": [({}, [plain((2, 3)), plain((2, 3))]), ({}, [plain((2, 3, 2)), plain((2, 2, 2))]),
               ({}, [plain((2, 3)), RNG.normal(size=(2,))])],
    "ordering": [({}, [plain((2, 4))]), ({}, [seq((3, 5), (5, 2, 4))])],
    "sort": [({"descending": False}, [seq((3, 5), (5, 2, 4))]), ({"descending": True}, [plain((2, 4))]),
             ({"descending": False}, [RNG.normal(size=4)])],
    "sequence_append": [({}, [seq(), plain((2, 3))]), ({}, [plain((2, 3)), plain((2,))])],
    "sequence_prepend": [({}, [seq(), plain((2, 3))]), ({}, [plain((2, 3)), plain((2,))])],
    # array and structure layers
    "flatten": [({"level": None}, [plain((2, 3, 2))]), ({"level": 1}, [plain((2, 2, 3, 2))]),
                ({"level": -1}, [seq((2, 4, 2, 3))]), ({"level": ((2, 3),)}, [plain((2, 2, 3, 2))])],
    "reshape_to": [({"dims": (3, "Automatic")}, [plain((2, 2, 3))]),
                   ({"dims": ("Inherited", 6)}, [seq((2, 4, 2, 3))]), ({"dims": (2, "Automatic", "All")}, [plain((2, 4, 3, 2))])],
    "permute": [({"spec": ("swaps", ((0, 2), (0, 1)))}, [plain((2, 2, 3, 4))]),
                ({"spec": ("perm", (1, 0))}, [plain((2, 3, 4, 2))]), ({"spec": ("swaps", ((1, 2),))}, [seq((2, 4, 2, 3))])],
    "catenate": [({"level": 1}, [plain((2, 2, 3)), plain((2, 3, 3))]),
                 ({"level": -1}, [seq((2, 4, 3)), seq((2, 4, 2))]),
                 ({"level": 1}, [plain((2, 3, 2)), plain((2, 4))]),
                 # a constant operand (no batch axis), as FunctionLayer's Append[x, 1] joins
                 ({"level": 1}, [plain((2, 3)), RNG.normal(size=(1,))])],
    # FunctionLayer's Accumulate and matrix functions
    "accumulate": [({}, [plain((2, 3, 2))]), ({}, [seq((2, 4, 3), (4, 2))])],
    "diagonal": [({}, [plain((2, 3, 3))]), ({}, [plain((2, 2, 3, 2))])],
    "det": [({}, [plain((2, 3, 3))]), ({}, [plain((2, 2, 2, 2))])],
    "matrix_norm": [({}, [plain((2, 3, 2))]), ({}, [plain((2, 2, 3, 3))])],
    # FunctionLayer's #x[[#i]]: each example's own part (indices from 1, negative from the end)
    # (drawn from a generator of their own, leaving the shared stream as it was)
    "pick": [({}, [Batch(np.random.default_rng(21).uniform(-1, 1, (2, 4, 3)), None),
                   Batch(np.array([2.0, -1.0]), None)]),
             ({}, [Batch(np.random.default_rng(22).uniform(-1, 1, (2, 4)), None),
                   Batch(np.array([[1.0, 4.0, 1.0], [3.0, 3.0, -4.0]]), None)])],
    "inverse": [({}, [Batch(RNG.uniform(-1, 1, (2, 3, 3)) + 3 * np.eye(3), None)])],
    "reduce": [({"function": f, "levels": lv}, [x]) for f in ("Total", "Mean", "Max", "Min", "Times",
                                                              "Median", "InterquartileRange",
                                                              "MeanDeviation")
               for lv, x in ((("span", 2, None), plain((2, 3, 2, 2))), (("list", (1,)), seq((2, 4, 3))),
                             (("span", 1, None), seq((2, 4, 3))))],
    "zero_padding": [({}, [seq()]), ({}, [plain()])],
    "replicate": [({"dims": (3,), "level": 1}, [plain((2, 2))]), ({"dims": (2, 3), "level": -1}, [seq((2, 4, 2))]),
                  ({"dims": (2,), "level": 2}, [plain((2, 3, 2))])],
    "take": [({"parts": (("index", 2),)}, [plain((2, 3, 2))]),
             ({"parts": (("all",), ("span", 1, None, 2))}, [seq((2, 4, 5))]),
             ({"parts": (("list", (3, 1, 3)), ("index", -1))}, [plain((2, 3, 2))]),
             ({"parts": (("index", -1), ("index", 2))}, [seq((2, 4, 3))]), ({"parts": (("index", 2),)}, [seq()]),
             ({"parts": (("span", 2, -1, 1),)}, [seq((2, 5, 2), (5, 3))]),
             ({"parts": (("span", 1, None, 2), ("index", 1))}, [seq((2, 5, 2), (5, 2))])],
    "dot": [({}, [plain((2, 3)), plain((2, 3))]), ({}, [plain((2, 2, 3)), plain((2, 3, 4))]),
            ({}, [seq((2, 4, 3)), plain((2, 3))]), ({}, [plain((2, 3)), RNG.normal(size=(3, 2))])],
    "pad": [({"widths": ((1, 2),), "method": 0.5}, [plain((2, 3))]),
            ({"widths": ((1, 0), (2, 1)), "method": "Fixed"}, [plain((2, 2, 3))]),
            ({"widths": ((2, 1),), "method": "Reflected"}, [plain((2, 3))]),
            ({"widths": ((0, 0), (3, 2)), "method": "Periodic"}, [seq((2, 4, 2))])],
    "align": [({}, [plain((2, 3)), plain((2, 3, 4))]), ({}, [plain((2, 3, 4)), plain((2, 3))])],
    "reshape_like": [({}, [plain((2, 6)), plain((2, 3, 2))])],
    # layers without inputs (the batch of one example that CTX runs)
    "batch": [({}, [np.linspace(-1, 1, 6).reshape(2, 3)]), ({}, [np.array(1.5)])],
    # FunctionLayer's Map over level 1 (lengths of a sequence kept by unfold_level)
    "fold_level": [({}, [plain((2, 3, 2))]), ({}, [seq((2, 4, 3), (4, 2))])],
    "unfold_level": [({}, [plain((6, 2)), plain((2, 3, 4))]), ({}, [plain((8,)), seq((2, 4, 3), (4, 2))])],
    # a distribution of one value: the torch mapping's draws equal the CPU's
    "random_of": [({"distribution": "UniformDistribution", "params": (("port", 0), ("num", 3.0)),
                    "sample": lambda rng, shape, a, b: np.full(shape, b)}, [plain()])],
    "random": [({"dims": (2, 3), "sample": lambda rng, shape: rng.uniform(0.25, 0.25, shape)}, [])],
    # CompiledLayer: a function of the whole batch; f with a gradient function of its own
    "batch_as_example": [({}, [plain((2, 3))])],
    "example_as_batch": [({}, [plain((1, 2, 3)), plain((2, 4))])],
    "compiled": [({"forward": SQUARE, "gradient": SQUARE_GRADIENT, "arity": 2, "batched": batched},
                  [plain((2, 3))]) for batched in (False, True)]
               + [({"forward": partial(run_tree, ("map", "Exp", ("arg", 0))), "batched": False, "arity": 3,
                    "gradient": partial(run_tree, ("times", ("arg", 1), ("arg", 2)))}, [plain((2, 2))])],
}


def test_every_primitive_is_checked():
    assert set(CASES) == set(PRIMITIVES)


def test_every_elementwise_function_has_a_derivative():
    # points inside (-1, 1) and beyond it: every function's domain meets one of them
    x = np.concatenate([RNG.uniform(-0.9, 0.9, size=7), RNG.uniform(1.1, 1.9, size=7)])
    x = x[np.abs(x) > 0.05]                  # away from kinks
    for fn in FUNCTIONS.values():
        with np.errstate(all="ignore"):
            y = fn.value(x)
            numeric = (fn.value(x + 1e-6) - fn.value(x - 1e-6)) / 2e-6
            analytic = np.broadcast_to(fn.derivative(x, y), x.shape)
        inside = np.isfinite(numeric)
        assert inside.sum() >= 5, fn.name
        np.testing.assert_allclose(analytic[inside], numeric[inside], rtol=1e-5, atol=1e-7,
                                   err_msg=fn.name)


def _scalar(row, attrs, operands, weights):
    y, _ = row.forward(CTX, attrs, *operands)
    return float(np.sum(weights * data_of(y)))


CALLS = [(name, i, attrs, ops) for name, cases in CASES.items() for i, (attrs, ops) in enumerate(cases)]


@pytest.mark.parametrize("name, i, attrs, operands", CALLS, ids=[f"{c[0]}-{c[1]}" for c in CALLS])
def test_vjp_against_finite_differences(name, i, attrs, operands):
    row = PRIMITIVES[name]
    y, saved = row.forward(CTX, attrs, *operands)
    weights = RNG.normal(size=np.shape(data_of(y)))
    grads = row.vjp(CTX, attrs, saved, weights)
    assert len(grads) == len(operands)
    for k, (x, g) in enumerate(zip(operands, grads)):
        v = data_of(x)
        if v.dtype.kind != "f" or name in ("greater", "greater_equal", "less", "less_equal",
                                           "equal", "unequal") or (name == "where" and k == 0):
            assert g is None
            continue
        numeric = np.zeros(v.shape)
        for idx in np.ndindex(*v.shape):
            def at(h):
                moved = v.copy()
                moved[idx] += h
                ops = list(operands)
                ops[k] = Batch(moved, x.lengths) if isinstance(x, Batch) else moved
                return _scalar(row, attrs, ops, weights)
            numeric[idx] = (at(1e-6) - at(-1e-6)) / 2e-6
        analytic = np.zeros(v.shape) if g is None else np.broadcast_to(g, v.shape)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7,
                                   err_msg=f"{name} operand {k}")


@pytest.mark.parametrize("name, i, attrs, operands", CALLS, ids=[f"{c[0]}-{c[1]}" for c in CALLS])
def test_torch_mapping_matches_the_cpu_forward(name, i, attrs, operands, request):
    torch = pytest.importorskip("torch")
    # float64 for this test only: a default left changed makes torch export float64 models
    # in later tests of the same process (onnxruntime has no float64 Elu)
    request.addfinalizer(lambda dtype=torch.get_default_dtype(): torch.set_default_dtype(dtype))
    torch.set_default_dtype(torch.float64)

    def to_torch(x):
        if isinstance(x, Batch):
            lengths = None if x.lengths is None else torch.from_numpy(x.lengths)
            return Batch(torch.from_numpy(np.ascontiguousarray(x.data)), lengths)
        return torch.from_numpy(np.asarray(x))

    y, _ = PRIMITIVES[name].forward(CTX, attrs, *operands)
    t = PRIMITIVES[name].torch(torch, attrs, *(to_torch(x) for x in operands))
    got = data_of(t).numpy() if hasattr(data_of(t), "numpy") else np.asarray(data_of(t))
    want = data_of(y)
    if isinstance(y, Batch) and y.lengths is not None:     # padding is free to differ
        mask = np.arange(want.shape[1])[None, :] < y.lengths[:, None]
        mask = mask.reshape(mask.shape + (1,) * (want.ndim - 2))
        want, got = want * mask, got * mask
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
