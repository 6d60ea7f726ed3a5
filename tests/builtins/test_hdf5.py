"""HDF5 Import and Export (wlnet.builtins.hdf5): the files are also read and written with
h5py directly, so that what wlnet writes is checked by the library, and what the library
writes (as a converted model's weights are) is read by wlnet."""

import numpy as np
import pytest

from wlnet.core.expr import S
from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.session import Session

h5py = pytest.importorskip("h5py")

FAILED = S["$Failed"]


@pytest.fixture
def session():
    return Session(echo=False)


def same(session, text, expected_text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    assert got == session.evaluate(expected_text)


def p(path) -> str:
    return str(path).replace("\\", "/")


@pytest.fixture
def keras_like(tmp_path):
    """A file laid out as Keras writes a model's weights: nested groups, float32 kernels,
    an attribute on a group."""
    path = tmp_path / "weights.h5"
    rng = np.random.default_rng(3)
    with h5py.File(path, "w") as f:
        f.create_dataset("/model_weights/dense_1/kernel:0",
                         data=rng.standard_normal((3, 4)).astype(np.float32))
        f.create_dataset("/model_weights/dense_1/bias:0", data=np.arange(4, dtype=np.float32))
        f.create_dataset("/model_weights/step", data=np.int32(7))
        f["/model_weights"].attrs["layer_names"] = np.array([b"dense_1"])
        f.attrs["backend"] = "tensorflow"
    return p(path)


def test_the_default_element_lists_the_datasets_by_absolute_name(session, keras_like):
    same(session, f'Import["{keras_like}"]',
         '{"/model_weights/dense_1/bias:0", "/model_weights/dense_1/kernel:0", '
         '"/model_weights/step"}')
    same(session, f'Import["{keras_like}", "Groups"]',
         '{"/", "/model_weights", "/model_weights/dense_1"}')


def test_data_is_an_association_of_every_dataset(session, keras_like):
    data = session.evaluate(f'data = Import["{keras_like}", "Data"]')
    assert session.messages == []
    with h5py.File(keras_like, "r") as f:
        kernel = f["/model_weights/dense_1/kernel:0"][()]
    got = to_numpy_data(session.evaluate('data["/model_weights/dense_1/kernel:0"]'))
    np.testing.assert_allclose(got, kernel)
    same(session, 'data["/model_weights/step"]', "7")
    assert data.head is S.Association


def test_one_dataset_by_name_by_position_or_a_group(session, keras_like):
    same(session, f'Import["{keras_like}", {{"Data", "/model_weights/dense_1/bias:0"}}]',
         "{0., 1., 2., 3.}")
    same(session, f'Import["{keras_like}", {{"Data", 1}}]', "{0., 1., 2., 3.}")
    same(session, f'Import["{keras_like}", {{"Data", -1}}]', "7")
    # a name without its leading slash, and the older {"Datasets", name} form
    same(session, f'Import["{keras_like}", {{"Datasets", "model_weights/step"}}]', "7")
    same(session, f'Import["{keras_like}", {{"HDF5", "Data", "/model_weights/step"}}]', "7")
    same(session, f'Keys[Import["{keras_like}", {{"Data", "/model_weights", 1}}]]',
         '{"/model_weights/step"}')
    same(session, f'Length[Import["{keras_like}", {{"Data", "/model_weights"}}]]', "3")


def test_dimensions_formats_and_attributes(session, keras_like):
    same(session, f'Import["{keras_like}", "Dimensions"]',
         '<|"/model_weights/dense_1/bias:0" -> {4}, "/model_weights/dense_1/kernel:0" -> '
         '{3, 4}, "/model_weights/step" -> {}|>')
    same(session, f'Values[Import["{keras_like}", "DataFormat"]]',
         '{"Real32", "Real32", "Integer32"}')
    same(session, f'Import["{keras_like}", {{"Attributes", "/"}}]',
         '<|"backend" -> "tensorflow"|>')
    same(session, f'Import["{keras_like}", "Attributes"]["/model_weights"]',
         '<|"layer_names" -> {"dense_1"}|>')


def test_export_forms_are_read_back_by_h5py(session, tmp_path):
    one, two, named, rules = (p(tmp_path / f"{n}.h5") for n in ("one", "two", "named", "rules"))
    session.evaluate(f'Export["{one}", {{{{1., 2.}}, {{3., 4.}}}}]')
    session.evaluate(f'Export["{two}", {{{{1, 2, 3}}, {{0.5}}}}, {{"Datasets", {{"/a/x", "y"}}}}]')
    session.evaluate(f'Export["{named}", <|"w" -> NumericArray[{{{{1, 2}}}}, "Real32"], '
                     f'"s" -> "text"|>]')
    session.evaluate(f'Export["{rules}", {{"Datasets" -> {{"p" -> {{1, 2}}}}}}, "Rules"]')
    assert session.messages == []
    with h5py.File(one, "r") as f:
        np.testing.assert_array_equal(f["/Dataset1"][()], [[1.0, 2.0], [3.0, 4.0]])
        assert f["/Dataset1"].dtype == np.float64
    with h5py.File(two, "r") as f:
        assert f["/a/x"].dtype == np.int64 and list(f["/a/x"][()]) == [1, 2, 3]
        assert list(f["/y"][()]) == [0.5]
    with h5py.File(named, "r") as f:
        assert f["/w"].dtype == np.float32
        assert f["/s"][()] in (b"text", "text")
    with h5py.File(rules, "r") as f:
        assert list(f["/p"][()]) == [1, 2]
    same(session, f'Import["{named}", "Data"]', '<|"/s" -> "text", "/w" -> {{1., 2.}}|>')


def test_weights_from_a_file_make_a_layer(session, keras_like):
    same(session, f'raw = Import["{keras_like}", "Data"]; '
                  'lin = LinearLayer["Weights" -> Transpose[raw["/model_weights/dense_1/kernel:0"]], '
                  '"Biases" -> raw["/model_weights/dense_1/bias:0"]]; '
                  'Dimensions[lin[{1., 2., 3.}]]', "{4}")


@pytest.mark.parametrize("text, tag", [
    ('Import["{f}", {{"Data", "/nothing"}}]', "Import::fmterr"),
    ('Import["{f}", {{"Data", 9}}]', "Import::fmterr"),
    ('Import["{f}", "Lines"]', "Import::noelem"),
    ('Import["{bad}", "HDF5"]', "Import::fmterr"),
    ('Export["{out}", {{f[1]}}]', "Export::hdf5"),
    ('Export["{out}", {{{{1}}, {{2}}}}, {{"Datasets", {{"a", "b", "c"}}}}]', "Export::hdf5"),
    ('Export["{out}", {{1}}, "Bogus"]', "Export::fmtnosup"),
])
def test_bad_requests_are_messages(session, keras_like, tmp_path, text, tag):
    bad = tmp_path / "not.h5"
    bad.write_text("plain text")
    got = session.evaluate(text.format(f=keras_like, bad=p(bad), out=p(tmp_path / "o.h5")))
    assert got is FAILED
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]


def test_without_h5py_the_message_says_what_to_install(session, keras_like, monkeypatch):
    import wlnet.builtins.hdf5 as hdf5

    def missing():
        raise hdf5.HDF5Error("HDF5 needs the h5py package (pip install 'wlnet[hdf5]')")
    monkeypatch.setattr(hdf5, "_h5py", missing)
    assert session.evaluate(f'Import["{keras_like}"]') is FAILED
    assert "h5py" in session.messages[0]


def test_export_of_named_datasets_with_the_datasets_element(session, tmp_path):
    # Export["f.h5", {"/group/name" -> array, …}, "Datasets"]: as without the element
    path = p(tmp_path / "named.h5")
    session.evaluate(f'Export["{path}", {{"/conv/kernel" -> {{{{1., 2.}}}}, "/conv/bias" -> '
                     f'{{0.5}}}}, "Datasets"]')
    assert session.messages == []
    with h5py.File(path, "r") as f:
        assert list(f["/conv/bias"][()]) == [0.5]
        np.testing.assert_array_equal(f["/conv/kernel"][()], [[1.0, 2.0]])
    same(session, f'Sort[Import["{path}", "Datasets"]]', '{"/conv/bias", "/conv/kernel"}')
    assert session.evaluate(f'Export["{path}", {{1, 2}}, "Datasets"]') == FAILED
