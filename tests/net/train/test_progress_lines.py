"""TrainingProgressReporting -> "Print": which lines are printed and what they say (the
reporter fed a TrainingRun by hand, as the loop feeds it; interval 0: every call may print)."""

from wlnet.net.train import progress as P
from wlnet.net.train.loop import TrainingRun


def _trained(reporter, round_batches: list) -> list:
    """Runs ``reporter`` over rounds of the given batch losses; gives the lines printed."""
    lines = []
    reporter.emit = lines.append
    run = TrainingRun(batch_size=4, batches_per_round=len(round_batches[0]),
                      planned_rounds=len(round_batches), method_name="ADAM", time_goal=None)
    reporter.start(run)
    for losses in round_batches:
        run.batch, run.in_round = 0, True
        for loss in losses:
            run.batch += 1
            run.total_batches += 1
            run.batch_losses.append(loss)
            reporter.batch(run)
        run.round += 1
        run.in_round = False
        run.round_losses.append(sum(losses) / len(losses))
        reporter.round(run)
    reporter.end(run)
    return lines


def _field(line: str, name: str) -> str:
    return line.split(f"{name} ", 1)[1].split("  ", 1)[0]


def test_one_line_per_round_when_a_round_is_one_batch():
    # the batch line and the round's end line of the same round were both printed
    # ("round 4/5" twice), the second at the end of training
    lines = _trained(P.PrintReporter(None, interval=0.0), [[8.0], [6.0], [5.0]])
    progress = lines[1:-1]
    assert [_field(l, "round") for l in progress] == ["1/3", "2/3", "3/3"]
    assert [_field(l, "round loss") for l in progress] == ["8", "6", "5"]
    assert lines[-1] == "Training complete."


def test_a_line_within_a_round_gives_that_rounds_loss_so_far():
    lines = _trained(P.PrintReporter(None, interval=0.0), [[4.0, 2.0, 6.0], [1.0, 3.0, 2.0]])
    progress = lines[1:-1]
    # batches 1 and 2 of each round, then the round's end
    assert [(_field(l, "round"), _field(l, "batch")) for l in progress] == [
        ("1/2", "1/3"), ("1/2", "2/3"), ("1/2", "3/3"), ("2/2", "1/3"), ("2/2", "2/3"), ("2/2", "3/3")]
    assert [_field(l, "round loss") for l in progress] == ["4", "3", "4", "1", "2", "2"]


def test_the_end_line_is_not_a_repeat():
    lines = _trained(P.PrintReporter(None, interval=3600.0), [[8.0], [6.0]])
    # nothing within the interval but the final state once
    assert len(lines) == 3 and _field(lines[1], "round") == "2/2" and _field(lines[1], "round loss") == "6"


class _Fractions:
    """A reporter that keeps the run's progress fraction at every batch and round end."""

    def __init__(self):
        self.seen = []
        self.emit = None

    def start(self, run):
        pass

    def batch(self, run):
        self.seen.append(("batch", run.progress_fraction()))

    def round(self, run):
        self.seen.append(("round", run.progress_fraction()))

    def end(self, run):
        pass


def test_progress_fraction_at_a_rounds_end_counts_its_batches_once():
    # the end of round 4 of 5 counted as all 5 done ("remaining 0s" beside "round 4/5")
    reporter = _Fractions()
    _trained(reporter, [[1.0, 1.0]] * 4)
    assert reporter.seen == [("batch", 0.125), ("batch", 0.25), ("round", 0.25),
                             ("batch", 0.375), ("batch", 0.5), ("round", 0.5),
                             ("batch", 0.625), ("batch", 0.75), ("round", 0.75),
                             ("batch", 0.875), ("batch", 1.0), ("round", 1.0)]
