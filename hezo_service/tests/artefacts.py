"""Test artefacts: PDFs the tests render are kept under the checkout's `artefacts/` (gitignored), with
their first page as PNG (poppler's pdftoppm) and their text (pdftotext) for assertions, so every run
leaves the documents to look at. .ci/run installs poppler-utils; without it the test fails, loudly."""

from __future__ import annotations

import pathlib
import shutil
import subprocess

import frappe

ARTEFACTS = pathlib.Path(frappe.get_app_path("hezo_service")).resolve().parent / "artefacts"


def keep_pdf(name: str, pdf: bytes) -> str:
	"""Writes artefacts/<name>.pdf and <name>-1.png; returns the PDF's text."""
	for tool in ("pdftoppm", "pdftotext"):
		if not shutil.which(tool):
			raise AssertionError(f"{tool} is missing: apt-get install poppler-utils (.ci/run does)")
	ARTEFACTS.mkdir(exist_ok=True)
	path = ARTEFACTS / f"{name}.pdf"
	path.write_bytes(pdf)
	subprocess.run(
		["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, ARTEFACTS / f"{name}-1"],
		check=True,
	)
	return subprocess.run(
		["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
	).stdout
