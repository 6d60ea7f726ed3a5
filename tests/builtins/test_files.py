"""File names and the file system (Wolfram's answers: Mathics3's differ in separators and
messages).  Every test runs in its own temporary directory."""

import os

import pytest

from tests.builtins._support import Runner, check_example, declared_examples, parse
from wlnet.core.expr import String


@pytest.fixture
def r(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d" / "e").mkdir(parents=True)
    for name in ("a.wl", "b.txt", "d/c.wl", "d/e/f.wl"):
        (tmp_path / name).write_text("1")
    yield Runner()
    from wlnet.builtins import files
    files._DIRECTORY_STACK.clear()


def strings(r, text):
    value = r.run(text)
    assert r.messages == [], r.messages
    return [a.value for a in value.args] if value.args else value.value


NAMES = [
    ('FileNameJoin[{"a", "b", "c.wl"}]', "a/b/c.wl"),
    ('FileNameJoin[{"/a", "b/", "c.wl"}]', "/a/b/c.wl"),
    ('FileNameSplit["a/b/c.wl"]', ["a", "b", "c.wl"]),
    ('FileNameTake["a/b/c.wl"]', "c.wl"),
    ('FileNameTake["a/b/c.wl", 2]', "a/b"),
    ('FileNameTake["a/b/c.wl", -2]', "b/c.wl"),
    ('DirectoryName["a/b/c.wl"]', "a/b/"),
    ('DirectoryName["/a/b/c.wl", 2]', "/a/"),
    ('DirectoryName["c.wl"]', ""),
    ('FileBaseName["a/b/c.tar.gz"]', "c.tar"),
    ('FileExtension["a/b/c.tar.gz"]', "gz"),
    ('FileExtension["a/README"]', ""),
    # File["name"] objects (what FileNames wrapped in File and Import pass) name files too
    ('FileBaseName[File["a/b/c.jpg"]]', "c"),
    ('FileExtension[File["a/b/c.jpg"]]', "jpg"),
    ('FileNameTake[File["a/b/c.jpg"]]', "c.jpg"),
]


@pytest.mark.parametrize("text,expected", NAMES)
def test_file_names(r, text, expected):
    assert strings(r, text) == expected


def test_file_names_listing(r):
    assert strings(r, "FileNames[]") == ["a.wl", "b.txt", "d"]
    assert strings(r, 'FileNames["*.wl"]') == ["a.wl"]
    assert strings(r, 'FileNames[{"*.wl", "*.txt"}]') == ["a.wl", "b.txt"]
    assert strings(r, 'FileNames["*.wl", "d"]') == ["d/c.wl"]
    assert strings(r, 'FileNames["*.wl", "d", Infinity]') == ["d/c.wl", "d/e/f.wl"]
    # All is every name (FileNames[All, dir]; FileNames[All] is FileNames[])
    assert strings(r, "FileNames[All]") == ["a.wl", "b.txt", "d"]
    assert strings(r, 'FileNames[All, "d", Infinity]') == ["d/c.wl", "d/e", "d/e/f.wl"]
    r.run("FileNames[1]")
    assert r.tags == ["FileNames::badpat"]


def test_file_names_with_a_directory_in_the_pattern_and_ignore_case(r, tmp_path):
    # a test runner's FileNames[FileNameJoin[{scriptPath, "*.wlt"}]]; a MIDI finder's
    # FileNames["*.mid", dir, Infinity, IgnoreCase -> True]
    assert strings(r, 'FileNames["d/*.wl"]') == ["d/c.wl"]
    assert strings(r, f'FileNames["{tmp_path}/d/*.wl"]') == [str(tmp_path / "d" / "c.wl")]
    assert strings(r, 'FileNames["*/*.wl"]') == ["d/c.wl"]
    assert strings(r, 'FileNames["e/*.wl", "d"]') == ["d/e/f.wl"]
    assert strings(r, 'FileNames["*.WL", "d", Infinity, IgnoreCase -> True]') == ["d/c.wl", "d/e/f.wl"]
    assert r.run('FileNames["*.WL", "d", Infinity]') == parse("{}")


def test_directories(r, tmp_path):
    assert strings(r, "Directory[]") == str(tmp_path)
    assert r.run('FileExistsQ["a.wl"]') == parse("True")
    assert r.run('FileExistsQ["zz"]') == parse("False")
    assert r.run('DirectoryQ["d"]') == parse("True")
    made = strings(r, 'CreateDirectory["n/m"]')
    assert made == str(tmp_path / "n" / "m") and os.path.isdir(made)
    assert r.run('CreateDirectory["n/m"]') == parse("$Failed")
    assert r.tags == ["CreateDirectory::eexist"]
    assert strings(r, 'SetDirectory["d"]') == str(tmp_path / "d")
    assert strings(r, "FileNames[]") == ["c.wl", "e"]
    assert strings(r, "ResetDirectory[]") == str(tmp_path)
    assert r.run('SetDirectory["nope"]') == parse("$Failed")
    assert r.tags == ["SetDirectory::cdir"]
    assert os.getcwd() == str(tmp_path)


def test_a_name_that_is_not_a_string(r):
    assert r.run("FileBaseName[3]") == parse("FileBaseName[3]")
    assert r.tags == ["FileBaseName::string"]


@pytest.mark.parametrize("name,text,expected", declared_examples("files"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_copy_rename_delete(r, tmp_path):
    assert strings(r, 'CopyFile["a.wl", "copy.wl"]') == str(tmp_path / "copy.wl")
    assert (tmp_path / "copy.wl").read_text() == "1"
    assert r.run('CopyFile["a.wl", "copy.wl"]') == parse("$Failed")
    assert r.tags == ["CopyFile::filex"]
    r.run('CopyFile["b.txt", "copy.wl", OverwriteTarget -> True]')
    assert r.messages == []
    assert strings(r, 'RenameFile["copy.wl", "moved.wl"]') == str(tmp_path / "moved.wl")
    assert not (tmp_path / "copy.wl").exists()
    assert r.run('DeleteFile["moved.wl"]') == parse("Null") and r.messages == []
    assert r.run('DeleteFile["moved.wl"]') == parse("$Failed")
    assert r.tags == ["DeleteFile::fdnfnd"]
    assert r.run('DeleteDirectory["d"]') == parse("$Failed")        # not empty
    assert r.tags == ["DeleteDirectory::privv"]
    assert r.run('DeleteDirectory["d", DeleteContents -> True]') == parse("Null")
    assert not (tmp_path / "d").exists()


def test_directories_of_the_session(r, tmp_path):
    assert strings(r, "ParentDirectory[]") == str(tmp_path.parent)
    assert strings(r, 'ParentDirectory["/a/b/c"]') == "/a/b"
    assert strings(r, "NotebookDirectory[]") == str(tmp_path) + os.sep
    assert os.path.isdir(strings(r, "$TemporaryDirectory"))
    assert os.path.isdir(strings(r, "$HomeDirectory"))


def test_absolute_and_expanded_names(r, tmp_path):
    assert strings(r, 'AbsoluteFileName["d/c.wl"]') == str(tmp_path / "d" / "c.wl")
    assert strings(r, 'AbsoluteFileName[File["a.wl"]]') == str(tmp_path / "a.wl")
    assert r.run('AbsoluteFileName["missing.wl"]').name == "$Failed"
    assert r.tags == ["AbsoluteFileName::nffil"]
    # ExpandFileName does not need the file to exist
    assert strings(r, 'ExpandFileName["x/../y.wl"]') == str(tmp_path / "y.wl")


def test_create_directory_intermediate_directories(r, tmp_path):
    assert r.run('CreateDirectory["p/q", CreateIntermediateDirectories -> False]').name \
        == "$Failed"
    assert r.tags == ["CreateDirectory::nffil"]
    assert strings(r, 'CreateDirectory["p/q", CreateIntermediateDirectories -> True]') \
        == str(tmp_path / "p" / "q")
    r.run('CreateDirectory["z", Foo -> 1]')
    assert r.tags == ["CreateDirectory::optx"]
