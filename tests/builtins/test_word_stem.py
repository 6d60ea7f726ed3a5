"""WordStem (wlnet/builtins/word_stem.py): Porter's algorithm on the examples of its paper
(each step's rules), case and punctuation kept, threading over lists."""

import pytest

from tests.builtins._support import check, check_example, declared_examples
from wlnet.builtins.word_stem import porter_stem

# (word, stem) pairs worked through Porter's 1980 rules, one or more per rule
PAPER = [
    ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("cats", "cat"),
    ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"),
    ("motoring", "motor"), ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"),
    ("sized", "size"), ("hopping", "hop"), ("falling", "fall"), ("hissing", "hiss"),
    ("filing", "file"), ("happy", "happi"), ("sky", "sky"), ("relational", "relat"),
    ("conditional", "condit"), ("rational", "ration"), ("digitizer", "digit"),
    ("vietnamization", "vietnam"), ("operator", "oper"), ("decisiveness", "decis"),
    ("hopefulness", "hope"), ("sensibiliti", "sensibl"), ("triplicate", "triplic"),
    ("formative", "form"), ("electrical", "electr"), ("goodness", "good"),
    ("allowance", "allow"), ("inference", "infer"), ("gyroscopic", "gyroscop"),
    ("defensible", "defens"), ("replacement", "replac"), ("adjustment", "adjust"),
    ("adoption", "adopt"), ("communism", "commun"), ("homologous", "homolog"),
    ("bowdlerize", "bowdler"), ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"),
    ("controll", "control"), ("roll", "roll"), ("generalizations", "gener"), ("be", "be"),
]


@pytest.mark.parametrize("word,stem", PAPER)
def test_porter_paper_examples(word, stem):
    assert porter_stem(word) == stem


@pytest.mark.parametrize("text,expected", [
    ('WordStem["running"]', '"run"'),
    ('WordStem[{"Running", "CATS", "running.", "e-mails"}]', '{"Run", "CAT", "run.", "e-mails"}'),
    ('WordStem[{{"cats"}, {"dogs", "ponies"}}]', '{{"cat"}, {"dog", "poni"}}'),
    ('WordStem[5]', 'WordStem[5]'),
])
def test_case_punctuation_and_lists(text, expected):
    check(text, expected)


@pytest.mark.parametrize("name,text,expected", declared_examples("word_stem"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
