"""File names and the file system: FileNameJoin, FileNameSplit, FileNameTake, DirectoryName,
FileBaseName, FileExtension, Directory, SetDirectory, ResetDirectory, CreateDirectory,
FileExistsQ, DirectoryQ, AbsoluteFileName, ExpandFileName, FileNames, ParentDirectory,
NotebookDirectory, DeleteFile, CopyFile, RenameFile, DeleteDirectory, $TemporaryDirectory,
$HomeDirectory, $InitialDirectory.

Names are strings, as in the Wolfram Language; a directory name from DirectoryName ends with
the separator (``DirectoryName["a/b/c.wl"]`` is ``"a/b/"``).  SetDirectory changes the
process's working directory (it is the Wolfram kernel's too) and keeps the earlier ones on a
stack for ResetDirectory.  Failures are messages and ``$Failed``.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import tempfile

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String
from wlnet.core.registry import builtin, read_options

LIST = S.List
_FAILED = S["$Failed"]
_DIRECTORY_STACK: list[str] = []          # SetDirectory's earlier directories, newest last


def _strings(e) -> list[str] | None:
    """The strings of a list of strings (or of one string), else None."""
    if type(e) is String:
        return [e.value]
    if is_list(e) and all(type(a) is String for a in e.args):
        return [a.value for a in e.args]
    return None


def _string_list(values) -> Expr:
    return Expr.from_args(LIST, [String(v) for v in values])


_STRING_EXPECTED = {"string": "String expected at position `1` in `2`."}


def _need_string(ev, sym, e, call, position=1) -> str | None:
    """The name a file argument gives: a string, or File["name"] (as FileNames, Import
    and file-index programs pass them)."""
    if type(e) is Expr and e.head is S.File and len(e.args) == 1 and type(e.args[0]) is String:
        e = e.args[0]
    if type(e) is String:
        return e.value
    ev.message(sym, "string", Integer(position), call)
    return None


# ============================================================================ names

@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileNameJoin[{\"dir\", …, \"name\"}] joins the parts into one file name.",
         examples=(('FileNameJoin[{"a", "b", "c.wl"}]', '"a/b/c.wl"'),))
def FileNameJoin(ev, parts):
    names = _strings(parts) if is_list(parts) else None
    if names is None:
        ev.message(S.FileNameJoin, "string", Integer(1), Expr(S.FileNameJoin, parts))
        return None
    return String(os.path.normpath(os.path.join(*names)) if names else "")


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileNameSplit[\"name\"] is the list of a file name's parts.",
         examples=(('FileNameSplit["a/b/c.wl"]', '{"a", "b", "c.wl"}'),))
def FileNameSplit(ev, name):
    path = _need_string(ev, S.FileNameSplit, name, Expr(S.FileNameSplit, name))
    if path is None:
        return None
    parts = path.split(os.sep)
    if parts and parts[0] == "" and path.startswith(os.sep):
        parts[0] = ""                          # an absolute name starts with ""
    return _string_list(p for i, p in enumerate(parts) if p or i == 0 and path.startswith(os.sep))


@builtin(argc=(1, 2), attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileNameTake[\"name\"] is the last part of a file name; FileNameTake[name, n] "
               "the first n parts (the last -n for negative n).",
         examples=(('FileNameTake["a/b/c.wl"]', '"c.wl"'),
                   ('FileNameTake["a/b/c.wl", 2]', '"a/b"')))
def FileNameTake(ev, name, count=None):
    path = _need_string(ev, S.FileNameTake, name, Expr(S.FileNameTake, name))
    if path is None:
        return None
    n = -1 if count is None else count.value if type(count) is Integer else None
    if n is None:
        return None
    parts = [p for p in path.split(os.sep) if p]
    taken = parts[:n] if n >= 0 else parts[n:]
    prefix = os.sep if path.startswith(os.sep) and n >= 0 else ""
    return String(prefix + os.sep.join(taken))


@builtin(argc=(1, 2), attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="DirectoryName[\"name\"] is the directory part of a file name, ending with the "
               "separator (\"\" when there is none); DirectoryName[name, n] goes n levels up.",
         examples=(('DirectoryName["a/b/c.wl"]', '"a/b/"'), ('DirectoryName["c.wl"]', '""'),
                   ('DirectoryName["a/b/c.wl", 2]', '"a/"')))
def DirectoryName(ev, name, levels=None):
    path = _need_string(ev, S.DirectoryName, name, Expr(S.DirectoryName, name))
    if path is None:
        return None
    n = 1 if levels is None else levels.value if type(levels) is Integer else 0
    if n < 1:
        return None
    for _ in range(n):
        head = os.path.dirname(path.rstrip(os.sep) or path)
        if not head:
            return String("")
        path = head
    return String(path if path.endswith(os.sep) else path + os.sep)


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileBaseName[\"name\"] is a file name without its directory and extension.",
         examples=(('FileBaseName["a/b/c.tar.gz"]', '"c.tar"'),))
def FileBaseName(ev, name):
    path = _need_string(ev, S.FileBaseName, name, Expr(S.FileBaseName, name))
    if path is None:
        return None
    return String(os.path.splitext(os.path.basename(path))[0])


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileExtension[\"name\"] is a file name's extension, without the dot (\"\" "
               "when it has none).",
         examples=(('FileExtension["a/b/c.tar.gz"]', '"gz"'), ('FileExtension["README"]', '""')))
def FileExtension(ev, name):
    path = _need_string(ev, S.FileExtension, name, Expr(S.FileExtension, name))
    if path is None:
        return None
    return String(os.path.splitext(os.path.basename(path))[1][1:])


# ============================================================================ directories

@builtin(argc=0, attributes=("Protected",),
         usage="Directory[] is the current working directory.",
         examples=(("StringQ[Directory[]]", "True"),))
def Directory(ev):
    return String(os.getcwd())


@builtin(argc=(0, 1), attributes=("Protected",),
         messages={**_STRING_EXPECTED, "cdir": "Cannot set current directory to `1`."},
         usage="SetDirectory[\"dir\"] makes dir the current working directory and returns its "
               "full name; SetDirectory[] goes to the home directory.  ResetDirectory[] goes back.")
def SetDirectory(ev, target=None):
    if target is None:
        path = os.path.expanduser("~")
    else:
        path = _need_string(ev, S.SetDirectory, target, Expr(S.SetDirectory, target))
        if path is None:
            return _FAILED
    previous = os.getcwd()
    try:
        os.chdir(os.path.expanduser(path))
    except OSError:
        ev.message(S.SetDirectory, "cdir", String(path))
        return _FAILED
    _DIRECTORY_STACK.append(previous)
    return String(os.getcwd())


@builtin(argc=0, attributes=("Protected",),
         messages={"dtop": "Directory stack is empty.",
                   "cdir": "Cannot set current directory to `1`."},
         usage="ResetDirectory[] goes back to the directory before the last SetDirectory.")
def ResetDirectory(ev):
    if not _DIRECTORY_STACK:
        ev.message(S.ResetDirectory, "dtop")
        return String(os.getcwd())
    previous = _DIRECTORY_STACK.pop()
    try:
        os.chdir(previous)
    except OSError:
        ev.message(S.ResetDirectory, "cdir", String(previous))
        return _FAILED
    return String(os.getcwd())


@builtin(argc=(0, None), attributes=("Protected",),
         options={"CreateIntermediateDirectories": TRUE},
         messages={**_STRING_EXPECTED, "eexist": "`1` already exists.",
                   "nffil": "File not found during `1`."},
         usage="CreateDirectory[\"dir\"] creates a directory (and, unless "
               "CreateIntermediateDirectories -> False, the directories above it) and returns "
               "its full name; CreateDirectory[] creates a new temporary directory.")
def CreateDirectory(ev, *args):
    split = read_options(ev, Expr(S.CreateDirectory, *args), args,
                         {"CreateIntermediateDirectories": TRUE}, positional=len(args))
    if split is None:
        return None
    positional, options = split
    if len(positional) > 1:
        ev.message(S.CreateDirectory, "argt", S.CreateDirectory, Integer(len(positional)),
                   Integer(0), Integer(1))
        return None
    target = positional[0] if positional else None
    if target is None:
        return String(tempfile.mkdtemp(prefix="wlnet-"))
    intermediate = options["CreateIntermediateDirectories"] is not FALSE
    path = _need_string(ev, S.CreateDirectory, target, Expr(S.CreateDirectory, target))
    if path is None:
        return _FAILED
    full = os.path.abspath(os.path.expanduser(path))
    if os.path.exists(full):
        ev.message(S.CreateDirectory, "eexist", String(path))
        return _FAILED
    try:
        os.makedirs(full) if intermediate else os.mkdir(full)
    except OSError:
        ev.message(S.CreateDirectory, "nffil", Expr(S.CreateDirectory, *args))
        return _FAILED
    return String(full)


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="FileExistsQ[\"name\"] is True when a file or directory of that name exists.",
         examples=(('FileExistsQ["/no/such/file"]', "False"),))
def FileExistsQ(ev, name):
    path = _need_string(ev, S.FileExistsQ, name, Expr(S.FileExistsQ, name))
    if path is None:
        return None
    return TRUE if os.path.exists(os.path.expanduser(path)) else FALSE


@builtin(argc=1, attributes=("Protected",),
         messages={**_STRING_EXPECTED, "nffil": "File `1` not found during `2`."},
         usage="AbsoluteFileName[\"name\"] is the full absolute name of an existing file or "
               "directory.",
         examples=(('AbsoluteFileName["/"]', '"/"'),))
def AbsoluteFileName(ev, name):
    call = Expr(S.AbsoluteFileName, name)
    path = _need_string(ev, S.AbsoluteFileName, name, call)
    if path is None:
        return None
    full = os.path.abspath(os.path.expanduser(path))
    if not os.path.exists(full):
        ev.message(S.AbsoluteFileName, "nffil", name, S.AbsoluteFileName)
        return _FAILED
    return String(full)


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="ExpandFileName[\"name\"] is name made absolute against the current directory "
               "(the file need not exist).",
         examples=(('ExpandFileName["/a/b/../c"]', '"/a/c"'),))
def ExpandFileName(ev, name):
    path = _need_string(ev, S.ExpandFileName, name, Expr(S.ExpandFileName, name))
    if path is None:
        return None
    return String(os.path.abspath(os.path.expanduser(path)))


@builtin(argc=1, attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="DirectoryQ[\"name\"] is True when name is an existing directory.",
         examples=(('DirectoryQ["/no/such/dir"]', "False"),))
def DirectoryQ(ev, name):
    path = _need_string(ev, S.DirectoryQ, name, Expr(S.DirectoryQ, name))
    if path is None:
        return None
    return TRUE if os.path.isdir(os.path.expanduser(path)) else FALSE


# ============================================================================ FileNames

@builtin(argc=(0, None), attributes=("Protected",), options={"IgnoreCase": FALSE},
         messages={"badpat": "`1` is not a string pattern of file names.",
                   "baddir": "`1` is not a directory name or a list of them.",
                   "argb": "FileNames called with `1` arguments; between 0 and 3 are expected.",
                   "optx": "Unknown option `1` in `2`."},
         usage="FileNames[] lists the files in the current directory; FileNames[\"pattern\"] "
               "those whose names match (* and ? wildcards; \"dir/*.m\" looks in dir); "
               "FileNames[pattern, dir] or {dir1, …} looks in other directories (All: every "
               "name); "
               "FileNames[pattern, dirs, n] descends n levels (Infinity for all); "
               "IgnoreCase -> True matches names whatever their case.")
def FileNames(ev, *args):
    split = read_options(ev, Expr(S.FileNames, *args), args, {"IgnoreCase": FALSE},
                         positional=len(args))
    if split is None:
        return None
    positional, options = split
    if len(positional) > 3:
        ev.message(S.FileNames, "argb", Integer(len(positional)))
        return None
    pattern, dirs, depth = (list(positional) + [None] * 3)[:3]
    # All is every name, as "*" is (FileNames[All, dir])
    patterns = ["*"] if pattern is None or pattern is S.All else _strings(pattern)
    if patterns is None:
        ev.message(S.FileNames, "badpat", pattern)
        return None
    directories = None if dirs is None else _strings(dirs)
    if dirs is not None and directories is None:
        ev.message(S.FileNames, "baddir", dirs)
        return None
    if depth is None:
        levels = 1
    elif depth is S.Infinity or type(depth) is Expr and depth.head is S.DirectedInfinity:
        levels = None
    elif type(depth) is Integer and depth.value >= 0:
        levels = depth.value
    else:
        return None
    fold = options["IgnoreCase"] is TRUE
    found = set()
    for directory in directories or [None]:
        for one in patterns:
            # "dir/*.wlt": the names matching *.wlt in dir (dir itself may have wildcards)
            head, name = os.path.split(one)
            for where in _pattern_directories(directory, head):
                found.update(_matching_files(where, name, levels, fold))
    return _string_list(sorted(found))


def _pattern_directories(directory: str | None, head: str):
    """The directories a pattern's directory part ``head`` names under ``directory`` (None:
    the current one, names given relative to it)."""
    if not head:
        yield directory
        return
    joined = os.path.join(directory, head) if directory is not None else head
    candidates = sorted(glob.glob(joined)) if glob.has_magic(joined) else [joined]
    for candidate in candidates:
        if os.path.isdir(os.path.expanduser(candidate)):
            yield candidate


def _matching_files(directory: str | None, pattern: str, levels: int | None, fold: bool):
    """Names (joined to ``directory`` when one is given) of the entries at most ``levels``
    deep whose own name matches ``pattern`` (in any case when ``fold``)."""
    root = os.path.expanduser(directory) if directory is not None else os.curdir
    wanted = pattern.lower() if fold else pattern
    for path, subdirs, files in os.walk(root):
        relative = os.path.relpath(path, root)
        depth = 0 if relative == os.curdir else relative.count(os.sep) + 1
        entries = sorted(subdirs + files)
        if levels is not None and depth + 1 >= levels:
            subdirs[:] = []                       # do not descend further
        for entry in entries:
            if fnmatch.fnmatchcase(entry.lower() if fold else entry, wanted):
                where = entry if relative == os.curdir else os.path.join(relative, entry)
                yield os.path.join(directory, where) if directory is not None else where


# ============================================================================ more

from wlnet.core.registry import declare  # noqa: E402

declare("$TemporaryDirectory", value=String(tempfile.gettempdir()),
        usage="$TemporaryDirectory is the directory for temporary files.")
declare("$HomeDirectory", value=String(os.path.expanduser("~")),
        usage="$HomeDirectory is the user's home directory.")
declare("$InitialDirectory", value=String(os.getcwd()),
        usage="$InitialDirectory is the working directory when wlnet started.")

_FILE_MESSAGES = {**_STRING_EXPECTED, "nffil": "File not found during `1`.",
                  "filex": "Cannot overwrite existing file `1`.",
                  "fdnfnd": "Directory or file `1` not found.",
                  "privv": "Cannot `1` `2`: `3`."}


@builtin(argc=(0, 1), attributes=("Protected",), messages=_STRING_EXPECTED,
         usage="ParentDirectory[] is the parent of the working directory; "
               "ParentDirectory[\"dir\"] the parent of dir.",
         examples=(("StringQ[ParentDirectory[]]", "True"),))
def ParentDirectory(ev, name=None):
    if name is None:
        return String(os.path.dirname(os.getcwd().rstrip(os.sep)) or os.sep)
    path = _need_string(ev, S.ParentDirectory, name, Expr(S.ParentDirectory, name))
    if path is None:
        return None
    return String(os.path.dirname(path.rstrip(os.sep)) or (os.sep if path.startswith(os.sep)
                                                           else "."))


@builtin(argc=0, attributes=("Protected",),
         usage="NotebookDirectory[] is the directory of the running script or notebook (the "
               "working directory in a REPL).",
         examples=(("StringQ[NotebookDirectory[]]", "True"),))
def NotebookDirectory(ev):
    script = ev.evaluate(S["$InputFileName"])
    if type(script) is String and script.value:
        return String(os.path.dirname(os.path.abspath(script.value)) + os.sep)
    return String(os.getcwd() + os.sep)


def _files_of(ev, sym, spec, call) -> list[str] | None:
    names = _strings(spec)
    if names is None:
        ev.message(sym, "string", Integer(1), call)
    return names


@builtin(argc=1, attributes=("Protected",), messages=_FILE_MESSAGES,
         usage="DeleteFile[\"file\"] deletes a file (or each of a list of files).",
         examples=())
def DeleteFile(ev, spec):
    call = Expr(S.DeleteFile, spec)
    names = _files_of(ev, S.DeleteFile, spec, call)
    if names is None:
        return None
    for name in names:
        if not os.path.isfile(name):
            ev.message(S.DeleteFile, "fdnfnd", String(name))
            return _FAILED
        try:
            os.remove(name)
        except OSError as err:
            ev.message(S.DeleteFile, "privv", "delete", String(name), err.strerror or "")
            return _FAILED
    return S.Null


def _copy_or_rename(ev, sym, source, target, move: bool, rest):
    call = Expr(sym, source, target, *rest)
    src = _need_string(ev, sym, source, call, 1)
    dst = _need_string(ev, sym, target, call, 2) if src is not None else None
    if src is None or dst is None:
        return None
    overwrite = any(type(r) is Expr and r.head is S.Rule and
                    getattr(r.args[0], "name", None) == "OverwriteTarget" and
                    r.args[1] == TRUE for r in rest)
    if not os.path.exists(src):
        ev.message(sym, "fdnfnd", source)
        return _FAILED
    if os.path.exists(dst) and not overwrite:
        ev.message(sym, "filex", target)
        return _FAILED
    import shutil
    try:
        if move:
            shutil.move(src, dst)
        elif os.path.isdir(src):
            shutil.copytree(src, dst, dirs_exist_ok=overwrite)
        else:
            shutil.copyfile(src, dst)
    except OSError as err:
        ev.message(sym, "privv", "copy" if not move else "rename", source, err.strerror or "")
        return _FAILED
    return String(os.path.abspath(dst))


@builtin(argc=(2, None), attributes=("Protected",), messages=_FILE_MESSAGES,
         usage="CopyFile[\"from\", \"to\"] copies a file (OverwriteTarget -> True replaces an "
               "existing one); gives the full name of the copy.",
         examples=())
def CopyFile(ev, source, target, *rest):
    return _copy_or_rename(ev, S.CopyFile, source, target, False, rest)


@builtin(argc=(2, None), attributes=("Protected",), messages=_FILE_MESSAGES,
         usage="RenameFile[\"old\", \"new\"] renames (moves) a file; gives its new full name.",
         examples=())
def RenameFile(ev, source, target, *rest):
    return _copy_or_rename(ev, S.RenameFile, source, target, True, rest)


@builtin(argc=(1, 2), attributes=("Protected",), messages=_FILE_MESSAGES,
         usage="DeleteDirectory[\"dir\"] deletes an empty directory; DeleteDirectory[dir, "
               "DeleteContents -> True] with everything in it.",
         examples=())
def DeleteDirectory(ev, name, *rest):
    call = Expr(S.DeleteDirectory, name, *rest)
    path = _need_string(ev, S.DeleteDirectory, name, call)
    if path is None:
        return None
    if not os.path.isdir(path):
        ev.message(S.DeleteDirectory, "fdnfnd", name)
        return _FAILED
    contents = any(type(r) is Expr and r.head is S.Rule and
                   getattr(r.args[0], "name", None) == "DeleteContents" and r.args[1] == TRUE
                   for r in rest)
    import shutil
    try:
        shutil.rmtree(path) if contents else os.rmdir(path)
    except OSError as err:
        ev.message(S.DeleteDirectory, "privv", "delete", name, err.strerror or "")
        return _FAILED
    return S.Null
