"""Frappe's forgotten-password method, answered the same whatever the address
(`override_whitelisted_methods`). Frappe's own answers 404 "not found" for an unknown address,
"disabled" for a disabled account and 501 when no mail goes out, and its success message names the
account holder: an account-existence oracle. Here every address spends the sign-up's attempt budget,
gets one answer, and the link is sent by a background job, so neither the answer nor its time tells
whether the account exists."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import validate_email_address

from hezo_service.security.limits import spend
from hezo_service.services.portal.signup import CLIENT_BUDGET, TARGET_BUDGET


def answer() -> str:
	return _("If an account exists for this address, we have sent it a link to set a new password.")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: str | None = None) -> str:
	email = (user or "").strip().lower()
	budget, limit, seconds = CLIENT_BUDGET
	spend(budget, getattr(frappe.local, "request_ip", None) or "unknown", limit, seconds)
	if not validate_email_address(email):
		frappe.local.response["http_status_code"] = 422
		return _("Give the e-mail address you log in with.")
	budget, limit, seconds = TARGET_BUDGET
	spend(budget, f"email:{email}", limit, seconds)
	frappe.enqueue(
		"hezo_service.api.accounts.send_reset_link",
		email=email,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
	)
	return answer()


def send_reset_link(email: str) -> None:
	"""The job: Frappe's own reset link and e-mail for an enabled account other than Administrator;
	nothing for any other address."""
	name = frappe.db.get_value("User", {"name": email, "enabled": 1}, "name")
	if not name or name in ("Administrator", "Guest"):
		return
	user = frappe.get_doc("User", name)
	link = user.reset_password(send_email=False)
	# Frappe's own mail (User.password_reset_mail), queued rather than sent inline: the Email Queue
	# sends it, and keeps it while the mail server is down
	user.send_login_mail(
		_("Password Reset"),
		"password_reset",
		{"link": link},
		now=False,
		custom_template=frappe.db.get_system_setting("reset_password_template"),
	)
