"""The daily job of faulty-unit returns: reminders to the customer before and after the due day, and,
once the return is overdue past the set number of days, the unit marked chargeable for finance.

Once-only: every reminder (and the charge) is a HEZO RMA Reminder row with a unique key
"<rma>:<kind>", inserted in the same transaction as the Email Queue row and the RMA's update; a second
run, or a run racing this one, fails on the key and sends nothing. One indexed query picks the RMAs
whose return is open and due within the reminder horizon; no job loads every RMA."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.user import get_users_with_role

from hezo_service.core import messages
from hezo_service.core.rma import lifecycle as lc
from hezo_service.core.rma.returns import (
	BEFORE_DUE,
	CHARGEABLE,
	OVERDUE,
	ReturnPolicy,
	actions_due,
	charge_amount,
	horizon,
	reminder_key,
)
from hezo_service.services.common import settings
from hezo_service.services.common.customer_dates import customer_datetime
from hezo_service.services.common.customer_messages import send_mail
from hezo_service.services.common.timezone import aware, now, site_zone, stored
from hezo_service.services.rma import lifecycle, rma_messages

BATCH = 500


def candidates(at, rules: ReturnPolicy, after: str = "", limit: int = BATCH) -> list[dict]:
	return frappe.db.sql(
		"""select name, return_due, chargeable, return_status from `tabHEZO RMA`
		where return_due is not null and return_due <= %s and return_received_at is null
			and status not in ('Cancelled', 'Returned') and name > %s
		order by name limit %s""",
		(stored(horizon(at, rules)), after, limit),
		as_dict=True,
	)


def run_daily(at=None, commit: bool = True) -> dict[str, int]:
	"""Send what is due; returns how many of each kind were done now."""
	at = at or now()
	rules = settings.return_policy()
	done = {BEFORE_DUE: 0, OVERDUE: 0, CHARGEABLE: 0}
	after = ""
	while True:
		rows = candidates(at, rules, after)
		if not rows:
			break
		sent = set(
			frappe.get_all(
				"HEZO RMA Reminder", filters={"rma": ["in", [r.name for r in rows]]}, pluck="reminder_key"
			)
		)
		for row in rows:
			for kind in actions_due(aware(row.return_due), at, rules, site_zone()):
				if reminder_key(row.name, kind) in sent:
					continue
				if act(row.name, kind, at):
					done[kind] += 1
			if commit:
				frappe.db.commit()
		after = rows[-1].name
		if len(rows) < BATCH:
			break
	# the overdue state for the list and the workspace card (one set-based update)
	frappe.db.sql(
		"""update `tabHEZO RMA` set return_status = 'Overdue'
		where return_status = 'Awaiting return' and return_received_at is null and return_due < %s""",
		stored(at),
	)
	if commit:
		frappe.db.commit()
	return done


def act(rma_name: str, kind: str, at) -> bool:
	"""One reminder (or the charge), once: the unique key is taken first, then the mail is queued."""
	rma = frappe.get_doc("HEZO RMA", rma_name)
	recipients = customer_recipients(rma) if kind != CHARGEABLE else finance_recipients()
	try:
		frappe.get_doc(
			{
				"doctype": "HEZO RMA Reminder",
				"rma": rma.name,
				"kind": kind,
				"reminder_key": reminder_key(rma.name, kind),
				"sent_at": stored(at),
				"recipients": ", ".join(recipients),
			}
		).insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.clear_last_message()
		return False
	if kind == CHARGEABLE:
		mark_chargeable(rma, at)
	if kind != CHARGEABLE:
		# the customer's reminder: the editable template, through the one customer-message service
		rma_messages.send(rma, messages.RETURN_REMINDER, overdue=kind == OVERDUE)
	elif recipients:
		subject, message = compose(rma, kind)
		send_mail(
			recipients=recipients,
			subject=subject,
			message=message,
			reference_doctype="HEZO RMA",
			reference_name=rma.name,
		)
	return True


def mark_chargeable(rma, at) -> None:
	"""The lifecycle's CHARGEABLE step (billable, return overdue) with finance's charge and reason; written
	without saving the RMA (the job changes nothing else of it)."""
	lifecycle.apply(rma, [lc.Event(lc.CHARGEABLE, at)], before=rma)
	amount = charge_amount(frappe.get_cached_doc("HEZO Settings").unreturned_unit_charge)
	reason = _("Faulty unit {0} not returned by {1} (RMA {2}, waybill {3}).").format(
		rma.faulty_device, rma.return_due, rma.name, rma.return_waybill or "-"
	)
	frappe.db.set_value(
		"HEZO RMA",
		rma.name,
		{
			"chargeable": rma.chargeable,
			"charge_marked_at": stored(at),
			"charge_amount": amount,
			"charge_reason": reason,
			"return_status": rma.return_status,
		},
		update_modified=False,
	)


def customer_recipients(rma) -> list[str]:
	reporter = frappe.db.get_value("HEZO Ticket", rma.ticket, "reporter_email")
	customer = frappe.db.get_value("Customer", rma.customer, "email_id") if rma.customer else None
	return list(dict.fromkeys(r for r in (reporter, customer) if r))


def finance_recipients() -> list[str]:
	return get_users_with_role("HEZO Finance")  # Frappe's: enabled users only, never Administrator


def compose(rma, kind: str) -> tuple[str, str]:
	"""Finance's notice of an unreturned unit (the customer's reminders are templates: rma_messages)."""
	due = customer_datetime(rma.return_due)
	subject = (
		f"[{rma.name}] Niezwrócone urządzenie do obciążenia / Unreturned unit chargeable: {rma.faulty_device}"
	)
	pl = f"Urządzenie {rma.faulty_device} (klient {rma.customer}) nie wróciło do {due}: do obciążenia."
	en = f"Unit {rma.faulty_device} (customer {rma.customer}) was not returned by {due}: chargeable."
	return subject, f"<p>{pl}</p><hr><p>{en}</p>"
