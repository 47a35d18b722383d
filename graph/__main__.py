"""``python -m graph``: the same as the ``kg`` command."""

from .tools.cli import run

run()
