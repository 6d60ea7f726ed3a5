"""The solids of Graphics3D (wlnet/graphics/solids.py): their faces from WL's defaults and
given arguments, and how they are drawn."""

import numpy as np
import pytest

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import Integer, Real, S, Expr
from wlnet.graphics.solids import solid_faces


def vec(*xs):
    return Expr(S.List, *(Real(float(x)) for x in xs))


def corners(faces):
    return np.concatenate([np.asarray(f) for f in faces])


def test_sphere_faces_lie_on_the_sphere():
    faces = solid_faces("Sphere", (vec(1, 2, 3), Real(2.0)))
    pts = corners(faces)
    assert np.allclose(np.linalg.norm(pts - [1, 2, 3], axis=1), 2.0)
    unit = corners(solid_faces("Sphere", ()))          # Sphere[]: unit, at the origin
    assert np.allclose(np.linalg.norm(unit, axis=1), 1.0)
    two = solid_faces("Sphere", (Expr(S.List, vec(0, 0, 0), vec(5, 0, 0)), Integer(1)))
    assert len(two) == 2 * len(solid_faces("Sphere", ()))


def test_cuboid_is_the_box_between_its_corners():
    faces = solid_faces("Cuboid", (vec(1, 1, 1),))     # the unit cube from that corner
    pts = corners(faces)
    assert len(faces) == 6 and pts.min(axis=0).tolist() == [1, 1, 1]
    assert pts.max(axis=0).tolist() == [2, 2, 2]
    unit = corners(solid_faces("Cuboid", ()))          # Cuboid[]: from the origin
    assert unit.min(axis=0).tolist() == [0, 0, 0] and unit.max(axis=0).tolist() == [1, 1, 1]
    faces = solid_faces("Cuboid", (vec(2, 0, 5), vec(0, 3, 4)))
    pts = corners(faces)
    assert pts.min(axis=0).tolist() == [0, 0, 4] and pts.max(axis=0).tolist() == [2, 3, 5]
    for face in faces:                                 # each face is flat on one side
        assert any(np.ptp(face[:, k]) == 0 for k in range(3))


def test_cylinder_and_cone_along_their_axis():
    axis = Expr(S.List, vec(0, 0, 0), vec(0, 0, 2))
    pts = corners(solid_faces("Cylinder", (axis, Real(0.5))))
    assert np.allclose(np.hypot(pts[:, 0], pts[:, 1]), 0.5)
    assert pts[:, 2].min() == 0 and pts[:, 2].max() == 2
    cone = solid_faces("Cone", (axis, Real(0.5)))
    tips = [f[-1] for f in cone[:-1]]
    assert np.allclose(tips, [0, 0, 2])
    default = corners(solid_faces("Cylinder", ()))      # z from -1 to 1, radius 1
    assert default[:, 2].min() == -1 and default[:, 2].max() == 1


@pytest.mark.parametrize("head,args", [("Sphere", (vec(1, 2),)), ("Cuboid", (vec(0, 0),)),
                                       ("Cylinder", (vec(0, 0, 0),)),
                                       ("Sphere", (vec(0, 0, 0), Real(-1.0)))])
def test_bad_arguments_are_not_solids(head, args):
    assert solid_faces(head, args) is None


def test_solids_are_drawn_in_their_colours(session, export):
    path, messages = export("Graphics3D[{Red, Sphere[{0, 0, 0}, 1], Blue, Cuboid[{2, 2, 0}], "
                            "Cone[]}, ImageSize -> 200]")
    assert not messages
    pixels = png_pixels(path).astype(int)
    red = (pixels[..., 0] > 120) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    blue = (pixels[..., 2] > 120) & (pixels[..., 0] < 60) & (pixels[..., 1] < 60)
    assert red.sum() > 100 and blue.sum() > 50
    export("Graphics3D[Sphere[{1, 2}]]")
    assert session.messages and "Graphics3D::gprim" in session.messages[-1]
