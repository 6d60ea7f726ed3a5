"""WordCloud: words drawn in sizes by their weights, packed around the centre.

Data, as the Wolfram Language takes it: a list of words (each weighted by how often it
occurs), a string (its words without the stopwords), ``<|word -> weight, …|>``, ``{weight ->
word, …}`` or ``{word -> weight, …}``, ``{{word, weight}, …}``, ``{weights} -> {words}``.
``MaxItems`` keeps the heaviest (150 by default).

Layout (our own): the heaviest word at the centre, each next one at the first place along
an outward spiral where its box meets no other box.  Coordinates are printer's points: the
picture's ImageSize is the cloud's width, so a word's FontSize is its size in the picture.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from wlnet.core.expr import FALSE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import graphics_result, read_call, rule
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS, rgb_expr
from wlnet.graphics.values import is_list, is_rule, number

MESSAGES = {
    "wcdata": "`1` is not a list of words, a string, or words with weights.",
    "optx": "Unknown option `1` in `2`.",
}
_MAX_ITEMS = 150
_SMALLEST, _LARGEST = 9.0, 48.0          # font sizes of the lightest and heaviest words
_CHARACTER_WIDTH = 0.58                  # of the font size, for a typical sans-serif letter
_LINE_HEIGHT = 1.05


def _word(e) -> str | None:
    return e.value if type(e) is String else e.name if type(e) is Symbol else None


def _pairs_of_rules(rules) -> list | None:
    """(word, weight) of rules written either way round (weight -> word or word -> weight)."""
    out = []
    for r in rules:
        left, right = r.args
        if number(left) is not None and _word(right) is not None:
            out.append((_word(right), number(left)))
        elif number(right) is not None and _word(left) is not None:
            out.append((_word(left), number(right)))
        else:
            return None
    return out


def _weighted_words(ev, data) -> list | None:
    """[(word, weight), …] of WordCloud's data; None when it is none of its forms."""
    if type(data) is String:
        words = ev.evaluate(Expr(Symbol("DeleteStopwords"),
                                 Expr(Symbol("TextWords"), data)))
        data = words if is_list(words) else data
        if not is_list(data):
            return None
    if type(data) is Expr and data.head is S.Association:
        return _pairs_of_rules(data.args)
    if is_rule(data) and is_list(data.args[0]) and is_list(data.args[1]) \
            and len(data.args[0].args) == len(data.args[1].args):
        return _pairs_of_rules([Expr(S.Rule, w, x) for w, x in zip(*(a.args for a in data.args))])
    if not is_list(data) or not data.args:
        return None
    items = data.args
    if all(is_rule(a) for a in items):
        return _pairs_of_rules(items)
    if all(is_list(a) and len(a.args) == 2 for a in items):
        pairs = [(_word(a.args[0]), number(a.args[1])) for a in items]
        return pairs if all(w is not None and x is not None for w, x in pairs) else None
    words = [_word(a) for a in items]
    if any(w is None for w in words):
        return None
    return list(Counter(words).items())


def _font_sizes(weights: np.ndarray) -> np.ndarray:
    lo, hi = weights.min(), weights.max()
    share = (weights - lo) / (hi - lo) if hi > lo else np.ones_like(weights)
    return _SMALLEST + (_LARGEST - _SMALLEST) * np.sqrt(share)


def _box(word: str, size: float) -> tuple[float, float]:
    return max(1, len(word)) * _CHARACTER_WIDTH * size, _LINE_HEIGHT * size


def _layout(words: list, sizes: np.ndarray) -> np.ndarray:
    """Centres of the words' boxes: each at the first free place along a spiral."""
    centres = np.zeros((len(words), 2))
    boxes = np.zeros((len(words), 4))            # left, bottom, right, top
    for k, (word, size) in enumerate(zip(words, sizes)):
        w, h = _box(word, size)
        angle = 0.0
        while True:
            radius = 1.6 * angle
            x, y = 1.4 * radius * math.cos(angle), radius * math.sin(angle)
            candidate = np.array([x - w / 2, y - h / 2, x + w / 2, y + h / 2])
            placed = boxes[:k]
            overlaps = ((placed[:, 0] < candidate[2]) & (candidate[0] < placed[:, 2])
                        & (placed[:, 1] < candidate[3]) & (candidate[1] < placed[:, 3]))
            if not overlaps.any():
                centres[k], boxes[k] = (x, y), candidate
                break
            angle += 0.35 / (1 + 0.05 * angle)
    return centres, boxes


@builtin("WordCloud", argc=(1, None), messages=MESSAGES,
         usage="WordCloud[{word1, word2, …}] draws the words, each as large as it is "
               "frequent; WordCloud[\"text\"] the text's words without stopwords; "
               "WordCloud[<|word -> weight, …|>], {weight -> word, …} or {{word, weight}, …} "
               "with the weights given.  MaxItems -> n keeps the n heaviest.",
         examples=(('Head[WordCloud[{"a", "b", "a"}]]', "Graphics"),))
def word_cloud(ev, data, *rest):
    head = Symbol("WordCloud")
    max_items = next((r.args[1] for r in rest if is_rule(r) and r.args[0] == Symbol("MaxItems")),
                     None)
    rest = tuple(r for r in rest if not (is_rule(r) and r.args[0] == Symbol("MaxItems")))
    # data {weights} -> {words} is a rule: not to be read as an option
    call = read_call(ev, head, (Expr(S.List), *rest))
    if call is None:
        return None
    pairs = _weighted_words(ev, data)
    if not pairs:
        ev.message(head, "wcdata", data)
        return None
    limit = number(max_items) if max_items is not None else _MAX_ITEMS
    pairs = sorted(pairs, key=lambda p: -p[1])[:max(1, int(limit or _MAX_ITEMS))]
    words = [w for w, _ in pairs]
    sizes = _font_sizes(np.array([x for _, x in pairs], dtype=float))
    centres, boxes = _layout(words, sizes)
    texts = []
    for k, (word, size) in enumerate(zip(words, sizes)):
        colour = rgb_expr(DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
        texts.append(Expr(S.Text, Expr(Symbol("Style"), String(word), Real(round(float(size), 2)),
                                       colour),
                          from_python([round(float(c), 3) for c in centres[k]])))
    left, bottom = boxes[:, :2].min(axis=0)
    right, top = boxes[:, 2:].max(axis=0)
    width, height = right - left, top - bottom
    defaults = [rule("PlotRange", from_python([[float(left), float(right)],
                                               [float(bottom), float(top)]])),
                rule("PlotRangePadding", Symbol("None")), rule("Axes", FALSE),
                rule("AspectRatio", Real(float(height / width))),
                rule("ImageSize", Integer(int(math.ceil(width))))]
    return graphics_result(call, texts, defaults)
