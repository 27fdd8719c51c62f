"""``python -m kzgraph``: the ``kzgraph`` command, for environments whose scripts are not on the PATH."""

import sys

from .cli import main

sys.exit(main())
