"""Helpers for the tests of the Wolfram reference pages' examples of the layers: run WL
text as a user would and read the printed result (OutputForm) or the messages."""

from wlnet.syntax.printer import output_form


def shown(session, text: str) -> str:
    """The OutputForm of what ``text`` evaluates to; it must give no message."""
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


def message_tags(session, text: str) -> list[str]:
    """The ``Symbol::tag`` of every message ``text`` gives (at least one), and no
    traceback-like internal error."""
    session.messages.clear()
    session.evaluate(text)
    msgs = list(session.messages)
    assert msgs, text
    tags = [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in msgs]
    assert not any(t.endswith("::pyerr") for t in tags), msgs
    return tags
