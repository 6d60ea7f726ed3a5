"""Graphics directives (wlnet.graphics.style)."""

from wlnet.core.expr import Expr, Symbol
from wlnet.graphics.style import Style, apply_directive


def directive(name, *args):
    return Expr(Symbol(name), *args)


def test_face_form_none_leaves_faces_transparent_and_edge_form_none_removes_edges():
    red = Style(colour=(1.0, 0.0, 0.0))
    faceless = apply_directive(red, directive("FaceForm", Symbol("None")))
    assert faceless is not None and faceless.face_rgba()[3] == 0.0
    edged = apply_directive(red, directive("EdgeForm", Symbol("Black")))
    assert edged.edge is not None
    assert apply_directive(edged, directive("EdgeForm", Symbol("None"))).edge is None
