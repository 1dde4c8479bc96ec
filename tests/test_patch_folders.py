"""Patches sit in the folder of the app's version (README "Adding a patch"), and patches.txt lists each
patch module once, every one of them existing."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hezo_service"


def version_folder() -> str:
	version = re.search(r'__version__ = "(\d+)\.(\d+)\.\d+"', (PACKAGE / "__init__.py").read_text())
	return f"v{version.group(1)}_{version.group(2)}"


def test_the_newest_patch_folder_is_the_apps_version():
	folders = sorted(
		(p.name for p in (PACKAGE / "patches").iterdir() if re.fullmatch(r"v\d+_\d+", p.name)),
		key=lambda name: tuple(int(n) for n in name[1:].split("_")),
	)
	assert folders[-1] == version_folder()


def test_patches_txt_names_existing_modules_once():
	lines = [
		line.strip()
		for line in (PACKAGE / "patches.txt").read_text().splitlines()
		if line.strip() and not line.startswith(("#", "["))
	]
	assert len(lines) == len(set(lines))
	for line in lines:
		assert (PACKAGE.parent / (line.replace(".", "/") + ".py")).exists(), line
