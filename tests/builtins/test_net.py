"""Layer constructors as builtins (wlnet/builtins/net.py)."""

from tests.builtins._support import run


def test_a_nothing_argument_of_a_layer_is_no_argument():
    # GalAster's model packages: BN[p__ : Nothing] := BatchNormalizationLayer["Epsilon" -> 1*^-5, p]
    r = run('BN[p__ : Nothing] := BatchNormalizationLayer["Epsilon" -> 1*^-5, p]; '
            'NetExtract[BN[], "Epsilon"]')
    assert not r.messages
    assert r.value == run("1.*^-5").value
    r = run('NetExtract[ConvolutionLayer[4, Nothing, {3, 3}, Nothing], "OutputChannels"]')
    assert not r.messages and r.value == run("4").value
