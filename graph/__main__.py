"""``python -m graph``: the same as the ``kg`` command."""

import sys

from .tools.cli import main

sys.exit(main())
