"""Heirs in the order of domain-rules §2.1: who receives, who is passed over and why."""

from __future__ import annotations

import pytest

from kawal.domain.heirs import HEIR_RANKS, HeirError, Relative, choose_heirs, rank_of


def names(relatives: tuple[Relative, ...]) -> list[str]:
    return [r.name for r in relatives]


def test_the_five_ranks_in_order() -> None:
    assert [(rank.number, rank.relations) for rank in HEIR_RANKS] == [
        (1, ("spouse", "child")),
        (2, ("parent", "grandparent", "grandchild")),
        (3, ("sibling",)),
        (4, ("parent_in_law",)),
        (5, ("designated",)),
    ]
    assert rank_of("grandchild").number == 2


def test_widow_and_children_share_the_first_rank_and_close_the_others() -> None:
    decision = choose_heirs(
        [
            Relative("Wa Ode Hasna", "parent", age=70),
            Relative("Sitti", "spouse", age=41),
            Relative("La Ode Amir", "child", age=19),
            Relative("Wa Ode Sari", "child", age=25, married=True),
            Relative("Rahman", "sibling", age=45),
        ]
    )
    assert decision.rank is not None
    assert decision.rank.number == 1
    assert names(decision.recipients) == ["Sitti", "La Ode Amir", "Wa Ode Sari"]
    assert decision.reason == "Ahli waris golongan 1: Janda, duda atau anak."
    assert [(p.relative.name, p.reason) for p in decision.passed_over] == [
        (
            "Wa Ode Hasna",
            "Golongan 2 (Keturunan sedarah sampai derajat kedua (orang tua, kakek/nenek, cucu)) "
            "tertutup oleh ahli waris golongan 1 (Janda, duda atau anak).",
        ),
        (
            "Rahman",
            "Golongan 3 (Saudara kandung) tertutup oleh ahli waris golongan 1 "
            "(Janda, duda atau anak).",
        ),
    ]


def test_children_alone_when_the_spouse_has_died() -> None:
    decision = choose_heirs(
        [Relative("Sitti", "spouse", alive=False), Relative("Amir", "child", age=8)]
    )
    assert names(decision.recipients) == ["Amir"]
    assert [(p.relative.name, p.reason) for p in decision.passed_over] == [
        ("Sitti", "Sudah meninggal dunia.")
    ]


def test_widower_alone() -> None:
    decision = choose_heirs([Relative("Ahmad", "spouse"), Relative("Halimah", "parent_in_law")])
    assert names(decision.recipients) == ["Ahmad"]


def test_parents_and_grandchildren_when_no_spouse_or_child() -> None:
    decision = choose_heirs(
        [
            Relative("Rahman", "sibling"),
            Relative("Ibu Wa Ode", "parent", age=66),
            Relative("Amir", "child", alive=False),
            Relative("Cucu Nur", "grandchild", age=3),
            Relative("Nenek Ina", "grandparent", alive=False),
        ]
    )
    assert decision.rank is not None
    assert decision.rank.number == 2
    assert names(decision.recipients) == ["Ibu Wa Ode", "Cucu Nur"]
    assert [p.relative.name for p in decision.passed_over] == ["Rahman", "Amir", "Nenek Ina"]


@pytest.mark.parametrize(
    ("relatives", "rank", "recipients"),
    [
        (
            [Relative("Rahman", "sibling"), Relative("Halimah", "parent_in_law")],
            3,
            ["Rahman"],
        ),
        (
            [
                Relative("Rahman", "sibling", alive=False),
                Relative("Halimah", "parent_in_law"),
                Relative("Pak Lurah", "designated"),
            ],
            4,
            ["Halimah"],
        ),
        ([Relative("Pak Lurah", "designated")], 5, ["Pak Lurah"]),
    ],
)
def test_later_ranks(relatives: list[Relative], rank: int, recipients: list[str]) -> None:
    decision = choose_heirs(relatives)
    assert decision.rank is not None
    assert decision.rank.number == rank
    assert names(decision.recipients) == recipients


def test_nobody_alive_means_no_recipient() -> None:
    decision = choose_heirs([Relative("Sitti", "spouse", alive=False)])
    assert (decision.rank, decision.recipients) == (None, ())
    assert decision.reason.startswith("Tidak ada ahli waris yang masih hidup")
    assert choose_heirs([]).recipients == ()


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (Relative("Tono", "cousin"), "Baris 2 \\(Tono\\): Hubungan 'cousin' tidak dikenal"),
        (Relative(" ", "child"), "Baris 2: nama kerabat wajib diisi."),
        (Relative("Tono", "child", age=-1), "Baris 2 \\(Tono\\): umur -1 tidak mungkin."),
    ],
)
def test_bad_relatives_are_refused_with_the_row(relative: Relative, message: str) -> None:
    with pytest.raises(HeirError, match=message):
        choose_heirs([Relative("Sitti", "spouse"), relative])
