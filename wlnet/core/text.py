"""Text at the edges: source files that may not be UTF-8, output that may hold lone surrogates.

A WL string can hold any code point, lone UTF-16 surrogates included (``"\\:d800"``,
``FromCharacterCode[55296]``, a JSON file's ``"\\ud800"``); UTF-8 cannot encode them.  Output
never fails on one: it is written escaped as ``\\:d800``, the way it would be typed back
(``escape_surrogates`` for text, the ``wlnet-escape`` error handler for whole streams).
Source text is strict UTF-8: a file that is not gives ``SourceEncodingError``, which carries
the line and column of the first bad byte for a Syntax message.
"""

from __future__ import annotations

import codecs
import re
import sys

__all__ = ["escape_surrogates", "escape_streams", "decode_source", "SourceEncodingError",
           "ESCAPE_ERRORS"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_HANDLER = ESCAPE_ERRORS = "wlnet-escape"        # the codec error handler's name


def _escaped(ch: str) -> str:
    return f"\\:{ord(ch):04x}"


def escape_surrogates(text: str) -> str:
    """``text`` with every lone surrogate written as ``\\:xxxx`` (encodable as UTF-8)."""
    return _SURROGATE.sub(lambda m: _escaped(m.group()), text)


def _escape_error(err: UnicodeError):
    """Codec error handler: surrogates → ``\\:xxxx``; anything else the stream's encoding
    cannot hold (an ASCII terminal) → ``\\:xxxx`` too, rather than an exception."""
    if isinstance(err, UnicodeEncodeError):
        bad = err.object[err.start:err.end]
        return "".join(_escaped(c) if ord(c) <= 0xFFFF else f"\\|{ord(c):06x}" for c in bad), \
            err.end
    raise err


codecs.register_error(_HANDLER, _escape_error)


def escape_streams(*streams) -> None:
    """Make the text streams (default stdout and stderr) escape what they cannot encode."""
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=_HANDLER)
            except (ValueError, OSError):          # a closed or detached stream
                pass


class SourceEncodingError(ValueError):
    """Source bytes that are not UTF-8; ``line``/``column`` (1-based) of the first bad byte."""

    def __init__(self, data: bytes, error: UnicodeDecodeError):
        good = data[:error.start].decode("utf-8", "replace")
        self.line = good.count("\n") + 1
        self.column = len(good) - (good.rfind("\n") + 1) + 1
        self.message = f"Invalid UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        super().__init__(f"{self.message} (line {self.line}, column {self.column})")


# wlnet's .mx files (Export[…, "MX"], DumpSave): this line, then the zlib-compressed UTF-8
# of WL statements that rebuild the expression or the definitions.  (The Wolfram Language's
# own MX is a binary dump of its kernel's memory, which no other program reads.)
MX_MAGIC = b"(* wlnet MX 1 *)\n"


def mx_bytes(text: str) -> bytes:
    import zlib
    return MX_MAGIC + zlib.compress(text.encode("utf-8", ESCAPE_ERRORS))


def decode_source(data: bytes) -> str:
    """WL source bytes → text (UTF-8, a leading byte-order mark dropped; a wlnet .mx file's
    statements uncompressed; the front end's linear syntax ``\\!\\( … \\)`` read as the
    input it stands for, wlnet.notebook.boxes.expand_linear_syntax)."""
    if data.startswith(MX_MAGIC):
        import zlib
        try:
            data = zlib.decompress(data[len(MX_MAGIC):])
        except zlib.error:
            data = b"$Failed"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if data.startswith(codecs.BOM_UTF8):     # positions count from after the mark
            data = data[len(codecs.BOM_UTF8):]
            err = UnicodeDecodeError("utf-8", data, err.start - 3, err.end - 3, err.reason)
        raise SourceEncodingError(data, err) from None
    if "\\!\\(" in text:              # a notebook saved as a package: 2D input, images
        from wlnet.notebook.boxes import expand_linear_syntax
        text = expand_linear_syntax(text)
    return text
