"""The producer matrix (issue 10, item 8): the same bulletins printed by real PDF producers.

`recipes` makes the PDFs, `build` caches them, `score` compares a PDF run with the text
run of the same source, `matrix` is the `make matrix` command. Only `score` is needed by
the test suite; nothing here imports a producer's Python package at import time.
"""
