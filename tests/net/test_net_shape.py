"""Unification (wlnet/net/shape.py)."""

import pytest

from wlnet.net.shape import NetTypeError, Unifier
from wlnet.net.types import (
    AtomT, IndexIntegerT, LengthVar, RealT, SizeList, TensorT, fresh_elem, fresh_length, fresh_rank,
    fresh_size, fresh_spatial,
)


def test_size_variables_bind_both_ways():
    u = Unifier()
    a, b = fresh_size(), fresh_size()
    u.unify(TensorT((a,)), TensorT((b,)))
    u.unify(TensorT((b,)), TensorT((5,)))
    assert u.dim(a) == 5


def test_a_chain_of_bindings_is_followed_once():
    u = Unifier()
    a, b, c = fresh_size(), fresh_size(), fresh_size()
    u.unify_dim(a, b)
    u.unify_dim(b, c)
    u.unify_dim(c, 7)
    assert u.dim(a) == 7
    assert u.bindings[a] == 7 and u.bindings[b] == 7        # bound to the end directly
    assert u.dim(b) == 7 and u.dim(c) == 7


def test_length_vars_are_shared_and_never_become_sizes():
    u = Unifier()
    l1, l2 = fresh_length(), fresh_length()
    u.unify(TensorT((l1, 2)), TensorT((l2, 2)))
    assert u.dim(l1) == u.dim(l2)
    with pytest.raises(NetTypeError):
        u.unify(TensorT((l1,)), TensorT((fresh_size(),)))


def test_a_spatial_size_may_become_a_length_but_never_lends_that_to_a_plain_size():
    u = Unifier()
    length, spatial = fresh_length(), fresh_spatial()
    u.unify(TensorT((length, 3)), TensorT((spatial, 3)))            # a sequence feeds it
    assert u.dim(spatial) == length
    u.unify(TensorT((fresh_spatial(),)), TensorT((7,)))              # or a fixed size
    plain, spatial = fresh_size(), fresh_spatial()
    for pair in ((plain, spatial), (spatial, plain)):                # either side
        u.unify(TensorT(pair[:1]), TensorT(pair[1:]))
    with pytest.raises(NetTypeError):
        u.unify(TensorT((fresh_length(),)), TensorT((spatial,)))     # it is a plain size now


def test_fixed_sizes_conflict_names_both_types():
    u = Unifier()
    with pytest.raises(NetTypeError) as info:
        u.unify(TensorT((3,)), TensorT((4,)))
    assert info.value.kind == "size"
    assert info.value.first == TensorT((3,)) and info.value.second == TensorT((4,))


def test_rank_variable_takes_the_rest():
    u = Unifier()
    r = fresh_rank()
    lv = fresh_length()
    u.unify(TensorT((lv, 30)), TensorT((lv,), RealT, r))
    assert u.resolve(SizeList((), r)) == SizeList((30,))


def test_rank_mismatch():
    u = Unifier()
    with pytest.raises(NetTypeError) as info:
        u.unify(TensorT((2, 3)), TensorT((2,)))
    assert info.value.kind == "rank"


def test_integers_feed_reals_but_not_the_reverse():
    u = Unifier()
    u.unify(TensorT((), IndexIntegerT(3)), TensorT((), RealT))
    with pytest.raises(NetTypeError):
        u.unify(TensorT((), RealT), TensorT((), IndexIntegerT(3)))


def test_class_counts_unify():
    u = Unifier()
    n = fresh_size()
    u.unify(TensorT((LengthVar(1),), IndexIntegerT(11)), TensorT((LengthVar(1),), IndexIntegerT(n)))
    assert u.dim(n) == 11


# ---------------------------------------------------------------------------- element variables

def _seq(elem):
    return TensorT((7,), elem)


def test_an_element_variable_takes_what_flows_in():
    u, e = Unifier(), fresh_elem()
    u.unify(_seq(IndexIntegerT(3)), _seq(e))              # integer codes into the layer
    assert u.resolve(_seq(e)) == _seq(IndexIntegerT(3))
    u.unify(_seq(e), _seq(IndexIntegerT(fresh_size())))  # and on to a consumer of codes
    with pytest.raises(NetTypeError):
        u.unify(_seq(e), _seq(IndexIntegerT(4)))          # the bound travels


def test_an_element_variable_learns_only_requirements_from_its_consumer():
    u, e = Unifier(), fresh_elem()
    u.unify(_seq(e), _seq(RealT))           # a real consumer takes anything: nothing learnt
    assert u.resolve(_seq(e)).elem == e
    u.unify(_seq(AtomT), _seq(e))           # an undecided producer: nothing learnt
    assert u.resolve(_seq(e)).elem == e
    u.unify(_seq(e), _seq(IndexIntegerT(5)))
    with pytest.raises(NetTypeError):        # reals cannot become codes
        u.unify(_seq(RealT), _seq(e))


def test_element_variables_link():
    u, a, b = Unifier(), fresh_elem(), fresh_elem()
    u.unify(_seq(a), _seq(b))
    u.unify(_seq(RealT), _seq(a))
    assert u.resolve(_seq(b)).elem == RealT
