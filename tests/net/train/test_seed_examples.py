"""The seed page's two applications (examples/gru_*.wl), run with fewer rounds.

The files stay verbatim; this harness rewrites their NetTrain call to a few rounds, with a
TrainingProgressFunction that records the round losses and no progress output, then checks
the trend (the loss falls clearly) and the form of the final checks the scripts print.
Run in full (`wlnet examples/gru_addition.wl`), they reach the page's results: see README.
"""

import os
import re

from wlnet.core.session import Session

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples")


def run_reduced(name: str, rounds: int):
    with open(os.path.join(EXAMPLES, name)) as f:
        text = f.read()
    text, count = re.subn(r"MaxTrainingRounds -> \d+",
                          f"MaxTrainingRounds -> {rounds}, TrainingProgressReporting -> None, "
                          "TrainingProgressFunction -> ((roundLosses = Append[roundLosses, #[\"RoundLoss\"]]) &), "
                          "RandomSeeding -> 1234", text)
    assert count == 1, "the example should have one NetTrain call with MaxTrainingRounds"
    session = Session(echo=False)
    session.evaluate("roundLosses = {};")
    session.evaluate(text)
    printed, messages = list(session.output), list(session.messages)
    losses = [x.value for x in session.evaluate("roundLosses").args]
    return printed, messages, losses


def test_compare_xy_learns():
    printed, messages, losses = run_reduced("gru_compare_xy.wl", 4)
    assert not messages, messages
    assert len(losses) == 4 and losses[-1] < 0.75 * losses[0]
    decisions, accuracy = printed[-2:]
    assert re.fullmatch(r"\{(Less|Equal|Greater), (Less|Equal|Greater), (Less|Equal|Greater)\}", decisions)
    assert 0.0 <= float(accuracy) <= 1.0          # 4 rounds: the trend is in the losses above


def test_addition_learns():
    printed, messages, losses = run_reduced("gru_addition.wl", 6)
    assert not messages, messages
    assert len(losses) == 6 and losses[-1] < 0.8 * losses[0]
    assert re.fullmatch(r"\{-?\d+, -?\d+, -?\d+, -?\d+\}", printed[-1])
