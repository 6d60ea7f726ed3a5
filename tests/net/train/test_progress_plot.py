"""Progress reporters (Print lines, the rich panel, files, functions) and the LossPlot image."""

import csv
import io
import json

import numpy as np
import pytest

from _fake import B, W, LinearExecutor, initial_arrays, linear_problem
from wlnet.core.image import decode_png, encode_png
from wlnet.net.train import data as D
from wlnet.net.train import progress as P
from wlnet.net.train.losses import Loss
from wlnet.net.train.loop import run_training
from wlnet.net.train.optimizers import MethodSpec, Optimizer, Parameters
from wlnet.net.train.plot import ROUND_COLOUR, VALIDATION_COLOUR, loss_plot_pixels


def train(reporters, rounds=3, validation=False):
    inputs, targets = linear_problem(128)
    rng = np.random.default_rng(0)
    idx, val = np.arange(128), None
    if validation:
        idx, held = D.validation_split(128, 32, 0.25, rng)
        val = D.prepare_batches(inputs, targets, [held])
    data = D.prepare_batches(inputs, targets, D.bucket_by_length(idx, None, 32, rng))
    params = Parameters(initial_arrays(), [W, B], np.float64)
    opt = Optimizer(params, MethodSpec("ADAM", {"LearningRate": 0.05}))
    return run_training(LinearExecutor(), params, opt, data, [Loss("Output", "MeanSquared")],
                        batch_size=32, max_rounds=rounds, rng=rng, reporters=reporters,
                        validation=val)


def test_print_reporter_lines():
    lines = []
    train([P.PrintReporter(lines.append, interval=0.0)], rounds=2, validation=True)
    assert lines[0] == "Training with ADAM, batch size 32, 3 batches per round."
    body = lines[1:-1]
    # every batch but a round's last, whose line is the round's end (the end: shown already)
    assert len(body) == 2 * 2 + 2
    assert body[-1].startswith("round 2/2  batch 3/3") and "validation loss" in body[-1]
    assert lines[-1] == "Training complete."


def test_print_reporter_interval_limits_lines():
    lines = []
    train([P.PrintReporter(lines.append, interval=3600.0)], rounds=3)
    assert len(lines) == 3                                # header, final line, end text


def test_panel_reporter_renders_to_a_terminal():
    from rich.console import Console
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    train([P.PanelReporter(interval=0.0, console=console)], rounds=2, validation=True)
    text = out.getvalue()
    for word in ("NetTrain (ADAM)", "round", "2/2", "batch loss", "validation loss",
                 "learning rate", "examples/s", "remaining", "Training complete."):
        assert word in text, word


@pytest.mark.parametrize("ext", ["csv", "tsv", "json"])
def test_file_reporter_writes_a_row_per_round(tmp_path, ext):
    path = str(tmp_path / f"progress.{ext}")
    run = train([P.FileReporter(path)], rounds=3)
    if ext == "json":
        with open(path) as fh:
            rows = json.load(fh)
        assert [r["Round"] for r in rows] == [1, 2, 3]
        assert rows[-1]["RoundLoss"] == pytest.approx(run.round_losses[-1])
    else:
        with open(path, newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t" if ext == "tsv" else ","))
        assert tuple(rows[0]) == P.FILE_COLUMNS and [r[0] for r in rows[1:]] == ["1", "2", "3"]


def test_function_reporter_gets_state_each_round():
    states = []
    train([P.FunctionReporter(states.append)], rounds=3)
    assert [s["Round"] for s in states] == [1, 2, 3]
    assert all(s["RoundLoss"] is not None and s["BatchesPerRound"] == 4 for s in states)


def test_format_seconds():
    assert [P.format_seconds(s) for s in (3.2, 75, 7300, None, float("inf"))] == \
        ["3s", "1m15s", "2h01m", "-", "-"]


def _has_colour(img, colour):
    return bool(np.all(img == np.array(colour, np.uint8), axis=2).any())


def test_loss_plot_draws_both_curves_and_encodes_as_png():
    img = loss_plot_pixels([10.0, 3.0, 1.0, 0.5], [12.0, 4.0, 1.5, 0.7], [1, 2, 3, 4])
    assert img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] == 3
    assert _has_colour(img, ROUND_COLOUR) and _has_colour(img, VALIDATION_COLOUR)
    assert np.array_equal(decode_png(encode_png(img)), img)
    only_round = loss_plot_pixels([1.0, 0.5])
    assert _has_colour(only_round, ROUND_COLOUR) and not _has_colour(only_round, VALIDATION_COLOUR)


def test_loss_plot_is_log_scaled():
    img = loss_plot_pixels([100.0, 10.0, 1.0])
    rows = [np.where(np.all(img[:, c] == np.array(ROUND_COLOUR, np.uint8), axis=1))[0]
            for c in (100, 196, 292)]             # equally spaced columns
    mid = [float(np.mean(r)) for r in rows if len(r)]
    # equal ratios of the loss → equal vertical steps
    assert len(mid) == 3 and abs((mid[1] - mid[0]) - (mid[2] - mid[1])) <= 3


def test_loss_plot_survives_odd_values():
    for values in ([], [float("nan")], [0.0, -1.0], [1.0]):
        assert loss_plot_pixels(values).shape[2] == 3


def test_progress_indicator_is_one_line():
    from rich.console import Console
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    train([P.ProgressIndicatorReporter(interval=0.0, console=console)], rounds=2)
    last = [l for l in out.getvalue().splitlines() if "round" in l][-1]
    assert "round 2/2" in last and "loss" in last and "Training complete." in out.getvalue()


class _CompilingExecutor(LinearExecutor):
    """Its first forward pass compiles a kernel, as the first batch does in a fresh checkout."""

    def forward(self, *args, **kwargs):
        if self.forward_calls == 0:
            import numba
            from wlnet.kernels import gru
            numba.njit(gru._length_bounds.py_func)(np.array([2, 1]))   # new: compiles
        return super().forward(*args, **kwargs)


def test_panel_notes_that_kernels_are_compiling():
    from rich.console import Console
    from wlnet.kernels import _jit
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    inputs, targets = linear_problem(64)
    rng = np.random.default_rng(0)
    data = D.prepare_batches(inputs, targets, D.bucket_by_length(np.arange(64), None, 32, rng))
    params = Parameters(initial_arrays(), [W, B], np.float64)
    opt = Optimizer(params, MethodSpec("ADAM", {}))
    reporter = P.PanelReporter(interval=3600.0, console=console)
    run_training(_CompilingExecutor(), params, opt, data, [Loss("Output", "MeanSquared")],
                 batch_size=32, max_rounds=1, rng=rng, reporters=[reporter])
    frames = out.getvalue()
    assert _jit.COMPILING_NOTE in frames
    final = frames.rsplit("NetTrain (ADAM)", 1)[1]
    assert _jit.COMPILING_NOTE not in final           # gone once compiled
    assert reporter._show_compiling not in _jit._watch.hooks
