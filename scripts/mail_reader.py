"""Read a mailbox of the development mail server over IMAP (`./dev mail ADDRESS [N]`).

Without N: one line per message (number, date, sender, subject). With N: that message's threading
headers and its text, as a mail client would show it.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import imaplib
import os
import sys


def connect(address: str) -> imaplib.IMAP4:
	imap = imaplib.IMAP4(
		os.environ.get("HEZO_IMAP_HOST", "127.0.0.1"), int(os.environ.get("HEZO_IMAP_PORT", "1143"))
	)
	imap.login(address, os.environ.get("HEZO_MAIL_PASSWORD", "hezo-mail"))
	imap.select("INBOX", readonly=True)
	return imap


def fetch(imap: imaplib.IMAP4, number: bytes) -> email.message.EmailMessage:
	_status, data = imap.fetch(number, "(BODY.PEEK[])")
	return email.message_from_bytes(data[0][1], policy=email.policy.default)


def text_of(message: email.message.EmailMessage) -> str:
	part = message.get_body(preferencelist=("plain", "html"))
	return part.get_content() if part else ""


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__)
	parser.add_argument("address")
	parser.add_argument("number", nargs="?", type=int)
	args = parser.parse_args(argv)
	imap = connect(args.address)
	_status, data = imap.search(None, "ALL")
	numbers = data[0].split()
	if args.number is None:
		print(f"{args.address}: {len(numbers)} message(s)")
		for n in numbers:
			m = fetch(imap, n)
			print(f"{int(n):4}  {m['Date']}  {m['From']}  {m['Subject']}")
	elif not 1 <= args.number <= len(numbers):
		print(f"{args.address} has {len(numbers)} message(s)", file=sys.stderr)
		return 2
	else:
		m = fetch(imap, numbers[args.number - 1])
		for header in ("Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "References"):
			if m[header]:
				print(f"{header}: {m[header]}")
		print()
		print(text_of(m))
	imap.logout()
	return 0


if __name__ == "__main__":
	sys.exit(main())
