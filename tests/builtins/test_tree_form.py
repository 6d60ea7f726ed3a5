"""TreeForm (wlnet/builtins/tree_form.py): levels on lines of their own, a compound part
marked | in place and written out below."""

from tests.builtins._support import check


def _text(expr: str) -> str:
    from wlnet.core.session import Session
    session = Session(echo=False)
    return session.evaluate(f"ToString[{expr}]").value


def test_parts_are_written_below_their_marks():
    assert _text("TreeForm[f[x, g[y, h[z]]]]").split("\n") == [
        "f[x, |         ]",
        "     g[y, |   ]",
        "          h[z]"]
    assert _text("TreeForm[f[g[a], g[b]]]").split("\n") == [
        "f[|   , |   ]",
        "  g[a]  g[b]"]


def test_a_depth_limits_the_levels_split():
    assert _text("TreeForm[f[x, g[y, h[z]]], 1]").split("\n") == [
        "f[x, |         ]",
        "     g[y, h[z]]"]
    assert _text("TreeForm[f[x, g[y]], 0]") == "f[x, g[y]]"


def test_atoms_and_the_wrapper():
    assert _text("TreeForm[x]") == "x"
    check("TreeForm[1 + 1]", "TreeForm[2]")                 # the argument evaluates
    check("InputForm[TreeForm[f[x]]] // ToString", '"TreeForm[f[x]]"')
