"""Sign-up by mail for real: the portal's form, Frappe's welcome e-mail sent through the site's outgoing
account to the project's Postfix, read from the new user's mailbox over IMAP (Dovecot), its link
followed, the password set, the dashboard shown."""

from __future__ import annotations

import email
import email.policy
import imaplib
import os
import re
import time
import uuid

from portal_helpers import fill_signup, get, set_password, wait_for

PASSWORD = "Hz!Mail-Signup-2026#3"
IMAP = ("127.0.0.1", int(os.environ.get("HEZO_IMAP_PORT", "1143")))
MAIL_PASSWORD = os.environ.get("HEZO_MAIL_PASSWORD", "hezo-mail")


def mailbox_texts(address: str) -> list[str]:
	imap = imaplib.IMAP4(*IMAP)  # no server: an error, the tier needs it
	try:
		imap.login(address, MAIL_PASSWORD)
		imap.select("INBOX", readonly=True)
		_status, data = imap.search(None, "ALL")
		texts = []
		for number in data[0].split():
			_status, parts = imap.fetch(number, "(BODY.PEEK[])")
			message = email.message_from_bytes(parts[0][1], policy=email.policy.default)
			body = message.get_body(preferencelist=("html", "plain"))
			texts.append(body.get_content() if body else "")
		return texts
	finally:
		imap.logout()


def test_sign_up_confirmation_mail_read_over_imap(guest, data, admin, shots):
	address = f"anna.{uuid.uuid4().hex[:8]}@poczta-klienta.example"
	fill_signup(guest, data, address, "Anna Poczta")
	guest.locator("#hz-msg.alert-success").wait_for()
	assert address in guest.inner_text("#hz-msg")
	queued = wait_for(
		lambda: get(
			admin,
			"Email Queue",
			filters=[["Email Queue Recipient", "recipient", "=", address]],
			fields=["name"],
		)
	)
	assert queued, "no welcome e-mail queued"
	# the served site has no worker in this tier: send the queued mail as the desk's outbox would
	r = admin.post(
		"/api/method/frappe.email.doctype.email_queue.email_queue.send_now", form={"name": queued[0]["name"]}
	)
	assert r.ok, r.text()
	end = time.monotonic() + 30
	while not (texts := mailbox_texts(address)) and time.monotonic() < end:
		time.sleep(0.3)
	assert texts, f"the welcome e-mail never reached {address}"
	html = texts[0].replace("&amp;", "&")
	link = re.search(r"https?://[^\"'\s<>]+(/update-password\?key=[A-Za-z0-9]+)", html)
	assert link, "no set-password link in the mail as delivered"
	set_password(guest, link.group(1), PASSWORD)
	assert data["serial"] in guest.inner_text("#hz-devices")
	guest.screenshot(path=shots / "portal-signup-by-mail-dashboard.png", full_page=True)
