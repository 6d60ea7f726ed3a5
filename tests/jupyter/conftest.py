"""A real wlnet kernel started through jupyter_client, shared by the tests of a module."""

import json
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("ipykernel")
jupyter_client = pytest.importorskip("jupyter_client")

REPO = Path(__file__).resolve().parents[2]


class KernelDriver:
    """Executes cells and gathers what the kernel publishes for each."""

    def __init__(self, client):
        self.client = client

    def run(self, code: str, timeout: float = 300) -> dict:
        msg_id = self.client.execute(code)
        out = {"stdout": "", "stderr": "", "results": [], "displays": [], "updates": []}
        while True:
            msg = self.client.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind == "execute_result":
                out["results"].append(content)
            elif kind == "display_data":
                out["displays"].append(content)
            elif kind == "update_display_data":
                out["updates"].append(content)
            elif kind == "status" and content["execution_state"] == "idle":
                break
        out["reply"] = self.reply_to(msg_id, timeout)
        return out

    def reply_to(self, msg_id: str, timeout: float = 60) -> dict:
        """The shell reply to ``msg_id`` (earlier replies, such as kernel_info's, skipped)."""
        while True:
            msg = self.client.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]


@pytest.fixture(scope="module")
def kernel(kernel_manager):
    client = kernel_manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        yield KernelDriver(client)
    finally:
        client.stop_channels()


@pytest.fixture(scope="module")
def kernel_manager(tmp_path_factory):
    from jupyter_client import KernelManager
    from wlnet.jupyter.install import kernel_spec
    spec_root = tmp_path_factory.mktemp("jupyter")
    spec_dir = spec_root / "kernels" / "wlnet-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps(kernel_spec(sys.executable)))
    env = {**os.environ, "JUPYTER_PATH": str(spec_root),
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(spec_root)         # where the manager finds the spec
    try:
        manager = KernelManager(kernel_name="wlnet-test")
        manager.start_kernel(env=env)
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH")
        else:
            os.environ["JUPYTER_PATH"] = saved
    try:
        yield manager
    finally:
        manager.shutdown_kernel(now=True)
