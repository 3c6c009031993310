"""The package's top level: `Bulletin` is exported, yet importing the package (what
`bulletin-extract --version` does) does not import pydantic."""

from __future__ import annotations

import subprocess
import sys

import pytest

import bulletin_extract
from bulletin_extract import models


def test_bulletin_is_the_models_class() -> None:
    assert bulletin_extract.Bulletin is models.Bulletin
    from bulletin_extract import Bulletin

    assert Bulletin.__name__ == "Bulletin"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Bulletins'"):
        bulletin_extract.Bulletins  # noqa: B018


def test_importing_the_package_leaves_pydantic_unloaded() -> None:
    code = "import sys, bulletin_extract; print(bulletin_extract.__version__, 'pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [bulletin_extract.__version__, "False"]
