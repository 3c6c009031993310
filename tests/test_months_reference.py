"""Our Bulgarian month names cover dateparser's Bulgarian locale (the reference data).

dateparser is not called at run time (the finder builds dates from matched parts and
never fills a missing day from today); its locale data checks ours instead.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateparser.languages import default_loader

from bulletin_extract.rules.dates import find_dates

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
BG = default_loader.get_locale("bg")


@pytest.mark.parametrize(
    ("number", "form"),
    [(n, form) for n, month in enumerate(MONTHS, 1) for form in BG.info[month]],
)
def test_every_dateparser_bulgarian_month_form_is_a_month(number: int, form: str) -> None:
    # two-letter abbreviations need their dot ("ян." - a bare "Ян" is a given name)
    written = f"{form}." if len(form) == 2 else form
    (m,) = find_dates(f"На 15 {written} 2021 г. се проведе среща.")
    assert (m.value.start, m.value.precision) == (dt.date(2021, number, 15), "day")  # type: ignore[union-attr]
