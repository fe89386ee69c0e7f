"""Amounts in Indonesian words (*terbilang*), as written under the total of a budget document.

The usual rules of Indonesian number words: *se-* for one of a unit below a million (sepuluh,
sebelas, seratus, seribu) but *satu* before juta, miliar and triliun (satu juta); teens are
``<n> belas``; units of a thousand (ribu, juta, miliar, triliun), each group of three digits
read on its own.

>>> terbilang(2_101_478_400)
'dua miliar seratus satu juta empat ratus tujuh puluh delapan ribu empat ratus'
>>> rupiah_words(175_123_200)
'seratus tujuh puluh lima juta seratus dua puluh tiga ribu dua ratus rupiah'
"""

from __future__ import annotations

_DIGITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
#: Units of a thousand, smallest first; "" is the group below a thousand.
_SCALES = ("", "ribu", "juta", "miliar", "triliun")
LIMIT = 10**15  # below one kuadriliun


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_DIGITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_DIGITS[ones], "belas"]
    else:
        if tens:
            words += [_DIGITS[tens], "puluh"]
        if ones:
            words.append(_DIGITS[ones])
    return words


def terbilang(amount: int) -> str:
    """``amount`` (a whole number, 0 ≤ amount < 10¹⁵) in Indonesian words, lower case."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("terbilang needs a whole number")
    if amount < 0 or amount >= LIMIT:
        raise ValueError(f"terbilang covers 0 to {LIMIT - 1}, not {amount}")
    if amount == 0:
        return "nol"
    groups: list[int] = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        if index == 1 and group == 1:
            words.append("seribu")
            continue
        words += _below_thousand(group)
        if _SCALES[index]:
            words.append(_SCALES[index])
    return " ".join(words)


def rupiah_words(amount: int) -> str:
    """``terbilang(amount) + " rupiah"``: the *Terbilang* line of a budget document."""
    return f"{terbilang(amount)} rupiah"
