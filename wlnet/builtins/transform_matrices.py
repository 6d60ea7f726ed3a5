"""Matrices of geometric transformations, as programs augment point clouds and images
(rotate, scale, mirror the training examples): RotationMatrix, ScalingMatrix,
ReflectionMatrix.

    RotationMatrix[θ]           the 2-D rotation by θ counterclockwise
    RotationMatrix[θ, w]        the 3-D rotation by θ about the axis w (right-handed)
    RotationMatrix[{u, v}]      the rotation in the plane of u and v taking u's direction
                                to v's (2-D and 3-D vectors)
    ScalingMatrix[{s1, s2, …}]  scaling by si along axis i
    ScalingMatrix[s, v]         scaling by s along the direction v
    ReflectionMatrix[v]         the mirror across the hyperplane normal to v

The entries are the formulas evaluated, so exact angles give exact matrices and symbols
stay symbolic.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin

LIST = S.List


def _is_vector(e, size=None) -> bool:
    return type(e) is Expr and e.head is LIST and e.args and \
        not any(type(x) is Expr and x.head is LIST for x in e.args) and \
        (size is None or len(e.args) in ((size,) if isinstance(size, int) else size))


def _matrix(rows) -> Expr:
    return Expr.from_args(LIST, [Expr.from_args(LIST, row) for row in rows])


def _times(*factors):
    return Expr(S.Times, *factors)


def _plus(*terms):
    return Expr(S.Plus, *terms)


def _axis_rotation(theta, axis: list):
    """Rodrigues' formula: cos θ I + sin θ [w]ₓ + (1 - cos θ) w wᵀ, w the unit axis."""
    norm = Expr(S.Sqrt, _plus(*(Expr(S.Power, a, Integer(2)) for a in axis)))
    w = [_times(a, Expr(S.Power, norm, Integer(-1))) for a in axis]
    c, s = Expr(S.Cos, theta), Expr(S.Sin, theta)
    cross = [[Integer(0), _times(Integer(-1), w[2]), w[1]], [w[2], Integer(0), _times(Integer(-1), w[0])],
             [_times(Integer(-1), w[1]), w[0], Integer(0)]]
    return _matrix([[_plus(_times(c, Integer(int(i == j))), _times(s, cross[i][j]),
                           _times(_plus(Integer(1), _times(Integer(-1), c)), w[i], w[j]))
                     for j in range(3)] for i in range(3)])


def _angle_between(u, v):
    dot = _plus(*(_times(a, b) for a, b in zip(u, v)))
    norms = _times(*(Expr(S.Sqrt, _plus(*(Expr(S.Power, a, Integer(2)) for a in x)))
                     for x in (u, v)))
    return Expr(S.ArcCos, _times(dot, Expr(S.Power, norms, Integer(-1))))


@builtin("RotationMatrix", argc=(1, 2), attributes=("Protected",),
         usage="RotationMatrix[θ] is the 2-D rotation by θ; RotationMatrix[θ, w] the 3-D "
               "rotation by θ about the axis w; RotationMatrix[{u, v}] the rotation taking the "
               "direction of u to that of v.",
         examples=(("RotationMatrix[Pi/2]", "{{0, -1}, {1, 0}}"),
                   ("RotationMatrix[Pi/2, {0, 0, 1}]", "{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}"),
                   ("RotationMatrix[{{1, 0}, {0, 1}}]", "{{0, -1}, {1, 0}}")))
def rotation_matrix(ev, spec, axis=None):
    if axis is not None:
        if not _is_vector(axis, 3) or _is_vector(spec):
            return None
        return ev.evaluate(_axis_rotation(spec, list(axis.args)))
    if type(spec) is Expr and spec.head is LIST and len(spec.args) == 2 and \
            all(_is_vector(x, (2, 3)) for x in spec.args) and \
            len(spec.args[0].args) == len(spec.args[1].args):
        u, v = list(spec.args[0].args), list(spec.args[1].args)
        if len(u) == 2:         # the signed angle from u to v
            angle = _plus(Expr(S.ArcTan, v[0], v[1]), _times(Integer(-1), Expr(S.ArcTan, u[0], u[1])))
            return ev.evaluate(Expr(S.RotationMatrix, angle))
        normal = [_plus(_times(u[1], v[2]), _times(Integer(-1), u[2], v[1])),
                  _plus(_times(u[2], v[0]), _times(Integer(-1), u[0], v[2])),
                  _plus(_times(u[0], v[1]), _times(Integer(-1), u[1], v[0]))]
        normal = [ev.evaluate(x) for x in normal]
        if all(x == Integer(0) or (hasattr(x, "value") and x.value == 0) for x in normal):
            return None         # parallel vectors: the plane is not determined
        return ev.evaluate(_axis_rotation(_angle_between(u, v), normal))
    if type(spec) is Expr and spec.head is LIST:
        return None
    c, s = Expr(S.Cos, spec), Expr(S.Sin, spec)
    return ev.evaluate(_matrix([[c, _times(Integer(-1), s)], [s, c]]))


def _outer_formula(ev, v, scale):
    """I + scale v vᵀ/(v.v): the matrix that changes the component along v."""
    items = list(v.args)
    norm2 = _plus(*(Expr(S.Power, a, Integer(2)) for a in items))
    return ev.evaluate(_matrix([[_plus(Integer(int(i == j)), _times(
        scale, a, b, Expr(S.Power, norm2, Integer(-1)))) for j, b in enumerate(items)]
        for i, a in enumerate(items)]))


@builtin("ScalingMatrix", argc=(1, 2), attributes=("Protected",),
         usage="ScalingMatrix[{s1, s2, …}] scales by si along axis i; ScalingMatrix[s, v] by "
               "s along the direction v.",
         examples=(("ScalingMatrix[{2, 3}]", "{{2, 0}, {0, 3}}"),
                   ("ScalingMatrix[2, {1, 0}]", "{{2, 0}, {0, 1}}")))
def scaling_matrix(ev, s, v=None):
    if v is None:
        if not _is_vector(s):
            return None
        n = len(s.args)
        return _matrix([[s.args[i] if i == j else Integer(0) for j in range(n)]
                        for i in range(n)])
    if not _is_vector(v) or _is_vector(s):
        return None
    return _outer_formula(ev, v, _plus(s, Integer(-1)))


@builtin("ReflectionMatrix", argc=1, attributes=("Protected",),
         usage="ReflectionMatrix[v] mirrors across the hyperplane normal to v.",
         examples=(("ReflectionMatrix[{1, 0}]", "{{-1, 0}, {0, 1}}"),
                   ("ReflectionMatrix[{1, 1}]", "{{0, -1}, {-1, 0}}")))
def reflection_matrix(ev, v):
    if not _is_vector(v):
        return None
    return _outer_formula(ev, v, Integer(-2))
