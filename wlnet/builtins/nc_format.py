"""NetCDF files (.nc, Import format "NetCDF"): how gridded climate and weather data (the
precipitation and reanalysis fields of downscaling programs) are stored.  Classic files
(CDF-1/2) are read with SciPy's netcdf_file; NetCDF-4 files, which are HDF5 files, with
h5py (the HDF5 extra).

Import elements (the Wolfram Language's NetCDF format page):
    "Datasets"      the variables' names (the default element); {"Datasets", name | n} the
                    values of one variable
    "Data"          the values of every variable, in order
    "Dimensions"    the dimensions of each variable, in order
    "Annotations"   the attributes of each variable, in order, as lists of rules
    "DataFormat"    each variable's element type ("Real32", "Integer16", …)
Values are given as stored (a scale_factor/add_offset attribute is left for the program to
apply, as its "Annotations" give them).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import list_from_array

IMPORT_ELEMENTS = ("Annotations", "Data", "DataFormat", "Datasets", "Dimensions")
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_FORMAT_OF_KIND = {"f4": "Real32", "f8": "Real64", "i1": "Integer8", "i2": "Integer16",
                   "i4": "Integer32", "i8": "Integer64", "u1": "UnsignedInteger8",
                   "S1": "Character8"}


class NetCDFError(Exception):
    """The file cannot be read as NetCDF: ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _variables(path: str) -> list[tuple[str, np.ndarray, dict]]:
    """(name, values, attributes) of each variable, in the file's order."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _HDF5_SIGNATURE:
        return _netcdf4_variables(path)
    if head[:3] != b"CDF":
        raise NetCDFError("the file is not a NetCDF file")
    from scipy.io import netcdf_file
    try:
        with netcdf_file(path, "r", mmap=False) as f:
            return [(name, np.array(var.data), {k: _attribute(v)
                                                for k, v in var._attributes.items()})
                    for name, var in f.variables.items()]
    except (ValueError, TypeError, OSError) as err:
        raise NetCDFError(f"not a readable NetCDF file ({err})") from None


def _netcdf4_variables(path: str) -> list:
    try:
        import h5py
    except ImportError:
        raise NetCDFError("NetCDF-4 files need the h5py package (pip install "
                          "'wlnet[hdf5]')") from None
    out = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            attrs = {k: _attribute(v) for k, v in obj.attrs.items()
                     if k not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME",
                                  "_Netcdf4Dimid", "_Netcdf4Coordinates")}
            # a dimension with no variable of its own is stored as an empty dataset
            label = obj.attrs.get("NAME", b"")
            if isinstance(label, bytes) and label.startswith(b"This is a netCDF dimension"):
                return
            out.append((name, np.array(obj[()]), attrs))
        f.visititems(visit)
    return out


def _attribute(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.reshape(()).item()
    return value


def _value_expr(value) -> object:
    if isinstance(value, str):
        return String(value)
    if isinstance(value, (bool, np.bool_)):
        return Integer(int(value))
    if isinstance(value, (int, np.integer)):
        return Integer(int(value))
    if isinstance(value, (float, np.floating)):
        return Real(float(value))
    if isinstance(value, np.ndarray):
        return _array_expr(value)
    return String(str(value))


def _array_expr(values: np.ndarray):
    if values.dtype.kind == "S":                       # character arrays: strings
        if values.ndim <= 1:
            return String(values.tobytes().decode("utf-8", "replace").rstrip("\x00"))
        return Expr.from_args(S.List, (_array_expr(v) for v in values))
    if values.ndim == 0:
        return _value_expr(values.item())
    kind = values.dtype.kind
    return list_from_array(values.astype(np.float64 if kind == "f" else np.int64))


def _format(values: np.ndarray) -> String:
    key = f"{values.dtype.kind}{values.dtype.itemsize}"
    return String(_FORMAT_OF_KIND.get(key, "Real64"))


def import_netcdf(path: str, element: str, args: tuple):
    variables = _variables(path)
    names = [name for name, _, _ in variables]
    if element == "Datasets" and not args:
        return Expr.from_args(S.List, (String(n) for n in names))
    if element == "Datasets":
        which = args[0]
        if type(which) is String and which.value in names:
            return _array_expr(variables[names.index(which.value)][1])
        if type(which) is Integer and 1 <= abs(which.value) <= len(names):
            i = which.value - 1 if which.value > 0 else len(names) + which.value
            return _array_expr(variables[i][1])
        from wlnet.syntax.printer import input_form
        raise NetCDFError(f"the file has no variable {input_form(which)}")
    if element == "Data":
        return Expr.from_args(S.List, (_array_expr(v) for _, v, _ in variables))
    if element == "Dimensions":
        return Expr.from_args(S.List, (Expr.from_args(S.List, (Integer(d) for d in v.shape))
                                       for _, v, _ in variables))
    if element == "DataFormat":
        return Expr.from_args(S.List, (_format(v) for _, v, _ in variables))
    # "Annotations": each variable's attributes as rules
    return Expr.from_args(S.List, (
        Expr.from_args(S.List, (Expr(S.Rule, String(k), _value_expr(a))
                                for k, a in attrs.items()))
        for _, _, attrs in variables))
