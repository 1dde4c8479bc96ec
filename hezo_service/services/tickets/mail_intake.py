"""E-mail intake on Frappe's own pull (`EmailAccount.receive()`, its IMAP client and its parser), for the
accounts that append to HEZO Ticket and the escalation mailbox. What Frappe's InboundMail does not know
about the desk is added here, the rules themselves are in core/tickets/mail.py:

- automatic mail (auto-replies, bounces, list mail, the desk's own) is kept as an automated
  Communication and starts nothing, answers nothing;
- the subject is read whole (Frappe keeps the first encoded word only), the time is the distributor's
  server's receipt, the ticket is made with the mail's text, serial and contract number at once;
- threading follows In-Reply-To, then References, then a ticket number in the subject from its reporter;
  a closed ticket is final: its reporter's new message opens a new ticket;
- attachments land on the ticket too; refused ones are named in an answer;
- escalation@ escalates the ticket a mail names, or hands the mail to the duty manager."""

from __future__ import annotations

import hashlib

import frappe
from frappe.core.utils import html2text
from frappe.email.doctype.email_account.email_account import EmailAccount, get_max_email_uid
from frappe.email.receive import InboundMail
from frappe.utils import cint, escape_html

from hezo_service.core import messages
from hezo_service.core.tickets.mail import (
	attachment_refusals,
	automatic_reason,
	details_from_text,
	full_subject,
	is_forward,
	new_text,
	received_at,
	ticket_numbers,
)
from hezo_service.services.common import customer_messages
from hezo_service.services.common.timezone import now, stored

TICKET = "HEZO Ticket"
INTAKE, ESCALATION = "intake", "escalation"
ALLOWED_EXTENSIONS = (
	"txt log cfg conf json xml csv zip gz tgz 7z tar pcap pcapng png jpg jpeg gif bmp webp pdf eml msg"
).split()
DEFAULT_MAX_MB = 10


class HEZOEmailAccount(EmailAccount):
	"""Frappe's Email Account; the desk's accounts read their mail with HEZOInboundMail."""

	def mail_role(self) -> str | None:
		if any(folder.append_to == TICKET for folder in self.imap_folder) or self.append_to == TICKET:
			return INTAKE
		escalation_mailbox = frappe.db.get_single_value("HEZO Settings", "escalation_mailbox")
		if self.enable_incoming and escalation_mailbox and self.email_id == escalation_mailbox:
			return ESCALATION
		return None

	def first_uid(self) -> int:
		"""The mailbox's UIDNEXT when the site's account was made (mail_accounts.py): nothing older."""
		return max((cint(f.uidnext) for f in self.imap_folder if f.folder_name == "INBOX"), default=0)

	def build_email_sync_rule(self):
		if self.mail_role() and self.use_imap and self.email_sync_option == "ALL":
			return f"UID {max(get_max_email_uid(self.name), self.first_uid(), 1)}:*"
		return super().build_email_sync_rule()

	def get_inbound_mails(self) -> list[InboundMail]:
		mails = super().get_inbound_mails()
		role = self.mail_role()
		if not role:
			return mails
		first = self.first_uid()
		own = set(frappe.get_all("Email Account", pluck="email_id"))
		# IMAP's "UID n:*" always answers the newest message, even one older than n
		return [HEZOInboundMail.adopt(m, role, own) for m in mails if cint(m.uid) >= first or cint(m.uid) < 0]


class HEZOInboundMail(InboundMail):
	role: str
	automatic: str | None
	text: str
	new_ticket = None
	follow_up_of: str | None = None
	refused: list[tuple[str, str]]

	@classmethod
	def adopt(cls, mail: InboundMail, role: str, own_addresses: set[str]) -> HEZOInboundMail:
		"""The same parsed mail (no second parse), read the desk's way."""
		adopted = cls.__new__(cls)
		adopted.__dict__.update(mail.__dict__)
		adopted.role = role
		adopted.refused = []
		adopted.read_facts(own_addresses)
		return adopted

	def read_facts(self, own_addresses: set[str]) -> None:
		self.subject = full_subject(self.mail.get("Subject"))[:140] or "No Subject"
		headers = {key.lower(): str(value) for key, value in self.mail.items()}
		self.automatic = automatic_reason(headers, self.from_email, own_addresses)
		received = [str(v) for v in self.mail.get_all("Received") or []]
		self.date = stored(received_at(received, self.mail.get("Date"), now()))
		if not self.message_id:  # without one Frappe would store the mail again at every pull
			digest = hashlib.sha1(
				self.raw_message if isinstance(self.raw_message, bytes) else self.raw_message.encode()
			)
			self.message_id = f"{digest.hexdigest()}@no-message-id.invalid"
		body = self.text_content or html2text(self.html_content or "")
		self.text = new_text(body, is_forward(self.subject)).strip()

	def get_content(self):
		# Frappe fills a plain-text mail's content only after the Communication is inserted: the
		# Communication hook (conversation.py) must read the customer's words on insert
		return super().get_content() if self.content_type == "text/html" else self.content

	def process(self):
		existing = self.is_exist_in_system()
		if existing:
			return super().process()  # pulled again: the one Communication there is
		if self.automatic:
			return self.record(communication_type="Automated Message")
		if self.role == ESCALATION:
			return self.escalate()
		communication = super().process()
		self.after_received(communication)
		return communication

	def record(self, communication_type: str = "Communication", ticket=None):
		"""A Communication of this mail without anything else: kept, linked to its ticket when threaded."""
		data = {**self.as_dict(), "doctype": "Communication", "communication_type": communication_type}
		ticket = ticket or self.reference_document()
		if ticket:
			data.update(reference_doctype=TICKET, reference_name=ticket.name)
		communication = frappe.get_doc(data)
		communication.flags.in_receive = True
		communication.insert(ignore_permissions=True)
		self.save_attachments_in_doc(communication)
		return communication

	# threading

	def reference_document(self):
		if self._reference_document is not None:
			return self._reference_document
		ticket = self.threaded_ticket()
		if ticket and ticket.status == "Closed":
			self.follow_up_of, ticket = ticket.name, None  # a closed ticket is final
		self._reference_document = ticket or ""
		return self._reference_document

	def threaded_ticket(self):
		parent = self.parent_email_queue() or self.parent_communication()
		# (a thread's ticket may be gone: deleted, or a test's rolled back)
		if parent and parent.reference_doctype == TICKET and frappe.db.exists(TICKET, parent.reference_name):
			return frappe.get_doc(TICKET, parent.reference_name)
		references = (self.mail.get("References") or "").replace("<", " ").replace(">", " ").split()
		for message_id in reversed(references):
			name = frappe.db.get_value(
				"Communication", {"message_id": message_id, "reference_doctype": TICKET}, "reference_name"
			)
			if name and frappe.db.exists(TICKET, name):
				return frappe.get_doc(TICKET, name)
		for number in ticket_numbers(self.subject):
			reporter = frappe.db.get_value(TICKET, number, "reporter_email")
			if reporter and reporter.lower() == self.from_email:
				return frappe.get_doc(TICKET, number)
		return None

	# a new ticket

	def _create_reference_document(self, doctype):
		if doctype != TICKET:
			return super()._create_reference_document(doctype)
		serial, contract = details_from_text(f"{self.subject}\n{self.text}")
		description = escape_html(self.text).replace("\n", "<br>")
		if self.follow_up_of:
			description = f"<p>{escape_html(frappe._('Follow-up of closed ticket {0}').format(self.follow_up_of))}</p>{description}"
		ticket = frappe.get_doc(
			{
				"doctype": TICKET,
				"subject": self.subject,
				"reporter_email": self.from_email,
				"reporter_name": self.from_real_name,
				"channel": "E-mail",
				"reported_at": self.date,
				"description": description,
				"serial_no": serial,
				"contract_no": contract,
			}
		)
		ticket.flags.ignore_mandatory = True  # an e-mail names no priority: intake takes the plan's
		ticket.flags.hold_messages = True  # answered once its Communication exists (threading)
		ticket.insert(ignore_permissions=True)
		self.new_ticket = ticket
		return ticket.name

	def after_received(self, communication) -> None:
		from hezo_service.services.tickets import ticket_messages

		if self.new_ticket is not None:
			ticket_messages.send_held(self.new_ticket)
		if self.refused and communication.reference_doctype == TICKET:
			customer_messages.send(
				communication.reference_name,
				messages.ATTACHMENTS_REFUSED,
				refused=self.refused,
				max_mb=max_attachment_mb(),
			)

	# attachments

	def save_attachments_in_doc(self, doc):
		limit = max_attachment_mb() * 1024 * 1024
		self.refused = attachment_refusals(
			[(a["fname"], len(a["fcontent"])) for a in self.attachments], limit, ALLOWED_EXTENSIONS
		)
		refused = {name for name, _why in self.refused}
		self.attachments = [a for a in self.attachments if a["fname"] not in refused]
		saved = super().save_attachments_in_doc(doc)
		if doc.reference_doctype == TICKET and doc.reference_name:
			for file in saved:  # the same stored file, listed on the ticket too
				frappe.get_doc(
					{
						"doctype": "File",
						"file_name": file.file_name,
						"file_url": file.file_url,
						"is_private": file.is_private,
						"attached_to_doctype": TICKET,
						"attached_to_name": doc.reference_name,
					}
				).insert(ignore_permissions=True)
		return saved

	# escalation@

	def escalate(self):
		from hezo_service.services.tickets.escalation import escalate_manually

		ticket = self.threaded_ticket() or self.named_ticket()
		open_ticket = ticket if ticket and ticket.status not in ("Resolved", "Closed") else None
		communication = self.record(ticket=open_ticket)
		reason = f"{self.from_email}: {self.subject}\n{self.text}".strip()[:2000]
		if open_ticket:
			by = frappe.db.get_value("User", {"email": self.from_email}, "name")
			escalate_manually(open_ticket.name, reason, by=by, customer=True)
		else:
			duty_manager(self, communication)
		return communication

	def named_ticket(self):
		"""Escalations are written by people who know their ticket number: in the subject or the text."""
		for number in ticket_numbers(f"{self.subject}\n{self.text}"):
			if frappe.db.exists(TICKET, number):
				return frappe.get_doc(TICKET, number)
		return None


def duty_manager(mail: HEZOInboundMail, communication) -> None:
	"""An escalation naming no open ticket: the manager on duty reads it (HEZO Settings)."""
	settings = frappe.get_cached_doc("HEZO Settings")
	users = [u for u in (settings.manager, settings.team_lead) if u]
	recipients = [frappe.db.get_value("User", u, "email") for u in users[:1]]
	if not recipients:
		frappe.log_error(title="HEZO: escalation mail with no ticket and no manager", message=mail.subject)
		return
	customer_messages.send_mail(
		recipients=recipients,
		subject=frappe._("Escalation by e-mail without an open ticket: {0}").format(mail.subject),
		message=f"<p>{escape_html(mail.from_email)}</p>{communication.content or ''}",
		reference_doctype="Communication",
		reference_name=communication.name,
	)


def max_attachment_mb() -> int:
	return cint(frappe.conf.get("hezo_max_attachment_mb")) or DEFAULT_MAX_MB
