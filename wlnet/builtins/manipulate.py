"""``Manipulate``, ``Animate`` and ``ListAnimate`` without a front end: scripts and the REPL
have no sliders, so ``Manipulate`` gives a static snapshot — the body evaluated with every
control at its initial value — and each says once per session that the controls are not
interactive in wlnet.

Controls: ``{u, min, max}`` and ``{u, min, max, step}`` start at min; ``{{u, u0}, …}`` and
``{{u, u0, label}, …}`` at u0; ``{u, {v1, v2, …}}`` at v1.  The body is evaluated with the
control variables bound (``Block``), so a held body such as ``Plot[Sin[a x], {x, 0, 6}]``
sees them.

An animation keeps all its frames: ``ListAnimate[{f1, f2, …}]`` stays as it is (shown as
its first frame), and ``Animate[body, {u, min, max}, …]`` becomes the ``ListAnimate`` of the
body as its controls vary (``ANIMATION_FRAMES`` frames over a range, or one a step of
``{u, min, max, step}``, or one a value of ``{u, {v1, v2, …}}``); with several controls
all vary at once, as WL runs an animator for each over the same duration: the longest
sweep sets the frames, a shorter one holds each of its values over several.  ``Export["x.gif", animation]`` writes every frame (a frame that is
not a picture drawn as its text); a still format the first frame.
"""

from __future__ import annotations

import weakref

import os

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_upvalue, read_options
from wlnet.builtins._listutil import float_value

_TOLD: "weakref.WeakSet" = weakref.WeakSet()          # sessions told already
_MESSAGES = {
    "static": "`1` shows a static snapshot at the controls' initial values: controls are "
              "not interactive in wlnet.",
    "vsform": "`1` is not a control specification such as {u, min, max} or {{u, u0}, min, "
              "max}.",
    "frames": "`1` is shown as its first frame: animations do not play in wlnet (Export to "
              "GIF writes every frame).",
    "direction": "Value of option AnimationDirection -> `1` should be Forward, Backward, "
                 "ForwardBackward or BackwardForward.",
}
ANIMATION_FRAMES = 24             # frames of Animate over a continuous range {u, min, max}
MAX_FRAMES = 500                  # at most, whatever the step


def _initial(spec):
    """(variable, initial value) of a control specification; None if it is not one."""
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) >= 2):
        return None
    first, second = spec.args[0], spec.args[1]
    if type(first) is Expr and first.head is S.List and len(first.args) >= 2 \
            and type(first.args[0]) is Symbol:
        return first.args[0], first.args[1]
    if type(first) is not Symbol:
        return None
    if type(second) is Expr and second.head is S.List and second.args:
        choice = second.args[0]                       # {u, {v1, v2, …}}: the first
        if type(choice) is Expr and choice.head in (S.Rule, S.RuleDelayed):
            choice = choice.args[0]                   # {u, {v1 -> "label", …}}
        return first, choice
    return first, second


def _tell(ev, head: Symbol, tag: str = "static") -> None:
    """The "static" (or "frames") message, once per session (a message silenced by Quiet
    does not count)."""
    if ev in _TOLD:
        return
    shown = ev.msg.issued
    ev.message(head, tag, head)
    if ev.msg.issued > shown:
        _TOLD.add(ev)


def _is_option(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed)


def _bindings(ev, head: Symbol, controls) -> list | None:
    """``u = initial`` for each control; None after ``head::vsform``."""
    bindings = []
    for spec in controls:
        if _is_option(spec):
            continue                                  # options: ContinuousAction, …
        found = _initial(spec)
        if found is None:
            ev.message(head, "vsform", spec)
            return None
        bindings.append(Expr(S.Set, found[0], found[1]))
    return bindings


def _snapshot(ev, head: Symbol, body, controls):
    bindings = _bindings(ev, head, controls)
    if bindings is None:
        return None
    _tell(ev, head)
    return Expr(S.Block, Expr.from_args(S.List, bindings), body)


def _sweep(ev, spec):
    """The Table iterator of the values an animated control takes: {u, {v1, …}} its
    values, {u, min, max, step} its steps, {u, min, max} ``ANIMATION_FRAMES`` values from
    min to max ({{u, u0, …}, …} alike); None when the range is not numeric or has too many
    steps."""
    first = spec.args[0]
    variable = first.args[0] if first.head is S.List else first
    rest = spec.args[1:]
    if len(rest) == 1 and type(rest[0]) is Expr and rest[0].head is S.List:
        values = [v.args[0] if _is_option(v) else v for v in rest[0].args]
        return Expr(S.List, variable, Expr.from_args(S.List, values)) if values else None
    if len(rest) not in (2, 3):
        return None
    low, high = (float_value(ev.evaluate(Expr(S.N, v))) for v in rest[:2])
    step = float_value(ev.evaluate(Expr(S.N, rest[2]))) if len(rest) == 3 else None
    if low is None or high is None or (len(rest) == 3 and not step):
        return None
    if step is None:
        step_expr = Expr(S.Times, Expr(S.Plus, rest[1], Expr(S.Times, Integer(-1), rest[0])),
                         Expr(S.Power, Integer(ANIMATION_FRAMES - 1), Integer(-1)))
        return Expr(S.List, variable, rest[0], rest[1], step_expr) if high != low else \
            Expr(S.List, variable, Expr(S.List, rest[0]))
    if (high - low) / step + 1 > MAX_FRAMES:
        return None
    return Expr(S.List, variable, *rest)


@builtin("Manipulate", attributes=("HoldAll", "Protected"), argc=(1, None),
         messages=_MESSAGES,
         usage="Manipulate[expr, {u, min, max}, …] is expr with controls for u; wlnet has no "
               "front end for them and gives expr at the controls' initial values (min, or "
               "u0 of {{u, u0}, min, max}).",
         examples=(("Quiet[Manipulate[a^2, {a, 3, 5}]]", "9"),))
def manipulate(ev, body, *controls):
    return _snapshot(ev, Symbol("Manipulate"), body, controls)


@builtin("Animate", attributes=("HoldAll", "Protected"), argc=(1, None), messages={
         **_MESSAGES, "range": "The range of `1` is not numeric or has more than "
                               f"{MAX_FRAMES} steps."},
         usage="Animate[expr, {u, min, max}, …] is an animation of expr as u (and every "
               "other control, all at once) varies: the ListAnimate of its frames (24 over "
               "a range, one a step of {u, min, max, step}, one a value of {u, {v1, v2, "
               "…}}), shown as its first frame.",
         examples=(("Quiet[Animate[{a, 2 a}, {a, 1, 5}]][[1, 1]]", "{1, 2}"),))
def animate(ev, body, *controls):
    head = Symbol("Animate")
    bindings = _bindings(ev, head, controls)
    specs = [c for c in controls if not _is_option(c)]
    if bindings is None or not specs:
        return None if bindings is None else _snapshot(ev, head, body, controls)
    sweeps = []
    for spec in specs:
        iterator = _sweep(ev, spec)
        if iterator is None:
            ev.message(head, "range", spec)
            return None
        values = ev.evaluate(Expr(S.Table, iterator.args[0], iterator))
        sweeps.append((iterator.args[0], _from_initial(ev, list(values.args), spec)))
    _tell(ev, head, "frames")
    options = [c for c in controls if _is_option(c)]
    frames = Expr.from_args(S.List, _frames(body, sweeps))
    return Expr(S.Block, Expr(S.List), Expr(Symbol("ListAnimate"), frames, *options))


def _from_initial(ev, values: list, spec) -> list:
    """The values from the control's initial value on ({{u, u0}, …}: an animator starts
    at u0, runs to the end and begins again), the first value that is u0 or past it."""
    first = spec.args[0]
    if not (type(first) is Expr and first.head is S.List and len(first.args) >= 2):
        return values
    start = first.args[1]
    at = next((k for k, v in enumerate(values) if v == start), None)
    if at is None:
        target = float_value(ev.evaluate(Expr(S.N, start)))
        numbers = [float_value(ev.evaluate(Expr(S.N, v))) for v in values]
        if target is None or None in numbers:
            return values
        ascending = numbers[-1] >= numbers[0]
        at = next((k for k, v in enumerate(numbers)
                   if (v >= target - 1e-12 if ascending else v <= target + 1e-12)), 0)
    return values[at:] + values[:at]


def _frames(body, sweeps: list) -> list:
    """The body at each frame with every control varying at once, as each of WL's
    animators runs through its values in the same duration: as many frames as the
    longest sweep, each control at the same share of its own values (a shorter one
    holding each value over several frames)."""
    count = max(len(values) for _, values in sweeps)
    frames = []
    for k in range(count):
        share = k / count
        assignments = [Expr(S.Set, variable, values[min(int(share * len(values) + 1e-9),
                                                        len(values) - 1)])
                       for variable, values in sweeps]
        frames.append(Expr(S.Block, Expr.from_args(S.List, assignments), body))
    return frames


# ListAnimate's options: those that shape the frames and their timing (the GIF Export and
# a notebook write), and those of the player's look and controls in a front end, which
# wlnet does not draw (the "frames" message says the animation does not play).
_TIMING_OPTIONS = ("AnimationRate", "AnimationRepetitions", "DisplayDurations",
                   "DefaultDuration", "AnimationDirection")
_PLAYER_OPTIONS = ("AnimationRunning", "AppearanceElements", "ControlPlacement",
                   "DisplayAllSteps", "Deployed", "Paneled", "RefreshRate")
_LIST_ANIMATE_OPTIONS = {name: S.Automatic for name in _TIMING_OPTIONS + _PLAYER_OPTIONS +
                         ("ImageSize",)}
_DIRECTIONS = ("Forward", "Backward", "ForwardBackward", "BackwardForward")
_GIF_OPTIONS = ("AnimationRate", "AnimationRepetitions", "DisplayDurations")


@builtin("ListAnimate", argc=(1, None), messages=_MESSAGES,
         usage="ListAnimate[{expr1, expr2, …}] shows the expressions in turn; wlnet keeps "
               "them all, shows the first, and Export to GIF writes a frame each (at its "
               "AnimationRate, DisplayDurations or DefaultDuration, AnimationRepetitions "
               "times, in its AnimationDirection).",
         examples=(("Quiet[ListAnimate[{1, 2, 3}]][[1]]", "{1, 2, 3}"),))
def list_animate(ev, frames, *options):
    if read_options(ev, Expr(Symbol("ListAnimate"), frames, *options), options,
                    _LIST_ANIMATE_OPTIONS) is None:
        return None                               # optx / nonopt told; kept as it is
    direction = _option_value(options, "AnimationDirection")
    if direction is not None and getattr(direction, "name", None) not in _DIRECTIONS:
        ev.message(Symbol("ListAnimate"), "direction", direction)
        return None
    if type(frames) is Expr and frames.head is S.List and frames.args:
        _tell(ev, Symbol("ListAnimate"), "frames")
    return None                                   # kept whole: its frames are the value


def _option_value(options, name: str):
    """The value of the last rule for ``name`` among ``options`` (None when none)."""
    for rule in reversed(options):
        if _is_option(rule) and getattr(rule.args[0], "name", None) == name:
            return rule.args[1]
    return None


def shown_frame(e):
    """What an animation shows (its first frame); any other expression itself."""
    frames = _animation_frames(e)
    return e if frames is None else frames[0]


def _animation_frames(e) -> list | None:
    """The frames an animation shows in turn, in its AnimationDirection (ForwardBackward
    goes back without showing either end twice)."""
    if not (type(e) is Expr and e.head is Symbol("ListAnimate") and e.args
            and type(e.args[0]) is Expr and e.args[0].head is S.List and e.args[0].args):
        return None
    frames = list(e.args[0].args)
    direction = getattr(_option_value(e.args[1:], "AnimationDirection"), "name", "Forward")
    if direction in ("Backward", "BackwardForward"):
        frames.reverse()
    if direction in ("ForwardBackward", "BackwardForward"):
        frames += frames[-2:0:-1]
    return frames


def _timing(animation, frames: list) -> dict:
    """{option name: value} of the GIF's timing: AnimationRate, AnimationRepetitions,
    DisplayDurations as given; DefaultDuration -> t (one pass in t seconds) as durations
    when neither a rate nor durations are given."""
    options = {r.args[0].name: r.args[1] for r in animation.args[1:] if _is_option(r)
               and getattr(r.args[0], "name", None) in _GIF_OPTIONS}
    total = _option_value(animation.args[1:], "DefaultDuration")
    seconds = float_value(total) if total is not None else None
    if seconds is not None and seconds > 0 and not options.keys() & {
            "AnimationRate", "DisplayDurations"}:
        options["DisplayDurations"] = Expr(S.List, *[Real(seconds / len(frames))] * len(frames))
    return options


@builtin_upvalue("Export", "ListAnimate")
def export_animation(ev, file, animation, *rest):
    """Export[file, ListAnimate[frames, …]]: to GIF every frame (a frame that is not a
    picture drawn as its text; the animation's AnimationRate and AnimationRepetitions
    unless the Export gives its own); to any other format the first frame."""
    frames = _animation_frames(animation)
    if frames is None or type(file) is not String:
        return None
    fmt = rest[0] if rest and type(rest[0]) is String else None
    name = fmt.value if fmt is not None else os.path.splitext(file.value)[1].lstrip(".")
    if name.upper() != "GIF":
        return Expr(S.Export, file, frames[0], *rest)
    from wlnet.graphics.builtins import text_picture
    from wlnet.graphics.values import is_picture
    pictures = [f if type(f).__name__ == "Image" or is_picture(f) else text_picture(f)
                for f in frames]
    given = {getattr(r.args[0], "name", None) for r in rest if _is_option(r)}
    inherited = [Expr(S.Rule, Symbol(name), value) for name, value in
                 _timing(animation, frames).items() if name not in given]
    size = _option_value(animation.args[1:], "ImageSize")
    if size is not None and "ImageSize" not in given:
        inherited.append(Expr(S.Rule, S.ImageSize, size))
    return Expr(S.Export, file, Expr.from_args(S.List, pictures), *rest, *inherited)


def _first_frame_text(e):
    from wlnet.syntax.printer import output_form
    frames = _animation_frames(e)
    return None if frames is None else output_form(frames[0])


def animation_gif(e) -> bytes | None:
    """An animation (ListAnimate, what Animate gives) as the animated GIF Export writes of
    it, with its own AnimationRate, AnimationRepetitions and DisplayDurations: what a
    front end shows playing (Jupyter).  None for anything else, for one frame, or when a
    frame cannot be drawn."""
    frames = _animation_frames(e)
    if frames is None or len(frames) < 2:
        return None
    from wlnet.builtins.io import gif_bytes
    options = _timing(e, frames)
    try:
        return gif_bytes(Expr.from_args(S.List, frames), options)
    except Exception:           # a frame or an option it cannot draw: the first frame then
        return None


from wlnet.syntax.printer import register_output_format  # noqa: E402  (after the builtins)

register_output_format("ListAnimate", _first_frame_text)
