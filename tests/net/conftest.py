"""Make the shared helpers of the net tests (``_netutil``) importable from subfolders."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
