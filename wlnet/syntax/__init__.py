"""The syntax layer: Lark grammar → expressions, syntax errors, printing."""
from pathlib import Path

# the printer makes str(expr) an expression's FullForm from the moment the syntax layer is
# used (wlnet.core.expr cannot import it)
from wlnet.syntax import printer as _printer  # noqa: F401


def grammar_path() -> Path:
    """The grammar file: inside the installed package, or the repository's top-level copy
    for an editable install."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "grammar" / "wl.lark"
    if installed.is_file():
        return installed
    return here.parent / "grammar" / "wl.lark"
