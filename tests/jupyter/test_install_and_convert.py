"""`wlnet jupyter install` (into a temporary prefix) and `wlnet nb2ipynb`."""

import json

from wlnet.cli import main


def test_install_writes_a_kernel_spec(tmp_path, capsys):
    assert main(["jupyter", "install", "--prefix", str(tmp_path), "--name", "wlnet-x"]) == 0
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "wlnet-x" /
                       "kernel.json").read_text())
    assert spec["argv"][1:3] == ["-m", "wlnet.jupyter"] and "{connection_file}" in spec["argv"]
    assert spec["language"] == "wolfram-language"
    assert "Installed" in capsys.readouterr().out


def test_jupyter_usage_errors(capsys):
    assert main(["jupyter"]) == 2
    assert main(["jupyter", "install", "--bogus"]) == 2
    assert "usage: wlnet jupyter install" in capsys.readouterr().err


def test_nb2ipynb_cells_in_order(tmp_path):
    nb = tmp_path / "small.nb"
    nb.write_text('Notebook[{Cell["Title here", "Title"], Cell["Some \\<prose\\>.", "Text"], '
                  'Cell[BoxData[RowBox[{"1", "+", "1"}]], "Input"], '
                  'Cell[BoxData["2"], "Output"], '
                  'Cell[CellGroupData[{Cell["Part", "Section"], '
                  'Cell[BoxData[RowBox[{"f", "[", "x", "]"}]], "Code"]}, Open]]}]')
    assert main(["nb2ipynb", str(nb)]) == 0
    notebook = json.loads((tmp_path / "small.ipynb").read_text())
    cells = [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]
    assert cells == [("markdown", "# Title here"), ("markdown", "Some prose."),
                     ("code", "1+1"), ("markdown", "## Part"), ("code", "f[x]")]
    assert notebook["nbformat"] == 4 and all(c.get("outputs") == [] for c in notebook["cells"]
                                             if c["cell_type"] == "code")


def test_nb2ipynb_bad_input(tmp_path, capsys):
    assert main(["nb2ipynb"]) == 2
    missing = tmp_path / "none.nb"
    assert main(["nb2ipynb", str(missing)]) == 2
    assert "cannot convert" in capsys.readouterr().err
