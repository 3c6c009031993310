"""`python -m bulletin_extract`: the same command line as `bulletin-extract`."""

from .cli import main

main(prog_name="bulletin-extract")
