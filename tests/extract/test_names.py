"""Name keys used to block cross-document resolution: spellings of one name share a key,
different names do not."""
from __future__ import annotations

import pytest

from newskg.extract.names import transliteration_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kim Chaek", "Kim Chuck"),
        ("Ri Song Gun", "Lee Sung Gun"),  # the North's and the South's romanization of one family name
        ("Choe Hyon Chol", "Choi Hyun Chul"),
        ("Pak Ji Min", "Park Ji Min"),
        ("Muhammad al-Khatib", "Mohammed Khatib"),
    ],
)
def test_spellings_of_one_name_share_a_key(one: str, other: str) -> None:
    assert transliteration_key(one) == transliteration_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ri Song Gun", "Ri Song Il"),
        ("Lee Sung Gun", "Pak Sung Gun"),
        ("Robert Lee", "Robert Ri"),  # only a first word is read as a Korean family name
    ],
)
def test_different_names_have_different_keys(one: str, other: str) -> None:
    assert transliteration_key(one) != transliteration_key(other)
