"""The fixtures' fonts are installed by the test command, and found where it installs them."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import fonts  # noqa: E402


def listed_packages() -> set[str]:
    text = (ROOT / "scripts" / "test-packages.txt").read_text(encoding="utf-8")
    return {line.split()[0] for line in (re.sub(r"#.*", "", x) for x in text.splitlines()) if line.strip()}


@pytest.mark.parametrize("name", sorted(fonts.FONTS))
def test_each_fixture_font_comes_from_a_package_the_test_command_installs(name):
    font = fonts.FONTS[name]
    assert font.package in listed_packages()
    owner = subprocess.run(["dpkg", "-S", font.path], capture_output=True, text=True)
    assert owner.returncode == 0 and owner.stdout.split(":")[0] == font.package, owner.stdout or owner.stderr


def test_a_missing_font_names_its_package(monkeypatch):
    monkeypatch.setitem(fonts.FONTS, "sans", fonts.Font("fonts-example", "/nonexistent/font.ttc"))
    with pytest.raises(fonts.FontMissing, match="install the Debian package fonts-example"):
        fonts.font_file("sans")
