"""A mail client for the tests of the e-mail channel: real messages over SMTP to the project's Postfix,
mailboxes read over IMAP from its Dovecot (scripts/mail.sh). Absent servers are an error, never a skip."""

from __future__ import annotations

import email
import email.policy
import imaplib
import smtplib
import subprocess
import time
import uuid
from email.message import EmailMessage, Message

import frappe

HOST = "127.0.0.1"


def smtp_port() -> int:
	return int(frappe.conf.get("hezo_smtp_port") or 2525)


def imap_port() -> int:
	return int(frappe.conf.get("hezo_imap_port") or 1143)


def password() -> str:
	return frappe.conf.get("hezo_mail_password") or "hezo-mail"


def require_servers() -> None:
	"""The tier runs against the real servers: say loudly when they are not there."""
	try:
		smtplib.SMTP(HOST, smtp_port(), timeout=10).quit()
		imaplib.IMAP4(HOST, imap_port()).logout()
	except OSError as error:
		raise AssertionError(
			f"the mail servers are not running on {HOST}:{smtp_port()} (SMTP) and {HOST}:{imap_port()} (IMAP): "
			f"{error}. ./run-tests and ./dev up start them (scripts/mail.sh)."
		) from error


def unique(prefix: str) -> str:
	return f"{prefix}{uuid.uuid4().hex[:8]}"


def message(sender: str, to: str, subject: str, body: str = "", **headers) -> EmailMessage:
	m = EmailMessage()
	m["From"] = sender
	m["To"] = to
	m["Subject"] = subject
	m["Message-ID"] = email.utils.make_msgid(domain="klient.example")
	m["Date"] = email.utils.formatdate(localtime=True)
	for key, value in headers.items():
		m[key.replace("_", "-")] = value
	if body:
		m.set_content(body)
	return m


def send(m: Message | bytes, to: str | None = None, sender: str | None = None) -> str:
	"""Send over SMTP; the Message-ID (without brackets)."""
	with smtplib.SMTP(HOST, smtp_port(), timeout=30) as smtp:
		if isinstance(m, bytes):
			smtp.sendmail(sender, [to], m)
			parsed = email.message_from_bytes(m)
		else:
			smtp.send_message(m)
			parsed = m
	return (parsed["Message-ID"] or "").strip().strip("<>")


def mailbox(address: str, search: str = "ALL") -> list[Message]:
	imap = imaplib.IMAP4(HOST, imap_port())
	try:
		imap.login(address, password())
		imap.select("INBOX", readonly=True)
		_status, data = imap.search(None, search)
		found = []
		for number in data[0].split():
			_status, parts = imap.fetch(number, "(BODY.PEEK[])")
			found.append(email.message_from_bytes(parts[0][1], policy=email.policy.default))
		return found
	finally:
		imap.logout()


def wait_for(address: str, predicate, count: int = 1, seconds: float = 30) -> list[Message]:
	"""The messages of `address` that satisfy `predicate`, once `count` of them have been delivered
	(Postfix delivers in the background). Not a timing assertion: the wait only bounds a stuck server."""
	deadline = time.monotonic() + seconds
	while True:
		found = [m for m in mailbox(address) if predicate(m)]
		if len(found) >= count or time.monotonic() > deadline:
			return found
		time.sleep(0.2)


def delivered(address: str, message_id: str) -> Message:
	found = wait_for(address, lambda m: (m["Message-ID"] or "").strip("<> ") == message_id)
	assert found, f"{message_id} never reached {address}"
	return found[0]


def text_of(m: Message) -> str:
	part = m.get_body(preferencelist=("html", "plain"))
	return part.get_content() if part else ""


def postfix(action: str) -> None:
	"""Stop or start the project's SMTP server (the test runs where ./run-tests started it)."""
	subprocess.run(["postfix", action], check=True, capture_output=True)
