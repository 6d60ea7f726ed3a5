"""NetCDF Import (classic files written with SciPy, NetCDF-4 files with h5py)."""

import numpy as np
import pytest

from tests.builtins._support import check, run


@pytest.fixture
def classic(tmp_path):
    from scipy.io import netcdf_file
    path = tmp_path / "precip.nc"
    f = netcdf_file(str(path), "w")
    f.createDimension("time", 2)
    f.createDimension("lat", 3)
    p = f.createVariable("precip", "i2", ("time", "lat"))
    p[:] = np.arange(6).reshape(2, 3)
    p.scale_factor = 0.5
    p.add_offset = 1.0
    f.close()
    return path


def test_classic_file_elements(classic):
    check(f'Import["{classic}"]', '{"precip"}')
    check(f'Import["{classic}", {{"Datasets", "precip"}}]', "{{0, 1, 2}, {3, 4, 5}}")
    check(f'Import["{classic}", {{"Datasets", 1}}][[2]]', "{3, 4, 5}")
    check(f'Import["{classic}", "Dimensions"]', "{{2, 3}}")
    check(f'Import["{classic}", "DataFormat"]', '{"Integer16"}')
    # the packing attributes, which a program applies itself (value * scale + offset)
    check(f'Import["{classic}", "Annotations"]',
          '{{"scale_factor" -> 0.5, "add_offset" -> 1.}}')


def test_netcdf4_file_is_read_as_hdf5(tmp_path):
    h5py = pytest.importorskip("h5py")
    path = tmp_path / "tp.nc"
    with h5py.File(path, "w") as f:
        f.create_dataset("tp", data=np.ones((2, 2), "f4"))
        f["tp"].attrs["units"] = b"m"
    check(f'Import["{path}"]', '{"tp"}')
    check(f'Import["{path}", {{"Datasets", "tp"}}]', "{{1., 1.}, {1., 1.}}")
    check(f'Import["{path}", "Annotations"]', '{{"units" -> "m"}}')


def test_bad_variables_and_files_are_messages(classic, tmp_path):
    r = run(f'Import["{classic}", {{"Datasets", "zz"}}]')
    assert r.tags == ["Import::fmterr"] and r.value.name == "$Failed"
    bad = tmp_path / "bad.nc"
    bad.write_text("not netcdf")
    assert run(f'Import["{bad}"]').tags == ["Import::fmterr"]
