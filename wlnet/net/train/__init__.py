"""NetTrain and NetMeasurements over the executor (wlnet.net.execute).

data.py          training data forms → port -> examples, targets, batches
losses.py        the automatic loss and LossFunction, computed with wlnet.kernels.losses
optimizers.py    ADAM / SGD / RMSProp over one flat parameter buffer
loop.py          rounds, batches, validation, stopping
results.py       NetTrainResultsObject properties
training_net.py  the "TrainingNet": the net with its loss layers attached, as a NetGraph
stopping.py      TrainingStoppingCriterion
checkpoint.py    TrainingProgressCheckpointing
progress.py      TrainingProgressReporting / TrainingProgressFunction
plot.py          the "LossPlot" image (a numpy raster; wlnet.core.image makes it a PNG)
measurements.py  NetMeasurements, and TrainingProgressMeasurements each round

Nothing here imports the evaluator: wlnet/builtins/train.py is the WL face.
"""

from __future__ import annotations

from wlnet.net.errors import MESSAGES as NET_MESSAGES


class TrainError(Exception):
    """A user-facing problem: the WL face issues ``NetTrain::tag`` with the slots."""

    def __init__(self, tag: str, *slots):
        super().__init__(f"{tag}: {slots}")
        self.tag = tag
        self.slots = slots


MESSAGES = {
    "invnet": "The first argument `1` is not a valid net.",
    "notfspec": "The net cannot be trained: `1` not fully specified.",
    "invtdata": "The training data `1` is not in a form NetTrain accepts: `2`",
    "invmdata": "The data `1` cannot be measured: `2`",
    "invvdata": "The validation set `1` is not valid: `2`",
    "invport": "The data gives no values for the port \"`1`\" of the net.",
    "lenmismatch": "The data for the ports `1` have different numbers of examples (`2`).",
    "invindata": "The port \"`1`\" was given `2`; it takes `3`.",
    "invtarget": "Target data for port \"`1`\" was `2`, but expected `3`.",
    "optpi": "`1` -> `2` is not valid: a positive integer is needed.",
    "optpr": "The value of `1` -> `2` should be a positive number.",
    "invopt": "The value of `1` -> `2` is not valid: `3`",
    "invmethod": "`1` is not a valid optimization Method; use \"ADAM\", \"RMSProp\", \"SGD\" or \"SignSGD\", optionally as {\"method\", opt -> value, …}.",
    "invloss": "`1` is not a valid LossFunction: `2`",
    "invvsfrac": "ValidationSet -> Scaled[`1`] leaves no `2` batch for `3` examples with BatchSize -> `4`.",
    "seeding": "`1` is not a valid setting for RandomSeeding.",
    "invprop": "`1` is not a known property; the properties are `2`.",
    "netnoparams": "The net does not contain any trainable arrays: returning it unchanged.",
    "netfrozen": "Every array of the net is frozen by LearningRateMultipliers: returning it untrained (its arrays initialized where they were not).",
    "arrdiv": "The loss became `1`, so training stopped; the net from the last step with a finite loss is returned.",
    "interrupted": "Training was interrupted by the user after `1` rounds and `2` batches; returning the `3` net.",
    "invprec": "The value of WorkingPrecision -> `1` should be \"Real32\", \"Real64\" or \"Mixed\".",
    "badlrs": "The learning rate schedule gave `1` at iteration `2`; it should give a number between 0 and 1.",
    "invmeas": "`1` is not a valid measurement for this net: `2`",
    "optunsupp": "The option `1` -> `2` is not supported; it was ignored.",
    "stopnoval": "There is no ValidationSet: the TrainingStoppingCriterion is judged on the training data.",
    "stopfunc": "The TrainingStoppingCriterion function gave `1`; it should give True or False (taken as False).",
    "ckptfail": "The checkpoint file `1` could not be written; checkpointing stopped.",
    "nooutputs": "The net has no output ports, so there is no loss to train on.",
    "nomeasure": "NetMeasurements needs a net whose output can be compared with targets: `1`",
    # raised by the net package below NetTrain (the same wording as for evaluation)
    "nobackend": NET_MESSAGES["nobackend"],
    "invdevice": NET_MESSAGES["invdevice"],
    "nogpu": NET_MESSAGES["nogpu"],
    # several devices (wlnet/net/backends/torch/distributed.py)
    "gpuone": "TargetDevice -> {\"GPU\", All} with generated training data or a learning-rate schedule function trains on one of the `1` GPUs (those live in this session only); to train on all of them, run the script with torchrun --nproc-per-node `1` -m wlnet script.wl.",
    # structure documentation sweep: a net with a PlaceholderLayer
    "noexec": "Nets containing `1` cannot be trained.",
    # net functions documentation sweep: a custom TrainingProgressMeasurements function
    "badcustmeas": "A custom measurement gave `1`, which is not a real number.",
    # a custom property <|"Property" -> …|> in NetTrain's third argument (history.py)
    "invcustprop": "The custom property `1` is not valid: `2`",
}
