"""NetGANOperator[{generator, discriminator}, loss] (containers/gan.py), after its reference
page: the ports, the documented losses of each kind, the automatic loss, the reversed
gradient into the generator, NetExtract/InputForm round trip, messages, and NetTrain with
TrainingUpdateSchedule alternating the two nets."""

import numpy as np
import pytest

from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

GEN = 'NetChain[{LinearLayer[4], Tanh, LinearLayer[2]}, "Input" -> 3]'
DISC = 'NetChain[{LinearLayer[4], Tanh, LinearLayer[{}], LogisticSigmoid}]'
CRITIC = 'NetChain[{LinearLayer[4], Tanh, LinearLayer[{}]}]'


@pytest.fixture
def s():
    return Session()


def run(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def values(e):
    return np.asarray(to_numpy_data(e), float)


def shown(s, text):
    return output_form(run(s, text))


def test_ports_and_sub_nets(s):
    run(s, f'gan = NetGANOperator[{{{GEN}, {DISC}}}];')
    assert shown(s, 'Information[gan, "InputPorts"]') == '<|"Sample" -> 2, "Latent" -> 3|>'
    assert shown(s, 'Keys[Information[gan, "OutputPorts"]]') == '{LossReal, LossFake, GeneratedFake}'
    assert shown(s, 'Head[NetExtract[gan, "Generator"]]') == "NetChain"
    assert shown(s, 'Information[NetExtract[gan, "Discriminator"], "LayersCount"]') == "4"


def _losses(s, kind):
    run(s, f'gan = NetInitialize[NetGANOperator[{{{GEN}, {DISC if kind != "Wasserstein" else CRITIC}}}'
           f'{", " + chr(34) + kind + chr(34) if kind else ""}], RandomSeeding -> 7];')
    run(s, 'x = {{1., 2.}, {0.5, -1.}}; z = {{0.1, 0.2, 0.3}, {-1., 0., 1.}};')
    r = run(s, 'r = gan[<|"Sample" -> x, "Latent" -> z|>];')
    real = values(run(s, 'NetExtract[gan, "Discriminator"][x]'))
    fake_x = run(s, 'NetExtract[gan, "Generator"][z]')
    fake = values(run(s, 'NetExtract[gan, "Discriminator"][NetExtract[gan, "Generator"][z]]'))
    got_real = values(run(s, 'r["LossReal"]'))
    got_fake = values(run(s, 'r["LossFake"]'))
    assert run(s, 'r["GeneratedFake"]') == fake_x
    return real, fake, got_real, got_fake


@pytest.mark.parametrize("kind", [None, "JensenShannon"])
def test_jensen_shannon_losses(s, kind):
    # Automatic with a LogisticSigmoid at the end of the discriminator is Jensen-Shannon
    real, fake, got_real, got_fake = _losses(s, kind)
    np.testing.assert_allclose(got_real, -np.log(real), rtol=1e-5)
    np.testing.assert_allclose(got_fake, -np.log(1 - fake), rtol=1e-5)


def test_wasserstein_losses(s):
    real, fake, got_real, got_fake = _losses(s, "Wasserstein")
    np.testing.assert_allclose(got_real, -real, rtol=1e-5)
    np.testing.assert_allclose(got_fake, fake, rtol=1e-5)


def test_automatic_loss_of_a_critic_is_wasserstein(s):
    run(s, f'gan = NetGANOperator[{{{GEN}, {CRITIC}}}];')
    assert shown(s, 'gan[["Loss"]] === "Wasserstein"') == "True"
    run(s, f'gan = NetGANOperator[{{{GEN}, {DISC}}}];')
    assert shown(s, 'gan[["Loss"]] === "JensenShannon"') == "True"
    # the setting reads as NetExtract reads a parameter (the net's Part is NetExtract's)
    assert shown(s, 'NetExtract[gan, "Loss"]') == "JensenShannon"
    s.messages.clear()
    s.evaluate('NetExtract[gan, "Foo"]')
    assert len(s.messages) == 1 and s.messages[0].endswith('the settings "Loss".'), s.messages


@pytest.mark.parametrize("disc, loss", [
    # probabilities made the documented scalar by a layer that only moves values
    ('NetChain[{LinearLayer[4], Tanh, LinearLayer[1], LogisticSigmoid, PartLayer[1]}]',
     "JensenShannon"),
    ('NetChain[{LinearLayer[4], NetChain[{LinearLayer[1], LogisticSigmoid}], ReshapeLayer[{}]}]',
     "JensenShannon"),
    ('NetGraph[{LinearLayer[1], LogisticSigmoid, PartLayer[1]}, {1 -> 2 -> 3}]', "JensenShannon"),
    ('NetChain[{LinearLayer[1], PartLayer[1]}]', "Wasserstein"),
    # a layer of two inputs on the way: its values are no longer the sigmoid's
    ('NetGraph[{LinearLayer[1], LogisticSigmoid, ThreadingLayer[Times], PartLayer[1]}, '
     '{1 -> 2, {2, 2} -> 3 -> 4}]', "Wasserstein"),
])
def test_automatic_loss_looks_through_layers_that_move_values(s, disc, loss):
    run(s, f'gan = NetGANOperator[{{{GEN}, {disc}}}];')
    assert shown(s, 'gan[["Loss"]]') == loss


@pytest.mark.parametrize("disc", [DISC, CRITIC])
def test_generator_gets_the_reversed_gradient(s, disc):
    """The discriminator's arrays get the gradient of LossReal + LossFake; the generator's
    the opposite of it (it maximises LossFake)."""
    net = net_from_expr(run(s, f'NetGANOperator[{{{GEN}, {disc}}}]'))
    rng = np.random.default_rng(3)
    arrays = {p: rng.uniform(-1, 1, dims) for p, dims in net.array_paths().items()}
    batches = {"Sample": Batch(rng.normal(size=(3, 2)), None),
               "Latent": Batch(rng.normal(size=(3, 3)), None)}
    ex = Executor.for_net(net, "Real64")
    res = ex.forward(arrays, batches, keep=True)
    ones = {p: np.ones(3) for p in ("LossReal", "LossFake")}
    grads = ex.backward(res, ones)

    def total(a):
        out = ex.forward(a, batches).outputs
        return float(np.sum(out["LossReal"].data) + np.sum(out["LossFake"].data))

    eps = 1e-6
    for path, value in arrays.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(*value.shape):
            up, down = value.copy(), value.copy()
            up[idx] += eps
            down[idx] -= eps
            numeric[idx] = (total({**arrays, path: up}) - total({**arrays, path: down})) / (2 * eps)
        sign = -1 if path[1] == "Generator" else 1
        np.testing.assert_allclose(grads.arrays[path], sign * numeric, rtol=1e-5, atol=1e-8)


def test_round_trip_and_messages(s):
    run(s, f'gan = NetInitialize[NetGANOperator[{{{GEN}, {DISC}}}, "Wasserstein"]];')
    assert shown(s, 'ToExpression[ToString[InputForm[gan]]] === gan') == "True"
    for text, tag in ((f'NetGANOperator[{{{GEN}, {DISC}}}, "Foo"]', "ganloss"),
                      (f'NetGANOperator[{GEN}]', "gannets"),
                      (f'NetGANOperator[{{{GEN}, CatenateLayer["InputPorts" -> 2]}}]', "ganports")):
        s.messages.clear()
        s.evaluate(text)
        assert any(f"NetGANOperator::{tag}" in m for m in s.messages), (text, s.messages)
    s.messages.clear()
    s.evaluate(f'NetGANOperator[{{{GEN}, NetChain[{{LinearLayer[4]}}, "Input" -> 3]}}]')
    assert s.messages and not any("pyerr" in m for m in s.messages)


def test_generator_steps_raise_the_discriminators_score_of_fakes(s):
    """Trained alone (the discriminator held by the schedule), the generator learns to
    fool it: the discriminator scores its fakes higher (LossFake grows)."""
    run(s, f'gan = NetInitialize[NetGANOperator[{{{GEN}, {DISC}}}], RandomSeeding -> 4];')
    run(s, 'SeedRandom[1]; data = RandomReal[1, {64, 2}]; lat = RandomReal[1, {64, 3}];')
    run(s, 'trained = NetTrain[gan, <|"Sample" -> data, "Latent" -> lat|>, '
           'TrainingUpdateSchedule -> {"Generator"}, MaxTrainingRounds -> 20, '
           'RandomSeeding -> 1, TrainingProgressReporting -> None];')
    before = values(run(s, 'Mean[gan[<|"Sample" -> data, "Latent" -> lat|>]["LossFake"]]'))
    after = values(run(s, 'Mean[trained[<|"Sample" -> data, "Latent" -> lat|>]["LossFake"]]'))
    assert after > before + 0.02, (before, after)


def test_alternating_schedule_trains_both(s):
    run(s, f'gan = NetInitialize[NetGANOperator[{{{GEN}, {DISC}}}], RandomSeeding -> 4];')
    run(s, 'SeedRandom[1]; data = RandomVariate[NormalDistribution[3, 0.5], {256, 2}]; '
           'lat = RandomVariate[NormalDistribution[], {256, 3}];')
    run(s, 'trained = NetTrain[gan, <|"Sample" -> data, "Latent" -> lat|>, '
           'TrainingUpdateSchedule -> {"Discriminator", "Generator"}, MaxTrainingRounds -> 5, '
           'RandomSeeding -> 1, TrainingProgressReporting -> None];')
    for part in ("Generator", "Discriminator"):
        assert shown(s, f'NetExtract[trained, "{part}"] === NetExtract[gan, "{part}"]') == "False"


def test_frozen_discriminator_is_not_trained(s):
    run(s, f'gan = NetInitialize[NetGANOperator[{{{GEN}, {DISC}}}], RandomSeeding -> 2];')
    run(s, 'data = RandomReal[1, {32, 2}]; lat = RandomReal[1, {32, 3}];')
    run(s, 'trained = NetTrain[gan, <|"Sample" -> data, "Latent" -> lat|>, '
           'TrainingUpdateSchedule -> {"Generator"}, MaxTrainingRounds -> 3, '
           'TrainingProgressReporting -> None];')
    assert shown(s, 'NetExtract[trained, "Discriminator"] === NetExtract[gan, "Discriminator"]') == "True"
    assert shown(s, 'NetExtract[trained, "Generator"] === NetExtract[gan, "Generator"]') == "False"


def test_the_discriminator_sees_the_real_samples_and_the_fakes_apart(s):
    """A BatchNormalizationLayer in the discriminator normalises the real batch and the
    fake batch each by its own statistics (WL runs the discriminator on each): while
    training, each half's losses are those of the discriminator run on that half alone."""
    disc = 'NetChain[{LinearLayer[3], BatchNormalizationLayer[], Tanh, LinearLayer[{}], LogisticSigmoid}, "Input" -> 2]'
    net = net_from_expr(run(s, f'NetInitialize[NetGANOperator[{{{GEN}, {disc}}}], RandomSeeding -> 2]'))
    rng = np.random.default_rng(4)
    sample, latent = rng.normal(size=(4, 2)) + 3, rng.normal(size=(4, 3))
    arrays = dict(net.arrays)
    gan = Executor.for_net(net, "Real64")
    out = gan.forward(arrays, {"Sample": Batch(sample, None), "Latent": Batch(latent, None)},
                      train=True).outputs
    inner = lambda part: {k[2:]: v for k, v in arrays.items() if k[1] == part}
    d_net = net_from_expr(run(s, f'NetExtract[NetInitialize[NetGANOperator[{{{GEN}, {disc}}}], '
                                 f'RandomSeeding -> 2], "Discriminator"]'))
    d_exec = Executor.for_net(d_net, "Real64")
    fakes = out["GeneratedFake"].data
    for name, data, loss in (("LossReal", sample, lambda d: -np.log(d)),
                             ("LossFake", fakes, lambda d: -np.log(1 - d))):
        scores = d_exec.forward(inner("Discriminator"), {"Input": Batch(data, None)},
                                train=True).outputs["Output"].data
        np.testing.assert_allclose(out[name].data, loss(scores), rtol=1e-6)


def test_a_discriminator_giving_a_vector_is_told_it_must_give_a_number():
    # a GAN post's discriminator ending in LinearLayer[1] (a length-1 vector)
    from wlnet.core.session import Session
    s = Session()
    s.evaluate('NetGANOperator[{NetChain[{16, Ramp, 1}, "Input" -> 2], '
               'NetChain[{16, Ramp, 1, LogisticSigmoid}, "Input" -> 1]}]')
    assert any(m.startswith("NetGANOperator::opinc") and "the score NetGANOperator takes is a "
               "real number" in m for m in s.messages), s.messages
