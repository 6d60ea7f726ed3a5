"""Every registered layer goes through the same checks (registering a layer enrols it):

- its usage text and documented examples (each run, its output checked);
- its sample instance (``spec.sample``): fully specified, shapes of a forward pass on random
  data equal the declared port types;
- float64 central differences against the backward pass, for every real input and every
  array;
- an Export/Import ``.wlnet`` round trip and an InputForm round trip give the same net.
"""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.registry import all_specs
from wlnet.net.spec import LayerSpec
from wlnet.net.types import IndexIntegerT, LengthVar, TensorT
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients, random_arrays

SPECS = sorted(all_specs(), key=lambda s: s.symbol)
# the layers that run (PlaceholderLayer never does: see test_a_layer_that_never_runs)
RUNNING = [s for s in SPECS if s.evaluates]
EXAMPLES = [(s.symbol, i, text, want) for s in SPECS for i, (text, want) in enumerate(s.examples)]
SEQUENCE_LENGTHS = (3, 2)           # a sample batch of two sequences of different lengths


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def sample_net(session, spec):
    assert spec.sample, f"{spec.symbol} declares no sample instance"
    return net_from_expr(evaluate(session, f"NetInitialize[{spec.sample}]"))


def sample_batch(t: TensorT, rng, dtype=np.float64) -> Batch:
    """Random data for a port of type ``t``: reals in (0.1, 0.9) (valid for every loss),
    integer codes in range; a leading LengthVar gives sequences of different lengths."""
    dims = t.dims
    varying = bool(dims) and isinstance(dims[0], LengthVar)
    inner = tuple(dims[1:] if varying else dims)
    assert all(isinstance(d, int) for d in inner), f"not fully specified: {t}"
    batch = len(SEQUENCE_LENGTHS)
    shape = (batch, max(SEQUENCE_LENGTHS)) + inner if varying else (batch,) + inner
    if isinstance(t.elem, IndexIntegerT):
        data = rng.integers(1, t.elem.n + 1, size=shape).astype(np.int32)
    else:
        data = rng.uniform(0.1, 0.9, size=shape).astype(dtype)
    lengths = np.array(SEQUENCE_LENGTHS, np.int64) if varying else None
    if varying:
        for i, n in enumerate(SEQUENCE_LENGTHS):
            data[i, n:] = 0
    return Batch(data, lengths)


def expected_shape(t: TensorT, lengths, batch: int = len(SEQUENCE_LENGTHS)) -> tuple:
    dims = t.dims
    if dims and isinstance(dims[0], LengthVar):
        return (batch, int(max(lengths))) + tuple(dims[1:])
    return (batch,) + tuple(dims)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.symbol)
def test_usage_and_examples_are_declared(spec):
    assert spec.symbol in spec.usage
    assert spec.examples, f"{spec.symbol} declares no examples"
    assert spec.op is not None or type(spec).compose is not LayerSpec.compose \
        or not spec.evaluates, f"{spec.symbol} declares no computation"


@pytest.mark.parametrize("symbol, i, text, want", EXAMPLES, ids=lambda x: str(x)[:40])
def test_example(session, symbol, i, text, want):
    assert output_form(evaluate(session, text)) == want


@pytest.mark.parametrize("spec", RUNNING, ids=lambda s: s.symbol)
def test_shapes_follow_the_port_types(session, spec):
    net = sample_net(session, spec)
    rng = np.random.default_rng(1)
    batches = {p: sample_batch(t, rng) for p, t in net.inputs().items()}
    ex = Executor.for_net(net, "Real64")
    res = ex.forward(random_arrays(net, rng), batches)
    lengths = next((b.lengths for b in batches.values() if b.lengths is not None), None)
    input_lengths = {t.dims[0] for t in net.inputs().values() if t.dims}
    for port, t in net.outputs().items():
        out = res.outputs[port]
        # a sequence of a length of its own (SequenceMostLayer's, AppendLayer's): padded to
        # the longest of its own lengths
        own = t.dims and isinstance(t.dims[0], LengthVar) and t.dims[0] not in input_lengths
        # a layer without inputs (NetArrayLayer) runs on a batch of one example
        batch = len(SEQUENCE_LENGTHS) if batches else 1
        assert out.data.shape == expected_shape(t, out.lengths if own else lengths, batch), port


@pytest.mark.parametrize("spec", RUNNING, ids=lambda s: s.symbol)
def test_gradients_against_finite_differences(session, spec):
    net = sample_net(session, spec)
    rng = np.random.default_rng(2)
    batches = {p: sample_batch(t, rng) for p, t in net.inputs().items()}
    check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, rng), batches)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.symbol)
def test_file_and_input_form_round_trips(session, spec, tmp_path):
    evaluate(session, f"net = NetInitialize[{spec.sample}];")
    path = str(tmp_path / "layer.wlnet").replace("\\", "/")
    evaluate(session, f'Export["{path}", net]')
    assert evaluate(session, f'Import["{path}"] === net').name == "True"
    assert evaluate(session, "ToExpression[ToString[InputForm[net]]] === net").name == "True"


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.evaluates], ids=lambda s: s.symbol)
def test_a_layer_that_never_runs(session, spec):
    """Its nets are built but not evaluated: the noexec message, not a traceback."""
    session.messages.clear()
    session.evaluate(f"NetInitialize[{spec.sample}][{{1, 2, 3}}]")
    assert any("::noexec" in m for m in session.messages), session.messages
    session.messages.clear()
