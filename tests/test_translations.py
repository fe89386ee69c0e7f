"""The English catalogue covers every interface string, and the compiled file is current."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "kawal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")


def _catalogue() -> dict[str, str]:
    entries: dict[str, str] = {}
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    for block in text.split("\n\n")[1:]:
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda m: "".join(ast.literal_eval(p) for p in m.group(1).split("\n") if p)  # noqa: E731
            entries[join(msgid)] = join(msgstr)
    return entries


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
    singular = {k: v for k, v in _catalogue().items() if k}
    for msgid, msgstr in singular.items():
        assert compiled.gettext(msgid) in {msgstr, compiled.ngettext(msgid, msgid, 1)}, msgid
