"""rules.alternation: letter-tree word lists and first-letter indexes match what the flat
longest-first alternation matches, and nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.rules.alternation import InitialIndex, fold, longest_first


def _flat(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def test_longer_form_wins_over_its_prefix() -> None:
    regex = re.compile(longest_first(["ЕСФ", "ЕСФ+"]))
    assert regex.match("ЕСФ+ финансира").group() == "ЕСФ+"


def test_shorter_form_is_taken_when_the_longer_does_not_fit_what_follows() -> None:
    # the longer "участниците" is tried first, then the pattern backtracks into "участници"
    regex = re.compile(rf"(?:{longest_first(['участници', 'участниците'])}) бяха")
    assert regex.match("участници бяха").group() == "участници бяха"


def test_same_matches_as_the_flat_list_on_a_sentence() -> None:
    words = ["община", "общината", "общини", "област", "Област", "областта", "град", "гр"]
    text = "Общината и областта, гр. Русе и град Русе, общини в Област Русе"
    tree = re.compile(rf"(?<!\w)(?:{longest_first(words)})(?!\w)")
    flat = re.compile(rf"(?<!\w)(?:{_flat(words)})(?!\w)")
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_ignore_case_joins_forms_that_differ_only_in_case() -> None:
    # flat, longest first: "Кръгла маса" (11) before "кръгла" (6); a tree with a separate
    # branch for "К" would try the longest lower-case form, then "кръгла", and stop there
    words = ["кръгла", "Кръгла маса", "кръгла маса на младите"]
    regex = re.compile(longest_first(words, ignore_case=True), re.IGNORECASE)
    assert regex.match("КРЪГЛА МАСА за младежи").group() == "КРЪГЛА МАСА"


def test_space_inside_a_form_becomes_the_given_pattern() -> None:
    regex = re.compile(longest_first(["юридически лица"], space=r"\s+"))
    assert regex.fullmatch("юридически\n  лица") is not None


def test_a_form_can_carry_what_must_follow_it() -> None:
    regex = re.compile(longest_first(["лв", "лв."], after=lambda f: r"(?!\w)" if f[-1].isalpha() else ""))
    assert regex.match("лвх") is None
    assert regex.match("лв. ").group() == "лв."


def test_fold_puts_upper_and_lower_case_together() -> None:
    assert fold("Ж") == fold("ж") == "ж"


def test_initial_index_finds_what_the_flat_alternation_finds() -> None:
    alternatives = [("О", "(?i:ОП[ ]Иновации)", True), ("О", "ОПОС", False), ("О", "ОП", False), ("Е", "ЕСФ", False)]
    text = "По оп иновации, ОПОС, ОП и ЕСФ; не ПОП, не ОПЕРА."
    index = InitialIndex(alternatives, wrap=lambda alt: rf"(?<![\w\-/])(?:{alt})(?!\w)", gate=r"(?<![\w\-/])")
    flat = re.compile(rf"(?<![\w\-/])(?:{'|'.join(p for _, p, _ in alternatives)})(?!\w)")
    assert [m.group() for m in index.finditer(text)] == [m.group() for m in flat.finditer(text)]
    assert [m.group() for m in index.finditer(text)] == ["оп иновации", "ОПОС", "ОП", "ЕСФ"]


_LETTERS = st.text(alphabet="абвАБВ -", min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_LETTERS, min_size=1, max_size=8), text=st.text(alphabet="абвАБВ -.", max_size=40),
       ignore_case=st.booleans())
def test_tree_matches_what_the_flat_list_matches_with_the_same_continuation(
    words: list[str], text: str, ignore_case: bool
) -> None:
    flags = re.IGNORECASE if ignore_case else 0
    tail = r"(?:\.|(?!\w))"  # a continuation that can fail, so the engine backtracks into shorter forms
    tree_forms = longest_first(words, ignore_case=ignore_case, space=r"\s+")
    tree = re.compile(rf"(?:{tree_forms}){tail}", flags)
    flat_forms = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    flat = re.compile(rf"(?:{flat_forms}){tail}", flags)
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_siblings_are_written_deepest_branch_first_then_by_letter() -> None:
    # "б" leads to a 5-letter form, "а" to at most 4: the deeper branch comes first; the
    # order is that of the letter tree rendered leaves-up (the pattern start-up compiles)
    assert longest_first(["аб", "абвг", "ав", "б", "бвгде", "Аб"], ignore_case=True) == (
        "(?:б(?:вгде|)|а(?:б(?:вг|)|в))"
    )


def test_forms_equal_but_for_case_must_be_followed_alike() -> None:
    with pytest.raises(ValueError, match="followed alike"):
        longest_first(["Фонд", "фонд"], ignore_case=True, after=lambda w: "(?!\\w)" if w.islower() else "")
