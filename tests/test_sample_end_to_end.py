"""End to end on the user's sample: the 8 projects, events, missions, timeline, metadata.

The expected values are read off the bulletin by a person (samples/issue8.txt).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.models import Bulletin

D = dt.date


@pytest.fixture(scope="module")
def bulletin(sample_txt: Path) -> Bulletin:
    return extract(sample_txt, use_ner=False)


# number, title, acronym, programme id, codes, budget (amount, currency), share, partners, countries
PROJECTS = [
    (1, "Укрепване на организационно - административния капацитет на КСГЗ", None, "OPIC",
     ["BG16RFOP002-2.009"], (484_000, "BGN"), None, None, None),
    (2, "MediaMotorEurope", None, "H2020", ["H2020-ICT-2018-20", "H2020-ICT-2019-2"],
     (1_952_000, "EUR"), 248_000, 7, 6),
    (3, "Smart Skills for Smarter Cities", "Skills4Cities", "ERASMUS_PLUS", [], (190_000, "EUR"), 32_000, 6, 5),
    (4, "eXperiential Digital Hub for media and creative industries", "XD Media Hub", "ERASMUS_PLUS", [],
     (294_500, "EUR"), 42_500, 7, 5),
    (5, "Towards Green Transition Facility", None, "COSME", [], None, None, None, None),
    (6, "European Technology for Sustainability", "eT4S", "COSME", [], (450_000, "EUR"), 62_000, 5, 5),
    (7, "Development of green skills for better employability", "DEGREBE", "ERASMUS_PLUS", [],
     (315_600, "EUR"), 40_200, 6, 4),
    (8, "Digiskill-Retail", None, "ERASMUS_PLUS", ["2022-1-DE02-KA220-VET-000089396"], (250_000, "EUR"),
     45_600, 4, 4),
]


def test_sample_has_eight_projects(bulletin: Bulletin) -> None:
    assert [p.number for p in bulletin.projects] == list(range(1, 9))


@pytest.mark.parametrize(
    ("number", "title", "acronym", "programme", "codes", "budget", "share", "partners", "countries"), PROJECTS
)
def test_sample_project(bulletin: Bulletin, number, title, acronym, programme, codes, budget, share,
                        partners, countries) -> None:
    p = bulletin.projects[number - 1]
    assert p.title == title
    assert p.acronym == acronym
    assert p.programme_id == programme
    assert p.codes == codes
    if budget is None:
        assert p.budget is None
    else:
        assert p.budget is not None
        assert (p.budget.amount, p.budget.currency) == budget
    assert (p.publisher_share.amount if p.publisher_share else None) == share
    assert p.partners == partners
    assert p.countries == countries


def test_first_project_money_roles(bulletin: Bulletin) -> None:
    p = bulletin.projects[0]
    assert (p.grant.amount, p.grant.currency) == (387_000, "BGN")  # type: ignore[union-attr]
    assert (p.co_financing.amount, p.co_financing.currency) == (97_000, "BGN")  # type: ignore[union-attr]
    assert p.budget.amount_eur == pytest.approx(247_465.27, abs=0.01)  # type: ignore[union-attr]
    assert (p.period.start, p.period.end, p.period.precision) == (D(2018, 1, 1), D(2019, 12, 31), "year")  # type: ignore[union-attr]
    assert p.status == "completed"


@pytest.mark.parametrize(
    ("number", "start", "end", "precision", "status"),
    [
        (1, D(2019, 1, 1), D(2019, 12, 31), "year", "completed"),  # the last year of "2018 - 2019 г."
        (2, D(2022, 4, 1), D(2022, 4, 30), "month", "completed"),
        (3, D(2023, 1, 1), D(2023, 1, 31), "month", "ongoing"),
        (4, D(2023, 12, 1), D(2023, 12, 31), "month", "ongoing"),
        (7, D(2025, 1, 1), D(2025, 12, 31), "year", "ongoing"),
        (8, D(2024, 1, 1), D(2024, 12, 31), "year", "ongoing"),
    ],
)
def test_sample_project_end(bulletin: Bulletin, number, start, end, precision, status) -> None:
    p = bulletin.projects[number - 1]
    assert p.end is not None
    assert (p.end.start, p.end.end, p.end.precision) == (start, end, precision)
    assert p.status == status


def test_project_evidence_points_at_the_budget_mention(bulletin: Bulletin) -> None:
    p = bulletin.projects[1]
    (mid,) = p.evidence["budget"]
    assert bulletin.mentions[mid].text == "1,952 млн. евро"


def test_metadata(bulletin: Bulletin) -> None:
    m = bulletin.metadata
    assert m.issue_number == "8"
    assert m.date is not None and m.date.start == D(2022, 12, 22)
    assert m.publisher == "Клъстер София град на знанието"
    assert m.website == "www.knowledgesofia.eu"
    assert m.email == "office@knowledgesofia.eu"
    assert m.address is not None and m.address.startswith("София 1000, ул. Цар Калоян 8")


def test_events(bulletin: Bulletin) -> None:
    events = {(e.kind, e.date.start, e.date.end) for e in bulletin.events if e.date}
    assert ("conference", D(2017, 9, 28), D(2017, 9, 29)) in events
    assert ("conference", D(2018, 11, 26), D(2018, 11, 26)) in events
    assert ("webinar", D(2021, 3, 25), D(2021, 3, 25)) in events
    assert ("exhibition", D(2019, 4, 16), D(2019, 4, 18)) in events
    assert ("seminar", D(2022, 4, 28), D(2022, 4, 28)) in events
    # the duplicated webinar paragraph is one event
    assert sum(1 for e in bulletin.events if e.date and e.date.start == D(2021, 9, 29)) == 1
    # the anniversary celebration announced in the front page's prose ("на 12.12.2022 г. в Хотел
    # ... се състоя тържество") is an event too, found outside the events section
    assert ("meeting", D(2022, 12, 12), D(2022, 12, 12)) in events
    assert len(bulletin.events) == 14


def test_event_place_from_its_bracket(bulletin: Bulletin) -> None:
    (event,) = [e for e in bulletin.events if e.date and e.date.start == D(2018, 11, 26)]
    assert event.place == "София Тех Парк"


def test_missions(bulletin: Bulletin) -> None:
    got = [(m.dates.start, m.dates.end, m.participants, m.project) for m in bulletin.missions if m.dates]
    assert got == [
        (D(2022, 5, 1), D(2022, 5, 6), 2, "eT4S"),
        (D(2022, 10, 17), D(2022, 10, 21), 5, "eT4S"),
        (D(2022, 11, 7), D(2022, 11, 11), 1, "eT4S"),
    ]


def test_timeline(bulletin: Bulletin) -> None:
    got = [(t.date.start, t.date.end, t.date.precision) for t in bulletin.timeline]
    assert got == [
        (D(2015, 9, 1), D(2015, 10, 31), "month"),
        (D(2015, 12, 1), D(2015, 12, 31), "month"),
        (D(2016, 2, 1), D(2016, 2, 29), "month"),
        (D(2016, 4, 26), D(2016, 4, 26), "day"),
        (D(2016, 6, 1), D(2016, 6, 30), "month"),
        (D(2016, 10, 25), D(2016, 10, 25), "day"),
        (D(2016, 12, 19), D(2016, 12, 19), "day"),
    ]
    assert bulletin.timeline[3].text.startswith("провеждане на семинар „Виена и София")


def test_every_mention_text_matches_the_normalised_text(sample_txt: Path) -> None:
    b = extract(sample_txt, use_ner=False, include_text=True)
    assert b.text is not None
    for m in b.mentions:
        assert b.text[m.start : m.end] == m.text
        assert m.page == 1
