"""Manipulate: a static snapshot at the initial values; Animate and ListAnimate: all their
frames kept, shown as the first, exported to GIF a frame each; one message per session."""

import pytest

from tests.builtins._support import check_example, declared_examples
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form


@pytest.mark.parametrize("name,text,expected", declared_examples("manipulate"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("code,expected", [
    ("Manipulate[a + b, {a, 1, 5}, {b, 10, 20, 1}]", "11"),
    ("Manipulate[a, {{a, 3}, 1, 5}]", "3"),
    ('Manipulate[a, {{a, 3, "size"}, 1, 5}]', "3"),
    ("Manipulate[f[c], {c, {x, y, z}}]", "f[x]"),
    ('Manipulate[c, {c, {1 -> "one", 2 -> "two"}}]', "1"),
    ("Manipulate[a, {a, 0, 1}, ContinuousAction -> False]", "0"),
])
def test_snapshots_at_the_initial_values(code, expected):
    s = Session(echo=False)
    assert input_form(s.evaluate(code)) == expected
    assert len(s.messages) == 1 and "not interactive" in s.messages[0]


def test_the_body_is_held_and_the_message_said_once():
    s = Session(echo=False)
    s.evaluate("a = 100")
    g = s.evaluate("Manipulate[Plot[Sin[a x], {x, 0, 1}], {a, 1, 2}]")
    assert g.head.name == "Graphics" and s.messages[0].startswith("Manipulate::static")
    assert s.evaluate("a").value == 100                       # the control was local
    s.evaluate("Animate[a, {a, 0, 1}]")
    assert not s.messages                                      # said once per session
    s.evaluate("Manipulate[a, b]")
    assert s.messages[-1].startswith("Manipulate::vsform")


@pytest.mark.parametrize("code,frames", [
    ("Animate[{t, 2 t}, {t, 1, 5}]", "Table[{u, 2 u}, {u, 1, 5, 4/23}]"),     # 24 frames
    ("Animate[t, {t, 0, 1, 0.25}]", "{0., 0.25, 0.5, 0.75, 1.}"),
    ("Animate[{t, s}, {t, {a, b -> \"b\"}}, {{s, 3}, 0, 4, 1}]",
     "{{a, 3}, {a, 4}, {a, 0}, {b, 1}, {b, 2}}"),     # all vary; s from its initial value
    ("Animate[{t, s}, {t, 1, 3, 1}, {s, {p, q, r, u, v, w}}]",
     "{{1, p}, {1, q}, {2, r}, {2, u}, {3, v}, {3, w}}"),  # the longest sets the frames
    ("Animate[t, {t, 2, 2}]", "{2}"),
    ("ListAnimate[{p, q}]", "{p, q}"),
])
def test_animations_keep_their_frames_and_show_the_first(code, frames):
    from wlnet.syntax.printer import output_form
    s = Session(echo=False)
    s.evaluate("t = 7; s = 8")
    animation = s.evaluate(code)
    assert len(s.messages) == 1 and "first frame" in s.messages[0]
    assert animation.head.name == "ListAnimate"
    assert output_form(s.evaluate("First[%]")) == output_form(s.evaluate(frames))
    assert output_form(animation) == output_form(animation.args[0].args[0])   # the first
    assert input_form(s.evaluate("{t, s}")) == "{7, 8}"                     # left unbound


def test_animate_of_a_range_that_is_not_numeric():
    s = Session(echo=False)
    s.evaluate("Animate[t, {t, 0, x}]")
    assert s.messages[-1].startswith("Animate::range")
    s.evaluate("Animate[t, {t, 0, 1, 10^-6}]")
    assert s.messages[-1].startswith("Animate::range")


def test_export_of_an_animation_writes_every_frame(tmp_path):
    from PIL import Image as PILImage
    s = Session(echo=False)
    gif = tmp_path / "a.gif"
    s.evaluate(f'Export["{gif}", Animate[Graphics[Disk[{{t, 0}}], '
               'PlotRange -> {{-1, 4}, {-1, 1}}], {t, 0, 3, 1}], ImageSize -> 100]')
    with PILImage.open(gif) as picture:
        assert picture.n_frames == 4 and picture.size == (100, 40)
    s.evaluate(f'Export["{gif}", ListAnimate[{{1, 2, Graphics[Disk[]]}}, AnimationRate -> 2]]')
    with PILImage.open(gif) as picture:
        assert picture.n_frames == 3 and picture.info["duration"] == 500
    png = tmp_path / "a.png"
    assert s.evaluate(f'Export["{png}", ListAnimate[{{Graphics[Disk[]], 2}}]]').value == str(png)
    with PILImage.open(png) as picture:
        assert picture.size == (360, 360)                                 # the first frame


def test_list_animate_direction_and_default_duration_shape_the_gif(tmp_path):
    from PIL import Image as PILImage
    from wlnet.syntax.printer import output_form
    s = Session(echo=False)
    assert output_form(s.evaluate("ListAnimate[{1, 2, 3}, AnimationDirection -> Backward]")) \
        == "3"                                          # the first frame shown is the last
    gif = tmp_path / "a.gif"
    # forward then back without repeating either end: 1, 2, 3, 2; one pass in 2 seconds
    s.evaluate(f'Export["{gif}", ListAnimate[{{1, 2, 3}}, AnimationDirection -> '
               'ForwardBackward, DefaultDuration -> 2]]')
    with PILImage.open(gif) as picture:
        assert picture.n_frames == 4 and picture.info["duration"] == 500
    # a rate given wins over DefaultDuration
    s.evaluate(f'Export["{gif}", ListAnimate[{{1, 2}}, DefaultDuration -> 2, '
               'AnimationRate -> 10]]')
    with PILImage.open(gif) as picture:
        assert picture.n_frames == 2 and picture.info["duration"] == 100


def test_list_animate_option_messages():
    s = Session(echo=False)
    s.evaluate("ListAnimate[{1, 2}, Foo -> 1]")
    assert s.messages[-1].startswith("ListAnimate::optx")
    s.evaluate("ListAnimate[{1, 2}, AnimationDirection -> Sideways]")
    assert s.messages[-1].startswith("ListAnimate::direction")
    s.evaluate("ListAnimate[{1, 2}, 3]")
    assert s.messages[-1].startswith("ListAnimate::nonopt")
