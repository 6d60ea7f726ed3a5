"""The net framework's inert symbols: port references and option names.

They have no evaluation rule of their own (the net builtins read them); declaring them
gives them usage texts for ``?NetPort``, a place in ``Names["Net*"]``, and the Protected
attribute they have in the Wolfram Language.
"""

from wlnet.core.registry import declare

_USAGES = {
    "NetPort": "NetPort[\"port\"] is an input or output port of a whole net; NetPort[layer, "
               "\"port\"] a port of one of its layers (NetPort[1, \"State\"] the state of layer 1).",
    "NetPath": "NetPath[\"Nodes\", \"1\", …] is the position of a port or array inside a net.",
    "NetEvaluationMode": "NetEvaluationMode is an option for evaluating nets: \"Test\" (default) "
                         "or \"Train\", which turns dropout on.",
    "WorkingPrecision": "WorkingPrecision -> \"Real32\" (default) or \"Real64\" sets the "
                        "precision nets run and train in.",
    "BatchSize": "BatchSize is an option of net evaluation and NetTrain: how many examples are "
                 "processed together.",
    "RandomSeeding": "RandomSeeding -> n, Automatic or Inherited seeds the randomness of "
                     "NetInitialize, NetTrain and train-mode evaluation.",
    "TargetDevice": "TargetDevice -> \"CPU\" is where nets run.",
    "LearningRateMultipliers": "LearningRateMultipliers -> r or {part -> r, …} scales the "
                               "learning rate of arrays (0 or None freezes them).",
    "MaxTrainingRounds": "MaxTrainingRounds -> n is the number of passes NetTrain makes over "
                         "the training data.",
    "ValidationSet": "ValidationSet -> data or Scaled[f] is data NetTrain measures each round "
                     "to keep the best net.",
    "LearningRate": "LearningRate -> r is NetTrain's initial learning rate.",
    "LossFunction": "LossFunction -> loss layer or \"port\" is what NetTrain minimises.",
    "TrainingProgressReporting": "TrainingProgressReporting -> Automatic, \"Print\", \"Panel\", "
                                 "\"ProgressIndicator\", None or File[…] sets how NetTrain "
                                 "reports progress.",
    "TrainingProgressFunction": "TrainingProgressFunction -> f calls f with an association "
                                "of progress values after each round of NetTrain.",
    "TimeGoal": "TimeGoal -> seconds bounds how long NetTrain trains.",
    "Scaled": "Scaled[f] is a fraction f of a whole (ValidationSet -> Scaled[0.1]).",
}

for _name, _usage in _USAGES.items():
    declare(_name, usage=_usage)
