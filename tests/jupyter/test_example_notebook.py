"""examples/gru_notebook.ipynb (the .nb example converted, plus two plots) executed cell
by cell through the real kernel; the outputs are checked."""

import base64
import io
import json
import re
from pathlib import Path

from PIL import Image as PILImage

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "gru_notebook.ipynb"


def test_gru_notebook_runs_in_the_kernel(kernel):
    cells = [c for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"]
    outputs = []
    for cell in cells:
        out = kernel.run("".join(cell["source"]))
        assert out["reply"]["status"] == "ok"
        assert "::" not in out["stderr"], out["stderr"]          # no message anywhere
        outputs.append(out)
    by_code = {"".join(c["source"]): o for c, o in zip(cells, outputs)}
    classes = next(o for code, o in by_code.items() if code.startswith("trained[{"))
    text = classes["results"][0]["data"]["text/plain"]
    assert re.fullmatch(r"\{(Greater|Less|Equal), (Greater|Less|Equal), (Greater|Less|Equal)\}",
                        text), text
    accuracy = next(o for code, o in by_code.items() if code.startswith("Print["))
    value = float(re.search(r"accuracy: ([0-9.]+)", accuracy["stdout"]).group(1))
    assert 0.5 <= value <= 1.0
    for code in ("Histogram[", "BarChart["):
        plot = next(o for c, o in by_code.items() if c.startswith(code))
        data = plot["results"][0]["data"]
        with PILImage.open(io.BytesIO(base64.b64decode(data["image/png"]))) as img:
            assert img.size[0] == 360 and img.size[1] > 100
        assert "<svg" in data["image/svg+xml"]


def test_the_notebook_is_the_converted_nb(tmp_path):
    """Its cells are what `wlnet nb2ipynb examples/gru_notebook.nb` gives, plus plots."""
    from wlnet.cli import main
    out = tmp_path / "converted.ipynb"
    assert main(["nb2ipynb", str(NOTEBOOK.with_suffix(".nb")), "-o", str(out)]) == 0
    converted = json.loads(out.read_text())["cells"]
    checked_in = json.loads(NOTEBOOK.read_text())["cells"]
    assert [c["source"] for c in checked_in[:len(converted)]] == \
        [c["source"] for c in converted]
    assert json.loads(out.read_text())["metadata"]["kernelspec"]["name"] == "wlnet"
