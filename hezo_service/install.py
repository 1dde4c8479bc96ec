"""Install, migrate and uninstall hooks: roles, the shipped catalogue, default settings.

Everything here is idempotent: a second run (or a second migrate) inserts nothing and changes nothing."""

from __future__ import annotations

import frappe

from hezo_service import custom_fields
from hezo_service.core.settings import DEFAULTS as SETTINGS_DEFAULTS
from hezo_service.core.sla.catalogue import read_fixture
from hezo_service.services.common.customer_nips import fill_and_report
from hezo_service.services.common.message_templates import ensure_templates

ROLES = ("HEZO Engineer", "HEZO Logistics", "HEZO Finance", "HEZO Manager", "HEZO Customer")

DEFAULT_ESCALATION_LEVELS = (
	# level, clock, trigger, value, notify
	(1, "any", "Share of time used", 75, "Assignee"),
	(2, "any", "After the due time", 0, "Team lead"),
	(3, "any", "After the due time", 60, "Manager and escalation mailbox"),
)


def after_install() -> None:
	custom_fields.sync()
	# install-app marks the patches done without running them: the customers already there get their
	# normalised NIP here (what patches/v0_3/fill_customer_nips does on a migrate)
	print(fill_and_report())
	set_up_data()
	compile_translations()


def after_migrate() -> None:
	"""Only what has to follow the code on every migrate: the custom fields on ERPNext's doctypes and
	the compiled translations. Changes to data (the catalogue, settings, roles) are versioned patches
	in patches.txt, run once, as Frappe's and ERPNext's own apps do."""
	custom_fields.sync()
	compile_translations()


def set_up_data() -> None:
	"""What a new site needs: roles, the shipped catalogue, default settings, the RMA board, portal
	settings. Idempotent: a second run inserts nothing and keeps staff edits."""
	ensure_roles()
	ensure_customer_permissions()
	import_catalogue()
	ensure_settings()
	ensure_rma_board()
	ensure_rma_settings()
	portal_settings()
	serial_no_permissions()
	ensure_templates()


def compile_translations() -> None:
	"""Frappe reads compiled .mo files (sites/assets/locale), which `bench build` makes; install-app and
	migrate do not, so a site would show English until the next build. Compile ours here (only when
	the .po is newer than the .mo, so a second migrate writes nothing)."""
	from frappe.gettext.translate import _compile_translation, get_locales

	for locale in get_locales("hezo_service"):
		_compile_translation("hezo_service", locale)


def ensure_roles() -> None:
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{
					"doctype": "Role",
					"role_name": role,
					"desk_access": 0 if role == "HEZO Customer" else 1,
				}
			).insert(ignore_permissions=True)
	# DocType sync creates a role named in a DocType's permissions (with desk access) before this
	# hook runs: the portal role must never open the desk (its users must stay Website Users)
	if frappe.db.get_value("Role", "HEZO Customer", "desk_access"):
		frappe.db.set_value("Role", "HEZO Customer", "desk_access", 0)


# The desk roles' rights on ERPNext's Customer (end customers and partners), as they had on the app's
# own customer and partner records. The portal role gets none: the portal shows a user's own customers
# from the server, and Frappe's role permission would open Customer's generic endpoints.
CUSTOMER_PERMISSIONS = {
	"HEZO Engineer": ("read", "write", "create", "report", "export", "print", "email"),
	"HEZO Manager": ("read", "write", "create", "delete", "report", "export", "print", "email", "share"),
	"HEZO Finance": ("read", "write", "create", "report", "export", "print", "email"),
	"HEZO Logistics": ("read", "report", "print", "email"),
}


PERMISSION_TYPES = ("read", "write", "create", "delete", "report", "export", "print", "email", "share")


def ensure_customer_permissions() -> None:
	"""Frappe's own role permissions (Custom DocPerm, what the Role Permissions Manager writes): the
	first rule copies ERPNext's standard rules of Customer, so every ERPNext role keeps its rights. Rules
	that exist are left as they are (staff may have changed them)."""
	from frappe.permissions import add_permission, update_permission_property

	for role, ptypes in CUSTOMER_PERMISSIONS.items():
		if frappe.db.exists("Custom DocPerm", {"parent": "Customer", "role": role, "permlevel": 0}):
			continue
		add_permission("Customer", role, 0)
		for ptype in PERMISSION_TYPES:
			update_permission_property("Customer", role, 0, ptype, int(ptype in ptypes), validate=False)
	frappe.clear_cache(doctype="Customer")


def import_catalogue() -> None:
	"""Insert the shipped calendars, then the plans that name them; never overwrite a document that
	exists (staff may have edited it: windows, targets and cut-offs are theirs to change)."""
	for fixture in ("hezo_calendar.json", "hezo_service_plan.json"):
		for data in read_fixture(fixture):
			if frappe.db.exists(data["doctype"], data["name"]):
				continue
			doc = frappe.get_doc(data)
			doc.flags.from_catalogue = True
			doc.insert(ignore_permissions=True, set_name=data["name"])


def ensure_settings() -> None:
	settings = frappe.get_single("HEZO Settings")
	if settings.escalation_levels:
		return
	for level, clock, trigger, value, notify in DEFAULT_ESCALATION_LEVELS:
		settings.append(
			"escalation_levels",
			{"level": level, "clock": clock, "trigger": trigger, "value": value, "notify": notify},
		)
	settings.escalation_mailbox = settings.escalation_mailbox or "escalation@myhezo.pl"
	settings.save(ignore_permissions=True)


def portal_settings() -> None:
	"""Customer portal: Frappe's generic self sign-up is off, so guests can create an account
	only through the NIP + serial + contract check (hezo_service.api.portal.sign_up)."""
	if not frappe.db.get_single_value("Website Settings", "disable_signup"):
		frappe.db.set_single_value("Website Settings", "disable_signup", 1)
	# error answers carry no Python traceback (docs/security.md): Frappe's per-request switch
	# (flags.disable_traceback) is ignored by `bench serve`, this site setting is not
	if frappe.db.get_single_value("System Settings", "allow_error_traceback"):
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


# a covered device is an ERPNext Serial No: who of the service desk reads and writes its service data
# (the portal role only reads, scoped to its customers by services/portal/scope.py). Nobody here
# creates one: Serial Nos come from the stock ledger.
SERIAL_NO_PERMISSIONS = {
	"HEZO Engineer": ("read", "write"),
	"HEZO Logistics": ("read", "write"),
	"HEZO Finance": ("read",),
	"HEZO Manager": ("read", "write"),
	"HEZO Customer": ("read",),
}


def serial_no_permissions() -> None:
	"""Added as Frappe's Role Permission Manager does (`add_permission` first copies ERPNext's own
	rules for Serial No into Custom DocPerm, so the stock roles keep theirs); a rule that exists is
	left as staff set it."""
	from frappe.permissions import add_permission, update_permission_property

	for role, ptypes in SERIAL_NO_PERMISSIONS.items():
		if frappe.db.exists("Custom DocPerm", {"parent": "Serial No", "role": role, "permlevel": 0}):
			continue
		add_permission("Serial No", role, 0, "read")
		for ptype in ptypes:
			update_permission_property("Serial No", role, 0, ptype, 1, validate=False)


def before_uninstall() -> None:
	# The app's DocTypes (and their tables) are removed by Frappe; the roles and the scheduled-job
	# rows are ours to remove.
	for role in ROLES:
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	frappe.db.delete("Kanban Board", {"reference_doctype": "HEZO RMA"})
	frappe.db.delete("Custom DocPerm", {"parent": ["in", ("Customer", "Serial No")], "role": ["in", ROLES]})
	custom_fields.drop_indexes()


def fingerprint() -> dict:
	"""What `migrate` could change, for the idempotence check of the test command: every HEZO table's
	checksum, and the app's DocTypes, workspaces, cards, reports and roles with their timestamps."""
	tables = [t[0] for t in frappe.db.sql("show tables like 'tabHEZO%%'")]
	checksums = {t: c for t, c in frappe.db.sql(f"checksum table {', '.join(f'`{t}`' for t in tables)}")}
	meta = {}
	for doctype in ("DocType", "Workspace", "Number Card", "Report", "Custom Field"):
		meta[doctype] = frappe.get_all(
			doctype, filters={"module": "HEZO Service"}, fields=["name", "modified"], order_by="name"
		)
	meta["Role"] = frappe.get_all("Role", filters={"name": ["in", ROLES]}, fields=["name", "modified"])
	result = {"tables": checksums, "meta": meta}
	print(frappe.as_json(result))
	return result


# --- RMA -----------------------------------------------------------------------------------------

RMA_BOARD = "HEZO RMA by status"
RMA_BOARD_COLUMNS = (
	("Open", "Gray"),
	("Awaiting Stock", "Red"),
	("Reserved", "Blue"),
	("Ordered", "Purple"),
	("Shipped", "Orange"),
	("Delivered", "Green"),
	("Returned", "Cyan"),
	("Closed", "Gray"),
	("Cancelled", "Gray"),
)


def ensure_rma_board() -> None:
	"""The desk's RMA board by status (a public Kanban Board; created once, then staff's to edit)."""
	if frappe.db.exists("Kanban Board", RMA_BOARD):
		return
	frappe.get_doc(
		{
			"doctype": "Kanban Board",
			"kanban_board_name": RMA_BOARD,
			"reference_doctype": "HEZO RMA",
			"field_name": "status",
			"private": 0,
			"show_labels": 1,
			"fields": '["faulty_device", "customer", "return_status"]',
			"columns": [
				{"column_name": name, "status": "Active", "indicator": color}
				for name, color in RMA_BOARD_COLUMNS
			],
		}
	).insert(ignore_permissions=True)


# the defaults are the core's (core/settings.py); a site that never set these fields gets them
RMA_SETTINGS_DEFAULTS = {
	field: SETTINGS_DEFAULTS[field]
	for field in (
		"return_reminder_days_before",
		"return_reminder_days_after",
		"return_charge_after_days",
		"unreturned_unit_charge",
		"low_stock_min_units",
		"low_stock_min_percent",
	)
}


def ensure_rma_settings() -> None:
	"""Defaults for the RMA settings a site has never set (an edited value, even 0, is kept)."""
	present = set(
		frappe.db.sql(
			"select field from `tabSingles` where doctype = 'HEZO Settings' and field in %s",
			[tuple(RMA_SETTINGS_DEFAULTS)],
			pluck=True,
		)
	)
	missing = {f: v for f, v in RMA_SETTINGS_DEFAULTS.items() if f not in present}
	if missing:
		frappe.db.set_single_value("HEZO Settings", missing)
