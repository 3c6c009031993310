"""Profile one whole-pipeline run (after the spaCy pipeline is loaded) with pyinstrument.

    .venv/bin/python bench/profile_pipeline.py bench/corpus/issue8-80p.pdf [--ner]

Prints the call tree (functions under 1 % hidden) and whether dateparser, pdfplumber
or pdfminer were imported on the way: none of them belongs on the hot path.
"""

from __future__ import annotations

import argparse
import sys

from pyinstrument import Profiler

from bulletin_extract.nlp import load_pipeline
from bulletin_extract.pipeline import extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--ner", action="store_true", help="include the NER model (models/ner-bg)")
    args = parser.parse_args()
    load_pipeline(use_ner=args.ner, model_path=None)  # same cache key as pipeline.extract
    profiler = Profiler(interval=0.002)
    profiler.start()
    extract(args.file, use_ner=args.ner)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))
    for module in ("dateparser", "pdfplumber", "pdfminer"):
        print(f"{module} imported: {module in sys.modules}")


if __name__ == "__main__":
    main()
