"""Heirs (ahli waris) of a deceased participant, in their legal order.

The order is ``domain-rules.md`` §2.1 ("Order of heirs", [V]), whose example text is
Permenaker 44/2015 Pasal 19
(https://pasal.id/en/peraturan/permen/permenakertrans-no-44-tahun-2015/koreksi/7549431):

1. janda, duda or anak (widow, widower or child);
2. if there is none: blood relatives up to the second degree in the straight line
   (orang tua; kakek/nenek; cucu). Siblings, though second degree, form their own later rank,
   which is why this rank is read as the straight line only;
3. then saudara kandung (full siblings);
4. then mertua (parents-in-law);
5. then the person named in the participant's will (pihak yang ditunjuk dalam wasiat).

The first rank with at least one living member receives; everyone in it receives (several
children, or more than one widow), and every lower rank is passed over. §2.1 attaches no
condition of age or marriage to an heir: a married or adult child is still an heir (``married``
and ``age`` are kept on :class:`Relative` for the claim file and checked only for sense).
What happens when no rank has a living member is not in the reference: :func:`choose_heirs` then
returns no recipient and says so, and the case goes to BPJS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HEIR_SOURCE = (
    "domain-rules.md §2.1; Permenaker 44/2015 Pasal 19 "
    "(https://pasal.id/en/peraturan/permen/permenakertrans-no-44-tahun-2015/koreksi/7549431)"
)

#: Relation code → Indonesian label. ``spouse`` is the widow or widower of the participant.
RELATIONS: dict[str, str] = {
    "spouse": "janda/duda",
    "child": "anak",
    "parent": "orang tua",
    "grandparent": "kakek/nenek",
    "grandchild": "cucu",
    "sibling": "saudara kandung",
    "parent_in_law": "mertua",
    "designated": "pihak yang ditunjuk dalam wasiat",
}


@dataclass(frozen=True)
class HeirRank:
    """One rank of heirs: its number (1 first), label and the relations it holds."""

    number: int
    label: str
    relations: tuple[str, ...]


HEIR_RANKS: tuple[HeirRank, ...] = (
    HeirRank(1, "Janda, duda atau anak", ("spouse", "child")),
    HeirRank(
        2,
        "Keturunan sedarah sampai derajat kedua (orang tua, kakek/nenek, cucu)",
        ("parent", "grandparent", "grandchild"),
    ),
    HeirRank(3, "Saudara kandung", ("sibling",)),
    HeirRank(4, "Mertua", ("parent_in_law",)),
    HeirRank(5, "Pihak yang ditunjuk dalam wasiat", ("designated",)),
)


class HeirError(ValueError):
    """A relative list heirs cannot be chosen from; the message is Indonesian."""


@dataclass(frozen=True)
class Relative:
    """A relative of the deceased participant as the claim declares it."""

    name: str
    relation: str
    alive: bool = True
    married: bool = False
    age: int | None = None


@dataclass(frozen=True)
class PassedOver:
    """A relative who receives nothing, and why (Indonesian)."""

    relative: Relative
    reason: str


@dataclass(frozen=True)
class HeirDecision:
    """Who receives: the first rank with a living member, all its living members."""

    rank: HeirRank | None
    recipients: tuple[Relative, ...]
    passed_over: tuple[PassedOver, ...]
    reason: str
    legal_basis: str = HEIR_SOURCE


def rank_of(relation: str) -> HeirRank:
    """The rank a relation belongs to; :class:`HeirError` for an unknown relation."""
    for rank in HEIR_RANKS:
        if relation in rank.relations:
            return rank
    choices = ", ".join(f"{code} ({label})" for code, label in RELATIONS.items())
    raise HeirError(f"Hubungan {relation!r} tidak dikenal; pilih dari {choices}.")


def choose_heirs(relatives: Iterable[Relative]) -> HeirDecision:
    """Choose who receives the benefit from ``relatives`` (see the module docstring).

    Recipients keep the order given. Raises :class:`HeirError` (naming the row, 1-based) for an
    unknown relation, an empty name or an impossible age.
    """
    given = list(relatives)
    for row, relative in enumerate(given, start=1):
        _check(row, relative)
    chosen = next(
        (
            rank
            for rank in HEIR_RANKS
            if any(r.alive and r.relation in rank.relations for r in given)
        ),
        None,
    )
    receives = [chosen is not None and r.alive and r.relation in chosen.relations for r in given]
    recipients = tuple(r for r, yes in zip(given, receives, strict=True) if yes)
    passed = tuple(
        PassedOver(r, _why_not(r, chosen))
        for r, yes in zip(given, receives, strict=True)
        if not yes
    )
    if chosen is None:
        reason = (
            "Tidak ada ahli waris yang masih hidup menurut urutan domain-rules §2.1; "
            "tanyakan penyaluran manfaat ke BPJS Ketenagakerjaan."
        )
    else:
        reason = f"Ahli waris golongan {chosen.number}: {chosen.label}."
    return HeirDecision(chosen, recipients, passed, reason)


def _check(row: int, relative: Relative) -> None:
    if not relative.name.strip():
        raise HeirError(f"Baris {row}: nama kerabat wajib diisi.")
    try:
        rank_of(relative.relation)
    except HeirError as exc:
        raise HeirError(f"Baris {row} ({relative.name}): {exc}") from exc
    if relative.age is not None and not 0 <= relative.age <= 130:
        raise HeirError(f"Baris {row} ({relative.name}): umur {relative.age} tidak mungkin.")


def _why_not(relative: Relative, chosen: HeirRank | None) -> str:
    if not relative.alive:
        return "Sudah meninggal dunia."
    own = rank_of(relative.relation)
    assert chosen is not None  # a living relative means some rank was chosen
    return (
        f"Golongan {own.number} ({own.label}) tertutup oleh ahli waris golongan "
        f"{chosen.number} ({chosen.label})."
    )
