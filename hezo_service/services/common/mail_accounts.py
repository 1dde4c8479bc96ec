"""The distributor's Email Accounts: pomoc@ (incoming, appending to HEZO Ticket), escalation@ (incoming,
read by services/tickets/mail_intake.py) and the desk's sender (the default outgoing account).

They point at the project's development mail servers (scripts/mail.sh) unless the site config names
the distributor's own (docs/mail.md): `hezo_mail_host`, `hezo_smtp_port`, `hezo_imap_port`,
`hezo_mail_use_ssl` (IMAP over TLS), `hezo_smtp_use_tls` (STARTTLS), `hezo_mail_password` (one for every
account) or `hezo_mail_passwords` ({address: password}), and `hezo_intake_address`,
`hezo_escalation_address`, `hezo_sender_address`. Existing accounts are updated, never duplicated."""

from __future__ import annotations

import imaplib
import re

import frappe

INTAKE = "HEZO Pomoc"
ESCALATIONS = "HEZO Escalation"
SENDER = "HEZO Powiadomienia"
TICKET = "HEZO Ticket"


def conf(key: str, default):
	value = frappe.conf.get(key)
	return default if value in (None, "") else value


def password_for(address: str) -> str:
	return (conf("hezo_mail_passwords", {}) or {}).get(address) or conf("hezo_mail_password", "hezo-mail")


def addresses() -> dict[str, str]:
	return {
		INTAKE: conf("hezo_intake_address", "pomoc@myhezo.pl"),
		ESCALATIONS: conf("hezo_escalation_address", "escalation@myhezo.pl"),
		SENDER: conf("hezo_sender_address", "powiadomienia@myhezo.pl"),
	}


def set_up_mail_accounts() -> None:
	host = conf("hezo_mail_host", "127.0.0.1")
	imap_port = int(conf("hezo_imap_port", 1143))
	use_ssl = int(conf("hezo_mail_use_ssl", 0))
	mail = addresses()
	for name in (INTAKE, ESCALATIONS):
		incoming_account(name, mail[name], host, imap_port, use_ssl, TICKET if name == INTAKE else None)
	outgoing_account(
		SENDER, mail[SENDER], host, int(conf("hezo_smtp_port", 2525)), int(conf("hezo_smtp_use_tls", 0))
	)
	# the escalation levels' notices go to the mailbox the escalation account reads
	frappe.db.set_single_value("HEZO Settings", "escalation_mailbox", mail[ESCALATIONS])


def account(name: str):
	if frappe.db.exists("Email Account", name):
		return frappe.get_doc("Email Account", name)
	return frappe.get_doc({"doctype": "Email Account", "email_account_name": name})


def incoming_account(name: str, address: str, host: str, port: int, use_ssl: int, append_to: str | None):
	doc = account(name)
	doc.update(
		{
			"email_id": address,
			"password": password_for(address),
			"enable_incoming": 1,
			"use_imap": 1,
			"email_server": host,
			"incoming_port": str(port),
			"use_ssl": use_ssl,
			# every message from the last one this site took (Frappe marks UNSEEN mail read as it fetches,
			# before it is stored: a worker killed half-way would lose it)
			"email_sync_option": "ALL",
			# the desk's replies name pomoc@ as Reply-To (Frappe finds it by the account's Append To)
			"append_to": append_to,
			"default_incoming": 1 if append_to else 0,
			"enable_outgoing": 0,
			"enable_auto_reply": 0,  # the desk's own answers are customer messages (core/messages.py)
			"create_contact": 0,
		}
	)
	if not doc.imap_folder:
		start = mailbox_position(host, port, use_ssl, address)
		doc.append("imap_folder", {"folder_name": "INBOX", "append_to": append_to, **start})
	doc.save(ignore_permissions=True)
	return doc


def mailbox_position(host: str, port: int, use_ssl: int, address: str) -> dict:
	"""Where the mailbox stands now: a new site takes the mail that arrives from now on, not what an
	earlier site on the same mail server already took."""
	imap = (imaplib.IMAP4_SSL if use_ssl else imaplib.IMAP4)(host, port)
	try:
		imap.login(address, password_for(address))
		_status, data = imap.status("INBOX", "(UIDVALIDITY UIDNEXT)")
	finally:
		imap.logout()
	text = data[0].decode()
	return {
		"uidvalidity": re.search(r"UIDVALIDITY (\d+)", text).group(1),
		"uidnext": int(re.search(r"UIDNEXT (\d+)", text).group(1)),
	}


def outgoing_account(name: str, address: str, host: str, port: int, use_tls: int):
	doc = account(name)
	password = (conf("hezo_mail_passwords", {}) or {}).get(address) or frappe.conf.get("hezo_mail_password")
	doc.update(
		{
			"email_id": address,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": host,
			"smtp_port": str(port),
			"use_tls": use_tls,
			# the development server takes mail from this machine without a login
			"no_smtp_authentication": 0 if password else 1,
			"password": password,
			"always_use_account_email_id_as_sender": 1,
			"send_unsubscribe_message": 0,
			"track_email_status": 0,
		}
	)
	doc.save(ignore_permissions=True)
	return doc
