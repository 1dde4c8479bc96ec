"""Portal sign-up (docs/decisions.md, "Customer portal"): the company's NIP, a covered serial number and the HEZO
contract number must all match one contract. A wrong combination gets one message that does not say
which item was wrong; every attempt is logged (HEZO Signup Attempt) and spends two budgets: the
client's (the address the trusted proxy gives) and the target customer's (its NIP and its contract
number, whoever tries them), one budget for sign-up and linking over every route. A new user then gets Frappe's welcome e-mail with the set-password link (Frappe's own
e-mail verification); an existing user links a further customer by proving the same three items."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import validate_email_address

from hezo_service.core.portal import SignupItems, signup_items
from hezo_service.security.limits import spend
from hezo_service.services.common.customers import customer_nip
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts.coverage import in_force
from hezo_service.services.portal.scope import PORTAL_ROLE, forget_customers_of
from hezo_service.services.portal.web import portal_language


def wrong_triple() -> str:
	"""One message for every wrong combination: it never says which item was wrong."""
	return _(
		"The NIP, serial number and contract number do not match any of our contracts. Check them and "
		"try again, or call the service desk."
	)


class SignupRefused(frappe.ValidationError):
	http_status_code = 422


def match(items: SignupItems) -> tuple[str, str] | None:
	"""(customer, contract) when the three items name one contract, else None."""
	if not items.complete:
		return None
	contract = frappe.db.get_value(
		"HEZO Contract", items.contract_no, ["name", "customer", "status"], as_dict=True
	)
	if not contract or not in_force(contract.status):
		return None
	if customer_nip(contract.customer) != items.nip:
		return None
	covered = frappe.db.exists(
		"HEZO Contract Device",
		{"parenttype": "HEZO Contract", "parent": contract.name, "device": items.serial_no},
	)
	return (contract.customer, contract.name) if covered else None


# attempts at the three-item proof: per client an hour, per target customer a day
CLIENT_BUDGET = ("signup-client", 10, 60 * 60)
TARGET_BUDGET = ("signup-target", 20, 24 * 60 * 60)


def spend_attempt(items: SignupItems) -> None:
	"""Count one proof attempt over HTTP (a 429 once a budget is used up). Code run without a request
	(the desk, jobs, tests calling the service) is not a client and spends nothing."""
	spend_attempt_on(
		{
			f"nip:{items.nip}" if items.nip else "",
			f"contract:{items.contract_no}" if items.contract_no else "",
		}
	)


def spend_attempt_on(targets: set[str]) -> None:
	"""One attempt from this client and on each target ("nip:...", "contract:...": empty ones skipped)."""
	if not getattr(frappe.local, "request", None):
		return
	budget, limit, seconds = CLIENT_BUDGET
	spend(budget, getattr(frappe.local, "request_ip", None) or "unknown", limit, seconds)
	budget, limit, seconds = TARGET_BUDGET
	for target in targets - {""}:
		spend(budget, target, limit, seconds)


def log_attempt(result: str, email: str, nip, serial_no, contract_no, customer=None, user=None) -> None:
	frappe.get_doc(
		{
			"doctype": "HEZO Signup Attempt",
			"at": stored(now()),
			"result": result,
			"email": (email or "")[:140],
			"ip": getattr(frappe.local, "request_ip", None) or "",
			"nip": (nip or "")[:140],
			"serial_no": (serial_no or "")[:140],
			"contract_no": (contract_no or "")[:140],
			"customer": customer,
			"user": user,
		}
	).insert(ignore_permissions=True)


def add_portal_user(customer: str, user: str) -> None:
	"""The user becomes one of the Customer's ERPNext portal users (the list the portal scope reads). The
	row is written on its own, not by saving the Customer: ERPNext's Customer.validate would give the
	user ERPNext's "Customer" role, which makes ERPNext's login hook create a Customer of its own for
	the user when Portal Settings' default role is "Customer" (docs/decisions.md)."""
	if frappe.db.exists(
		"Portal User",
		{"parenttype": "Customer", "parentfield": "portal_users", "parent": customer, "user": user},
	):
		return
	at = frappe.utils.now()
	frappe.get_doc(
		{
			"doctype": "Portal User",
			"parenttype": "Customer",
			"parentfield": "portal_users",
			"parent": customer,
			"idx": frappe.db.count("Portal User", {"parenttype": "Customer", "parent": customer}) + 1,
			"user": user,
			"creation": at,
			"modified": at,
			"owner": frappe.session.user,
			"modified_by": frappe.session.user,
		}
	).db_insert()
	frappe.clear_document_cache("Customer", customer)
	forget_customers_of(user)


def grant(user: str, customer: str, contract: str, serial_no: str) -> str:
	"""Access = a Portal User row on the Customer; HEZO Portal Access keeps how it was proved (contract,
	serial, when), a record of the sign-up, never consulted for access."""
	add_portal_user(customer, user)
	existing = frappe.db.get_value("HEZO Portal Access", {"user": user, "customer": customer})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "HEZO Portal Access",
				"user": user,
				"customer": customer,
				"contract": contract,
				"serial_no": serial_no,
				"granted_at": stored(now()),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def refuse(message: str) -> dict:
	"""A 422 answer that keeps the transaction (the attempt's log row is committed)."""
	frappe.local.response["http_status_code"] = 422
	return {"ok": False, "message": message}


def check_person(full_name: str | None, email: str | None) -> tuple[str, str]:
	"""The new account's name and address as they will be stored, or a 422 saying what is wrong."""
	email = (email or "").strip().lower()
	full_name = (full_name or "").strip()
	if not full_name or not validate_email_address(email):
		frappe.throw(_("Give your full name and a valid e-mail address."), SignupRefused)
	if any(c in full_name for c in '<>&"'):
		# the name goes into Frappe's welcome e-mail and the desk, which render it as HTML
		frappe.throw(_('A name cannot contain the characters < > & ".'), SignupRefused)
	return full_name, email


def existing_account() -> str:
	return _(
		"An account with this e-mail address already exists. Log in and add the customer on the "
		"portal's 'Add a company' page."
	)


def new_portal_user(full_name: str, email: str, phone: str | None) -> tuple[str, bool]:
	"""A website user with the portal role and Frappe's welcome e-mail (set-password link) queued:
	(user, whether the mail was queued)."""
	first, _sep, last = full_name.partition(" ")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first,
			"last_name": last or None,
			# `phone`, not `mobile_no`: Frappe keeps mobile numbers unique, and colleagues may share a line
			"phone": (phone or "").strip() or None,
			"user_type": "Website User",
			"send_welcome_email": 1,
			"roles": [{"role": PORTAL_ROLE}],
		}
	)
	user.flags.ignore_permissions = True
	# the sign-up page's language (Polish unless it was in English), never the site's default
	user.flags.portal_language = portal_language()
	# the welcome e-mail (set-password link) goes through the Email Queue: a mail server that is down
	# must not fail the sign-up
	user.flags.delay_emails = True
	since = frappe.utils.now_datetime()
	user.insert()
	return user.name, welcome_mail_queued(email, since)


def account_made(email: str, mail_sent: bool) -> dict:
	if not mail_sent:
		# no outgoing account could take it (Frappe logged "Unable to send new password notification")
		return {
			"ok": True,
			"mail_sent": False,
			"message": _(
				"Your account is ready, but the desk cannot send e-mail at the moment, so no message with "
				"the password link was sent to {0}. Use 'Forgot password' later, or ask the HEZO desk."
			).format(email),
		}
	return {
		"ok": True,
		"mail_sent": True,
		"message": _(
			"Thank you. We have sent an e-mail to {0}: open the link in it to confirm the address and set "
			"your password."
		).format(email),
	}


def sign_up(
	nip: str, serial_no: str, contract_no: str, full_name: str, email: str, phone: str | None = None
) -> dict:
	full_name, email = check_person(full_name, email)
	items = signup_items(nip, serial_no, contract_no)
	spend_attempt(items)
	found = match(items)
	if not found:
		log_attempt("Refused", email, nip, serial_no, contract_no)
		return refuse(wrong_triple())
	customer, contract = found
	if frappe.db.exists("User", email):
		log_attempt("Refused", email, nip, serial_no, contract_no, customer=customer)
		return refuse(existing_account())
	user, mail_sent = new_portal_user(full_name, email, phone)
	grant(user, customer, contract, items.serial_no)
	log_attempt("Accepted", email, nip, serial_no, contract_no, customer=customer, user=user)
	return account_made(email, mail_sent)


def welcome_mail_queued(email: str, since) -> bool:
	"""Whether Frappe's welcome e-mail for the new user is in the Email Queue (it goes out from there,
	also after the mail server was down for a while)."""
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	return bool(
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.name)
		.where((recipient.recipient == email) & (queue.creation >= since))
		.limit(1)
		.run()
	)


def link_customer(nip: str, serial_no: str, contract_no: str, user: str | None = None) -> dict:
	"""A logged-in portal user adds a further end customer by proving the same three items."""
	user = user or frappe.session.user
	items = signup_items(nip, serial_no, contract_no)
	spend_attempt(items)
	found = match(items)
	if not found:
		log_attempt("Refused", user, nip, serial_no, contract_no, user=user)
		return refuse(wrong_triple())
	customer, contract = found
	grant(user, customer, contract, items.serial_no)
	log_attempt("Linked", user, nip, serial_no, contract_no, customer=customer, user=user)
	return {
		"ok": True,
		"customer": customer,
		"message": _("Customer {0} was added to your account.").format(
			frappe.db.get_value("Customer", customer, "customer_name")
		),
	}
