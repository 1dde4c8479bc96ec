"""Benchmark: e-mail intake of N mails (default 1,000) through Frappe's own pull, HEZO Ticket beside
ERPNext's Issue on the same site, against the project's real mail servers (scripts/mail.sh).

Run (from the bench; the mail servers running, as ./dev up or ./run-tests start them):
cd BENCH && ./env/bin/python /path/to/hezo_service/benchmarks/mail_intake.py --site SITE [--mails 1000]

What is measured
----------------
Two mailboxes of their own, bench-pomoc@ (an Email Account appending to HEZO Ticket: the desk's rules,
services/tickets/mail_intake.py) and bench-issue@ (an Email Account appending to ERPNext's Issue: plain
Frappe). N mails are sent to each over SMTP, all of the same kind: a plain-text report naming a covered
device's serial and contract number (so every HEZO mail makes an accepted ticket and queues its
acknowledgement; ERPNext's Issue sends none, its account's auto-reply being off as Frappe's default).
Once Dovecot holds all of them, `EmailAccount.receive()` runs until a pull takes nothing. Frappe takes
at most 100 messages per pull (frappe.email.receive.EmailServer.get_messages), so N mails are N/100
pulls: "one pull" of 1,000 mails is not something Frappe does. Printed per account: pulls, wall time,
time and statements per mail (every statement through Frappe's cursor, COMMITs included), records made.
The data stays (the pull commits each mail), except the acknowledgements queued for the made-up
senders, which are deleted unsent; a second run sends and takes N new mails.
"""

from __future__ import annotations

import argparse
import imaplib
import os
import smtplib
import sys
import time
import uuid
from email.message import EmailMessage

import frappe

sys.path.insert(0, os.path.dirname(__file__))
from statements import Statements

HOST = "127.0.0.1"


def account(name: str, address: str, append_to: str) -> str:
	from hezo_service.services.common.mail_accounts import conf, mailbox_position, password_for

	if not frappe.db.exists("Email Account", name):
		host, port = conf("hezo_mail_host", HOST), int(conf("hezo_imap_port", 1143))
		doc = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": address,
				"password": password_for(address),
				"enable_incoming": 1,
				"use_imap": 1,
				"email_server": host,
				"incoming_port": str(port),
				"email_sync_option": "ALL",
				"create_contact": 0,
				"imap_folder": [
					{
						"folder_name": "INBOX",
						"append_to": append_to,
						**mailbox_position(host, port, 0, address),
					}
				],
			}
		)
		doc.insert(ignore_permissions=True)
		frappe.db.commit()
	return name


def covered_device() -> tuple[str, str]:
	from hezo_service.tests.factories import make_contract, make_customer, make_device

	serial, contract = "BENCHFG100F1", "HZ-BENCH-MAIL-1"
	customer = make_customer("5554443334", "Benchmark Poczty Sp. z o.o.")
	make_device(serial, customer)
	if not frappe.db.exists("HEZO Contract", contract):
		make_contract(contract, customer, "HEZO-360", [serial], start="2026-01-01", end="2030-12-31")
	frappe.db.commit()
	return serial, contract


def send(address: str, n: int, serial: str, contract: str) -> None:
	run = uuid.uuid4().hex[:6]
	with smtplib.SMTP(HOST, int(frappe.conf.get("hezo_smtp_port") or 2525)) as smtp:
		for i in range(n):
			m = EmailMessage()
			m["From"] = f"bench-{run}-{i}@klient.example"
			m["To"] = address
			m["Subject"] = f"Awaria urządzenia {i}"
			m["Message-ID"] = f"<bench-{run}-{i}@klient.example>"
			m.set_content(f"Dzień dobry,\nurządzenie nie działa.\nS/N: {serial}\nUmowa: {contract}\n")
			smtp.send_message(m)


def count_in_mailbox(address: str) -> int:
	imap = imaplib.IMAP4(HOST, int(frappe.conf.get("hezo_imap_port") or 1143))
	imap.login(address, frappe.conf.get("hezo_mail_password") or "hezo-mail")
	_status, data = imap.select("INBOX", readonly=True)
	imap.logout()
	return int(data[0])


def empty_mailbox(address: str) -> None:
	"""The run's mailboxes start empty: mail an earlier run (or site) left on the shared mail server
	would be pulled, and measured, with this run's."""
	imap = imaplib.IMAP4(HOST, int(frappe.conf.get("hezo_imap_port") or 1143))
	imap.login(address, frappe.conf.get("hezo_mail_password") or "hezo-mail")
	_status, data = imap.select("INBOX")
	if int(data[0]):
		imap.store("1:*", "+FLAGS", "\\Deleted")
		imap.expunge()
	imap.logout()


def pull_all(name: str, doctype: str) -> dict:
	before = frappe.db.count(doctype)
	pulls = 0
	with Statements() as statements:
		t0 = time.perf_counter()
		while True:
			taken = frappe.db.count("Communication", {"email_account": name, "sent_or_received": "Received"})
			frappe.get_doc("Email Account", name).receive()
			pulls += 1
			if (
				frappe.db.count("Communication", {"email_account": name, "sent_or_received": "Received"})
				== taken
			):
				break
		seconds = time.perf_counter() - t0
	return {
		"pulls": pulls,
		"seconds": seconds,
		"records": frappe.db.count(doctype) - before,
		"statements": len(statements.queries),
	}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--mails", type=int, default=1000)
	parser.add_argument("--sites-path", default=os.path.join(os.getcwd(), "sites"))
	args = parser.parse_args()
	os.chdir(args.sites_path)  # as bench does: Frappe finds the bench's logs/ from here
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	serial, contract = covered_device()
	for address in ("bench-pomoc@myhezo.pl", "bench-issue@myhezo.pl"):
		empty_mailbox(address)
	accounts = {
		"HEZO Ticket": (
			account("Bench HEZO Intake", "bench-pomoc@myhezo.pl", "HEZO Ticket"),
			"bench-pomoc@myhezo.pl",
		),
		"Issue": (account("Bench Issue Intake", "bench-issue@myhezo.pl", "Issue"), "bench-issue@myhezo.pl"),
	}
	results = {}
	for doctype, (name, address) in accounts.items():
		start = count_in_mailbox(address)
		send(address, args.mails, serial, contract)
		while count_in_mailbox(address) < start + args.mails:
			time.sleep(0.5)
		queued = frappe.db.count("Email Queue")
		results[doctype] = pull_all(name, doctype)
		results[doctype]["queued mails"] = frappe.db.count("Email Queue") - queued
		if results[doctype]["records"] != args.mails:
			raise SystemExit(
				f"{doctype}: {results[doctype]['records']} records made of {args.mails} mails sent"
			)
	# the acknowledgements to the benchmark's made-up senders are not sent: a site's outbox would send
	# them in batches of 500 before anyone else's mail
	frappe.db.sql(
		"""delete q, r from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
		where r.recipient like 'bench-%%@klient.example'"""
	)
	frappe.db.commit()
	print(f"{args.mails} mails per account, Frappe {frappe.__version__}")
	print(
		f"{'append to':<12} {'pulls':>5} {'records':>8} {'replies':>8} {'seconds':>8} {'ms/mail':>8} {'stmts/mail':>10}"
	)
	for doctype, r in results.items():
		print(
			f"{doctype:<12} {r['pulls']:>5} {r['records']:>8} {r['queued mails']:>8} {r['seconds']:>8.1f} "
			f"{1000 * r['seconds'] / args.mails:>8.1f} {r['statements'] / args.mails:>10.1f}"
		)
	frappe.destroy()


if __name__ == "__main__":
	main()
