"""``wlnet jupyter install``: register the wlnet kernel with Jupyter (a kernel spec whose
command is this Python running ``-m wlnet.jupyter``).

    wlnet jupyter install [--user | --sys-prefix | --prefix DIR] [--name NAME]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

__all__ = ["kernel_spec", "install_kernel_spec", "jupyter_main"]

USAGE = "usage: wlnet jupyter install [--user | --sys-prefix | --prefix DIR] [--name NAME]"
DISPLAY_NAME = "Wolfram Language (wlnet)"


def kernel_spec(python: str | None = None) -> dict:
    return {
        "argv": [python or sys.executable, "-m", "wlnet.jupyter", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "wolfram-language",
        "interrupt_mode": "signal",
    }


def install_kernel_spec(name: str = "wlnet", user: bool = False,
                        prefix: str | None = None) -> str:
    """Install the spec; returns the directory it went to."""
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "kernel.json"), "w", encoding="utf-8") as fh:
            json.dump(kernel_spec(), fh, indent=2)
        return KernelSpecManager().install_kernel_spec(tmp, name, user=user, prefix=prefix)


def jupyter_main(args: list[str]) -> int:
    if not args or args[0] != "install":
        print(USAGE, file=sys.stderr)
        return 2
    user, prefix, name = False, None, "wlnet"
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--user":
            user = True
        elif arg == "--sys-prefix":
            prefix = sys.prefix
        elif arg in ("--prefix", "--name") and rest:
            value = rest.pop(0)
            prefix, name = (value, name) if arg == "--prefix" else (prefix, value)
        else:
            print(f"wlnet: unknown argument {arg}\n{USAGE}", file=sys.stderr)
            return 2
    try:
        where = install_kernel_spec(name, user=user, prefix=prefix)
    except ImportError:
        print("wlnet: the Jupyter kernel needs ipykernel and jupyter_client: "
              "pip install 'wlnet[jupyter]'", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"wlnet: cannot install the kernel spec: {err}", file=sys.stderr)
        return 2
    print(f"Installed the kernel \"{DISPLAY_NAME}\" in {where}")
    return 0
