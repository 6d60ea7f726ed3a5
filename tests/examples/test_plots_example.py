"""examples/plots.wl runs as a script (`wlnet -print all examples/plots.wl DIR`) without
messages, and the files it writes are pictures of what it plots."""

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

REPO = Path(__file__).resolve().parents[2]
FILES = ["waves.png", "waves.svg", "root.png", "noisy.png", "histogram.svg", "matrix.png",
         "decades.png", "contours.png", "shapes.svg", "row.png"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("plots")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "wlnet.cli", "--fail-on-message", "-print", "all",
                          str(REPO / "examples" / "plots.wl"), str(out)],
                         capture_output=True, text=True, env=env, timeout=600, cwd=REPO)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    return out, run.stdout.split()


def pixels(path) -> np.ndarray:
    with PILImage.open(io.BytesIO(path.read_bytes())) as img:
        return np.asarray(img.convert("RGB")).astype(int)


def test_every_export_prints_its_file(written):
    out, printed = written
    assert printed == [f"{out}/{name}" for name in FILES]


def test_pngs_decode_with_their_sizes(written):
    out, _ = written
    for name in FILES:
        if name.endswith(".png"):
            shape = pixels(out / name).shape
            assert shape[1] == (720 if name == "row.png" else 360) and shape[0] > 100, name


def test_the_two_waves_have_the_two_default_colours(written):
    out, _ = written
    img = pixels(out / "waves.png")
    blue = (img[..., 2] - img[..., 0] > 60) & (img[..., 0] < 140)
    orange = (img[..., 0] - img[..., 2] > 100) & (img[..., 1] > 100)
    assert blue.sum() > 300 and orange.sum() > 300


def test_svgs_hold_their_elements(written):
    out, _ = written
    waves = (out / "waves.svg").read_text()
    assert "sin" in waves and "cos" in waves                   # the legend, as text
    histogram = ET.fromstring((out / "histogram.svg").read_text())
    paths = [e for e in histogram.iter() if e.tag.endswith("path")]
    assert len(paths) >= 10                                    # ten bins of width 0.1
    assert "wlnet" in (out / "shapes.svg").read_text()


def test_the_disk_is_red_and_the_circle_blue(written):
    out, _ = written
    text = (out / "shapes.svg").read_text()
    assert "#ff0000" in text and "#0000ff" in text
