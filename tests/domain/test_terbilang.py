"""Amounts in Indonesian words, written out by hand."""

from __future__ import annotations

import pytest

from kawal.domain.terbilang import rupiah_words, terbilang


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1_000, "seribu"),
        (1_001, "seribu satu"),
        (2_000, "dua ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (16_800, "enam belas ribu delapan ratus"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
        (
            175_123_200,
            "seratus tujuh puluh lima juta seratus dua puluh tiga ribu dua ratus",
        ),
        (
            2_101_478_400,
            "dua miliar seratus satu juta empat ratus tujuh puluh delapan ribu empat ratus",
        ),
        (
            999_999_999_999_999,
            "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh "
            "sembilan miliar sembilan ratus sembilan puluh sembilan juta sembilan ratus "
            "sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_terbilang(amount: int, words: str) -> None:
    assert terbilang(amount) == words


def test_rupiah_words_of_the_muna_barat_year() -> None:
    assert rupiah_words(2_101_478_400) == (
        "dua miliar seratus satu juta empat ratus tujuh puluh delapan ribu empat ratus rupiah"
    )


@pytest.mark.parametrize("amount", [-1, 10**15])
def test_out_of_range(amount: int) -> None:
    with pytest.raises(ValueError, match="terbilang covers"):
        terbilang(amount)


@pytest.mark.parametrize("amount", [1.5, "12", True])
def test_not_a_whole_number(amount: object) -> None:
    with pytest.raises(TypeError):
        terbilang(amount)  # type: ignore[arg-type]
