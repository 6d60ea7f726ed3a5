"""TextSentences and TextWords: sentence and word boundaries, counts, lists of texts, and
the messages for what is not text."""

import pytest

from tests.builtins._support import Runner, check_example, declared_examples


@pytest.mark.parametrize("text, expected", [
    ('TextSentences["I would like that, my dear. Beautiful work! Really?"]',
     '{"I would like that, my dear.", "Beautiful work!", "Really?"}'),
    ('TextSentences["He said \\"Go.\\" Then he left."]', '{"He said \\"Go.\\"", "Then he left."}'),
    ('TextSentences["one line\\nanother line"]', '{"one line", "another line"}'),
    ('TextSentences["A b. C d. E f.", 2]', '{"A b.", "C d."}'),
    ('TextSentences[{"a b. c d.", "x y! z"}, 1]', '{{"a b."}, {"x y!"}}'),
    ('TextSentences["3.5 apples. Fine."]', '{"3.5 apples.", "Fine."}'),
    ('TextSentences[""]', "{}"),
    ('TextWords["It\'s a well-known fact, isn\'t it?"]', '{"It\'s", "a", "well-known", "fact", "isn\'t", "it"}'),
    ('TextWords["one two three", 2]', '{"one", "two"}'),
])
def test_segments(text, expected):
    r = Runner()
    assert r.run(text) == r.run(expected) and not r.messages, r.messages


@pytest.mark.parametrize("text, tag", [("TextSentences[3]", "TextSentences::strse"),
                                       ('TextWords["a", -1]', "TextWords::count")])
def test_messages(text, tag):
    r = Runner()
    r.run(text)
    assert r.messages and r.messages[0].startswith(tag)


@pytest.mark.parametrize("name,text,expected", declared_examples("text_segments"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
