"""Pictures of a customer's mailbox as a mail client shows it: each message of ADDRESS read over IMAP
from the development mail server, its headers and HTML body rendered by Chromium into a PNG.

	.venv/bin/python scripts/mail_screenshots.py ADDRESS OUT_DIR [SUBJECT_PART ...]
"""

from __future__ import annotations

import html
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from mail_reader import connect, fetch

CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html><meta charset="utf-8"><body style="font:14px sans-serif;margin:0;background:#eee">
<div style="background:#fff;margin:16px;border:1px solid #ccc;max-width:760px">
<table style="width:100%;background:#f6f6f6;border-bottom:1px solid #ccc;padding:8px;font-size:13px">{rows}</table>
<div style="padding:12px">{body}</div></div></body>"""


def render(message) -> str:
	rows = "".join(
		f"<tr><td style='color:#666;width:110px'>{h}</td><td>{html.escape(str(message[h]))}</td></tr>"
		for h in ("From", "To", "Date", "Subject", "Message-ID", "In-Reply-To")
		if message[h]
	)
	part = message.get_body(preferencelist=("html", "plain"))
	body = part.get_content() if part else ""
	if part is not None and part.get_content_type() == "text/plain":
		body = f"<pre>{html.escape(body)}</pre>"
	return PAGE.format(rows=rows, body=body)


def main(address: str, out: str, *subjects: str) -> None:
	from playwright.sync_api import sync_playwright

	imap = connect(address)
	_status, data = imap.search(None, "ALL")
	messages = [fetch(imap, n) for n in data[0].split()]
	imap.logout()
	chosen = [m for m in messages if not subjects or any(s in str(m["Subject"]) for s in subjects)]
	folder = pathlib.Path(out)
	folder.mkdir(parents=True, exist_ok=True)
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
		page = browser.new_page(viewport={"width": 800, "height": 600})
		for i, message in enumerate(chosen, 1):
			page.set_content(render(message))
			name = re.sub(r"[^A-Za-z0-9]+", "-", str(message["Subject"]))[:60].strip("-")
			path = folder / f"mail-{i:02d}-{name}.png"
			page.screenshot(path=str(path), full_page=True)
			print(path)
		browser.close()


if __name__ == "__main__":
	main(*sys.argv[1:])
