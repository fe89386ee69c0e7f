"""Documentation kept true by tests: every setting and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented():
    settings_text = (ROOT / "kawal" / "settings.py").read_text()
    used = set(
        re.findall(r'(?:environ\.get|envbool|envint|envsecret)\(\s*"([A-Z_]+)"', settings_text)
    )
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert used, "no variables found: the pattern is out of date"
    missing = sorted(name for name in used if f"`{name}`" not in documented)
    assert missing == []


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line and not line.startswith("#")]
    assert commands == ["./run demo", "./run test"]


def test_every_kawal_command_is_documented():
    commands_dir = ROOT / "kawal"
    ours = sorted(
        p.stem for p in commands_dir.glob("**/management/commands/*.py") if p.stem != "__init__"
    )
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    assert [c for c in ours if f"kawal {c}" not in cli_doc] == []
