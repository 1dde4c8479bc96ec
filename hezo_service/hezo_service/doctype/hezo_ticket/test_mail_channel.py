"""The e-mail channel against the real mail servers (Postfix and Dovecot, scripts/mail.sh): mail sent
over SMTP to pomoc@ and escalation@, Frappe's own pull (EmailAccount.receive()), the customer's mailbox
read over IMAP. Each test makes its own devices, contracts and reporters (the pull commits)."""

from __future__ import annotations

import email.utils
import time
from datetime import date, timedelta
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import frappe
from frappe.email.queue import flush
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from hezo_service.core.tickets.mail import received_at
from hezo_service.services.common.mail_accounts import ESCALATIONS, INTAKE, SENDER, set_up_mail_accounts
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.contracts.catalogue import catalogue_changed
from hezo_service.tests import mail_client as mc
from hezo_service.tests.factories import NIPS, make_contract, make_customer, make_device, make_user

test_ignore = ["Serial No"]
POMOC = "pomoc@myhezo.pl"
ESCALATION = "escalation@myhezo.pl"


def ticket_of(reporter: str) -> frappe._dict | None:
	names = frappe.get_all("HEZO Ticket", {"reporter_email": reporter}, pluck="name", order_by="creation")
	return frappe.get_doc("HEZO Ticket", names[-1]) if names else None


def forget_email_accounts() -> None:
	"""Frappe keeps the accounts it found for the request (frappe.local)."""
	for cache in ("outgoing_email_account", "incoming_email_account"):
		if hasattr(frappe.local, cache):
			delattr(frappe.local, cache)


def tickets_of(reporter: str) -> list[str]:
	return frappe.get_all("HEZO Ticket", {"reporter_email": reporter}, pluck="name", order_by="creation")


class TestMailChannel(FrappeTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		mc.require_servers()
		if not frappe.db.exists("Email Account", INTAKE):
			set_up_mail_accounts()
		sender = frappe.get_doc("Email Account", SENDER)
		if not sender.default_outgoing:  # another test class made its own default
			sender.default_outgoing = 1
			sender.save(ignore_permissions=True)
		frappe.db.commit()
		catalogue_changed()
		cls.muted = frappe.flags.mute_emails
		frappe.flags.testing_email = True  # Frappe sends nothing from tests unless told to
		frappe.flags.mute_emails = False

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.flags.testing_email = False
		frappe.flags.mute_emails = cls.muted
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user("Administrator")
		frappe.local.lang = "pl"
		self.customer = make_customer(NIPS[6], "Klient Poczty Sp. z o.o.")
		self.serial = mc.unique("FG1").upper()
		self.contract = f"HZ-M{mc.unique('')[:6].upper()}1"
		make_device(self.serial, self.customer)
		today = date.today()
		make_contract(
			self.contract,
			self.customer,
			"HEZO-360",
			[self.serial],
			start=str(today - timedelta(days=30)),
			end=str(today + timedelta(days=300)),
		)
		frappe.db.commit()
		self.reporter = f"{mc.unique('it')}@klient.example"

	# helpers

	def pull(self, account: str = INTAKE) -> None:
		frappe.get_doc("Email Account", account).receive()

	def send_and_pull(self, m, to: str = POMOC, account: str = INTAKE) -> str:
		"""Send, then pull until the site holds the message: Frappe reads at most 100 mails a pull, and a
		mailbox a site has not read for a while (the desk's own escalation notices a load left) has more
		before this one. A message never taken fails the test's next assertion."""
		message_id = mc.send(m)
		mc.delivered(to, message_id)
		for _ in range(100):
			self.pull(account)
			if frappe.db.exists("Communication", {"message_id": message_id, "sent_or_received": "Received"}):
				break
		return message_id

	def customer_mail(self, address: str, subject_part: str, count: int = 1):
		flush()
		found = mc.wait_for(address, lambda m: subject_part in (m["Subject"] or ""), count)
		self.assertGreaterEqual(len(found), count, f"no '{subject_part}' in {address}'s mailbox")
		return found

	# intake

	def test_complete_mail_makes_the_ticket_with_attachments_and_a_threaded_acknowledgement(self):
		m = mc.message(
			self.reporter,
			POMOC,
			"Awaria firewalla",
			f"Dzień dobry,\nfirewall nie odpowiada.\nNumer seryjny urządzenia: {self.serial}\n"
			f"Numer umowy: {self.contract}\n",
		)
		m.add_attachment(b"log line\n", maintype="text", subtype="plain", filename="fortigate.log")
		m.add_attachment(
			b"PK\x05\x06" + b"\0" * 18, maintype="application", subtype="zip", filename="debug.zip"
		)
		message_id = self.send_and_pull(m)
		ticket = ticket_of(self.reporter)
		self.assertEqual((ticket.status, ticket.device, ticket.contract), ("New", self.serial, self.contract))
		self.assertEqual(ticket.channel, "E-mail")
		# reported at the distributor's server's receipt, whenever the pull ran
		copy = mc.delivered(POMOC, message_id)
		server_time = received_at([str(v) for v in copy.get_all("Received")], None, now())
		self.assertEqual(get_datetime(ticket.reported_at), get_datetime(stored(server_time)))
		files = frappe.get_all(
			"File", {"attached_to_doctype": "HEZO Ticket", "attached_to_name": ticket.name}, pluck="file_name"
		)
		self.assertEqual(sorted(files), ["debug.zip", "fortigate.log"])
		self.assertTrue(
			frappe.db.exists(
				"Communication",
				{"reference_name": ticket.name, "sent_or_received": "Received", "message_id": message_id},
			)
		)
		(ack,) = self.customer_mail(self.reporter, ticket.name)
		self.assertIn("Zgłoszenie przyjęte", ack["Subject"])
		self.assertIn("Ticket received", ack["Subject"])
		self.assertEqual(ack["In-Reply-To"].strip("<> "), message_id)
		self.assertIn(f"<{message_id}>", ack["References"])
		body = mc.text_of(ack)
		self.assertIn("HEZO-360", body)
		self.assertLess(body.index("Dziękujemy"), body.index("Thank you"))  # Polish first, English beneath

	def test_every_spelling_and_charset_names_the_device(self):
		s, c = self.serial, self.contract
		cases = {
			"subject": (f"SN {s.lower()} kontrakt {c}", "w temacie"),
			"sn": ("Problem", f"sn:{s}\nUMOWA: {c}"),
			"nr": ("Problem", f"nr seryjny  {s}  ,  numer umowy  {c}"),
			"words": ("Problem", f"Urządzenie pracuje in service od roku.\nUmowa HEZO {c}, S/N: {s}"),
			"serwisowej": ("Problem", f"dotyczy umowy serwisowej nr {c}; numer seryjny urządzenia: {s}"),
		}
		reporters = {}
		for key, (subject, body) in cases.items():
			reporters[key] = f"{mc.unique(key)}@klient.example"
			mc.send(mc.message(reporters[key], POMOC, subject, body))
		# charsets and encodings as Polish clients send them
		for key, charset, cte in (
			("latin2-qp", "iso-8859-2", "quoted-printable"),
			("cp1250-b64", "windows-1250", "base64"),
			("utf8-b64", "utf-8", "base64"),
		):
			reporters[key] = f"{mc.unique(key)}@klient.example"
			text = f"Zażółć gęślą jaźń.\nNumer seryjny: {s}\nNumer umowy: {c}\n"
			part = MIMEText(text, "plain", charset)
			if cte == "quoted-printable":
				del part["Content-Transfer-Encoding"]
				part.set_payload(text.encode(charset))
				email.encoders.encode_quopri(part)
				part["Content-Transfer-Encoding"] = "quoted-printable"
			part["From"], part["To"] = reporters[key], POMOC
			part["Subject"] = "=?iso-8859-2?q?Awaria_urz=B1dzenia?="
			part["Message-ID"] = email.utils.make_msgid(domain="klient.example")
			mc.send(part)
		reporters["html"] = f"{mc.unique('html')}@klient.example"
		html = MIMEText(
			f"<html><body><p>Umowa: <b>{c}</b></p><p>S/N: <i>{s}</i></p></body></html>", "html", "utf-8"
		)
		html["From"], html["To"], html["Subject"] = reporters["html"], POMOC, "Zgłoszenie"
		html["Message-ID"] = email.utils.make_msgid(domain="klient.example")
		mc.send(html)
		# Thunderbird: encoded and plain words mixed, folded over two lines
		reporters["mixed"] = f"{mc.unique('mixed')}@klient.example"
		raw = (
			f"From: {reporters['mixed']}\r\nTo: {POMOC}\r\nMessage-ID: <{mc.unique('tb')}@klient.example>\r\n"
			f"Subject: =?UTF-8?Q?Awaria_urz=C4=85dzenia?= S/N {s}\r\n umowa {c}\r\n"
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nProszę o pomoc.\r\n"
		).encode()
		mc.send(raw, POMOC, reporters["mixed"])
		# a forwarded report keeps its details in the forwarded part
		reporters["forward"] = f"{mc.unique('fwd')}@klient.example"
		mc.send(
			mc.message(
				reporters["forward"],
				POMOC,
				"Fwd: awaria",
				f"Przesyłam zgłoszenie kolegi.\n\n---------- Forwarded message ---------\nFrom: Jan <jan@klient.example>\n"
				f"Date: wt., 1 gru 2026\nSubject: awaria\n\nS/N: {s}\nUmowa: {c}\n",
			)
		)
		for address in reporters.values():
			mc.wait_for(POMOC, lambda m, a=address: a in (m["From"] or ""))
		self.pull()
		for key, address in reporters.items():
			ticket = ticket_of(address)
			self.assertIsNotNone(ticket, key)
			self.assertEqual((ticket.serial_no, ticket.contract_no, ticket.status), (s, c, "New"), key)
		mixed = ticket_of(reporters["mixed"])
		self.assertEqual(mixed.subject, f"Awaria urządzenia S/N {s} umowa {c}")  # whole, on one line
		self.assertEqual(ticket_of(reporters["latin2-qp"]).subject, "Awaria urządzenia")
		self.assertIn("Zażółć gęślą jaźń", ticket_of(reporters["cp1250-b64"]).description)

	def test_incomplete_mail_waits_and_the_reply_completes_it_without_rewriting_the_report(self):
		self.send_and_pull(mc.message(self.reporter, POMOC, "Nie działa", "Pomocy, firewall nie działa."))
		ticket = ticket_of(self.reporter)
		self.assertEqual((ticket.status, ticket.clock_started_at), ("Awaiting Details", None))
		reported, description = ticket.reported_at, ticket.description
		(ask,) = self.customer_mail(self.reporter, ticket.name)
		self.assertIn("Potrzebne dane zgłoszenia", ask["Subject"])
		# the reply quotes the desk's text (its "S/N: …") and names the numbers above it
		reply = mc.message(
			self.reporter,
			POMOC,
			f"Re: {ask['Subject']}",
			f"S/N: {self.serial}\nUmowa: {self.contract}\n\nW dniu 3.12.2026 pomoc@myhezo.pl pisze:\n> "
			+ "\n> ".join(mc.text_of(ask).splitlines()[:5]),
			In_Reply_To=ask["Message-ID"],
			References=ask["Message-ID"],
		)
		self.send_and_pull(reply)
		ticket.reload()
		self.assertEqual((ticket.status, ticket.device), ("New", self.serial))
		self.assertEqual((ticket.reported_at, ticket.description), (reported, description))
		self.assertEqual(len(tickets_of(self.reporter)), 1)
		(received,) = self.customer_mail(self.reporter, "Zgłoszenie przyjęte")
		self.assertIn(ticket.name, received["Subject"])

	def test_a_wrong_serial_is_corrected_by_the_reply_and_a_lapsed_contract_is_said(self):
		self.send_and_pull(mc.message(self.reporter, POMOC, "Awaria", f"S/N: XX999\nUmowa: {self.contract}"))
		ticket = ticket_of(self.reporter)
		self.assertEqual(ticket.status, "Awaiting Details")
		self.customer_mail(self.reporter, "Urządzenie nie jest objęte")
		self.send_and_pull(
			mc.message(
				self.reporter, POMOC, f"Re: [{ticket.name}] poprawka", f"Przepraszam, S/N: {self.serial}"
			)
		)
		ticket.reload()
		self.assertEqual((ticket.status, ticket.serial_no), ("New", self.serial))
		# a lapsed contract: no accepted ticket, reactivation said
		lapsed_serial = mc.unique("FGL1").upper()
		lapsed = f"HZ-L{mc.unique('')[:6].upper()}1"
		make_device(lapsed_serial, self.customer)
		make_contract(
			lapsed,
			self.customer,
			"HEZO-360",
			[lapsed_serial],
			start="2024-01-01",
			end="2024-12-31",
			status="Lapsed",
		)
		frappe.db.commit()
		other = f"{mc.unique('lapsed')}@klient.example"
		self.send_and_pull(mc.message(other, POMOC, "Awaria", f"SN {lapsed_serial} umowa {lapsed}"))
		self.assertEqual(ticket_of(other).status, "Awaiting Details")
		(answer,) = self.customer_mail(other, "Umowa wygasła")
		self.assertIn("Reaktywacja jest możliwa", mc.text_of(answer))

	# mail that must not start anything

	def test_automatic_mail_starts_nothing_and_gets_no_answer(self):
		senders = {}
		for key, headers in {
			"auto": {"Auto_Submitted": "auto-replied"},
			"xauto": {"X_Autoreply": "yes"},
			"bulk": {"Precedence": "bulk"},
			"list": {"List_Id": "<news.klient.example>"},
			"own": {"X_Frappe_Site": "http://other.example"},
		}.items():
			senders[key] = f"{mc.unique(key)}@klient.example"
			mc.send(
				mc.message(
					senders[key], POMOC, "Poza biurem", f"S/N: {self.serial} umowa {self.contract}", **headers
				)
			)
		bounce = MIMEMultipart("report", report_type="delivery-status")
		bounce.attach(MIMEText("Delivery failed", "plain"))
		bounce["From"], bounce["To"], bounce["Subject"] = (
			"MAILER-DAEMON@klient.example",
			POMOC,
			"Undelivered Mail",
		)
		bounce["Message-ID"] = email.utils.make_msgid(domain="klient.example")
		senders["bounce"] = "mailer-daemon@klient.example"
		mc.send(bounce)
		desk = mc.message("powiadomienia@myhezo.pl", POMOC, "[HZT-2026-99999] Zgłoszenie", "kopia")
		mc.send(desk)
		for address in senders.values():
			mc.wait_for(POMOC, lambda m, a=address: a in (m["From"] or "").lower())
		self.pull()
		flush()
		for key, address in senders.items():
			self.assertEqual(tickets_of(address), [], key)
			kept = frappe.get_all(
				"Communication",
				{"sender": address, "sent_or_received": "Received"},
				pluck="communication_type",
			)
			self.assertIn("Automated Message", kept, key)  # kept, never lost
			self.assertFalse(frappe.db.exists("Email Queue Recipient", {"recipient": address}), key)

	def test_a_message_to_a_closed_ticket_starts_a_new_one(self):
		self.send_and_pull(
			mc.message(self.reporter, POMOC, "Awaria", f"S/N {self.serial} umowa {self.contract}")
		)
		first = ticket_of(self.reporter)
		frappe.db.set_value("HEZO Ticket", first.name, "status", "Closed")
		frappe.db.commit()
		(ack,) = self.customer_mail(self.reporter, first.name)
		self.send_and_pull(
			mc.message(
				self.reporter,
				POMOC,
				f"Re: {ack['Subject']}",
				"Znowu nie działa.",
				In_Reply_To=ack["Message-ID"],
			)
		)
		names = tickets_of(self.reporter)
		self.assertEqual(len(names), 2)
		second = frappe.get_doc("HEZO Ticket", names[-1])
		self.assertIn(first.name, second.description)

	def test_a_mailbox_read_again_makes_no_second_ticket(self):
		self.send_and_pull(
			mc.message(self.reporter, POMOC, "Awaria", f"S/N {self.serial} umowa {self.contract}")
		)
		# the IMAP server says the mailbox changed (as after a restart with new UIDs): Frappe reads it again
		frappe.db.set_value("IMAP Folder", {"parent": INTAKE, "folder_name": "INBOX"}, "uidvalidity", "1")
		frappe.db.commit()
		self.pull()
		self.pull()
		self.assertEqual(len(tickets_of(self.reporter)), 1)
		self.assertEqual(
			frappe.db.count("Communication", {"sender": self.reporter, "sent_or_received": "Received"}), 1
		)

	def test_refused_attachments_are_named_and_the_message_is_kept(self):
		m = mc.message(self.reporter, POMOC, "Awaria", f"S/N {self.serial} umowa {self.contract}")
		m.add_attachment(
			b"MZ" + b"\0" * 64, maintype="application", subtype="octet-stream", filename="tool.exe"
		)
		self.send_and_pull(m)
		ticket = ticket_of(self.reporter)
		self.assertEqual(ticket.status, "New")
		self.assertFalse(frappe.db.exists("File", {"attached_to_name": ticket.name, "file_name": "tool.exe"}))
		(answer,) = self.customer_mail(self.reporter, "Załączniki nieprzyjęte")
		self.assertIn("tool.exe", mc.text_of(answer))

	# the conversation

	def test_staff_reply_reaches_the_reporter_and_the_customer_answer_rearms_follow_up(self):
		from frappe.core.doctype.communication.email import make

		self.send_and_pull(
			mc.message(self.reporter, POMOC, "Awaria", f"S/N {self.serial} umowa {self.contract}")
		)
		ticket = ticket_of(self.reporter)
		make(
			doctype="HEZO Ticket",
			name=ticket.name,
			content="Proszę o logi.",
			subject=f"Re: [{ticket.name}] Awaria",
			recipients=self.reporter,
			send_email=True,
		)
		ticket.reload()
		self.assertTrue(ticket.first_response_at)
		self.assertEqual(ticket.status, "In Progress")
		frappe.db.commit()
		(reply,) = self.customer_mail(self.reporter, "Re: [")
		self.assertEqual(email.utils.parseaddr(reply["Reply-To"])[1], POMOC)
		# the customer answers in a later second than the reply (times are stored to the second)
		while now() <= aware(ticket.last_reply_at):
			time.sleep(0.1)
		self.send_and_pull(
			mc.message(
				self.reporter,
				POMOC,
				f"Re: {reply['Subject']}",
				"Logi w załączniku.",
				In_Reply_To=reply["Message-ID"],
			)
		)
		ticket.reload()
		self.assertTrue(ticket.last_customer_message_at)
		self.assertEqual(ticket.follow_up_state, "Running")
		self.assertEqual(len(tickets_of(self.reporter)), 1)

	def test_escalation_mail_escalates_the_ticket_it_names_or_reaches_the_duty_manager(self):
		self.send_and_pull(
			mc.message(self.reporter, POMOC, "Awaria", f"S/N {self.serial} umowa {self.contract}")
		)
		ticket = ticket_of(self.reporter)
		self.send_and_pull(
			mc.message(self.reporter, ESCALATION, f"Eskalacja {ticket.name}", "Nikt nie odpowiada od rana."),
			to=ESCALATION,
			account=ESCALATIONS,
		)
		(row,) = frappe.get_all("HEZO Escalation", {"ticket": ticket.name, "kind": "Manual"}, ["reason"])
		self.assertIn("Nikt nie odpowiada od rana", row.reason)
		self.customer_mail(self.reporter, "Eskalacja przyjęta")
		manager = make_user(f"{mc.unique('manager')}@myhezo.pl", "HEZO Manager")
		frappe.db.set_single_value("HEZO Settings", "manager", manager)
		frappe.db.commit()
		stranger = f"{mc.unique('boss')}@klient.example"
		self.send_and_pull(
			mc.message(stranger, ESCALATION, "Skarga", "Proszę o kontakt dyrektora."),
			to=ESCALATION,
			account=ESCALATIONS,
		)
		self.assertEqual(tickets_of(stranger), [])
		(handed,) = self.customer_mail(manager, "Skarga")
		self.assertIn("Proszę o kontakt dyrektora", mc.text_of(handed))

	# every step of a replacement

	def test_the_customer_hears_of_validity_shipment_delivery_and_return(self):
		from hezo_service.services.common.timezone import now as aware_now
		from hezo_service.tests.factories import confirmed_ticket, make_rma

		serial = mc.unique("RB1").upper()
		ticket = confirmed_ticket(serial, f"HZ-R{mc.unique('')[:6].upper()}1", reporter_email=self.reporter)
		rma = make_rma(ticket.name, replacement_source="Manufacturer hub")
		at = stored(aware_now())
		rma.replacement_serial, rma.carrier, rma.outbound_waybill, rma.shipped_at = (
			f"{serial}R",
			"DHL",
			"WB-OUT-4711",
			at,
		)
		rma.save()
		rma.delivered_at = at
		rma.save()
		rma.return_waybill = "WB-RET-0815"
		rma.save()
		frappe.db.commit()
		flush()
		subjects = {
			# the subject is the app's translation of "Validity confirmed" (locale/pl.po)
			"Potwierdzono zasadność": None,
			"Urządzenie zastępcze wysłane": "WB-OUT-4711",
			"Urządzenie zastępcze dostarczone": f"{serial}R",
			"Zwrot uszkodzonego urządzenia": "WB-RET-0815",
		}
		for subject, text in subjects.items():
			(mail,) = mc.wait_for(self.reporter, lambda m, s=subject: s in (m["Subject"] or ""))
			self.assertIn(ticket.name, mail["Subject"])
			if text:
				self.assertIn(text, mc.text_of(mail))
		(instructions,) = mc.wait_for(self.reporter, lambda m: "Zwrot" in (m["Subject"] or ""))
		rma.reload()  # the 7-day clock's due date, as the customer reads it
		self.assertIn(
			frappe.utils.format_datetime(rma.return_due, "dd.MM.yyyy HH:mm"), mc.text_of(instructions)
		)

	# sign-up by mail

	def test_sign_up_says_truthfully_whether_the_password_mail_went_out(self):
		from hezo_service.services.portal.signup import sign_up

		sent = sign_up(NIPS[6], self.serial, self.contract, "Ewa Poczta", self.reporter)
		self.assertTrue(sent["mail_sent"])
		(welcome,) = self.customer_mail(self.reporter, "")
		self.assertIn("/update-password?key=", mc.text_of(welcome))
		outgoing = frappe.get_all("Email Account", {"enable_outgoing": 1}, pluck="name")
		for name in outgoing:
			frappe.db.set_value("Email Account", name, "enable_outgoing", 0)
		forget_email_accounts()
		try:
			other = f"{mc.unique('ewa')}@klient.example"
			refused = sign_up(NIPS[6], self.serial, self.contract, "Ewa Bez Poczty", other)
		finally:
			for name in outgoing:
				frappe.db.set_value("Email Account", name, "enable_outgoing", 1)
			frappe.db.commit()
			forget_email_accounts()
		self.assertFalse(refused["mail_sent"])
		self.assertIn(other, refused["message"])
		# not the "we sent you a message" answer, in whatever language the portal answered
		self.assertNotEqual(
			refused["message"].replace(other, "@"), sent["message"].replace(self.reporter, "@")
		)
		self.assertTrue(frappe.db.exists("User", other))

	# nothing lost, nothing twice

	def test_mail_waits_while_smtp_is_down_and_goes_out_once(self):
		mc.postfix("stop")
		try:
			self.send_and_pull_offline()
			flush()
			self.assertEqual(frappe.db.get_value("Email Queue", {"name": self.queued}, "status"), "Not Sent")
		finally:
			mc.postfix("start")
		mc.require_servers()
		flush()
		flush()
		found = mc.wait_for(self.reporter, lambda m: "Zgłoszenie przyjęte" in (m["Subject"] or ""))
		self.assertEqual(len(found), 1)
		self.assertEqual(frappe.db.get_value("Email Queue", self.queued, "status"), "Sent")

	def send_and_pull_offline(self) -> None:
		"""A ticket made while SMTP is down (its acknowledgement queued), from the desk's phone channel."""
		ticket = frappe.get_doc(
			{
				"doctype": "HEZO Ticket",
				"subject": "Telefon: awaria",
				"serial_no": self.serial,
				"contract_no": self.contract,
				"priority": "Critical",
				"channel": "Phone",
				"reporter_email": self.reporter,
			}
		).insert()
		frappe.db.commit()
		(self.queued,) = frappe.get_all("Email Queue", {"reference_name": ticket.name}, pluck="name")
