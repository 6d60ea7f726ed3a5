import io

import numpy as np
import pytest
from PIL import Image as PILImage

from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


@pytest.fixture
def export(session, tmp_path):
    """export(code, "png") → (path, messages): Export of the graphic the code gives."""
    def run(code: str, ext: str = "png"):
        path = tmp_path / f"out.{ext}"
        result = session.evaluate(f'Export["{path}", {code}]')
        assert result.value == str(path), result
        return path, list(session.messages)
    return run


def png_pixels(path) -> np.ndarray:
    """The PNG decoded (by Pillow, independent of the code that wrote it) as RGB."""
    with PILImage.open(io.BytesIO(path.read_bytes())) as img:
        return np.asarray(img.convert("RGB"))


def dark(pixels, threshold=128) -> np.ndarray:
    return pixels.mean(axis=2) < threshold


def parts_with_head(e, name: str) -> list:
    """Every part of ``e`` (``e`` too) whose head is the symbol ``name``, in order."""
    found = []
    stack = [e]
    while stack:
        x = stack.pop()
        head = getattr(x, "head", None)
        if getattr(head, "name", None) == name:
            found.append(x)
        stack.extend(reversed(getattr(x, "args", ()) or ()))
    return found
