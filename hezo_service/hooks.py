app_name = "hezo_service"
app_title = "HEZO Service"
app_publisher = "myHEZO"
app_description = (
	"Service contracts, covered devices and tickets with SLA clocks on Polish business calendars"
)
app_email = "pomoc@myhezo.pl"
app_license = "mit"
# a plugin of the distributor's ERP: installs only where ERPNext is
required_apps = ["frappe/erpnext"]

# bench commands: see hezo_service/commands.py (`bench --site S hezo-demo`)

export_python_type_annotations = True

after_install = "hezo_service.install.after_install"
after_migrate = "hezo_service.install.after_migrate"
before_uninstall = "hezo_service.install.before_uninstall"
# tests run on a site set up as the distributor runs it (ERPNext, a Polish company in PLN)
before_tests = "hezo_service.site_setup.setup_distributor_site"

# the desk's mailboxes read with the desk's rules on Frappe's own pull (services/tickets/mail_intake.py)
override_doctype_class = {"Email Account": "hezo_service.services.tickets.mail_intake.HEZOEmailAccount"}

doc_events = {
	"Communication": {"after_insert": "hezo_service.services.tickets.conversation.on_communication"},
	# an amended invoice leaves the unique billing keys on the cancelled one (services/billing)
	"Sales Invoice": {
		"before_insert": "hezo_service.services.billing.sales_invoices.keys_stay_with_the_cancelled_invoice"
	},
	"User": {"before_insert": "hezo_service.services.portal.web.start_portal_user_in_polish"},
	# a sold HEZO service becomes a draft contract (services/contracts/sales.py)
	"Sales Order": {
		"before_submit": "hezo_service.services.contracts.sales.before_submit",
		"on_submit": "hezo_service.services.contracts.sales.on_submit",
		"on_cancel": "hezo_service.services.contracts.sales.on_cancel",
	},
	# end customers and partners are ERPNext Customers: the NIP (tax_id) rule; Portal User rows changed
	"Customer": {
		"validate": "hezo_service.services.common.customers.validate_customer",
		"on_update": "hezo_service.services.portal.scope.on_customer_update",
	},
	# spare stock is ERPNext stock: a reserved unit leaves only for its RMA; units arriving in a spare
	# warehouse serve the RMAs waiting for their model; every move re-checks the low-stock level
	"Stock Entry": {
		"validate": "hezo_service.services.rma.spare_stock.guard_reserved_units",
		"on_submit": "hezo_service.services.rma.spare_stock.on_stock_posted",
		"on_cancel": "hezo_service.services.rma.spare_stock.on_stock_posted",
	},
	"Delivery Note": {
		"validate": "hezo_service.services.rma.spare_stock.guard_reserved_units",
		"on_submit": "hezo_service.services.rma.spare_stock.on_stock_posted",
		"on_cancel": "hezo_service.services.rma.spare_stock.on_stock_posted",
	},
	"Purchase Receipt": {
		"on_submit": "hezo_service.services.rma.spare_stock.on_stock_posted",
		"on_cancel": "hezo_service.services.rma.spare_stock.on_stock_posted",
	},
}

scheduler_events = {
	"cron": {
		# set-based: one indexed query picks the tickets whose next SLA check has come
		"* * * * *": ["hezo_service.scheduler.sweep_sla", "hezo_service.scheduler.deliver_escalations"],
	},
	# RMA: return reminders / charges once each, low-stock check
	"daily": ["hezo_service.scheduler.rma_daily"],
}

# --- customer portal: scope every record a portal user can reach to the user's customers
has_permission = {
	"Customer": "hezo_service.services.portal.scope.has_permission",
	"HEZO Contract": "hezo_service.services.portal.scope.has_permission",
	"Serial No": "hezo_service.services.portal.scope.has_permission",
	"HEZO Ticket": "hezo_service.services.portal.scope.has_permission",
	"HEZO Delivery Proposal": "hezo_service.services.portal.scope.has_permission",
	# RMAs in the portal
	"HEZO RMA": "hezo_service.services.portal.scope.has_permission",
	# scheduled work in the portal
	"HEZO Work Order": "hezo_service.services.portal.scope.has_permission",
}
permission_query_conditions = {
	"Customer": "hezo_service.services.portal.scope.customer_query",
	"HEZO Contract": "hezo_service.services.portal.scope.contract_query",
	"Serial No": "hezo_service.services.portal.scope.device_query",
	"HEZO Ticket": "hezo_service.services.portal.scope.ticket_query",
	"HEZO Delivery Proposal": "hezo_service.services.portal.scope.proposal_query",
	# RMAs in the portal
	"HEZO RMA": "hezo_service.services.portal.scope.rma_query",
	# scheduled work in the portal
	"HEZO Work Order": "hezo_service.services.portal.scope.work_order_query",
}
# ERPNext's forms list their HEZO records: a Customer its contracts, tickets, RMAs and work orders; a
# covered device (Serial No) its contracts, tickets, RMAs and device events
override_doctype_dashboards = {
	"Customer": "hezo_service.services.common.customer_dashboard.get_data",
	"Serial No": "hezo_service.services.contracts.serial_no_dashboard.get_dashboard_data",
}
role_home_page = {"HEZO Customer": "hezo"}
# the desk's ticket list takes its statuses, colours and clock columns from the core
boot_session = "hezo_service.services.tickets.desk_boot.boot_session"
# /hezo/* is rendered from the portal's own lean base template, compiled once per process
# (services/portal/renderer.py; docs/decisions.md "Light and fast portal pages")
page_renderer = ["hezo_service.services.portal.renderer.PortalPage"]
# a portal route is its own endpoint; every other path goes to Frappe's resolver unchanged
website_path_resolver = ["hezo_service.services.portal.renderer.resolve_path"]
# portal templates show dates as customers read them (Polish conventions, whatever the site's formats)
jinja = {
	"methods": [
		"hezo_service.services.common.customer_dates.customer_date",
		"hezo_service.services.common.customer_dates.customer_datetime",
	]
}
standard_portal_menu_items = [{"title": "HEZO Service", "route": "/hezo", "role": "HEZO Customer"}]

# -- contract lifecycle and finance ---------------------------------------------------------------
scheduler_events.setdefault("daily", []).extend(
	[
		"hezo_service.scheduler.daily_contract_statuses",
		"hezo_service.scheduler.daily_renewal_reminders",
		"hezo_service.scheduler.daily_scheduled_work",
		"hezo_service.scheduler.daily_billing",
	]
)
# billable line sources: functions (upto: date) -> list of lines, each with a unique `billing_key`
hezo_billable_line_sources = [
	"hezo_service.services.billing.billable_lines.renewal_lines",
	"hezo_service.services.billing.billable_lines.reactivation_fee_lines",
	"hezo_service.services.billing.billable_lines.over_quota_lines",
	"hezo_service.services.billing.billable_lines.unreturned_unit_lines",
]
doctype_js = {"HEZO Contract": "hezo_service/doctype/hezo_contract/hezo_contract_finance.js"}

# forms with an editable datetime keep its stored seconds (Frappe's control shows minutes only)
for _doctype in (
	"HEZO Ticket",
	"HEZO RMA",
	"HEZO Onsite Visit",
	"HEZO Delivery Proposal",
	"HEZO Stock Alert",
	"HEZO Device Event",
	"HEZO Escalation",
	"HEZO SLA Event",
	"HEZO RMA Reminder",
	"HEZO Contract Reminder",
):
	doctype_js[_doctype] = "public/js/datetime_keeps_seconds.js"

# -- portal security (docs/security.md): generic endpoints closed to website users and Guest, the
# client address from the trusted proxy only, a CSRF token in every portal session
before_request = ["hezo_service.security.guard.before_request"]
# Frappe's forgotten-password answer told which addresses have accounts (api/accounts.py)
override_whitelisted_methods = {
	"frappe.core.doctype.user.user.reset_password": "hezo_service.api.accounts.reset_password"
}
# a private file is served only to a user who may read a File row with exactly its URL
auth_hooks = ["hezo_service.security.private_files.check_request"]
