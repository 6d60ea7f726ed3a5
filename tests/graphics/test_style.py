"""Graphics directives (wlnet.graphics.style)."""

from wlnet.core.expr import Expr, Symbol
from wlnet.graphics.style import Style, apply_directive


def directive(name, *args):
    return Expr(Symbol(name), *args)


def test_face_form_none_leaves_faces_transparent_and_edge_form_none_removes_edges():
    red = Style(colour=(1.0, 0.0, 0.0))
    faceless = apply_directive(red, directive("FaceForm", Symbol("None")))
    assert faceless is not None and faceless.face_rgba()[3] == 0.0
    edged = apply_directive(red, directive("EdgeForm", Symbol("Black")))
    assert edged.edge is not None
    assert apply_directive(edged, directive("EdgeForm", Symbol("None"))).edge is None


def test_style_font_options_given_as_rules(session):
    """Style["text", FontSize -> n, FontWeight -> …, FontSlant -> …, FontColor -> c]
    sizes and colours the text as Style["text", n, Bold, …] does."""
    def size(code):
        return [a.value for a in session.evaluate(f"ImageDimensions[Rasterize[{code}]]").args]
    assert size('Style["abc", FontSize -> 40]') == size('Style["abc", 40]')
    assert size('Style["abc", FontSize -> 5]')[0] < size('Style["abc"]')[0]
    pixels = session.evaluate('Rasterize[Style["abc", FontColor -> Red, FontSize -> 20]]').pixels
    pixels = pixels.reshape(-1, pixels.shape[-1])[:, :3].astype(float)
    inked = pixels[pixels.min(axis=1) < 128]
    assert len(inked) and (inked[:, 0] > 200).all()                # red ink only
    from wlnet.graphics.style import Style, apply_directive
    from wlnet.syntax.parser import parse
    style = apply_directive(Style(), parse("FontWeight -> Bold"))
    assert style.font_weight == "bold"
    assert apply_directive(Style(), parse('FontSlant -> "Italic"')).font_slant == "italic"


def test_text_font_size_is_absolute_in_small_pictures(session):
    """FontSize is in printer's points, one pixel each at 72 dpi, whatever the picture's
    size: a 22 pt digit is about 16 pixels tall in a 28-pixel Rasterize (digit data)."""
    import numpy as np
    for size in (28, 200):
        img = session.evaluate(f'Rasterize[Graphics[Text[Style["8", FontSize -> 22]], '
                               f'PlotRange -> 1], ImageSize -> {size}]')
        grey = img.pixels.reshape(size, size, -1)[..., :3].astype(float).mean(axis=2)
        rows = np.flatnonzero((grey < 128).any(axis=1))
        assert 14 <= rows.max() - rows.min() + 1 <= 18


def test_font_family(session):
    from wlnet.graphics.render import figure_of
    from wlnet.graphics.style import Style, apply_directive
    from wlnet.syntax.parser import parse
    assert apply_directive(Style(), parse('FontFamily -> "Times"')).font_family == "serif"
    g = session.evaluate('Graphics[Text[Style["a", FontFamily -> "Times"]]]')
    (text,) = figure_of(g, lambda *a: None).axes[0].texts
    assert text.get_fontfamily() == ["serif"]
    g = session.evaluate('Graphics[Text[Style["a", FontFamily -> "No Such Font"]]]')
    (text,) = figure_of(g, lambda *a: None).axes[0].texts
    assert text.get_fontfamily() == ["sans-serif"]
