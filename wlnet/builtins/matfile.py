"""MATLAB .mat files (Export and Import format "MAT", with SciPy's scipy.io): how programs
hand a net's weight matrices to MATLAB and other engines.

Export takes a matrix, a list of matrices or rules "name" -> matrix (a vector is written as
a 1×n matrix, a number as 1×1); unnamed matrices are named "Expression1", "Expression2"….
Option "Version" -> 5 (the default) or 4 (the older format: real matrices only).  Import
gives the list of matrices ("Data"), or their names ("Labels").
"""

from __future__ import annotations

import io

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.packed import list_from_array

IMPORT_ELEMENTS = ("Data", "Labels")


class MATError(Exception):
    """The data cannot be written or the file read as MAT: ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _named_matrices(expr) -> list[tuple[str, object]]:
    """(name, expression) of each matrix to write."""
    if type(expr) is Expr and expr.head is S.List and expr.args and all(
            type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) for a in expr.args):
        pairs = []
        for rule in expr.args:
            name = rule.args[0]
            if type(name) is not String or not name.value:
                raise MATError("the names of the matrices should be strings")
            pairs.append((name.value, rule.args[1]))
        return pairs
    if type(expr) is Expr and expr.head is S.Association:
        return _named_matrices(Expr(S.List, *expr.args))
    arr = _array(expr)
    if arr is not None and arr.ndim <= 2:
        return [("Expression1", expr)]
    if type(expr) is Expr and expr.head is S.List:        # a list of matrices
        return [(f"Expression{i}", m) for i, m in enumerate(expr.args, 1)]
    raise MATError("expected a matrix, a list of matrices or rules \"name\" -> matrix")


def _array(e) -> np.ndarray | None:
    from wlnet.core.numeric_array import to_numpy_data
    values = to_numpy_data(e)
    if values is None or values.dtype.kind not in "iufcb":
        return None
    return np.asarray(values)


def mat_bytes(expr, version) -> bytes:
    from scipy.io import savemat
    if version not in (4, 5):
        raise MATError("\"Version\" should be 4 or 5")
    matrices = {}
    for name, value in _named_matrices(expr):
        arr = _array(value)
        if arr is None or arr.ndim > (2 if version == 4 else 8):
            raise MATError(f"the value of \"{name}\" is not a numeric matrix")
        if version == 4 and arr.dtype.kind == "c":
            arr = arr.astype(np.complex128)
        matrices[name] = np.atleast_2d(arr.astype(np.float64) if arr.dtype.kind in "iub"
                                       else arr)
    out = io.BytesIO()
    savemat(out, matrices, format=str(version), oned_as="row")
    return out.getvalue()


def import_mat(path: str, element: str):
    from scipy.io import loadmat
    try:
        contents = loadmat(path, squeeze_me=False)
    except (OSError, ValueError, TypeError, NotImplementedError) as err:
        raise MATError(f"the file is not a MAT file SciPy reads ({err})") from None
    names = [k for k in contents if not k.startswith("__")]
    if element == "Labels":
        return Expr(S.List, *[String(n) for n in names])
    matrices = []
    for name in names:
        arr = np.asarray(contents[name])
        if arr.dtype.kind not in "iufcb":
            raise MATError(f"\"{name}\" is not a numeric array")
        if arr.dtype.kind in "ub":
            arr = arr.astype(np.int64)
        matrices.append(list_from_array(arr))
    return Expr(S.List, *matrices)


def version_option(opts: dict) -> int:
    value = opts.get("Version", Integer(5))
    if type(value) is not Integer:
        raise MATError("\"Version\" should be 4 or 5")
    return value.value
