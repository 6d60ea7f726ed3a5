"""HDF5 files for Import and Export (wlnet.builtins.io dispatches here), read and written with
h5py, the maintained Python binding of the HDF Group's library (an optional extra:
``pip install wlnet[hdf5]``; without it Import/Export say so in a message).

Public net programs read converted weights this way: ``Import["model.h5", "Data"]`` gives an
association of every dataset by its absolute name (``"/dense_1/kernel:0"``), which the program
then feeds to ``LinearLayer["Weights" -> …]``.

Import elements (the Wolfram Language's HDF5 format page):
    "Datasets"      the datasets' absolute names (the default element)
    "Groups"        the groups' absolute names, the root "/" first
    "Data"          an association of every dataset's contents by name;
                    {"Data", n} / {"Data", name} one dataset; {"Data", group} the datasets
                    below a group; {"Data", group, lev} those at most lev levels below it
                    ({"Datasets", name | n} reads one dataset too, as older versions wrote it)
    "Dimensions"    an association of each dataset's dimensions
    "DataFormat"    an association of each dataset's element type ("Real32", "Integer64", …)
    "Attributes"    an association of each group's and dataset's attributes;
                    {"Attributes", name} those of one object
Export forms:
    Export["f.h5", array]                              one dataset, "/Dataset1"
    Export["f.h5", {a1, a2, …}, {"Datasets", {"n1", "n2", …}}]
    Export["f.h5", "name" -> array | {"n1" -> a1, …} | <|"n1" -> a1, …|>] (element
                                                       "Datasets" allowed)
    Export["f.h5", {"Datasets" -> {"n1" -> a1, …}}, "Rules"]
"""

from __future__ import annotations

import io

import numpy as np

from wlnet.core.expr import Expr, Integer, String, S, from_python

# HDF5 element types by WL's names for them
_FORMAT_OF_DTYPE = {"f2": "Real16", "f4": "Real32", "f8": "Real64", "i1": "Integer8",
                    "i2": "Integer16", "i4": "Integer32", "i8": "Integer64",
                    "u1": "UnsignedInteger8", "u2": "UnsignedInteger16",
                    "u4": "UnsignedInteger32", "u8": "UnsignedInteger64",
                    "c8": "Complex64", "c16": "Complex128"}

IMPORT_ELEMENTS = ("Attributes", "Data", "DataFormat", "Datasets", "Dimensions", "Groups")


class HDF5Error(Exception):
    """A file or an expression that cannot be read or written as HDF5: ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _h5py():
    try:
        import h5py
    except ImportError:
        raise HDF5Error("HDF5 needs the h5py package (pip install 'wlnet[hdf5]')") from None
    return h5py


# ---------------------------------------------------------------------------- reading

def import_element(path: str, element: str, args: tuple = ()):
    """The element ``element`` (with its sub-element arguments) of the HDF5 file at path."""
    h5py = _h5py()
    try:
        with h5py.File(path, "r") as f:
            return _element(h5py, f, element, args)
    except OSError as err:              # not an HDF5 file, or unreadable
        raise HDF5Error(f"not a readable HDF5 file ({err})") from None


def _objects(h5py, root) -> tuple[list, list]:
    """(groups, datasets) below ``root`` in the order HDF5 lists them (names sorted)."""
    groups, datasets = [], []

    def visit(name, obj):
        (datasets if isinstance(obj, h5py.Dataset) else groups).append(obj)
    root.visititems(visit)
    return groups, datasets


def _element(h5py, f, element: str, args: tuple):
    groups, datasets = _objects(h5py, f)
    if element in ("Data", "Datasets") and args:
        return _selected_data(h5py, f, datasets, args)
    if element == "Datasets":
        return Expr.from_args(S.List, (String(d.name) for d in datasets))
    if element == "Groups":
        return Expr.from_args(S.List, (String(g.name) for g in [f, *groups]))
    if element == "Data":
        return _by_name((d.name, _contents(d)) for d in datasets)
    if element == "Dimensions":
        return _by_name((d.name, from_python(list(d.shape))) for d in datasets)
    if element == "DataFormat":
        return _by_name((d.name, String(_data_format(d))) for d in datasets)
    if element == "Attributes":
        if args:
            return _attributes(_object(f, args[0]))
        return _by_name((o.name, _attributes(o)) for o in [f, *groups, *datasets])
    raise HDF5Error(f"the element {element} is not an HDF5 element")


def _selected_data(h5py, f, datasets: list, args: tuple):
    """{"Data", n | name | group[, lev]}: one dataset's contents, or the datasets below a
    group (at most lev levels down)."""
    which = args[0]
    if type(which) is Integer:
        n = which.value
        if not 1 <= abs(n) <= len(datasets):
            raise HDF5Error(f"the file has {len(datasets)} datasets, not {abs(n)}")
        return _contents(datasets[n - 1 if n > 0 else n])
    obj = _object(f, which)
    if isinstance(obj, h5py.Dataset):
        return _contents(obj)
    depth = args[1].value if len(args) > 1 and type(args[1]) is Integer else None
    prefix = obj.name.rstrip("/") + "/"
    below = [d for d in datasets if d.name.startswith(prefix)
             and (depth is None or d.name[len(prefix):].count("/") < depth)]
    return _by_name((d.name, _contents(d)) for d in below)


def _object(f, name):
    if type(name) is not String:
        raise HDF5Error(f"{name} is not the name of a group or a dataset")
    key = name.value if name.value.startswith("/") else "/" + name.value
    if key not in f:
        raise HDF5Error(f"the file has no group or dataset named {key}")
    return f[key]


def _contents(dataset):
    """A dataset's values as an expression: numbers as (packed) lists, strings as Strings."""
    data = dataset[()]
    return _value(data)


def _value(data):
    if isinstance(data, bytes):
        return String(data.decode("utf-8", "replace"))
    if isinstance(data, np.ndarray) and data.dtype.kind in "OSU":
        return from_python([_value(x) for x in data]) if data.ndim else _value(data[()])
    if isinstance(data, np.ndarray) and data.dtype.kind == "b":
        return from_python(data.tolist())
    return from_python(data)


def _data_format(dataset) -> str:
    dtype = dataset.dtype
    if dtype.kind in "OSU":
        return "String"
    return _FORMAT_OF_DTYPE.get(f"{dtype.kind}{dtype.itemsize}", str(dtype))


def _attributes(obj):
    return _by_name((key, _value(value)) for key, value in obj.attrs.items())


def _by_name(pairs):
    return Expr.from_args(S.Association, (Expr(S.Rule, String(k), v) for k, v in pairs))


# ---------------------------------------------------------------------------- writing

def hdf5_bytes(expr, element=None) -> bytes:
    """The HDF5 file of ``expr`` exported with the element spec ``element`` (None,
    {"Datasets", names} or "Rules")."""
    h5py = _h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        for name, value in _datasets_to_write(expr, element):
            key = name if name.startswith("/") else "/" + name
            if key in f:
                raise HDF5Error(f"the dataset {key} is given twice")
            f.create_dataset(key, data=_array(value, key))
    return buffer.getvalue()


def _datasets_to_write(expr, element) -> list[tuple[str, object]]:
    if _is_element(element, "Rules"):
        rules = _rules(expr)
        if rules is None or any(k != "Datasets" for k, _ in rules):
            raise HDF5Error("\"Rules\" export takes {\"Datasets\" -> {name -> array, …}}")
        out = []
        for _, value in rules:
            named = _rules(value)
            if named is None:
                raise HDF5Error("\"Datasets\" -> takes rules name -> array")
            out += named
        return out
    if type(element) is Expr and element.head is S.List and len(element.args) == 2 \
            and _is_element(element.args[0], "Datasets"):
        names = element.args[1]
        names = names.args if type(names) is Expr and names.head is S.List else (names,)
        values = expr.args if len(names) > 1 and type(expr) is Expr and expr.head is S.List \
            else (expr,)
        if len(values) != len(names) or not all(type(n) is String for n in names):
            raise HDF5Error(f"{len(names)} dataset names for {len(values)} arrays")
        return [(n.value, v) for n, v in zip(names, values)]
    if _is_element(element, "Datasets"):
        # Export["f.h5", {"/group/name" -> array, …}, "Datasets"]: the datasets by name
        named = _rules(expr)
        if named is None:
            raise HDF5Error("\"Datasets\" export takes rules name -> array")
        return named
    if element is not None:
        raise HDF5Error("the elements are given as {\"Datasets\", {name, …}}, \"Datasets\" "
                        "or \"Rules\"")
    named = _rules(expr)
    return named if named is not None else [("Dataset1", expr)]


def _is_element(e, name: str) -> bool:
    return type(e) is String and e.value == name


def _rules(expr) -> list[tuple[str, object]] | None:
    """name -> value pairs of a rule, a list of rules or an association (None otherwise)."""
    if type(expr) is Expr and expr.head in (S.Rule, S.RuleDelayed):
        items = (expr,)
    elif type(expr) is Expr and expr.head in (S.List, S.Association) and expr.args \
            and all(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) for r in expr.args):
        items = expr.args
    else:
        return None
    if not all(type(r.args[0]) is String for r in items):
        return None
    return [(r.args[0].value, r.args[1]) for r in items]


def _array(value, name: str):
    """A dataset's data: numbers as a numpy array (reals Real64, integers Integer64, a
    NumericArray its own type), strings as UTF-8 strings."""
    from wlnet.core.numeric_array import NumericArray, to_numpy_data
    if isinstance(value, NumericArray):
        return value.array
    if type(value) is String:
        return value.value
    arr = to_numpy_data(value)
    if arr is None:
        raise HDF5Error(f"the dataset {name} is not a rectangular array of numbers or a "
                        "string")
    return arr
