from __future__ import annotations

import doctest

import pytest

from kawal.domain import findings, names, nik, regions
from kawal.domain.names import name_key, name_tokens_key, normalise_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hj. Wa Ode Sitti Aminah, S.Pd.", "WA ODE SITI AMINAH"),
        ("L.M. Rusdin", "LA ODE MUHAMMAD RUSDIN"),
        ("L. M. Rusdin", "LA ODE MUHAMMAD RUSDIN"),
        ("Laode Muh. Rusdin", "LA ODE MUHAMMAD RUSDIN"),
        ("LD. M. Ali S.Kom", "LA ODE MUHAMMAD ALI"),
        ("L.D. Rusdin", "LA ODE RUSDIN"),
        ("La Ode M. Ali", "LA ODE MUHAMMAD ALI"),
        ("W.O. Nurhayati", "WA ODE NURHAYATI"),
        ("WD. Nurhayati", "WA ODE NURHAYATI"),
        ("Waode Nurhayati", "WA ODE NURHAYATI"),
        ("wa ode  nurhayati", "WA ODE NURHAYATI"),
        ("Wa Nurhayati", "WA NURHAYATI"),  # WA alone is a given-name prefix, kept
        ("La Ndoke", "LA NDOKE"),
        ("Drs. H. Abd. Rahman, M.Si", "ABDUL RAHMAN"),
        ("Prof. Dr. Ir. H. Ahmad, M.Sc.", "AHMAD"),
        ("Ir. Muhamad Yusuf, S.T., M.T.", "MUHAMMAD YUSUF"),
        ("Dra. Hj. Nurlia Abd Gani", "NURLIA ABDUL GANI"),
        ("Moh. Hatta", "MUHAMMAD HATTA"),
        ("Mohamad Hatta", "MUHAMMAD HATTA"),
        ("M Hatta", "MUHAMMAD HATTA"),
        ("M.ALI", "MUHAMMAD ALI"),
        ("H.ABDUL GANI", "ABDUL GANI"),
        ("Andi M. Yusuf", "ANDI M YUSUF"),  # abbreviations expand only as first word
        ("Andi Mohammad Yusuf", "ANDI MUHAMMAD YUSUF"),  # full spellings anywhere
        ("St. Aminah", "SITI AMINAH"),
        ("ST AMINAH", "SITI AMINAH"),
        ("Sitti Ma'rifah", "SITI MARIFAH"),
        ("Andi Pratama, S.E.", "ANDI PRATAMA"),
        ("Andi Pratama SE", "ANDI PRATAMA"),
        ("Andi Pratama S.T.", "ANDI PRATAMA"),
        ("Andi Pratama ST", "ANDI PRATAMA ST"),  # bare ST at the end is ambiguous: kept
        ("Budi Santoso, A.Md.Kep", "BUDI SANTOSO"),
        ("Budi Santoso Amd", "BUDI SANTOSO"),
        ("Rina S.Pd.I", "RINA"),
        ("Ahmad, S.H.I.", "AHMAD"),
        ("Andi (Alm)", "ANDI"),
        ("José Álvarez", "JOSE ALVAREZ"),
        ("Siti Nur-Hayati", "SITI NUR HAYATI"),
        ("Abdul Rahman 123", "ABDUL RAHMAN"),
        ("H.", "H"),  # never stripped to nothing
        ("  ", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_name(raw: str | None, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Djoko Soetjipto", "JOKO SUCIPTO"),
        ("Sjamsul Bahri", "SIAMSUL BAHRI"),
        ("Muhammad Hatta", "MUHAMAD HATA"),
        ("Achmad Chaidir", "AHMAD HAIDIR"),
        ("Abdul Khalik", "ABDUL HALIK"),
        ("Philip", "FILIP"),
        ("Dzulkifli", "ZULKIFLI"),
        ("Qadir", "KADIR"),
        ("Vitri", "FITRI"),
        ("Nyoman", "NIOMAN"),
        ("Njoman", "NIOMAN"),
    ],
)
def test_name_key(raw: str, expected: str) -> None:
    assert name_key(raw) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Mochammad Sjamsuddin", "Muhamad Syamsudin"),
        ("L.M. Rusdin, S.Pd", "La Ode Muhammad Rusdin"),
        ("Hj. Sitti Rahmah", "SITI RACHMAH"),
        ("Abd. Kadir", "Abdul Qadir"),
        ("Soekarno", "Sukarno"),
    ],
)
def test_name_key_matches_variants(left: str, right: str) -> None:
    assert name_key(left) == name_key(right)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Siti Aminah") != name_key("Siti Amina Wati")
    assert name_key("La Ode Ali") != name_key("Wa Ode Ali")


def test_name_tokens_key() -> None:
    assert name_tokens_key("Rahman Abdul") == name_tokens_key("Abd. Rahman") == "ABDUL RAHMAN"
    assert name_tokens_key("Wa Ode Nurhayati") == "NURHAIATI"
    assert name_tokens_key("Nyoman Njoman") == "NIOMAN"
    assert name_tokens_key(None) == ""


@pytest.mark.parametrize("module", [findings, names, nik, regions])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module, raise_on_error=False)  # type: ignore[arg-type]
    assert result.failed == 0
    assert result.attempted > 0
