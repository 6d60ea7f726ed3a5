"""``python -m wlnet``: the same as the ``wlnet`` command."""

import sys

from wlnet.cli import main

sys.exit(main())
