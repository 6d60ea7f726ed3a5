"""String and text extras: editing, words and sentences, distances, templates, bytes,
compression and hashes (against Mathics3 where it has them, else WL's documented values)."""

import pytest

from tests.builtins._support import MATHICS, MISSING_IN_MATHICS, check, check_example, \
    declared_examples, differential_table, run

CASES = [
    ('StringDelete["a"]["banana"]', '"bnn"', "the operator form: not in Mathics3"),
    ('StringTemplate["v: `v`", InsertionFunction -> (ToString[#, InputForm] &)][<|"v" -> "s"|>]',
     '"v: \\"s\\""', "InsertionFunction: not in Mathics3"),
    ('TemplateApply[StringTemplate["<`1`>", InsertionFunction -> (#^2 &)], {3}]', '"<9>"',
     "InsertionFunction: not in Mathics3"),
    ('StringInsert["abcd", "X", 3]', MATHICS),
    ('StringInsert["abcd", "X", -1]', MATHICS),
    ('StringInsert["abcd", "-", {2, 4}]', MATHICS),
    ('StringInsert["ab", "X", 7]', 'StringInsert["ab", "X", 7]', ["StringInsert::ins"]),
    ('StringDelete["a1b22c", DigitCharacter]', '"abc"', MISSING_IN_MATHICS),
    ('Decapitalize["Hello World"]', '"hello World"', MISSING_IN_MATHICS),
    ('CharacterCounts["abracadabra"]', '<|"a" -> 5, "b" -> 2, "r" -> 2, "c" -> 1, "d" -> 1|>',
     MISSING_IN_MATHICS),
    ('CharacterCounts["abab", 2]', '<|"ab" -> 2, "ba" -> 1|>', MISSING_IN_MATHICS),
    ('LetterCounts["a b, a!"]', '<|"a" -> 2, "b" -> 1|>', MISSING_IN_MATHICS),
    ('Capitalize["hello world"]', '"Hello world"', MISSING_IN_MATHICS),
    ('Capitalize["hello world", "AllWords"]', '"Hello World"', MISSING_IN_MATHICS),
    ("TextWords[\"It's a well-known fact, isn't it?\"]",
     "{\"It's\", \"a\", \"well-known\", \"fact\", \"isn't\", \"it\"}", MISSING_IN_MATHICS),
    ('TextSentences["One. Two! Three?"]', '{"One.", "Two!", "Three?"}', MISSING_IN_MATHICS),
    ('WordCount["a b, c."]', "3", MISSING_IN_MATHICS),
    ('WordCounts["a b a"]', '<|"a" -> 2, "b" -> 1|>', MISSING_IN_MATHICS),
    ('WordFrequency["a b a c", "a"]', "0.5", MISSING_IN_MATHICS),
    ("Length[Alphabet[]]", "26", MISSING_IN_MATHICS),
    ('LetterNumber["c"]', "3", MISSING_IN_MATHICS),
    ('EditDistance["kitten", "sitting"]', MATHICS),
    ("EditDistance[{1, 2, 3}, {1, 3}]", MATHICS),
    ('HammingDistance["abcd", "abed"]', MATHICS),
    ('HammingDistance["ABC", "abd", IgnoreCase -> True]', "1"),
    ('HammingDistance["ABC", "abd"]', "3"),
    ('HammingDistance["ab", "ba", Foo -> 1]', 'HammingDistance["ab", "ba", Foo -> 1]',
     ["HammingDistance::optx"]),
    ('HammingDistance["ab", "abc"]', 'HammingDistance["ab", "abc"]',
     ["HammingDistance::idim"]),
    ('StringTemplate["x = `1`, y = `2`"][3, 4]', '"x = 3, y = 4"', MISSING_IN_MATHICS),
    ('StringTemplate["Hi `name`!"][<|"name" -> "Ann"|>]', '"Hi Ann!"', MISSING_IN_MATHICS),
    ('StringTemplate["`` + `` = <* #1 + #2 *>"][1, 2]', '"1 + 2 = 3"', MISSING_IN_MATHICS),
    ('TemplateApply["Hi `a`", <|"a" -> 1|>]', '"Hi 1"', MISSING_IN_MATHICS),
    ("Normal[ByteArray[{1, 2, 255}]]", "{1, 2, 255}", MISSING_IN_MATHICS),
    ('BaseEncode[ByteArray[{1, 2}]]', '"AQI="', MISSING_IN_MATHICS),
    ('Normal[BaseDecode["AQI="]]', "{1, 2}", MISSING_IN_MATHICS),
    ('Normal[StringToByteArray["é"]]', "{195, 169}", MISSING_IN_MATHICS),
    ('ByteArrayToString[StringToByteArray["abc"]]', '"abc"', MISSING_IN_MATHICS),
    ('Uncompress[Compress[{1, x, "a"}]]', '{1, x, "a"}'),
    ('CompressedData[Compress[{1, 2}]]', "{1, 2}", MISSING_IN_MATHICS),
    ('Hash["abc", "SHA256", "HexString"]',
     '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"',
     "SHA-256 of the UTF-8 bytes"),
    ('Hash["abc", "MD5", "HexString"]', '"900150983cd24fb0d6963f7d28e17f72"'),
    ('Hash["abc", "CRC32"]', "891568578"),
    ("Hash[{1, x}] == Hash[{1, x}] && Hash[{1, x}] != Hash[{1, y}]", "True",
     "the expression hash is the same for equal expressions"),
    ("0 <= Hash[{1, x}] < 2^64", "True", "WL's expression hash is a 64-bit integer"),
    ('Hash["abc", "Foo"]', 'Hash["abc", "Foo"]', ["Hash::hash"]),
    ('FileHash["/no/such/file.bin", "SHA256"]', "$Failed", ["FileHash::nffil"]),
    ('StringExtract["a b c", 2]', '"b"', MISSING_IN_MATHICS),
    ('StringExtract["a b c", {1, 3}]', '{"a", "c"}', MISSING_IN_MATHICS),
    ('StringExtract["a b c", 2 ;;]', '{"b", "c"}', MISSING_IN_MATHICS),
    ('StringExtract["a-b-c", "-" -> -1]', '"c"', MISSING_IN_MATHICS),
    ('StringExtract["a,b;c,d", {";" -> 2, "," -> 1}]', '"c"', MISSING_IN_MATHICS),
    ('StringExtract["a,b;c,d", {";" -> All, "," -> 2}]', '{"b", "d"}', MISSING_IN_MATHICS),
    ('StringExtract[{"a b", "c d"}, 1]', '{"a", "c"}', MISSING_IN_MATHICS),
    ('StringExtract["a b", 5]', 'StringExtract["a b", 5]', MISSING_IN_MATHICS, ["Part::partw"]),
    ("FromLetterNumber[{1, 2, 26}]", '{"a", "b", "z"}', MISSING_IN_MATHICS),
    ("FromLetterNumber[-1]", '"z"', "negative positions count from the end"),
    ("FromLetterNumber[0]", '" "', "the reference page: FromLetterNumber[0] gives a space"),
    ('FromLetterNumber[3, "Greek"]', '"γ"', MISSING_IN_MATHICS),
    ('LetterNumber[FromLetterNumber[{5, 9}]]', "{5, 9}", MISSING_IN_MATHICS),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "text_extra")


@pytest.mark.parametrize("name,text,expected", declared_examples("text_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_template_with_a_missing_slot_gives_a_message():
    assert run('StringTemplate["`x`"][<||>]').tags == ["StringTemplate::tmpl"]


def test_template_combiner_function_gets_the_fragments():
    check('StringTemplate["a`1`b`2`", CombinerFunction -> Identity][7, x]',
          '{"a", "7", "b", "x"}')
    # the inserted values as InsertionFunction makes them, the text between as strings
    check('StringTemplate["<`1`>", InsertionFunction -> Identity, CombinerFunction -> List]'
          '[{1, 2}]', '{{"<", {1, 2}, ">"}}')
    check('StringTemplate["`1`:`2`", CombinerFunction -> "JSON"]["a", "b"] === '
          'ExportString[{"a", ":", "b"}, "JSON"]', "True")
    check('StringTemplate["`1`-`2`", CombinerFunction -> (StringRiffle[#, "|"] &)][1, 2]',
          '"1|-|2"')
    check('TemplateApply[StringTemplate["`a`!", CombinerFunction -> Length], <|"a" -> 1|>]',
          "2")


def test_template_unknown_option_gives_optx():
    assert run('StringTemplate["`1`", Foo -> 1]').tags == ["StringTemplate::optx"]
    assert run('StringTemplate["`1`", Foo -> 1][2]').tags[-1] == "StringTemplate::optx"
    assert run('TemplateApply[StringTemplate["`1`", Foo -> 1], {2}]').tags[-1] == \
        "StringTemplate::optx"


def test_compress_takes_no_options():
    assert run("Compress[1, Method -> 2]").tags == ["Compress::optx"]
    assert run("Compress[1, 2]").tags == ["Compress::nonopt"]


def test_bad_bytes_and_compressed_strings():
    assert run("ByteArray[{300}]").tags == ["ByteArray::bytes"]
    assert run('Uncompress["nonsense"]').tags == ["Uncompress::nocomp"]
    check('ToString[ByteArray[{1, 2, 3}]]', '"ByteArray[<3>]"')


def test_file_hash_hashes_the_bytes_of_the_file(tmp_path):
    # a training script records the hash of the net file it froze
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    check(f'FileHash["{path}", "SHA256", "HexString"]',
          '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"')
    check(f'FileHash["{path}", "CRC32"] == Hash["abc", "CRC32"]', "True")
    r = run(f'FileHash["{tmp_path / "missing.bin"}", "SHA256"]')
    assert r.messages and "FileHash::nffil" in r.messages[0]


def test_word_counts_of_runs_of_words_and_options():
    check('WordCounts["a b a b", 2]', '<|{"a", "b"} -> 2, {"b", "a"} -> 1|>')
    check('WordCounts["A a b", IgnoreCase -> True]', '<|"a" -> 2, "b" -> 1|>')
    check('WordCounts["A a b", 2, IgnoreCase -> True]', '<|{"a", "a"} -> 1, {"a", "b"} -> 1|>')
    assert run('WordCounts["a b", 0]').tags == ["WordCounts::ngram"]
    assert run('WordCounts["a b", Foo -> 1]').tags == ["WordCounts::optx"]
    check('EditDistance["ABC", "abd", IgnoreCase -> True]', "1")
    assert run('EditDistance["ABC", "abd", Foo -> True]').tags == ["EditDistance::optx"]


@pytest.mark.parametrize("text,expected", [
    ('WordFrequency["The cat and the hat", "the"]', "0.2"),
    ('WordFrequency["The cat and the hat", "the", IgnoreCase -> True]', "0.4"),
    ('WordFrequency["The cat and the hat", "the", "CaseVariants"]',
     '<|"The" -> 0.2, "the" -> 0.2|>'),
    ('WordFrequency["The cat and the hat", "the" | "cat"]', "0.4"),
    ('WordFrequency[{"a b", "b b"}, "b"]', "{0.5, 1.}"),
    ('WordFrequency["The cat and the hat", {"The", "the"}, IgnoreCase -> True]',
     '<|"The" -> 0.4|>'),
    ('WordFrequency["the cat and the hat", "the hat"]', "0.25"),
])
def test_word_frequency(text, expected):
    check(text, expected)
