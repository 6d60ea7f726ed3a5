"""The Jupyter kernel: ipykernel's Kernel base (the messaging, the sockets, the
heartbeat) with a wlnet Session behind ``do_execute``, ``do_complete`` and
``do_inspect``.

A cell is one input of the session: ``In[n]`` is the cell's execution count; its result
is ``Out[n]`` (not shown when it is Null or the cell ends with ``;``).  A cell of several
statements evaluates them as inputs in turn, as a notebook does its lines: the results
before the last are shown as displays.  Pictures
(graphics, images, lists of them) are sent as PNG and SVG, nets as their summary; other
results as their OutputForm text; an animation as an animated GIF.  ``Print`` goes to stdout, messages to stderr, both as
they happen.  NetTrain's progress is one display that updates in place while it runs
(``display_data`` with a ``display_id``, then ``update_display_data``).  Text is sent with
lone surrogates escaped (``\\:d800``): the messages are UTF-8 JSON.
"""

from __future__ import annotations

import base64
import itertools
import re

from ipykernel.kernelbase import Kernel

from wlnet import __version__

__all__ = ["WLNetKernel", "display_data", "main"]

_NAME_BEFORE_CURSOR = re.compile(r"[$A-Za-z][$\w`]*$")
_NAME_CHARS = re.compile(r"[$\w`]")


def display_data(result) -> tuple[dict, list[str]]:
    """The MIME bundle of a result (text/plain always; image/png and image/svg+xml for
    pictures; for nets their summary as text/html and their picture as image/png) and the
    messages met drawing it."""
    from wlnet.repl.images import is_picture
    from wlnet.syntax.printer import output_form
    from wlnet.core.text import escape_surrogates
    bundle = {"text/plain": escape_surrogates(output_form(result))}
    if is_picture(result):
        pictures, warnings = _picture_bundle(result)
        return {**bundle, **pictures}, warnings
    if type(result).__name__ == "Audio":     # a player, as a notebook shows a sound
        player = _audio_player(result)
        if player is not None:
            bundle["text/html"] = player
        return bundle, []
    summary = _net_summary(result)
    if summary is not None:                  # a net: its summary table and its picture
        import html
        from wlnet.graphics import export_bytes
        from wlnet.graphics.netgraph import net_graphic
        bundle["text/html"] = f"<pre>{html.escape(escape_surrogates(summary))}</pre>"
        picture = net_graphic(result)
        if picture is not None:
            png = export_bytes(picture, "PNG", lambda *m: None)
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
    return bundle, []


def _picture_bundle(result) -> dict:
    from wlnet.core.expr import Expr, S, Symbol
    from wlnet.graphics import export_bytes, message_text
    from wlnet.builtins.manipulate import animation_gif, shown_frame
    from wlnet.repl.images import picture_png
    gif = animation_gif(result)
    if gif is not None:                      # an animation plays, as in a notebook
        return {"image/gif": base64.b64encode(gif).decode("ascii")}, []
    result = shown_frame(result)             # one frame, or frames it could not draw
    warnings = []
    warn = lambda *m: warnings.append(message_text(*m))  # noqa: E731
    bundle = {"image/png": base64.b64encode(picture_png(result, warn)).decode("ascii")}
    if type(result).__name__ != "Image":
        graphic = Expr(Symbol("GraphicsRow"), result) \
            if type(result) is Expr and result.head is S.List else result
        if not _contains_image(graphic):
            bundle["image/svg+xml"] = export_bytes(graphic, "SVG", warn).decode("utf-8")
    return bundle, warnings


def _audio_player(audio) -> str | None:
    """An HTML audio player with the sound as an embedded WAV file (None when it cannot be
    written as one)."""
    from wlnet.core.audio import AudioFileError, wav_bytes
    try:
        data = base64.b64encode(wav_bytes(audio)).decode("ascii")
    except AudioFileError:
        return None
    return f'<audio controls src="data:audio/wav;base64,{data}"></audio>'


def _contains_image(e) -> bool:
    """Images inside a graphic make its SVG a large embedded bitmap: PNG only then."""
    if type(e).__name__ == "Image":
        return True
    return any(_contains_image(a) for a in getattr(e, "args", ()))


def _net_summary(result) -> str | None:
    try:
        from wlnet.builtins.net import net_summary
        return net_summary(result)
    except Exception:              # not a net, or the net line is unavailable
        return None


class WLNetKernel(Kernel):
    implementation = "wlnet"
    implementation_version = __version__
    banner = f"wlnet {__version__}: Wolfram-Language-style nets"
    language_info = {
        "name": "wolfram-language",
        "mimetype": "text/x-wolfram-language",
        "file_extension": ".wl",
        "pygments_lexer": "mathematica",
        "codemirror_mode": "mathematica",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cell_parent = None
        self.wl = self._new_session()

    def _new_session(self):
        from wlnet.core.session import Session
        session = Session(message_sink=lambda text: self._stream("stderr", text + "\n"),
                          print_sink=lambda text: self._stream("stdout", text + "\n"))
        session.evaluator.progress_display = _LiveDisplay(self)
        return session

    def _stream(self, name: str, text: str) -> None:
        """Publish text at once, as output of the running cell.  The session evaluates
        in its own worker thread, where ipykernel's stdout does not know the cell: the
        cell's parent header is given explicitly (the IOPub socket is thread-safe)."""
        from wlnet.core.text import escape_surrogates
        self.session.send(self.iopub_socket, "stream",
                          {"name": name, "text": escape_surrogates(text)},
                          parent=self._cell_parent, ident=self._topic("stream"))

    def _display(self, kind: str, display_id: str, text: str) -> None:
        """``display_data`` (kind) or ``update_display_data`` of plain text under an id."""
        from wlnet.core.text import escape_surrogates
        content = {"data": {"text/plain": escape_surrogates(text)}, "metadata": {},
                   "transient": {"display_id": display_id}}
        self.session.send(self.iopub_socket, kind, content, parent=self._cell_parent,
                          ident=self._topic(kind))

    async def do_execute(self, code, silent, store_history=True, user_expressions=None,
                         allow_stdin=False, **kwargs):
        from wlnet.core.expr import NULL
        line = self.wl.line
        if not code.strip():
            return self._reply(line)
        self._cell_parent = self.get_parent()
        statements = _statements(code)
        for index, statement in enumerate(statements):
            result = self.wl.evaluate(statement)
            if self.wl.quit_code is not None:             # Quit[]: a fresh session
                self.wl = self._new_session()
                break
            last = index == len(statements) - 1
            if silent or result is NULL or (last and code.rstrip().endswith(";")):
                continue
            # every line of a cell shows its result, as in a notebook: the last as the
            # cell's result, the ones before it as displays
            self._publish(result, line if last else None)
        return self._reply(line)

    def _publish(self, result, execution_count: int | None) -> None:
        """The result as the cell's execute_result, or (no count) a display_data."""
        try:
            data, warnings = display_data(result)
        except Exception as err:              # a picture that cannot be drawn
            from wlnet.syntax.printer import output_form
            data, warnings = {"text/plain": output_form(result)}, [
                f"General::display: the result cannot be drawn ({err})."]
        for text in dict.fromkeys(warnings):
            self._stream("stderr", text + "\n")
        if execution_count is None:
            self.send_response(self.iopub_socket, "display_data",
                               {"data": data, "metadata": {}})
        else:
            self.send_response(self.iopub_socket, "execute_result",
                               {"execution_count": execution_count, "data": data,
                                "metadata": {}})

    def _reply(self, line: int) -> dict:
        return {"status": "ok", "execution_count": line, "payload": [],
                "user_expressions": {}}

    async def do_complete(self, code, cursor_pos):
        from wlnet.repl.loop import all_names
        match = _NAME_BEFORE_CURSOR.search(code[:cursor_pos])
        prefix = match.group(0) if match else ""
        names = [n for n in all_names(self.wl) if n.startswith(prefix)] if prefix else []
        return {"status": "ok", "matches": names,
                "cursor_start": cursor_pos - len(prefix), "cursor_end": cursor_pos,
                "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        name = _name_at(code, cursor_pos)
        usage = _usage(self.wl, name) if name else None
        if usage is None:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": f"{name}: {usage}"},
                "metadata": {}}

    async def do_is_complete(self, code):
        from wlnet.syntax.parser import is_complete
        complete = is_complete(code if code.endswith("\n") else code + "\n")
        return {"status": "incomplete" if complete is False else "complete",
                "indent": ""}


class _LiveDisplay:
    """A display that a long computation shows once and then updates in place (NetTrain's
    progress): each ``show`` opens a new display of the running cell."""

    _ids = itertools.count(1)

    def __init__(self, kernel: WLNetKernel):
        self.kernel = kernel
        self.display_id = None

    def show(self, text: str) -> None:
        self.display_id = f"wlnet-progress-{id(self.kernel)}-{next(self._ids)}"
        self.kernel._display("display_data", self.display_id, text)

    def update(self, text: str) -> None:
        if self.display_id is None:
            self.show(text)
        else:
            self.kernel._display("update_display_data", self.display_id, text)


def _statements(code: str) -> list:
    """The cell as the inputs it holds: its statements when there are several (each line
    of a notebook cell is an input of its own), else the text itself (evaluated as typed:
    a syntax error is the session's message)."""
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    try:
        statements = parse_script(code)
    except (WLSyntaxError, RecursionError, MemoryError):
        return [code]
    return statements if len(statements) > 1 else [code]


def _name_at(code: str, cursor_pos: int) -> str | None:
    """The symbol name the cursor is in or just after."""
    start = end = min(cursor_pos, len(code))
    while start > 0 and _NAME_CHARS.match(code[start - 1]):
        start -= 1
    while end < len(code) and _NAME_CHARS.match(code[end]):
        end += 1
    name = code[start:end]
    return name if name and not name[0].isdigit() else None


def _usage(session, name: str) -> str | None:
    """``name::usage`` without an input line of the session (evaluated directly)."""
    from wlnet.core.expr import Expr, S, String, Symbol
    value = session.evaluator.evaluate(Expr(S.MessageName, Symbol(name), String("usage")))
    return value.value if type(value) is String else None


def main() -> None:
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=WLNetKernel)
