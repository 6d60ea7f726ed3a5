"""DotLayer: Dot of two or more inputs (vectors, matrices, with transpositions) against
numpy and torch; messages for sizes that do not match."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages

RNG = np.random.default_rng(17)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shapes, want", [
    ("", [(3,), (3,)], lambda a, b: np.einsum("bi,bi->b", a, b)),
    ("", [(2, 3), (3,)], lambda a, b: np.einsum("bij,bj->bi", a, b)),
    ("", [(3,), (3, 4)], lambda a, b: np.einsum("bi,bij->bj", a, b)),
    ("", [(2, 3), (3, 4), (4, 2)], lambda a, b, c: a @ b @ c),
    ("{TwoWayRule[1, 2], None}", [(3, 2), (3, 4)], lambda a, b: np.swapaxes(a, 1, 2) @ b),
    ("{None, {2, 1}}", [(2, 3), (4, 3)], lambda a, b: a @ np.swapaxes(b, 1, 2)),
    ("", [(2, 3, 4), (4, 5)], lambda a, b: np.einsum("bijk,bkl->bijl", a, b)),
])
def test_against_numpy_and_torch(session, spec, shapes, want):
    torch = pytest.importorskip("torch")
    ports = "{" + ", ".join("{" + ", ".join(map(str, s)) + "}" for s in shapes) + "}"
    net = build(session, f"DotLayer[{spec + ', ' if spec else ''}InputPorts -> {ports}]")
    xs = [RNG.normal(size=(3,) + s) for s in shapes]
    got = forward(net, **{f"Input{i + 1}": x for i, x in enumerate(xs)})["Output"]
    np.testing.assert_allclose(got, want(*xs), rtol=1e-12)
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)
    if len(shapes) == 2 and all(len(s) == 2 for s in shapes) and not spec:
        t = torch.matmul(torch.from_numpy(xs[0]), torch.from_numpy(xs[1])).numpy()
        np.testing.assert_allclose(got, t, rtol=1e-12)


def test_a_sequence_of_vectors_times_a_matrix(session):
    net = build(session, 'DotLayer[InputPorts -> {{"Varying", 3}, {3, 2}}]')
    a, m = RNG.normal(size=(2, 4, 3)), RNG.normal(size=(2, 3, 2))
    a[1, 2:] = 0
    got = forward(net, np.array([4, 2]), Input1=a, Input2=m)["Output"]
    np.testing.assert_allclose(got, a @ m, rtol=1e-12)


@pytest.mark.parametrize("text, tag", [
    ("DotLayer[InputPorts -> {{2, 3}, {2}}]", "DotLayer::dotdims"),
    ("DotLayer[][{{1, 2}, {1, 2, 3}}]", "DotLayer::dotdims"),
    ("DotLayer[{TwoWayRule[1, 3], None}, InputPorts -> {{2, 3}, {3}}]", "DotLayer::rankx"),
    ('DotLayer[InputPorts -> {3, {"Varying", 2}}]', "DotLayer::"),
    ("DotLayer[7]", "DotLayer::netarg"),
])
def test_bad_inputs_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text
