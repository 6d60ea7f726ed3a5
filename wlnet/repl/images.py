"""Pictures in the terminal REPL: graphics and images shown inline on terminals that
speak an image protocol, else written to a temporary PNG whose path is printed.

The protocol is detected from the environment (``WLNET_IMAGE_PROTOCOL`` overrides it:
``kitty``, ``iterm``, ``sixel``, or ``file``):

    kitty     TERM=xterm-kitty, KITTY_WINDOW_ID, or TERM_PROGRAM=ghostty/WezTerm
    iterm     TERM_PROGRAM=iTerm.app (also understood by WezTerm, mintty, VS Code)
    sixel     TERM naming sixel (e.g. mlterm, foot, xterm-sixel), or TERM_PROGRAM=mlterm
    file      anything else: the PNG is written and its path printed; with
              ``WLNET_OPEN_IMAGES=1`` the system viewer is opened on it

    picture_png(expr, warn)          PNG bytes of a picture result, None for other results
    print_image_result(console, label, expr)
                                     show ``Out[n]=`` and the picture; False (nothing
                                     printed) when the result is not a picture
"""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

__all__ = ["detect_protocol", "picture_png", "print_image_result", "kitty_escape",
           "iterm_escape", "sixel_escape", "is_picture"]

KITTY_CHUNK = 4096


def detect_protocol(env=None) -> str:
    env = os.environ if env is None else env
    forced = env.get("WLNET_IMAGE_PROTOCOL", "").lower()
    if forced in ("kitty", "iterm", "sixel", "file"):
        return forced
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if term == "xterm-kitty" or env.get("KITTY_WINDOW_ID") or program in ("ghostty", "WezTerm"):
        return "kitty"
    if program == "iTerm.app" or env.get("LC_TERMINAL") == "iTerm2":
        return "iterm"
    if "sixel" in term or term.startswith(("mlterm", "foot", "yaft")) or program == "mlterm":
        return "sixel"
    return "file"


def is_picture(expr) -> bool:
    from wlnet.builtins.manipulate import shown_frame
    from wlnet.core.expr import Expr, S
    from wlnet.graphics.values import is_picture
    expr = shown_frame(expr)                 # an animation shows its first frame
    if is_picture(expr):                  # an image, a graphic, a labelled one, a Grid of them
        return True
    return (type(expr) is Expr and expr.head is S.List and bool(expr.args)
            and all(is_picture(a) for a in expr.args))


def picture_png(expr, warn) -> bytes | None:
    """PNG bytes of an image, a graphic, or a List of them (drawn as a row)."""
    from wlnet.core.expr import Expr, S, Symbol
    from wlnet.builtins.manipulate import shown_frame
    from wlnet.graphics import export_bytes
    expr = shown_frame(expr)
    if not is_picture(expr):
        return None
    if type(expr).__name__ == "Image":
        return _png_of_pixels(_shown_pixels(expr))
    if type(expr) is Expr and expr.head is S.List:
        expr = Expr(Symbol("GraphicsRow"), expr)
    return export_bytes(expr, "PNG", warn)


def _shown_pixels(image) -> np.ndarray:
    """The pixels an image is shown with: at the width its ImageSize option asks for."""
    width = image.display_width()
    if width is None or width == image.width:
        return image.pixels
    from wlnet.core.image import Image, resize
    height = max(1, round(image.height * width / image.width))
    return resize(Image(image.pixels), width, height).pixels


def _png_of_pixels(pixels: np.ndarray) -> bytes:
    from PIL import Image as PILImage
    buf = io.BytesIO()
    PILImage.fromarray(np.ascontiguousarray(pixels)).save(buf, format="PNG")
    return buf.getvalue()


# ---------------------------------------------------------------------------- protocols

def kitty_escape(png: bytes) -> str:
    """The kitty graphics protocol: the PNG in base64 chunks, shown at the cursor."""
    data = base64.b64encode(png).decode("ascii")
    chunks = [data[i:i + KITTY_CHUNK] for i in range(0, len(data), KITTY_CHUNK)] or [""]
    out = []
    for i, chunk in enumerate(chunks):
        more = 1 if i < len(chunks) - 1 else 0
        control = f"a=T,f=100,m={more}" if i == 0 else f"m={more}"
        out.append(f"\x1b_G{control};{chunk}\x1b\\")
    return "".join(out)


def iterm_escape(png: bytes) -> str:
    """iTerm2's inline image escape (OSC 1337 File)."""
    data = base64.b64encode(png).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(png)};preserveAspectRatio=1:{data}\x07"


def sixel_escape(pixels: np.ndarray, colours: int = 255) -> str:
    """DEC sixel graphics of an RGB array: a palette of at most ``colours`` colours
    (Pillow's quantiser), six pixel rows per band, runs length-encoded."""
    from PIL import Image as PILImage
    quantised = PILImage.fromarray(np.ascontiguousarray(pixels)).quantize(colors=colours)
    index = np.asarray(quantised)
    palette = np.asarray(quantised.getpalette()[:3 * (index.max() + 1)]).reshape(-1, 3)
    height, width = index.shape
    out = [f'\x1bPq"1;1;{width};{height}']
    for i, (r, g, b) in enumerate(palette):
        out.append(f"#{i};2;{r * 100 // 255};{g * 100 // 255};{b * 100 // 255}")
    for top in range(0, height, 6):
        band = index[top:top + 6]
        weights = (1 << np.arange(band.shape[0]))[:, None]
        for colour in np.unique(band):
            bits = ((band == colour) * weights).sum(axis=0)
            out.append(f"#{colour}" + _run_length(bits) + "$")
        out.append("-")
    out.append("\x1b\\")
    return "".join(out)


def _run_length(bits: np.ndarray) -> str:
    chars = [chr(63 + int(b)) for b in bits]
    out, i = [], 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j] == chars[i]:
            j += 1
        run = j - i
        out.append(f"!{run}{chars[i]}" if run > 3 else chars[i] * run)
        i = j
    return "".join(out)


# ---------------------------------------------------------------------------- showing

def print_image_result(console, label: str, expr, env=None) -> bool:
    """Show a picture result: ``label`` then the picture inline, or the path of a PNG.
    False, printing nothing, when ``expr`` is not a picture."""
    if not is_picture(expr):
        return False
    from wlnet.graphics import message_text
    messages = []
    try:
        png = picture_png(expr, lambda *m: messages.append(message_text(*m)))
    except Exception:              # a picture that cannot be drawn shows as text
        return False
    for text in messages:
        console.print(text, markup=False, highlight=False, style="red")
    protocol = detect_protocol(env)
    if protocol == "file":
        path = write_temporary_png(png)
        console.print(f"{label} {_text_form(expr)}  [picture: {path}]", markup=False,
                      highlight=False)
        if (env or os.environ).get("WLNET_OPEN_IMAGES") == "1":
            open_in_viewer(path)
        return True
    console.print(label, markup=False, highlight=False)
    if protocol == "sixel":
        from PIL import Image as PILImage
        with PILImage.open(io.BytesIO(png)) as img:
            escape = sixel_escape(np.asarray(img.convert("RGB")))
    else:
        escape = kitty_escape(png) if protocol == "kitty" else iterm_escape(png)
    console.file.write(escape + "\n")
    console.file.flush()
    return True


def _text_form(expr) -> str:
    from wlnet.syntax.printer import output_form
    return output_form(expr)


def write_temporary_png(png: bytes) -> str:
    handle, path = tempfile.mkstemp(prefix="wlnet-", suffix=".png")
    with os.fdopen(handle, "wb") as fh:
        fh.write(png)
    return path


def open_in_viewer(path: str) -> None:
    """The system's image viewer on ``path``, without waiting; failures are silent (the
    path is printed already)."""
    command = ["open", path] if sys.platform == "darwin" else \
        ["cmd", "/c", "start", "", path] if sys.platform == "win32" else ["xdg-open", path]
    try:
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        pass
