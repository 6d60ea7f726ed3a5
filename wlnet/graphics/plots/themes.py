"""PlotTheme: named sets of default plot options.

A theme sets defaults that explicit options override; ``PlotTheme -> {t1, t2, …}``
combines themes, a later one winning where they disagree.  Base themes ("Detailed",
"Scientific", "Minimal", "Web", …) are built from feature themes of four kinds: axes
("Frame", "FrameGrid", "NoAxes", …), colours (palettes such as "CoolColor"; "GrayColor"
and "Monochrome" tell data sets apart by dashes too), labels ("BoldLabels", …), size
("SmallImage", "MediumImage", "LargeImage", "Sparkline") and line weight.  The palettes are wlnet's own, chosen to fit each name's description.  Unknown
names have no effect, as other settings the plot does not use.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, replace

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.graphics.values import is_list

__all__ = ["Theme", "theme_of", "theme_colour", "PALETTES", "THEME_NAMES"]


def _hues(hues, saturation: float, value: float) -> tuple:
    return tuple(tuple(round(c, 6) for c in colorsys.hsv_to_rgb(h % 1.0, saturation, value))
                 for h in hues)


def _band(start: float, stop: float, count: int) -> list[float]:
    """``count`` hues across [start, stop], neighbours in the cycle far apart."""
    step = (stop - start) / max(count - 1, 1)
    half = (count + 1) // 2
    order = [i // 2 + (half if i % 2 else 0) for i in range(count)]
    return [start + k * step for k in order]


def _spread(count: int, start: float) -> list[float]:
    """``count`` hues around the circle, each the golden angle from the last."""
    return [start + k * 0.381966 for k in range(count)]


PALETTES = {
    "BoldColor": _hues(_spread(12, 0.58), 0.85, 0.8),
    "VibrantColor": _hues(_spread(10, 0.97), 0.95, 0.95),
    "NeonColor": _hues(_spread(8, 0.85), 1.0, 1.0),
    "PastelColor": _hues(_spread(8, 0.55), 0.35, 0.95),
    "DarkColor": _hues(_spread(8, 0.62), 0.75, 0.45),
    "CoolColor": _hues(_band(0.42, 0.8, 8), 0.65, 0.75),
    "WarmColor": _hues(_band(-0.04, 0.14, 8), 0.85, 0.92),
    "RoyalColor": _hues((0.74, 0.13, 0.62, 0.95, 0.5, 0.08, 0.82, 0.36), 0.7, 0.62),
    "GrayColor": tuple((g, g, g) for g in (0.1, 0.45, 0.25, 0.6, 0.35, 0.7)),
}
_DASHES = ((), (6.0, 3.0), (1.5, 2.5), (6.0, 2.5, 1.5, 2.5), (10.0, 4.0))


@dataclass(frozen=True)
class Theme:
    """What a PlotTheme setting changes: Graphics option defaults, the colours of the data
    sets, whether dashes tell them apart, the curves' thickness, labels' directives, and
    whether several curves get a legend of their expressions."""

    rules: tuple = ()                     # (option name, value), the later ones winning
    palette: tuple | None = None
    dashed: bool = False
    thickness: float | None = None
    label_directives: tuple = ()
    expressions_legend: bool = False

    def with_rules(self, *rules) -> "Theme":
        return replace(self, rules=self.rules + rules)


def _grid(x, y) -> Expr:
    return Expr(S.List, x, y)


_HEIGHTS = _grid(Symbol("None"), S.Automatic)          # grid lines across, at heights
_AXES_FEATURES = {
    "NoAxes": (("Axes", FALSE), ("Frame", FALSE)),
    "MinimalAxes": (("Axes", TRUE), ("Frame", FALSE), ("Ticks", Symbol("None"))),
    "Grid": (("Axes", FALSE), ("Frame", FALSE), ("GridLines", S.Automatic)),
    "SingleAxis": (("Axes", TRUE), ("Frame", FALSE), ("GridLines", _HEIGHTS)),
    "HeightGrid": (("Axes", TRUE), ("Frame", FALSE), ("GridLines", _HEIGHTS)),
    "FullAxes": (("Frame", TRUE),),
    "Frame": (("Frame", TRUE), ("GridLines", Symbol("None"))),
    "FullAxesGrid": (("Frame", TRUE), ("GridLines", S.Automatic)),
    "FrameGrid": (("Frame", TRUE), ("GridLines", S.Automatic)),
}
_LABEL_FEATURES = {
    "BoldLabels": (Symbol("Bold"),),
    "ItalicLabels": (Symbol("Italic"),),
    "LargeLabels": (Expr(Symbol("FontSize"), Integer(14)),),
    "SmallLabels": (Expr(Symbol("FontSize"), Integer(8)),),
    "SansLabels": (Expr(S.Rule, Symbol("FontFamily"), String("Sans")),),
    "SerifLabels": (Expr(S.Rule, Symbol("FontFamily"), String("Serif")),),
}
# size features: the named image sizes, and "Sparkline" (a word-sized line without axes:
# its proportions wlnet's own)
_SIZE_FEATURES = {
    "SmallImage": (("ImageSize", Symbol("Small")),),
    "MediumImage": (("ImageSize", Symbol("Medium")),),
    "LargeImage": (("ImageSize", Symbol("Large")),),
    "Sparkline": (("ImageSize", Integer(120)), ("AspectRatio", Real(0.2)),
                  ("Axes", FALSE), ("Frame", FALSE), ("GridLines", Symbol("None")),
                  ("PlotRangePadding", Expr(Symbol("Scaled"), Real(0.05)))),
}
# base themes as the features they combine, and their own settings
_BASE_THEMES = {
    "Default": (), "Classic": (), "Automatic": (),
    "Detailed": ("FrameGrid",),
    "Scientific": ("Frame",),
    "Minimal": ("MinimalAxes",),
    "Monochrome": ("GrayColor",),
    "Web": ("HeightGrid", "VibrantColor", "LargeLabels"),
    "Business": ("HeightGrid", "BoldColor"),
    "Marketing": ("HeightGrid", "RoyalColor", "BoldLabels"),
}
_BASE_EXTRAS = {
    "Detailed": {"expressions_legend": True},
    "Scientific": {"thickness": 1.2},
    "Web": {"thickness": 2.4},
    "Business": {"thickness": 2.0},
    "Marketing": {"thickness": 2.0},
}
THEME_NAMES = (*_BASE_THEMES, *_AXES_FEATURES, *PALETTES, *_LABEL_FEATURES, *_SIZE_FEATURES,
               "BlackBackground", "ThickLines", "ThinLines")


def _apply(theme: Theme, name: str) -> Theme:
    if name in _BASE_THEMES:
        for feature in _BASE_THEMES[name]:
            theme = _apply(theme, feature)
        return replace(theme, **_BASE_EXTRAS.get(name, {}))
    if name in _AXES_FEATURES:
        return theme.with_rules(*_AXES_FEATURES[name])
    if name in _SIZE_FEATURES:
        theme = theme.with_rules(*_SIZE_FEATURES[name])
        return replace(theme, thickness=1.0) if name == "Sparkline" else theme
    if name in PALETTES:
        return replace(theme, palette=PALETTES[name], dashed=name == "GrayColor")
    if name in _LABEL_FEATURES:
        return replace(theme, label_directives=theme.label_directives + _LABEL_FEATURES[name])
    if name == "ThickLines":
        return replace(theme, thickness=2.6)
    if name == "ThinLines":
        return replace(theme, thickness=1.0)
    if name == "BlackBackground":                 # light labels and lines, bright colours
        white = Symbol("White")
        theme = replace(theme, palette=PALETTES["NeonColor"], dashed=False,
                        label_directives=theme.label_directives + (white,))
        return theme.with_rules(("Background", Symbol("Black")), ("AxesStyle", white),
                                ("FrameStyle", white))
    return theme


def _names(spec) -> list[str]:
    if type(spec) is String:
        return [spec.value]
    if is_list(spec):
        return [n for a in spec.args for n in _names(a)]
    return []


def theme_of(call) -> Theme:
    """The Theme of a plot call's PlotTheme setting (no changes when it has none)."""
    theme = Theme()
    for name in _names(call.get("PlotTheme")):
        theme = _apply(theme, name)
    return theme


def theme_rules(theme: Theme) -> list:
    """The theme's Graphics options, for after the user's (the later theme setting of an
    option first, as the first setting of an option wins)."""
    rules = [Expr(S.Rule, Symbol(name), value) for name, value in reversed(theme.rules)]
    if theme.label_directives:
        rules.insert(0, Expr(S.Rule, Symbol("LabelStyle"),
                             Expr(Symbol("Directive"), *theme.label_directives)))
    return rules


def theme_colour(call, index: int, default):
    """The colour of element ``index``: from the theme's palette when it has one,
    ``default`` otherwise."""
    palette = theme_of(call).palette
    return default if palette is None else palette[index % len(palette)]


def theme_dashes(theme: Theme, index: int) -> tuple:
    return _DASHES[index % len(_DASHES)] if theme.dashed else ()
