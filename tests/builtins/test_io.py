"""Export / Import by format, NotebookImport, Image and the PNG codec (wlnet.core.image)."""

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from wlnet.core.expr import TRUE, S, String
from wlnet.core.image import Image, PNGError, decode_png, encode_png, read_image
from wlnet.core.session import Session
from wlnet.syntax.parser import parse
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples, without_usage

FAILED = S["$Failed"]
EXAMPLE_NB = Path(__file__).resolve().parents[2] / "examples" / "gru_notebook.nb"


@pytest.fixture
def session():
    return Session(echo=False)


def run(session, text):
    return session.evaluate(text)


def same(session, text, expected_text):
    """``text`` evaluates to what ``expected_text`` evaluates to, with no message."""
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    assert got == session.evaluate(expected_text)


def p(path) -> str:
    return str(path).replace("\\", "/")


def tag_of(message: str) -> str:
    return message.split(":")[0] + "::" + message.split("::")[1].split(":")[0]


# ---------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("ext, expr, expected", [
    ("wl", '{1, x^2, "s", f[y_] :> y + 1, 2.5}', '{1, x^2, "s", f[y_] :> y + 1, 2.5}'),
    ("m", "<|\"a\" -> {1, 2}|>", "<|\"a\" -> {1, 2}|>"),
    ("txt", '"line one\\nline two"', '"line one\\nline two"'),
    ("json", '<|"a" -> {1, 2.5, "x", True, Null}, "b" -> <|"c" -> False|>|>',
     '{"a" -> {1, 2.5, "x", True, Null}, "b" -> {"c" -> False}}'),
    ("json", '{1, 2, {3, "four"}}', '{1, 2, {3, "four"}}'),
])
def test_export_then_import(session, tmp_path, ext, expr, expected):
    path = p(tmp_path / f"data.{ext}")
    same(session, f'Export["{path}", {expr}]', f'"{path}"')
    same(session, f'Import["{path}"]', expected)


def test_file_objects_name_files_for_import_and_export(session, tmp_path):
    # an image folder read as File /@ FileNames[...]: Import[File[path]] was chtype
    path = p(tmp_path / "one.png")
    run(session, f'Export[File["{path}"], Image[{{{{0.25, 0.75}}}}]]')
    same(session, f'ImageDimensions[Import[File["{path}"]]]', "{2, 1}")
    same(session, f'ImageDimensions[Import[First[File /@ FileNames["*.png", "{p(tmp_path)}"]]]]',
         "{2, 1}")
    run(session, "Import[File[3]]")
    assert [tag_of(m) for m in session.messages] == ["Import::chtype"]


def test_mx_files_round_trip_expressions_nets_and_definitions(session, tmp_path):
    # public training scripts Export their nets and logs as .mx and DumpSave their data
    path = p(tmp_path / "d.mx")
    same(session, f'Export["{path}", <|"a" -> {{1, 2.5}}, "b" -> "s"|>]', f'"{path}"')
    assert Path(path).read_bytes().startswith(b"(* wlnet MX")
    same(session, f'Import["{path}"]', '<|"a" -> {1, 2.5}, "b" -> "s"|>')
    run(session, f'Export["{path}", NetInitialize[LinearLayer[2, "Input" -> 3]]]')
    same(session, f'Head[Import["{path}"]]', "LinearLayer")
    dump = p(tmp_path / "defs.mx")
    run(session, f'mxA = 5; mxF[y_] := y^2; DumpSave["{dump}", {{mxA, mxF}}]; Clear[mxA, mxF]')
    same(session, f'Get["{dump}"]; {{mxA, mxF[3]}}', "{5, 9}")


def test_export_makes_missing_folders(session, tmp_path):
    path = p(tmp_path / "logs" / "net6" / "log.m")
    same(session, f'Export["{path}", {{1, 2}}]', f'"{path}"')
    same(session, f'Import["{path}"]', "{1, 2}")


def test_json_objects_as_associations_with_raw_json(session, tmp_path):
    path = p(tmp_path / "d.json")
    run(session, f'Export["{path}", <|"a" -> <|"b" -> 1|>|>]')
    same(session, f'Import["{path}", "RawJSON"]', '<|"a" -> <|"b" -> 1|>|>')


def test_package_import_evaluates_and_text_elements(session, tmp_path):
    path = tmp_path / "p.wl"
    path.write_text("ioCounter = 41;\nioCounter + 1\n")
    same(session, f'Import["{p(path)}"]', "42")
    same(session, f'Import["{p(path)}", "Text"]', '"ioCounter = 41;\\nioCounter + 1\\n"')
    same(session, f'Import["{p(path)}", "HeldExpressions"]',
         "{HoldComplete[ioCounter = 41;], HoldComplete[ioCounter + 1]}")


def test_text_lines_and_export_of_a_non_string(session, tmp_path):
    path = p(tmp_path / "t.txt")
    run(session, f'Export["{path}", {{1, 2}}]')
    assert Path(path).read_text() == "{1, 2}"
    Path(path).write_text("a\nb\n")
    same(session, f'Import["{path}", "Lines"]', '{"a", "b"}')


def test_text_words_and_whitespace_tables(session, tmp_path):
    path = p(tmp_path / "t.txt")
    Path(path).write_text("a b\n  c\td\n")
    same(session, f'Import["{path}", "Words"]', '{"a", "b", "c", "d"}')
    same(session, f'Import["{path}", "Table"]', '{{"a", "b"}, {"c", "d"}}')
    table = p(tmp_path / "m.dat")                  # .dat is WL's "Table": blank-separated
    same(session, f'Export["{table}", {{{{1, 2.5}}, {{3, 4}}}}]', f'"{table}"')
    assert Path(table).read_text() == "1\t2.5\n3\t4\n"
    Path(table).write_text("1  2.5\n 3 4\n")
    same(session, f'Import["{table}"]', "{{1, 2.5}, {3, 4}}")
    same(session, 'ImportString["x 1\\ny  2", "Table"]', '{{"x", 1}, {"y", 2}}')
    # an element of text alone names the text format
    same(session, 'ImportString["a\\nb", "Lines"]', '{"a", "b"}')
    same(session, 'ImportString["a b  c", "Words"]', '{"a", "b", "c"}')


def test_an_explicit_format_overrides_the_extension(session, tmp_path):
    path = p(tmp_path / "data.dat")
    same(session, f'Export["{path}", {{1, 2}}, "JSON"]', f'"{path}"')
    same(session, f'Import["{path}", "JSON"]', "{1, 2}")
    text = run(session, f'Import["{path}", "Text"]')
    assert text == String(Path(path).read_text()) and "[" in text.value


# ---------------------------------------------------------------------------- messages

@pytest.mark.parametrize("call, tag", [
    ('Export["{d}/x.xyz", 1]', "Export::infer"),
    ('Export["{d}/file.xyz/dir/x.txt", "hi"]', "Export::noopen"),     # a file on the way
    ('Export["{d}/x.json", f[x]]', "Export::type"),
    ('Export["{d}/x.json", <|1 -> 2|>]', "Export::type"),
    ('Export["{d}/x.wlnet", 5]', "Export::type"),
    ('Export["{d}/x.txt", 1, "NoSuchFormat"]', "Export::fmtnosup"),
    ('Export[5, 1]', "Export::chtype"),
    ('Import["{d}/absent.json"]', "Import::nffil"),
    ('Import["{d}/file.xyz"]', "Import::infer"),
    ('Import["{d}/data.xls"]', "Import::fmtna"),
    ('Import["{d}/data.csv", Foo -> 1]', "Import::optx"),
    ('Import["{d}/data.csv", HeaderLines -> -1]', "Import::opttype"),
    ('Import["{d}/data.csv", "FieldSeparators" -> 5]', "Import::opttype"),
    ('Import["{d}/ok.json", HeaderLines -> 1]', "Import::optx"),
    ('Import["{d}/bad.json"]', "Import::fmterr"),
    ('Import["{d}/bad.png"]', "Import::fmterr"),
    ('Import["{d}/latin1.txt"]', "Import::fmterr"),
    ('Import["{d}/ok.json", "NoSuchElement"]', "Import::noelem"),
    ('Import["{d}/ok.json", {{"Bogus", "Data"}}]', "Import::fmtnosup"),
    ('Import[{{1}}]', "Import::chtype"),
])
def test_failures_are_messages_and_failed(session, tmp_path, call, tag):
    (tmp_path / "file.xyz").write_text("?")
    (tmp_path / "data.csv").write_text("1,2\n")
    (tmp_path / "data.xls").write_bytes(b"PK")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "ok.json").write_text("[1]")
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nnonsense")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = run(session, call.format(d=p(tmp_path)))
    assert result is FAILED
    assert [tag_of(m) for m in session.messages] == [tag]


# ---------------------------------------------------------------------------- images and PNG

def test_image_export_import_round_trip(session, tmp_path):
    path = p(tmp_path / "i.png")
    run(session, 'img = Image[{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {{1, 1, 1}, {0, 0, 0}, '
                 '{0.5, 0.5, 0.5}}}]')
    same(session, f'Export["{path}", img]', f'"{path}"')
    # a Real32 image comes back as the Byte image of its values (as in WL)
    same(session, f'Import["{path}"] === Image[img, "Byte"]', "True")
    same(session, f'ImageType[Import["{path}"]]', '"Byte"')
    same(session, "ImageDimensions[img]", "{3, 2}")
    same(session, f'Import["{path}", "ImageSize"]', "{3, 2}")
    # "Data": the values as the file stores them (bytes), as WL's image formats give them
    data = run(session, f'Import["{path}", "Data"]')
    assert eval_numbers(data) == [[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
                                  [[255, 255, 255], [0, 0, 0], [128] * 3]]


def test_a_binary_image_is_a_one_bit_png(session, tmp_path):
    path = p(tmp_path / "b.png")
    run(session, f'Export["{path}", Image[{{{{0, 1}}, {{1, 1}}}}, "Bit"]]')
    same(session, f'ImageType[Import["{path}"]]', '"Bit"')
    same(session, f'Import["{path}", "Data"]', "{{0, 1}, {1, 1}}")
    same(session, f'Import["{path}", "BitDepth"]', "1")
    same(session, f'Import["{path}", {{"PNG", "DataType"}}]', '"Bit"')
    same(session, f'Import["{path}", "ColorSpace"]', '"Grayscale"')
    same(session, f'Import["{path}", "Channels"]', "1")
    from PIL import Image as PILImage
    with PILImage.open(path) as pil:
        assert pil.mode == "1"


def test_gif_export_import(session, tmp_path):
    """A still GIF imports as an image, an animated one (Export of a list of images) as
    its frames; transparency survives as an alpha channel."""
    still, anim, clear = (p(tmp_path / n) for n in ("s.gif", "a.gif", "t.gif"))
    run(session, 'img = Image[{{{255, 0, 0}, {0, 128, 255}}}, "Byte"]')
    same(session, f'Export["{still}", img]', f'"{still}"')
    same(session, f'Import["{still}"] === img', "True")
    same(session, f'Import["{still}", "Data"]', "{{{255, 0, 0}, {0, 128, 255}}}")
    same(session, f'Import["{still}", "ImageCount"]', "1")
    run(session, f'Export["{anim}", {{Image[{{{{0, 1}}}}], Image[{{{{1, 0}}}}], '
                 'Image[{{1, 1}}]}, "DisplayDurations" -> 0.2, "AnimationRepetitions" -> 3]')
    same(session, f'Import["{anim}", "ImageCount"]', "3")
    same(session, f'ImageData[#, "Bit"] & /@ Import["{anim}"]',
         "{{{{0, 0, 0}, {1, 1, 1}}}, {{{1, 1, 1}, {0, 0, 0}}}, {{{1, 1, 1}, {1, 1, 1}}}}")
    same(session, f'ImageDimensions[Import["{anim}", "Image"]]', "{2, 1}")
    same(session, f'Head[Import["{anim}", "ImageList"]]', "List")
    run(session, f'Export["{clear}", SetAlphaChannel[img, Image[{{{{1, 0}}}}]]]')
    same(session, f'ImageData[AlphaChannel[Import["{clear}"]], "Bit"]', "{{1, 0}}")
    from PIL import Image as PILImage
    with PILImage.open(anim) as pil:                  # the durations and loops were written
        # 3 plays: the GIF's count is of the plays after the first
        assert pil.info["duration"] == 200 and pil.info["loop"] == 2
    drawn = p(tmp_path / "g.gif")
    run(session, f'Export["{drawn}", Graphics[Disk[]]]')
    same(session, f'ImageQ[Import["{drawn}"]]', "True")
    run(session, f'Export["{still}", {{img, 3}}]')                  # 3: a frame of its text
    same(session, f'Length[Import["{still}", "ImageList"]]', "2")
    assert run(session, f'Export["{still}", img, "DisplayDurations" -> -1]') == S["$Failed"]


def eval_numbers(e):
    from wlnet.core.expr import to_python
    return to_python(e)


def test_image_of_grey_levels_and_its_output_form(session):
    from wlnet.syntax.printer import output_form
    img = run(session, "Image[{{0, 1}, {1, 0}}]")
    assert type(img) is Image and img.pixels[0, 1].tolist() == [255, 255, 255]
    assert output_form(img) == "-Image-"
    assert run(session, 'Image["no"]').head.name == "Image"
    assert tag_of(session.messages[0]) == "Image::imgarray"


RNG = np.random.default_rng(7)
PIXELS = RNG.integers(0, 256, size=(9, 13, 3), dtype=np.uint8)


def test_png_encoder_decoder_round_trip():
    assert np.array_equal(decode_png(encode_png(PIXELS)), PIXELS)


def _paeth(a, b, c):
    p_ = a + b - c
    pa, pb, pc = abs(p_ - a), abs(p_ - b), abs(p_ - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _filtered_png(pixels, channels, ctype, extra_chunks=b""):
    """A PNG whose rows use each of the five filter types in turn (written the way the
    PNG specification describes the filters, independently of the decoder)."""
    h, w = pixels.shape[:2]
    rows = pixels.reshape(h, w * channels).astype(int)
    raw = bytearray()
    prior = [0] * (w * channels)
    for y in range(h):
        ftype = y % 5
        line = rows[y].tolist()
        raw.append(ftype)
        for x, v in enumerate(line):
            left = line[x - channels] if x >= channels else 0
            up = prior[x]
            upleft = prior[x - channels] if x >= channels else 0
            pred = [0, left, up, (left + up) // 2, _paeth(left, up, upleft)][ftype]
            raw.append((v - pred) % 256)
        prior = line

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra_chunks
            + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b""))


def test_png_decoder_undoes_every_filter_type():
    assert np.array_equal(decode_png(_filtered_png(PIXELS, 3, 2)), PIXELS)


def test_png_decoder_grey_and_alpha():
    grey = PIXELS[:, :, :1]
    assert np.array_equal(decode_png(_filtered_png(grey, 1, 0)), np.repeat(grey, 3, axis=2))
    opaque = np.concatenate([PIXELS, np.full(PIXELS.shape[:2] + (1,), 255, np.uint8)], axis=2)
    assert np.array_equal(decode_png(_filtered_png(opaque, 4, 6)), PIXELS)
    clear = opaque.copy()
    clear[:, :, 3] = 0
    assert (decode_png(_filtered_png(clear, 4, 6)) == 255).all()    # over white


def test_png_against_pillow(tmp_path):
    Image_ = pytest.importorskip("PIL.Image")
    (tmp_path / "mine.png").write_bytes(encode_png(PIXELS))
    assert np.array_equal(np.asarray(Image_.open(tmp_path / "mine.png").convert("RGB")), PIXELS)
    Image_.fromarray(PIXELS).convert("P", palette=Image_.Palette.ADAPTIVE, colors=16).save(
        tmp_path / "pal.png")
    expected = np.asarray(Image_.open(tmp_path / "pal.png").convert("RGB"))
    assert np.array_equal(decode_png((tmp_path / "pal.png").read_bytes()), expected)
    bits = PIXELS[:, :, 0] > 127
    Image_.fromarray(bits).save(tmp_path / "bits.png")                 # 1-bit grey
    assert np.array_equal(decode_png((tmp_path / "bits.png").read_bytes())[:, :, 0],
                          np.where(bits, 255, 0))
    wide = PIXELS[:, :, 0].astype(np.uint16) * 256 + 3
    Image_.fromarray(wide).save(tmp_path / "wide.png")                 # 16-bit grey
    assert np.array_equal(decode_png((tmp_path / "wide.png").read_bytes())[:, :, 1],
                          np.round(wide / 257.0))                     # 65535 is 255
    read = read_image((tmp_path / "wide.png").read_bytes())           # a Bit16 image
    assert read.image_type == "Bit16" and np.array_equal(read.data[:, :, 0], wide)


@pytest.mark.parametrize("data", [
    b"", b"GIF89a", encode_png(PIXELS)[:-20], encode_png(PIXELS)[:40],
    encode_png(PIXELS).replace(b"IDAT", b"IDAX"),
    _filtered_png(PIXELS[:, :, :1], 1, 0)[:33] + b"\x00" * 20,
])
def test_png_decoder_rejects_damaged_files(data):
    with pytest.raises(PNGError):
        decode_png(data)


def test_loss_plot_images_export_as_png(session, tmp_path):
    """The train line's LossPlot is an Image of this module: it exports like any other."""
    img = Image(np.zeros((4, 5, 3), np.uint8))
    session.evaluator.definitions.set_own(S.ioPlot, img, False, evaluated=True)
    path = p(tmp_path / "plot.png")
    same(session, f'Export["{path}", ioPlot]', f'"{path}"')
    assert decode_png(Path(path).read_bytes()).shape == (4, 5, 3)


# ---------------------------------------------------------------------------- notebooks

def test_notebook_import_input_text(session):
    texts = run(session, f'NotebookImport["{p(EXAMPLE_NB)}", "Input" -> "InputText"]')
    assert session.messages == []
    assert texts.args[0] == String("SeedRandom[1234];")
    both = run(session, f'NotebookImport["{p(EXAMPLE_NB)}", "Input" | "Code" -> "InputText"]')
    assert len(both.args) == len(texts.args) + 1
    held = run(session, f'NotebookImport["{p(EXAMPLE_NB)}", "Code" -> "HeldExpression"]')
    assert held == parse('{HoldComplete[Print["accuracy: ", '
                         'NetMeasurements[trained, data, "Accuracy"]]]}')


def test_notebook_import_messages(session, tmp_path):
    assert run(session, f'NotebookImport["{p(tmp_path)}/none.nb", "Input" -> "InputText"]') \
        is FAILED
    assert tag_of(session.messages[0]) == "NotebookImport::nffil"
    assert run(session, f'NotebookImport["{p(EXAMPLE_NB)}", "Input" -> "Pictures"]') is FAILED
    assert tag_of(session.messages[0]) == "NotebookImport::form"
    (tmp_path / "bad.nb").write_text("Notebook[{")
    assert run(session, f'NotebookImport["{p(tmp_path)}/bad.nb", "Input" -> "InputText"]') \
        is FAILED
    assert tag_of(session.messages[0]) == "NotebookImport::fmterr"


def test_import_of_a_notebook_is_held_data(session, tmp_path):
    held = run(session, f'Import["{p(EXAMPLE_NB)}"]')
    assert held.head.name == "HoldComplete" and held.args[0].head.name == "Notebook"
    assert session.messages == []
    hostile = tmp_path / "h.nb"
    hostile.write_text('Notebook[{Cell[BoxData["1"], "Input", Foo -> Print["evaluated"]]}]')
    run(session, f'Import["{p(hostile)}"]')
    assert session.output == []
    texts = run(session, f'Import["{p(EXAMPLE_NB)}", "InputText"]')
    assert len(texts.args) == 7


# ---------------------------------------------------------------------------- declarations

@pytest.mark.parametrize("name, text, expected", declared_examples("io"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_every_builtin_has_a_usage():
    assert without_usage("io") == []


def test_a_format_wl_reads_but_wlnet_does_not_is_named_not_unguessable(session, tmp_path):
    (tmp_path / "x.xls").write_bytes(b"PK")
    assert run(session, f'Import["{p(tmp_path)}/x.xls"]') is FAILED
    [message] = session.messages
    assert "is a XLS file; importing XLS is not available in wlnet yet" in message
    assert "WLNet" in message and "JSON" in message          # what wlnet does read


def test_a_lone_surrogate_exports_escaped_and_reads_back(session, tmp_path):
    """UTF-8 has no form for a lone surrogate: text and packages write \\:d800 (which reads
    back as the same string), JSON its own \\ud800 escape."""
    base = str(tmp_path / "s")
    got = run(session, f'{{Export["{base}.txt", "a\\:d800"], Export["{base}.wl", "a\\:d800"], '
                       f'Export["{base}.json", {{"a\\:d800"}}]}}')
    assert session.messages == [] and "Export" not in str(got)
    assert Path(base + ".txt").read_bytes() == b"a\\:d800"
    assert b'"a\\ud800"' in Path(base + ".json").read_bytes()
    assert run(session, f'{{Import["{base}.wl"], Import["{base}.json"]}}') == \
        run(session, '{"a\\:d800", {"a\\:d800"}}')


# ---------------------------------------------------------------------------- CSV and TSV

TABLE = 'name,x,score\nann,1,2.5\n"b, c",2,-1e-3\nd,,7.\n'


@pytest.mark.parametrize("text, expected", [
    ('Import["{d}/t.csv"]',
     '{{"name", "x", "score"}, {"ann", 1, 2.5}, {"b, c", 2, -0.001}, {"d", "", 7.}}'),
    ('Import["{d}/t.csv", HeaderLines -> 1]', '{{"ann", 1, 2.5}, {"b, c", 2, -0.001}, {"d", "", 7.}}'),
    ('Import["{d}/t.csv", "Data", HeaderLines -> 1, "EmptyField" -> Missing[]][[3]]', '{"d", Missing[], 7.}'),
    ('Import["{d}/t.csv", "RawData"][[2]]', '{"ann", "1", "2.5"}'),
    ('Normal[Import["{d}/t.csv", "Dataset", HeaderLines -> 1]][[2]]',
     '<|"name" -> "b, c", "x" -> 2, "score" -> -0.001|>'),
    ('Import["{d}/t.tsv"]', '{{1, 2}, {3, 4}}'),
    ('Import["{d}/t.tsv", "CSV"]', '{{"1\t2"}, {"3\t4"}}'),
    ('Import["{d}/semi.txt", {{"CSV", "Data"}}, "FieldSeparators" -> ";"]', '{{1.5, 2.5}}'),
    # {"Data", i, j…}: parts of the table
    ('Import["{d}/t.csv", {{"Data", 2}}]', '{"ann", 1, 2.5}'),
    ('Import["{d}/t.csv", {{"Data", All, 2}}]', '{"x", 1, 2, ""}'),
    ('Import["{d}/t.tsv", {{"TSV", "Data", 2, 1}}]', '3'),
])
def test_tables_read_as_wl_reads_them(session, tmp_path, text, expected):
    (tmp_path / "t.csv").write_text(TABLE)
    (tmp_path / "t.tsv").write_text("1\t2\n3\t4\n")
    (tmp_path / "semi.txt").write_text("1.5;2.5\n")
    got = run(session, text.format(d=p(tmp_path)))
    assert not session.messages, session.messages
    assert got == run(session, expected)


def test_numeric_tables_are_packed_and_round_trip(session, tmp_path):
    d = p(tmp_path)
    for data in ("RandomInteger[{-9, 9}, {4, 3}]", "RandomReal[1, {5, 2}]"):
        run(session, f"m = {data};")
        run(session, f'Export["{d}/m.csv", m]')
        assert run(session, f'Developer`PackedArrayQ[Import["{d}/m.csv"]]') == TRUE
        assert run(session, f'Import["{d}/m.csv"] == m') == TRUE
    # rows of associations: a header of their keys, then the values
    run(session, f'Export["{d}/rows.tsv", {{<|"a" -> 1, "b" -> "x"|>, <|"a" -> 2, "b" -> "y"|>}}]')
    assert (tmp_path / "rows.tsv").read_text() == "a\tb\n1\tx\n2\ty\n"


def test_list_format_is_one_element_a_line(session, tmp_path):
    assert run(session, 'ExportString[{1.5, 2, "a b", x^2, 2.5*^-7}, "List"]') == \
        String("1.5\n2\na b\nx^2\n2.5e-7\n")
    assert run(session, 'ImportString["1\\n2.5\\nab c\\n-3", "List"]') == \
        run(session, '{1, 2.5, "ab c", -3}')
    d = p(tmp_path)
    run(session, f'Export["{d}/l.txt", {{3, 4}}, "List"]')
    assert run(session, f'Import["{d}/l.txt", "List"]') == run(session, "{3, 4}")
    assert not session.messages


def test_a_grid_or_table_form_exports_as_its_rows(session, tmp_path):
    d = p(tmp_path)
    run(session, f'Export["{d}/g.csv", Grid[{{{{1, "a"}}, {{3, 4}}}}, Frame -> All]]')
    assert (tmp_path / "g.csv").read_text() == "1,a\n3,4\n"
    assert run(session, 'ExportString[TableForm[{{1, 2}, {3, 4}}], "TSV"]') == \
        String("1\t2\n3\t4\n")
    assert not session.messages


def test_json_is_written_as_wl_writes_it(session):
    """One element a line, tab-indented, "key":value; "Compact" -> True on one line, and
    "Compact" -> n from nesting level n on."""
    data = '{1, <|"a" -> 1, "b" -> {}|>}'
    assert run(session, f'ExportString[{data}, "JSON"]') == String(
        '[\n\t1,\n\t{\n\t\t"a":1,\n\t\t"b":[]\n\t}\n]')
    assert run(session, f'ExportString[{data}, "JSON", "Compact" -> True]') == String(
        '[1,{"a":1,"b":[]}]')
    assert run(session, f'ExportString[{data}, "RawJSON", "Compact" -> 1]') == String(
        '[\n\t1,\n\t{"a":1,"b":[]}\n]')
    same(session, f'ImportString[ExportString[{data}, "JSON", "Compact" -> True], "RawJSON"]',
         data)
    assert run(session, 'ExportString[<|"a" -> Missing[], "b" -> Null|>, "RawJSON", '
                        '"Compact" -> True]') == String('{"a":null,"b":null}')
    assert run(session, 'ExportString[{1}, "JSON", "Compact" -> x]') == S["$Failed"]
    assert [tag_of(m) for m in session.messages] == ["ExportString::opttype"]


def test_raw_binary_numbers_round_trip(tmp_path):
    # an Othello trainer exports each array of its net as "Real32" for its C++ engine
    s = Session(echo=False)
    f = tmp_path / "w.bin"
    assert s.evaluate(f'Export["{f}", {{{{1.5, -2.}}, {{3., 0.25}}}}, "Real32"]') == String(str(f))
    assert f.read_bytes() == np.array([1.5, -2., 3., 0.25], "<f4").tobytes()
    assert output_form(s.evaluate(f'Import["{f}", "Real32"]')) == "{1.5, -2., 3., 0.25}"
    s.evaluate(f'Export["{f}", NumericArray[{{1, 2, 300}}, "Integer16"], "Integer16"]')
    assert output_form(s.evaluate(f'Import["{f}", "Integer16"]')) == "{1, 2, 300}"
    assert s.evaluate(f'Export["{f}", {{1.5}}, "Integer8"]') is S["$Failed"]
    assert s.messages[-1].startswith("Export::type")


# ---------------------------------------------------------------------------- GIF

def test_export_gif_animates_a_list_of_pictures(session, tmp_path):
    from PIL import Image as PILImage
    path = tmp_path / "anim.gif"
    result = session.evaluate(
        f'Export["{path}", Table[Graphics[Disk[{{i, 0}}], PlotRange -> {{{{0, 4}}, {{-1, 1}}}}], '
        '{i, 3}], "AnimationRepetitions" -> Infinity, AnimationRate -> 4, ImageSize -> 120]')
    assert result.value == str(path) and not session.messages
    gif = PILImage.open(path)
    assert gif.n_frames == 3 and gif.size == (120, 60) and gif.info["loop"] == 0
    assert gif.info["duration"] == 250
    path = tmp_path / "twice.gif"
    session.evaluate(f'Export["{path}", {{Image[ConstantArray[0., {{4, 6}}]], '
                     'Image[ConstantArray[1., {4, 6}]]}, "AnimationRepetitions" -> 2, '
                     '"DisplayDurations" -> {0.1, 0.5}]')
    gif = PILImage.open(path)
    assert (gif.n_frames, gif.size, gif.info["loop"]) == (2, (6, 4), 1)
    gif.seek(1)
    assert gif.info["duration"] == 500


def test_export_gif_of_what_is_not_a_picture_draws_its_text(session, tmp_path):
    from PIL import Image as PILImage
    for name, expr, frames in (("x", "{1, 2}", 1), ("m", "{Graphics[Disk[]], 2}", 2)):
        path = tmp_path / f"{name}.gif"
        assert session.evaluate(f'Export["{path}", {expr}]').value == str(path)
        assert not session.messages
        with PILImage.open(path) as gif:
            assert gif.n_frames == frames
            assert np.asarray(gif.convert("L")).min() < 128       # something drawn
    result = session.evaluate(f'Export["{tmp_path / "y.gif"}", {{Graphics[Disk[]]}}, '
                              '"DisplayDurations" -> {1, 2}]')
    assert result.name == "$Failed" and session.messages[-1].startswith("Export::opttype")


def test_export_svg_and_pdf_of_what_is_not_a_picture_draw_its_text(session, tmp_path):
    for ext, start in (("svg", b"<?xml"), ("pdf", b"%PDF")):
        path = tmp_path / f"x.{ext}"
        assert session.evaluate(f'Export["{path}", x^2 + {{1, 2}}]').value == str(path)
        assert not session.messages and path.read_bytes().startswith(start)
    assert b"<text" in (tmp_path / "x.svg").read_bytes() or \
        b"<path" in (tmp_path / "x.svg").read_bytes()                # glyphs drawn
    session.evaluate(f'Import["{tmp_path / "x.svg"}"]')               # written, not read
    assert session.messages[-1].startswith("Import::fmtna")


def test_export_png_of_text_and_tables_pictures_them(session, tmp_path):
    from PIL import Image as PILImage
    for name, expr in (("a", 'Grid[{{Plot[x, {x, 0, 1}], 1}}]'), ("b", 'Style["abc", Red]'),
                       ("c", "Grid[{{1, 2}, {3, 4}}]"), ("d", "x^2 + 1"),
                       ("e", "{1, 2, 3}"), ("f", "{{1, 2}, {3, 4}}")):
        path = tmp_path / f"{name}.png"
        assert session.evaluate(f'Export["{path}", {expr}]').value == str(path)
        assert not session.messages
        picture = np.asarray(PILImage.open(path).convert("L"))
        assert picture.min() < 128 < picture.max()       # something dark drawn on white


def test_wmlf_stores_nets_and_learnt_functions(session, tmp_path):
    # a converter script exports its ResNet as "cifar_resnet20_v2.WMLF" (the extension in
    # capitals); classifiers and predictors go to the same format
    f = p(tmp_path / "model.WMLF")
    run(session, 'net = NetInitialize[NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
                 '"Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]]]; '
                 'c = Classify[{1 -> "x", 2 -> "x", 3 -> "y", 4 -> "y"}]')
    assert output_form(run(session, f'Export["{f}", net]')) == f
    same(session, f'Import["{f}"][{{1., 2.}}, "Probabilities"]', 'net[{1., 2.}, "Probabilities"]')
    g = p(tmp_path / "c.wmlf")
    run(session, f'Export["{g}", c]')
    same(session, f'With[{{c2 = Import["{g}"]}}, {{Head[c2], c2[1.1], c2[3.9]}}]',
         '{ClassifierFunction, "x", "y"}')
    # what is neither a net nor a learnt function, and a file wlnet did not write
    h = p(tmp_path / "x.wmlf")
    assert run(session, f'Export["{h}", {{1, 2}}]') == FAILED
    assert any("Export::type" in m for m in session.messages)
    session.messages.clear()
    w = p(tmp_path / "x.wxf")
    run(session, f'Export["{w}", {{1, 2}}]')
    assert run(session, f'Import["{w}", "WMLF"]') == FAILED
    assert any("Import::fmterr" in m for m in session.messages)
