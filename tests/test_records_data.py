"""The language data of the record builders says where each list comes from."""

from __future__ import annotations

import json
from importlib import resources


def _data(name: str) -> dict:
    return json.loads(resources.files("bulletin_extract.data").joinpath(name).read_text("utf-8"))


def test_every_record_cue_list_has_a_source() -> None:
    cues = _data("record_cues.json")
    keys = {k for k in cues if not k.startswith("_")}
    assert keys == set(cues["_sources"])
    assert all(cues["_sources"][k].strip() for k in keys)


def test_section_words_have_a_source() -> None:
    assert _data("sections.json")["_source"].strip()
