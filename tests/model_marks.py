"""`needs_model`: skip a test when the NER model is absent (a checkout before `make train`)."""

from __future__ import annotations

import pytest

from bulletin_extract.ner import locate_model

try:
    locate_model()
    HAVE_MODEL = True
except Exception:
    HAVE_MODEL = False

needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="no NER model (run `make train`)")
