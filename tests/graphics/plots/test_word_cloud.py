"""WordCloud: its data forms, sizes by weight, a layout without overlaps, messages."""

import numpy as np

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import S, Symbol
from wlnet.graphics.plots.word_cloud import _box
from wlnet.graphics.values import numeric_array


def words_of(g):
    """(word, size, centre) of each Text."""
    out = []
    for t in g.args[0].args:
        if getattr(t, "head", None) is S.Text:
            style = t.args[0]
            out.append((style.args[0].value, style.args[1].value, numeric_array(t.args[1])))
    return out


def test_frequent_words_are_larger(session):
    words = words_of(session.evaluate('WordCloud[{"a", "b", "a", "c", "a", "b"}]'))
    assert not session.messages
    sizes = {w: s for w, s, _ in words}
    assert sizes["a"] > sizes["b"] > sizes["c"]
    assert words[0][0] == "a" and np.allclose(words[0][2], 0)      # the heaviest centred


def test_weighted_forms_agree(session):
    forms = ['<|"x" -> 5, "y" -> 2|>', '{5 -> "x", 2 -> "y"}', '{"x" -> 5, "y" -> 2}',
             '{{"x", 5}, {"y", 2}}', '{5, 2} -> {"x", "y"}']
    results = [[(w, s) for w, s, _ in words_of(session.evaluate(f"WordCloud[{f}]"))]
               for f in forms]
    assert all(r == results[0] for r in results) and not session.messages
    assert [w for w, _ in results[0]] == ["x", "y"]


def test_text_drops_stopwords_and_max_items_keeps_the_heaviest(session):
    words = [w for w, _, _ in words_of(session.evaluate(
        'WordCloud["the net and the layer and the net"]'))]
    assert sorted(words) == ["layer", "net"]
    words = words_of(session.evaluate('WordCloud[<|"a" -> 3, "b" -> 2, "c" -> 1|>, '
                                      'MaxItems -> 2]'))
    assert [w for w, _, _ in words] == ["a", "b"]


def test_no_two_words_overlap(session):
    session.evaluate("SeedRandom[5]")
    g = session.evaluate('WordCloud[RandomChoice[{"alpha", "beta", "gamma", "delta", "eps", '
                         '"zeta", "eta", "theta", "iota", "kappa"}, 200]]')
    boxes = []
    for w, s, (x, y) in words_of(g):
        bw, bh = _box(w, s)
        boxes.append((x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_messages_and_render(session, export):
    session.evaluate("WordCloud[{2, 3}]")
    assert session.messages[-1].startswith("WordCloud::wcdata")
    path, messages = export('WordCloud[{"net", "net", "layer"}]')
    assert not messages and (png_pixels(path) < 200).any()
    assert session.evaluate('Head[WordCloud[{"a"}]]') is Symbol("Graphics")
