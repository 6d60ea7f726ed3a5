"""A Session for the NetTrain option tests: evaluate text, read the messages' tags."""

from wlnet.core.session import Session

LINEAR = """
net = NetInitialize@LinearLayer[1, "Input" -> 1];
data = Table[{x} -> {2 x + 1}, {x, -1, 1, 0.1}];
"""

CLASSIFIER = """
cnet = NetInitialize[NetChain[{LinearLayer[2, "Input" -> 1], SoftmaxLayer[]},
                              "Output" -> NetDecoder[{"Class", {neg, pos}}]], RandomSeeding -> 3];
cdata = Table[{x} -> If[x > 0.05, pos, neg], {x, -1, 1, 0.1}];
"""

QUIET = "TrainingProgressReporting -> None"


class WL:
    def __init__(self, setup=LINEAR):
        self.session = Session(echo=False)
        self.session.evaluate(setup)

    def __call__(self, text):
        self.session.messages.clear()
        self.session.output.clear()
        return self.session.evaluate(text)

    @property
    def tags(self):
        return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in self.session.messages]


def values(e):
    return [a.value for a in e.args]
