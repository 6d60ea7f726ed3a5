"""TrainingProgressReporting and TrainingProgressFunction: reporters the loop calls.

A reporter has any of ``start(run)``, ``batch(run)``, ``round(run)``, ``end(run)``; ``run``
is the live ``TrainingRun`` (loop.py).  The forms:

    "Panel"              a live rich panel (terminal): round, batch, progress bar, elapsed
                         and remaining time, batch/round/validation loss, learning rate,
                         examples per second; refreshed ~3 times a second
    "ProgressIndicator"  a one-line rich progress bar
    "Print"              a plain line every 2 seconds (and at the end), for logs and pipes
    (Automatic in Jupyter) one display that updates in place (``DisplayReporter``): the
                         front end gives the evaluator a ``progress_display``
    File["x.csv"|".tsv"|".json"]   one row per round (a JSON file stays a valid list)
    None                 nothing
    Automatic            "Panel" when stdout is a terminal that redraws, else "Print"
                         (pipes, files, TERM=dumb: Emacs shells and CI logs, where a live
                         panel stays invisible until training ends)

Panels take the terminal's width (``terminal_width``), also where rich would assume 80
columns.

A TrainingProgressFunction is wrapped by ``FunctionReporter`` (called after each round).
"""

from __future__ import annotations

import csv
import io
import json
import numbers
import os
import shutil
import sys
import time

from wlnet.kernels import _jit as jit

__all__ = ["PrintReporter", "DisplayReporter", "PanelReporter", "ProgressIndicatorReporter", "FileReporter",
           "FunctionReporter", "automatic_form", "terminal_width", "format_seconds",
           "FILE_COLUMNS"]

FILE_COLUMNS = ("Round", "AbsoluteBatch", "TimeElapsed", "RoundLoss", "ValidationLoss",
                "LearningRate", "ExamplesPerSecond")


def automatic_form() -> str:
    """The reporting form for TrainingProgressReporting -> Automatic (see the module
    docstring)."""
    if os.environ.get("TERM", "") == "dumb":
        return "Print"
    try:
        return "Panel" if sys.stdout.isatty() else "Print"
    except (AttributeError, ValueError):
        return "Print"


def terminal_width() -> int:
    """The terminal's width in columns ($COLUMNS, else the terminal's own size, else 80)."""
    return shutil.get_terminal_size((80, 24)).columns


def terminal_height() -> int:
    return shutil.get_terminal_size((80, 24)).lines


def _bar_width(console) -> int:
    # the progress bar grows with the terminal, leaving room for the labels beside it
    return max(20, min(60, console.width - 40))


def format_seconds(s: float | None) -> str:
    if s is None or s != s or s == float("inf"):
        return "-"
    s = int(round(s))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{(s // 60) % 60:02d}m"


def format_rate(per_second: float) -> str:
    """Examples per second as the panel shows them: whole above 100, else three significant
    digits, so that a slow net (a big model on a CPU) shows 0.25 rather than 0."""
    if per_second != per_second or per_second <= 0:
        return "0"
    return f"{per_second:.0f}" if per_second >= 100 else f"{per_second:.3g}"


def _loss(v) -> str:
    return "-" if v is None else f"{v:.4g}"


def _rounds_text(run) -> str:
    current = getattr(run, "current_round", run.round)
    return f"{current}/{run.planned_rounds}" if run.planned_rounds else str(current)


def end_text(run) -> str:
    return {"MaxTrainingRounds": "Training complete.", "TimeGoal": "Training complete (TimeGoal reached).",
            "UserAbort": "Training aborted.", "Divergence": "Training stopped: the loss diverged.",
            "StoppingCriterion": "Training stopped early: the TrainingStoppingCriterion was met.",
            "TrainingProgressFunction": "Training stopped: a progress function asked to stop.",
            }.get(run.reason, "Training complete.")


class PrintReporter:
    """Plain lines through ``emit`` (Print's sink) at most every ``interval`` seconds."""

    def __init__(self, emit, interval: float = 2.0):
        self.emit = emit
        self.interval = interval
        self.last = None
        self.last_at = None             # (round, batch) of the last line shown: not shown twice at the end

    def start(self, run):
        self.last = time.perf_counter()
        self.emit(f"Training with {run.method_name}, batch size {run.batch_size}, "
                  f"{run.batches_per_round} batches per round.")

    def line(self, run) -> str:
        parts = [f"round {_rounds_text(run)}", f"batch {run.batch}/{run.batches_per_round}",
                 f"time {format_seconds(run.elapsed)}",
                 f"remaining {format_seconds(run.time_remaining())}",
                 f"batch loss {_loss(run.batch_loss)}", f"round loss {_loss(round_loss_so_far(run))}"]
        parts += [f"{port} {_loss(v)}" for port, v in loss_parts(run)]
        error = round_error_rate(run)
        if error is not None:
            parts.append(f"error rate {error:.3g}")
        if run.validation_losses:
            parts.append(f"validation loss {_loss(run.validation_loss)}")
        parts += _measured_texts(run, {port for port, _ in loss_parts(run)} | {"ErrorRate"})
        parts += [f"learning rate {run.learning_rate:.3g}",
                  f"{format_rate(run.examples_per_second)} examples/s"]
        return "  ".join(parts)

    def _maybe(self, run):
        now = time.perf_counter()
        if now - self.last >= self.interval:
            self.last = now
            self.last_at = (run.round, run.total_batches)
            self.emit(self.line(run))

    def batch(self, run):
        # a round's last batch is reported by the round's end, which follows at once with
        # the validation loss: two lines of the same round and batch would read as a repeat
        if run.batch < run.batches_per_round:
            self._maybe(run)

    round = _maybe

    def end(self, run):
        if self.last_at != (run.round, run.total_batches):   # not shown by the last report
            self.emit(self.line(run))
        self.emit(end_text(run))


def measurement_numbers(measured: dict) -> dict:
    """name -> number of a round's measurements (WL values) that a line or a table can
    show: numbers as they are, per-class associations as their mean over the classes (the
    macro average); matrices, plots and the like are left out."""
    out = {}
    for name, v in measured.items():
        number = _number(v)
        if number is None and getattr(v, "head", None) is not None and getattr(v.head, "name", "") == "Association":
            values = [_number(r.args[1]) for r in v.args]
            if values and all(x is not None for x in values):
                number = sum(values) / len(values)
        if number is not None:
            out[name] = number
    return out


def _number(v) -> float | None:
    value = getattr(v, "value", None)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _measured_texts(run, shown: set) -> list:
    """The last round's TrainingProgressMeasurements as "name value" (per-class ones
    macro-averaged), the validation set's as "validation name value"; ``shown``: names
    the line gives already."""
    texts = []
    for prefix, measured in (("", run.round_measurements), ("validation ", run.validation_measurements)):
        if measured:
            texts += [f"{prefix}{k} {v:.4g}" for k, v in measurement_numbers(measured[-1]).items()
                      if k != "Loss" and (prefix or k not in shown)]
    return texts


def round_loss_so_far(run) -> float | None:
    """The loss of the round a report is about: during its batches the mean of those done
    so far (as the error rate and the loss parts beside it), at its end the round's loss.
    (The last round's loss beside "round 2" would be round 1's.)"""
    if getattr(run, "in_round", False) and run.batch and len(run.batch_losses) >= run.batch:
        return sum(run.batch_losses[-run.batch:]) / run.batch
    return run.round_loss


def round_error_rate(run) -> float | None:
    """The mean error rate of this round's batches so far (a classifier's default
    measurement), else None."""
    measured = getattr(run, "batch_measurements", None)
    if not measured or not run.batch:
        return None
    values = [m["ErrorRate"] for m in measured[-run.batch:] if "ErrorRate" in m]
    return sum(values) / len(values) if values else None


def loss_parts(run) -> list:
    """(loss port, its mean over this round's batches so far) of a net trained on several
    losses, which WL's progress shows one by one beside their sum; [] for one loss."""
    parts = getattr(run, "round_loss_parts", None)
    if not parts:
        return []
    return [(port, sum(p[port] for p in parts) / len(parts)) for port in parts[0]]


class DisplayReporter(PrintReporter):
    """PrintReporter's lines in one display that the front end updates in place (Jupyter's
    display_id): ``display.show(text)`` once, then ``display.update(text)``.  The first
    line (what is trained, how) stays on top; the progress line below it is replaced."""

    def __init__(self, display, interval: float = 0.5):
        super().__init__(self._show, interval)
        self.display = display
        self.header = None

    def _show(self, text: str) -> None:
        if self.header is None:
            self.header = text
            self.display.show(text)
        else:
            self.display.update(f"{self.header}\n{text}")

    def end(self, run):
        self._show(self.line(run) + "\n" + end_text(run))


class PanelReporter:
    """A live rich panel, refreshed at most every ``interval`` seconds."""

    def __init__(self, interval: float = 0.33, console=None):
        self.interval = interval
        self.console = console
        self.live = None
        self.last = 0.0

    def _render(self, run):
        from rich.panel import Panel
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("progress", ProgressBar(total=1.0, completed=run.progress_fraction(),
                                              width=_bar_width(self.live_console)))
        table.add_row("round", _rounds_text(run))
        table.add_row("batch", f"{run.batch}/{run.batches_per_round}")
        table.add_row("time", f"{format_seconds(run.elapsed)} elapsed, "
                              f"{format_seconds(run.time_remaining())} remaining")
        table.add_row("batch loss", _loss(run.batch_loss))
        table.add_row("round loss", _loss(round_loss_so_far(run)))
        for port, v in loss_parts(run):
            table.add_row(port, _loss(v))
        error = round_error_rate(run)
        if error is not None:
            table.add_row("error rate", f"{error:.3g}")
        for text in _measured_texts(run, {port for port, _ in loss_parts(run)} | {"ErrorRate"}):
            name, value = text.rsplit(" ", 1)
            table.add_row(name, value)
        if run.validation_losses:
            table.add_row("validation loss", _loss(run.validation_loss))
        table.add_row("learning rate", f"{run.learning_rate:.3g}")
        table.add_row("examples/s", format_rate(run.examples_per_second))
        if jit.compiling():
            table.add_row("note", jit.COMPILING_NOTE)
        return Panel(table, title=f"NetTrain ({run.method_name})", expand=False)

    @property
    def live_console(self):
        from rich.console import Console
        if self.console is None:
            # both set: rich would take 80x25 for a TERM=dumb terminal otherwise
            self.console = Console(file=sys.stdout, width=terminal_width(),
                                   height=terminal_height())
        return self.console

    def start(self, run):
        from rich.live import Live
        self.live = Live(self._render(run), console=self.live_console, auto_refresh=False,
                         transient=False)
        self.live.start()
        self.run = run
        jit.add_compile_hook(self._show_compiling)

    def _show_compiling(self):
        """Redraw with the compiling note (the first batch may compile the kernels, and
        nothing else redraws the panel until it is done)."""
        if self.live is not None and self.live.is_started:
            self.live.update(self._render(self.run), refresh=True)

    def _maybe(self, run):
        now = time.perf_counter()
        if self.live is not None and now - self.last >= self.interval:
            self.last = now
            self.live.update(self._render(run), refresh=True)

    batch = _maybe
    round = _maybe

    def end(self, run):
        jit.remove_compile_hook(self._show_compiling)
        if self.live is not None:
            self.live.update(self._render(run), refresh=True)
            self.live.stop()
            if not self.live.console.is_terminal:
                # written to a file or a pipe, the last frame ends without a line break
                self.live.console.line()
            self.live.console.print(end_text(run))


class ProgressIndicatorReporter(PanelReporter):
    """One line: a progress bar with the round and the round loss."""

    def _render(self, run):
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        row = Table.grid(padding=(0, 1))
        row.add_row(ProgressBar(total=1.0, completed=run.progress_fraction(),
                                width=_bar_width(self.live_console)),
                    f"round {_rounds_text(run)}", f"loss {_loss(round_loss_so_far(run))}",
                    f"{format_seconds(run.time_remaining())} left")
        return row


class FileReporter:
    """One row per round into a .csv/.tsv file (header first), a .json list, or a .wl/.m
    file holding a WL list of associations (the TrainingProgressReporting page's
    "CSV", "TSV", "JSON" and "WL")."""

    def __init__(self, path: str):
        self.path = path
        self.kind = path.rsplit(".", 1)[-1].lower() if "." in path else "csv"
        if self.kind == "m":
            self.kind = "wl"
        if self.kind not in ("csv", "tsv", "json", "wl"):
            raise ValueError(f"unsupported progress file type .{self.kind}")
        self.rows: list[dict] = []

    def _row(self, run) -> dict:
        s = run.state()
        row = {k: s.get(k) for k in FILE_COLUMNS}
        # the round's measurements (per-class ones as their mean over the classes), the
        # validation set's prefixed "Validation"
        row.update(measurement_numbers(run.round_measurements[-1] if run.round_measurements else {}))
        if run.validation_measurements and run.validation_rounds and run.validation_rounds[-1] == run.round:
            row.update(("Validation" + k, v) for k, v in
                       measurement_numbers(run.validation_measurements[-1]).items())
        return row

    def _columns(self) -> list:
        columns = list(FILE_COLUMNS)
        for row in self.rows:
            columns += [k for k in row if k not in columns]
        return columns

    def start(self, run):
        self._write()

    def round(self, run):
        self.rows.append(self._row(run))
        self._write()

    def _write(self):
        """The whole file, rewritten atomically: a kill leaves the previous round's file."""
        from wlnet.core.files import atomic_write
        atomic_write(self.path, self._json() if self.kind == "json" else
                     self._wl() if self.kind == "wl" else self._table())

    def _json(self) -> str:
        return json.dumps(self.rows, indent=1)

    def _wl(self) -> str:
        rows = (", ".join(f"{_wl_text(k)} -> {_wl_text(v)}" for k, v in row.items())
                for row in self.rows)
        return "{" + ",\n ".join(f"<|{r}|>" for r in rows) + "}\n"

    def _table(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if self.kind == "tsv" else ",")
        columns = self._columns()
        writer.writerow(columns)
        for row in self.rows:
            writer.writerow(["" if row.get(k) is None else row[k] for k in columns])
        return out.getvalue()


def _wl_text(v) -> str:
    """A value of a progress row as WL input text (no value: Missing[])."""
    if v is None:
        return "Missing[]"
    if isinstance(v, str):
        return json.dumps(v)                   # the quoting and escapes WL strings share
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    f = float(v)
    if f != f:
        return "Indeterminate"
    if f in (float("inf"), float("-inf")):
        return "Infinity" if f > 0 else "-Infinity"
    mantissa, _, exponent = repr(f).partition("e")
    return mantissa + (f"*^{int(exponent)}" if exponent else "")


class FunctionReporter:
    """Calls ``fn(state)`` (``state``: ``TrainingRun.state()``; the run itself when
    ``with_run``) after every round, and after every batch too when ``on_batches`` (for an
    ``Every`` of batches or seconds to thin)."""

    def __init__(self, fn, on_batches: bool = False, with_run: bool = False):
        self.fn = fn
        self.with_run = with_run
        if on_batches:
            self.batch = self.round

    def round(self, run):
        self.fn(run if self.with_run else run.state())


class AtMost:
    """A reporter's batch and round calls passed on no more often than every ``seconds``
    ("MinimumInterval"); start and end always pass."""

    def __init__(self, inner, seconds: float):
        self.inner, self.seconds = inner, seconds
        self.last = None

    def _call(self, hook: str, run):
        fn = getattr(self.inner, hook, None)
        if fn is not None:
            fn(run)

    def start(self, run):
        self._call("start", run)

    def end(self, run):
        self._call("end", run)

    def _limited(self, hook: str, run):
        now = time.perf_counter()
        if self.last is None or now - self.last >= self.seconds:
            self.last = now
            self._call(hook, run)

    def batch(self, run):
        self._limited("batch", run)

    def round(self, run):
        self._limited("round", run)


class Every:
    """Passes a reporter's batch and round calls on at an interval: ("Rounds", n) every n-th
    round, ("Batches", n) every n-th batch, ("Seconds", s) a batch or round at least s
    seconds after the last one passed on.  start and end always pass."""

    def __init__(self, inner, unit: str, n: float):
        self.inner, self.unit, self.n = inner, unit, n
        self.last = time.perf_counter()

    def _call(self, hook: str, run):
        fn = getattr(self.inner, hook, None)
        if fn is not None:
            fn(run)

    def start(self, run):
        self.last = time.perf_counter()
        self._call("start", run)

    def end(self, run):
        self._call("end", run)

    def _timed(self, hook: str, run):
        now = time.perf_counter()
        if now - self.last >= self.n:
            self.last = now
            self._call(hook, run)

    def batch(self, run):
        if self.unit == "Batches" and run.total_batches % max(int(self.n), 1) == 0:
            self._call("batch", run)
        elif self.unit == "Seconds":
            self._timed("batch", run)

    def round(self, run):
        if self.unit == "Rounds" and run.round % max(int(self.n), 1) == 0:
            self._call("round", run)
        elif self.unit == "Seconds":
            self._timed("round", run)
