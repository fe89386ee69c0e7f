"""The English catalogue covers every interface string, and the compiled file is current."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "kawal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")


def _joined(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    return "".join(ast.literal_eval(part) for part in match.group(1).split("\n") if part)


def _entries() -> list[tuple[str, str | None, str]]:
    """(msgid, msgid_plural or None, msgstr or msgstr[0]) for every entry but the header."""
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = []
    for block in text.split("\n\n")[1:]:
        msgid = _joined(re.search(r'^msgid ((?:".*"\n?)+)', block, re.M))
        plural = _joined(re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M))
        msgstr = _joined(re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M))
        if msgid and msgstr is not None:
            entries.append((msgid, plural, msgstr))
    return entries


def _catalogue() -> dict[str, str]:
    return {msgid: msgstr for msgid, _plural, msgstr in _entries()}


def _source_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "kawal").rglob("*.html"):
        found |= {m.group(2) for m in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8"))}
    for path in (ROOT / "kawal").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "gettext", "gettext_lazy", "ngettext"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_interface_string_has_an_english_translation():
    catalogue = _catalogue()
    missing = sorted(s for s in _source_strings() if not catalogue.get(s))
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, plural, msgstr in _entries():
        got = compiled.ngettext(msgid, plural, 1) if plural else compiled.gettext(msgid)
        assert got == msgstr, msgid
