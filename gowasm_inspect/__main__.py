"""`python -m gowasm_inspect` runs the command line."""

from gowasm_inspect.cli import run

run()
