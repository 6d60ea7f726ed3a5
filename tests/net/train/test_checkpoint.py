"""TrainingProgressCheckpointing: the option forms, and through NetTrain the files written
(they re-import to the net as it was at that round), the intervals, and bad paths."""

import os

import pytest

from _wl import QUIET, WL
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.net.spec import real_value
from wlnet.net.train import TrainError
from wlnet.net.train.checkpoint import CheckpointSpec, parse_checkpointing


def parse(text):
    return parse_checkpointing(WL("")(text), real_value)


def test_the_forms():
    assert parse('None') == []
    assert parse('{"File", "a.wlnet"}') == [CheckpointSpec("File", "a.wlnet", "Rounds", 1.0)]
    assert parse('{"Directory", "d", "Interval" -> Quantity[3, "Batches"]}') == \
        [CheckpointSpec("Directory", "d", "Batches", 3)]
    assert parse('{"File", "a", "Interval" -> Quantity[2, "Minutes"], "MinimumInterval" -> 5}') == \
        [CheckpointSpec("File", "a", "Seconds", 120, 5)]
    assert parse('{"File", "a", "Interval" -> 30}')[0].unit == "Seconds"
    two = parse('{{"File", "a"}, {"Directory", "d", "Interval" -> Quantity[2, "Rounds"]}}')
    assert [(c.kind, c.every) for c in two] == [("File", 1.0), ("Directory", 2)]
    assert parse('{"File", "~/x.wlnet"}')[0].path == os.path.expanduser("~/x.wlnet")


@pytest.mark.parametrize("text", ['"a.wlnet"', '{"File"}', '{"Folder", "d"}', '{"File", ""}',
                                  '{"File", "a", "Interval" -> Quantity[1.5, "Rounds"]}',
                                  '{"File", "a", "Interval" -> Quantity[1, "Days"]}',
                                  '{"File", "a", "Interval" -> -1}', '{"File", "a", "Every" -> 2}'])
def test_bad_forms(text):
    with pytest.raises(TrainError) as err:
        parse(text)
    assert err.value.tag == "invopt"


@pytest.fixture(scope="module")
def wl():
    return WL()


COMMON = f'BatchSize -> 7, LearningRate -> 0.05, RandomSeeding -> 5, {QUIET}'


def test_a_file_is_overwritten_with_the_latest_net(wl, tmp_path):
    path = tmp_path / "latest.wlnet"
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 3, {COMMON}, '
       f'TrainingProgressCheckpointing -> {{"File", "{path}"}}]')
    assert not wl.tags
    assert wl('r["CheckpointingFiles"]') == Expr(S.List, String(str(path)))
    assert wl(f'Import["{path}"] === r["FinalNet"]') == Symbol("True")


def test_a_directory_gets_a_file_per_round_each_the_net_of_that_round(wl, tmp_path):
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 3, {COMMON}, '
       f'TrainingProgressCheckpointing -> {{"Directory", "{tmp_path / "new"}"}}]')
    files = [a.value for a in wl('r["CheckpointingFiles"]').args]
    assert len(files) == 3 and sorted(os.listdir(tmp_path / "new")) == sorted(os.path.basename(f) for f in files)
    # start_counter_round_batch_loss.wlnet
    parts = [os.path.basename(f)[:-len(".wlnet")].split("_") for f in files]
    assert [(p[2], p[3]) for p in parts] == [("1", "3"), ("2", "6"), ("3", "9")]
    losses = [a.value for a in wl('r["RoundLossList"]').args]
    assert [float(p[4]) for p in parts] == pytest.approx(losses, rel=1e-3)
    one_round = wl(f'NetTrain[net, data, MaxTrainingRounds -> 1, {COMMON}]')
    assert wl(f'Import["{files[0]}"]') == one_round
    assert wl(f'Import["{files[0]}"] === Import["{files[1]}"]') == Symbol("False")
    assert wl(f'Import["{files[2]}"] === r["FinalNet"]') == Symbol("True")


def test_validation_loss_in_the_names_and_intervals(wl, tmp_path):
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 4, {COMMON}, ValidationSet -> data[[;; 5]], '
       f'TrainingProgressCheckpointing -> {{"Directory", "{tmp_path}", "Interval" -> Quantity[2, "Rounds"]}}]')
    files = [os.path.basename(a.value) for a in wl('r["CheckpointingFiles"]').args]
    assert [f.split("_")[2] for f in files] == ["2", "4"]
    vl = wl('r["ValidationLossList"]').args
    assert float(files[-1][:-len(".wlnet")].split("_")[5]) == pytest.approx(vl[-1].value, rel=1e-3)
    got = wl(f'NetTrain[net, data, "CheckpointingFiles", MaxTrainingRounds -> 2, {COMMON}, '
             f'TrainingProgressCheckpointing -> {{"Directory", "{tmp_path / "b"}", '
             '"Interval" -> Quantity[2, "Batches"]}]')
    assert [os.path.basename(a.value).split("_")[2:4] for a in got.args] == \
        [["1", "2"], ["2", "4"], ["2", "6"]]           # 3 batches a round: after batches 2, 4, 6


def test_no_checkpointing_writes_nothing(wl):
    assert wl(f'NetTrain[net, data, "CheckpointingFiles", MaxTrainingRounds -> 1, {QUIET}]') == Expr(S.List)


def test_a_path_that_cannot_be_written_is_a_message_before_training(wl, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for spec in (f'{{"Directory", "{blocker}"}}', f'{{"File", "{tmp_path / "no" / "x.wlnet"}"}}',
                 f'{{"File", "{tmp_path}"}}'):
        wl('Clear[trained]; f[x_] := (trained = True; x)')
        got = wl(f'NetTrain[net, data, MaxTrainingRounds -> 1, {QUIET}, TrainingProgressFunction -> f, '
                 f'TrainingProgressCheckpointing -> {spec}]')
        assert got == Symbol("$Failed") and wl.tags == ["NetTrain::invopt"], spec
        assert wl('trained') == Symbol("trained")


def test_a_checkpoint_that_fails_mid_write_leaves_the_previous_file(wl, tmp_path, monkeypatch):
    """Checkpoints are written atomically (wlnet.core.files): a write that fails before the
    rename leaves the last good checkpoint whole and reports ckptfail."""
    import wlnet.core.files as files
    path = tmp_path / "latest.wlnet"
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 1, {COMMON}, '
       f'TrainingProgressCheckpointing -> {{"File", "{path}"}}]')
    good = path.read_bytes()

    def fail(fd):
        raise OSError("disk full")
    monkeypatch.setattr(files.os, "fsync", fail)
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 2, {COMMON}, '
       f'TrainingProgressCheckpointing -> {{"File", "{path}"}}]')
    assert "NetTrain::ckptfail" in wl.tags
    assert path.read_bytes() == good
    assert os.listdir(tmp_path) == ["latest.wlnet"]
