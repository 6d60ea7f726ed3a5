"""Loading the builtins (wlnet/builtins/__init__.py): the core language at once, the net
framework's on first use of a name in NET_SYMBOLS.  The table must name exactly what the
net modules register, or a net builtin would be missing before its first use (or a core
name would load the net framework); this is checked in a fresh interpreter."""

import json
import subprocess
import sys
from pathlib import Path

from wlnet.builtins import LAYER_SYMBOLS, NET_MODULES, NET_SYMBOLS

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json
from wlnet.builtins import load_builtins, load_net_builtins
from wlnet.core import registry as R
load_builtins()
core = dict(R.BUILTINS)
subvalues, upvalues = set(R.SUBVALUE_HANDLERS), set(R.UPVALUE_HANDLERS)
load_net_builtins()
from wlnet.net.registry import all_specs
print(json.dumps({
    "core": sorted(core),
    "net": sorted(set(R.BUILTINS) - set(core)),
    "replaced": sorted(n for n in core if R.BUILTINS[n] is not core[n]),
    "subvalue_heads": sorted(set(R.SUBVALUE_HANDLERS) - subvalues),
    "upvalue_heads": sorted({h for _, h in set(R.UPVALUE_HANDLERS) - upvalues}),
    "layers": sorted(s.symbol for s in all_specs()),
}))
"""


def _registered() -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_net_table_names_what_the_net_modules_register():
    reg = _registered()
    assert sorted(NET_SYMBOLS) == reg["net"]
    assert not set(NET_SYMBOLS) & set(reg["core"])
    assert reg["replaced"] == []             # a net module does not redefine a core builtin
    assert sorted(LAYER_SYMBOLS) == reg["layers"]
    # net[data], Part[net, …]…: handlers only for heads whose first use loads them
    assert set(reg["subvalue_heads"]) <= NET_SYMBOLS
    assert set(reg["upvalue_heads"]) <= NET_SYMBOLS


def test_net_modules_exist():
    for name in NET_MODULES:
        assert (ROOT / "wlnet" / "builtins" / f"{name}.py").is_file(), name
