"""WordList, RandomWord and DeleteStopwords (wlnet/builtins/words.py) over wlnet's own word
list."""

from __future__ import annotations

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples


@pytest.mark.parametrize("text, expected", [
    ("StringQ[RandomWord[]]", "True"),
    ("Length[RandomWord[4]]", "4"),
    ("RandomWord[0]", "{}"),
    ("SubsetQ[WordList[\"Noun\"], RandomWord[\"Noun\", 6]]", "True"),
    ("MemberQ[WordList[\"Verb\"], RandomWord[\"Verb\"]]", "True"),
    ("OrderedQ[WordList[]]", "True"),
    ("Length[Union[WordList[]]] == Length[WordList[]]", "True"),
    ("SubsetQ[WordList[], WordList[\"Adjective\"]]", "True"),
    ("MemberQ[WordList[\"Stopwords\"], \"the\"]", "True"),
    ("WordList[\"KnownWords\"] === WordList[\"CommonWords\"]", "True"),
    ('DeleteStopwords[{"The", "fox", "and", "dog"}]', '{"fox", "dog"}'),
    ('DeleteStopwords["The quick brown fox. The lazy dog!"]', '"quick brown fox. lazy dog!"'),
    # the words are English: Language -> "English" is the same list
    ('WordList["Noun", Language -> "English"] === WordList["Noun"]', "True"),
    ('StringQ[RandomWord[Language -> "English"]]', "True"),
])
def test_words(text, expected):
    check(text, expected)


def test_seed_random_repeats_the_words():
    r = Runner()
    first = r.run("SeedRandom[7]; RandomWord[5]")
    assert r.run("SeedRandom[7]; RandomWord[5]") == first


@pytest.mark.parametrize("text, tag", [
    ("RandomWord[\"Klingon\"]", "RandomWord::type"),
    ("RandomWord[\"Noun\", -2]", "RandomWord::intnm"),
    ("WordList[\"Klingon\"]", "WordList::type"),
    ("WordList[Language -> \"French\"]", "WordList::lang"),
    ("RandomWord[\"Noun\", 2, Language -> \"German\"]", "RandomWord::lang"),
    ("WordList[Foo -> 1]", "WordList::optx"),
])
def test_bad_arguments(text, tag):
    check(text, text, [tag])


@pytest.mark.parametrize("name,text,expected", declared_examples("words"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
