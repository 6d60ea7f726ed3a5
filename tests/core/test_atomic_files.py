"""atomic_write, and every writer that goes through it: a failure or a kill -9 part-way
through a write leaves the old file or the complete new one, never a torn one."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import wlnet.core.files as files
from wlnet.core.expr import Symbol
from wlnet.core.files import atomic_write
from wlnet.core.session import Session

NIGHTLY = bool(os.environ.get("WLNET_NIGHTLY"))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_writes_bytes_and_text(tmp_path):
    atomic_write(tmp_path / "a.bin", b"\x00\x01")
    atomic_write(tmp_path / "b.txt", "é")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_bytes() == "é".encode()
    assert sorted(os.listdir(tmp_path)) == ["a.bin", "b.txt"]     # no temporary file left


def test_keeps_the_old_files_permissions(tmp_path):
    target = tmp_path / "f"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write(target, b"new")
    assert os.stat(target).st_mode & 0o777 == 0o640


def _failing(monkeypatch, error=OSError("disk full")):
    def fail(fd):
        raise error
    monkeypatch.setattr(files.os, "fsync", fail)


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, error):
    target = tmp_path / "f"
    target.write_bytes(b"old")
    _failing(monkeypatch, error)
    with pytest.raises(type(error)):
        atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f"]


EXPORTS = {
    "a.wl": "{1, 2}",
    "a.txt": '"text"',
    "a.json": '{"a" -> 1}',
    "a.png": "Graphics[Disk[]]",
    "a.svg": "Graphics[Disk[]]",
    "a.jpg": "Graphics[Disk[]]",
    "a.wlnet": 'LinearLayer[2, "Input" -> 2]',
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_in_every_format_goes_through_atomic_write(tmp_path, monkeypatch, name):
    target = tmp_path / name
    target.write_bytes(b"old")
    _failing(monkeypatch)
    s = Session(echo=False)
    assert s.evaluate(f'Export["{target}", {EXPORTS[name]}]') == Symbol("$Failed")
    assert any("Export::noopen" in m for m in s.messages)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == [name]
    monkeypatch.undo()
    assert s.evaluate(f'Export["{target}", {EXPORTS[name]}]') != Symbol("$Failed")
    assert target.read_bytes() != b"old"


# ---------------------------------------------------------------------------- kill -9

_WRITER = textwrap.dedent("""
    import sys
    from wlnet.core.session import Session
    from wlnet.net.serialize import write_net_file
    from wlnet.net.wlform import net_from_expr
    target, size = sys.argv[1], int(sys.argv[2])
    s = Session(echo=False)
    nets = [net_from_expr(s.evaluate(
        f'LinearLayer[{size}, "Weights" -> ConstantArray[{v}, {{{size}, {size}}}], '
        f'"Biases" -> None]')) for v in (1, 2)]
    write_net_file(nets[0], target)
    print("ready", flush=True)
    i = 1
    while True:
        write_net_file(nets[i % 2], target)
        i += 1
""")


def test_kill_9_while_writing_a_net_file_never_leaves_a_torn_file(tmp_path):
    """A process rewriting a large net file in a loop is killed at random moments: the file
    is always one of the two complete versions."""
    target = str(tmp_path / "net.wlnet")
    size = 1500 if NIGHTLY else 600                      # 9 MB or 1.4 MB of weights
    trials = 30 if NIGHTLY else 3
    rng = random.Random(19)
    env = dict(os.environ, PYTHONPATH=ROOT)
    for _ in range(trials):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, target, str(size)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        _assert_complete(target, size)


def _assert_complete(path, size):
    """The file reads back (header, arrays, net) with one of the two weight matrices whole."""
    from wlnet.net.serialize import read_net_file
    arrays = read_net_file(path).arrays               # raises NetFileError on a torn file
    weights = arrays[0].array
    assert weights.shape == (size, size)
    assert (weights == 1).all() or (weights == 2).all()


def test_text_that_utf8_cannot_hold_is_written_escaped(tmp_path):
    atomic_write(tmp_path / "s.wl", "x = \"\ud800\"")
    assert (tmp_path / "s.wl").read_bytes() == b'x = "\\:d800"'
