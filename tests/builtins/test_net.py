"""Net builtins without a module of their own in wlnet/net (builtins/net.py)."""

from wlnet.core.expr import Symbol
from wlnet.core.session import Session


def test_net_model_says_it_is_offline():
    # NetModel needs the Wolfram Neural Net Repository (a web service): a message, $Failed
    s = Session()
    for call in ('NetModel["LeNet Trained on MNIST Data"]', 'NetModel[]'):
        s.messages.clear()
        assert s.evaluate(call) == Symbol("$Failed")
        assert len(s.messages) == 1 and s.messages[0].startswith("NetModel::offline"), s.messages
        assert call in s.messages[0]
