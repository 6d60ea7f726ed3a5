"""Talking to the world outside the session: ``RunProcess`` (an external program, with
``$SystemShell``) and ``URLRead``/``URLFetch`` (an HTTP request).

``RunProcess[cmd]`` runs a program (a name or path, or a list of it and its arguments;
no shell unless the program is one) and gives ``<|"ExitCode" -> …, "StandardOutput" -> …,
"StandardError" -> …|>``; ``RunProcess[cmd, prop]`` one of those (All: all), and
``RunProcess[cmd, prop, input]`` writes input to its standard input.  A program that
cannot be started gives a message and $Failed.

``URLRead[url]`` gives an ``HTTPResponse`` whose properties ("Body", "StatusCode",
"Headers", "ContentType", "BodyBytes") are read with ``response[prop]``; ``URLRead[url,
prop]`` gives them directly, and the older ``URLFetch[url]`` the body ("Content",
"StatusCode", "Headers" as elements).  Where no connection can be made (no network, a
refused port, a name that does not resolve) both say why in a message and give $Failed,
as WL does.
"""

from __future__ import annotations

import getpass
import os
import platform
import shutil
import socket
import subprocess
import sys

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, declare

_FAILED = Symbol("$Failed")
_SHELL = "/bin/sh" if os.path.exists("/bin/sh") else (shutil.which("sh") or "sh")

declare("$SystemShell", value=String(_SHELL),
        usage="$SystemShell is the system's command shell, for RunProcess[$SystemShell, "
              "All, \"commands\"].")

_PROCESS_MESSAGES = {
    "pnfd": "Program `1` not found. Check Environment[\"PATH\"].",
    "cmd": "`1` is not a command: give a program name or path, or a list of it and its "
           "arguments (strings or numbers).",
    "prop": "`1` is not a property of a finished process: \"ExitCode\", \"StandardOutput\", "
            "\"StandardError\" or All.",
    "inp": "`1` is not input for a process: give a string.",
    "dir": "ProcessDirectory -> `1` is not a directory.",
}
_PROCESS_PROPERTIES = ("ExitCode", "StandardOutput", "StandardError")
_PROCESS_OPTIONS = {"ProcessDirectory": S.Inherited, "ProcessEnvironment": S.Inherited}


def _argument(e) -> str | None:
    if type(e) is String:
        return e.value
    if type(e) is Integer:
        return str(e.value)
    return None


def _command(e) -> list[str] | None:
    items = e.args if is_list(e) else (e,)
    words = [_argument(a) for a in items]
    return None if not words or any(w is None for w in words) else words


def _environment(value):
    """ProcessEnvironment -> <|"NAME" -> "value", …|> added to the session's environment."""
    env = dict(os.environ)
    if type(value) is Expr and value.head is S.Association:
        for rule in value.args:
            key, val = rule.args
            if type(key) is String:
                env[key.value] = _argument(val) or ""
    return env


def _run(ev, command, input_text, options):
    directory = options["ProcessDirectory"]
    cwd = None
    if directory is not S.Inherited:
        if type(directory) is not String or not os.path.isdir(directory.value):
            ev.message(S.RunProcess, "dir", directory)
            return None
        cwd = directory.value
    env = None if options["ProcessEnvironment"] is S.Inherited else \
        _environment(options["ProcessEnvironment"])
    try:
        done = subprocess.run(command, input=input_text, capture_output=True, text=True,
                              cwd=cwd, env=env, check=False)
    except (FileNotFoundError, PermissionError, NotADirectoryError):
        ev.message(S.RunProcess, "pnfd", String(command[0]))
        return None
    except OSError as err:
        ev.message(S.RunProcess, "pnfd", String(f"{command[0]} ({err.strerror})"))
        return None
    return {"ExitCode": Integer(done.returncode), "StandardOutput": String(done.stdout),
            "StandardError": String(done.stderr)}


@builtin("RunProcess", argc=(1, None), messages=_PROCESS_MESSAGES, options=_PROCESS_OPTIONS,
         usage="RunProcess[{\"prog\", arg…}] runs an external program and gives "
               "<|\"ExitCode\" -> …, \"StandardOutput\" -> …, \"StandardError\" -> …|>; "
               "RunProcess[cmd, prop] one of them; RunProcess[cmd, All, input] feeds it "
               "input.  Options ProcessDirectory and ProcessEnvironment.",
         examples=(('RunProcess[{"echo", "hi"}, "StandardOutput"]', '"hi\\n"'),
                   ('RunProcess[$SystemShell, "StandardOutput", "echo $((6 * 7))"]',
                    '"42\\n"')))
def run_process(ev, command, *rest):
    from wlnet.core.registry import read_options
    split = read_options(ev, Expr(S.RunProcess, command, *rest), rest, _PROCESS_OPTIONS,
                         positional=2)
    if split is None:
        return None
    positional, options = split
    words = _command(command)
    if words is None:
        ev.message(S.RunProcess, "cmd", command)
        return None
    prop = positional[0] if positional else S.All
    if not (prop is S.All or (type(prop) is String and prop.value in _PROCESS_PROPERTIES)):
        ev.message(S.RunProcess, "prop", prop)
        return None
    input_text = None
    if len(positional) > 1:
        if type(positional[1]) is not String:
            ev.message(S.RunProcess, "inp", positional[1])
            return None
        input_text = positional[1].value
    found = _run(ev, words, input_text, {k: ev.evaluate(v) for k, v in options.items()})
    if found is None:
        return _FAILED
    if prop is S.All:
        return Expr(S.Association, *[Expr(S.Rule, String(k), v) for k, v in found.items()])
    return found[prop.value]


# ---------------------------------------------------------------------------- URLs

_URL_MESSAGES = {
    "invhttp": "The request to `1` failed: `2`.",
    "url": "`1` is not a URL: give a string (or URL[\"…\"]) starting with http:// or "
           "https://.",
    "prop": "`1` is not a property of an HTTP response: \"Body\", \"BodyBytes\", "
            "\"StatusCode\", \"Headers\" or \"ContentType\".",
}
_RESPONSE_PROPERTIES = ("Body", "BodyBytes", "StatusCode", "Headers", "ContentType")
_FETCH_ELEMENTS = {"Content": "Body", "ContentData": "BodyBytes", "StatusCode": "StatusCode",
                   "Headers": "Headers", "ContentType": "ContentType"}
_TIMEOUT_SECONDS = 30

declare("HTTPResponse", attributes=("Protected",),
        usage="HTTPResponse[<|…|>] is what URLRead gives: response[\"Body\"], "
              "response[\"StatusCode\"], response[\"Headers\"] read it.")


def _url(e) -> str | None:
    if type(e) is Expr and e.head is S.URL and len(e.args) == 1:
        e = e.args[0]
    if type(e) is String and e.value.lower().startswith(("http://", "https://")):
        return e.value
    return None


def _request(ev, head, url: str):
    """{property: value} of the response to GET url, or None after invhttp."""
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS) as response:
            status, headers, body = response.status, response.getheaders(), response.read()
    except urllib.error.HTTPError as err:     # a response all the same: 404 and its body
        status, headers, body = err.code, list(err.headers.items()), err.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        ev.message(head, "invhttp", String(url), String(str(text)))
        return None
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    charset = "utf-8"
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return {"Body": String(text),
            "BodyBytes": Expr(S.List, *[Integer(b) for b in body]),
            "StatusCode": Integer(status),
            "Headers": Expr(S.List, *[Expr(S.Rule, String(k.lower()), String(v))
                                      for k, v in headers]),
            "ContentType": String(content_type)}


def _properties(ev, head, found, prop, names):
    """found's value of prop (a name in names, or a list of them); None after a message."""
    if is_list(prop):
        values = [_properties(ev, head, found, p, names) for p in prop.args]
        return None if any(v is None for v in values) else Expr(S.List, *values)
    if type(prop) is String and prop.value in names:
        return found[names[prop.value] if isinstance(names, dict) else prop.value]
    ev.message(head, "prop", prop)
    return None


def _fetch(ev, head, url_expr, prop, names):
    url = _url(url_expr)
    if url is None:
        ev.message(head, "url", url_expr)
        return None
    found = _request(ev, head, url)
    if found is None:
        return _FAILED
    if prop is None:
        return Expr(S.HTTPResponse, Expr(S.Association, *[
            Expr(S.Rule, String(k), v) for k, v in found.items()]))
    value = _properties(ev, head, found, prop, names)
    return _FAILED if value is None else value


@builtin("URLRead", argc=(1, 2), messages=_URL_MESSAGES,
         usage="URLRead[url] sends an HTTP GET request and gives the HTTPResponse; "
               "URLRead[url, prop] gives its \"Body\", \"StatusCode\", \"Headers\", "
               "\"ContentType\" or \"BodyBytes\" (or a list of them).  Without a "
               "connection: a message and $Failed.")
def url_read(ev, url, prop=None):
    return _fetch(ev, S.URLRead, url, prop, _RESPONSE_PROPERTIES)


@builtin("URLFetch", argc=(1, 2), messages=_URL_MESSAGES,
         usage="URLFetch[url] gives the content of url as a string; URLFetch[url, elem] its "
               "\"Content\", \"StatusCode\", \"Headers\" or \"ContentType\" (or a list).  "
               "Without a connection: a message and $Failed.")
def url_fetch(ev, url, elem=None):
    return _fetch(ev, S.URLFetch, url, String("Content") if elem is None else elem,
                  _FETCH_ELEMENTS)


@builtin_subvalue("HTTPResponse")
def http_response_property(ev, head, *args):
    """response["Body"] and the other properties of a response."""
    if len(head.args) != 1 or len(args) != 1 or \
            not (type(head.args[0]) is Expr and head.args[0].head is S.Association):
        return None
    found = {r.args[0].value: r.args[1] for r in head.args[0].args}
    return _properties(ev, S.URLRead, found, args[0], _RESPONSE_PROPERTIES)


@builtin("URLEncode", argc=1, attributes=("Listable", "Protected"),
         usage="URLEncode[\"string\"] is the string percent-encoded for a URL (UTF-8 bytes "
               "of anything but letters, digits and -_.~ as %XX); numbers become their "
               "digits, True and False \"true\" and \"false\", None and Missing \"\".",
         examples=(('URLEncode["a b&c=é"]', '"a%20b%26c%3D%C3%A9"'),))
def url_encode(ev, e):
    from urllib.parse import quote
    text = _encodable_text(e)
    return None if text is None else String(quote(text, safe="-_.~"))


def _encodable_text(e):
    """The text URLEncode encodes for e, or None when e is not one of its forms."""
    if type(e) is String:
        return e.value
    if e is TRUE or e is FALSE:
        return "true" if e is TRUE else "false"
    if (type(e) is Symbol and e.name in ("None", "Null")) or \
            (type(e) is Expr and e.head is S.Missing):
        return ""
    if type(e) in (Integer, Real):
        from wlnet.syntax.printer import text_form
        return text_form(e)
    return _url(e) if type(e) is Expr else None


@builtin("URLDecode", argc=1, attributes=("Listable", "Protected"),
         usage="URLDecode[\"string\"] decodes the %XX escapes (and + for a space) of a "
               "URL-encoded string.",
         examples=(('URLDecode["a%20b%26c+d"]', '"a b&c d"'),))
def url_decode(ev, e):
    from urllib.parse import unquote_plus
    return String(unquote_plus(e.value)) if type(e) is String else None


@builtin("Run", argc=(1, None), attributes=("Protected",),
         usage="Run[\"command\"] runs the command in the system shell, its output going to "
               "the terminal, and gives its exit status (as the C function system does: 0 "
               "for success).",
         examples=(('Run["true"]', "0"),))
def run_command(ev, *parts):
    from wlnet.syntax.printer import text_form
    sys.stdout.flush()
    return Integer(os.system(" ".join(p.value if type(p) is String else text_form(p)
                                      for p in parts)))


def _system_id() -> str:
    name = {"Darwin": "MacOSX"}.get(platform.system(), platform.system())
    machine = platform.machine().lower()
    return name + ("-x86-64" if machine in ("x86_64", "amd64") else
                   "-ARM64" if machine in ("arm64", "aarch64") else "-" + machine)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


declare("$ProcessID", value=Integer(os.getpid()),
        usage="$ProcessID is the operating system's number of the process running wlnet.")
declare("$MachineName", value=String(socket.gethostname()),
        usage="$MachineName is the name of the computer wlnet runs on.")
declare("$SystemID", value=String(_system_id()),
        usage="$SystemID is the kind of computer system: Linux-x86-64, MacOSX-ARM64, ….")
declare("$UserName", value=String(_user_name()),
        usage="$UserName is the login name of the user running wlnet.")
