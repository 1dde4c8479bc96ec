"""Benchmark: the minute SLA sweep on 100,000 open tickets, ours against a naive "re-evaluate every open
ticket" sweep, plus the SQL cost of one ticket intake.

Run (as root, from the bench; the site must be a throw-away site of its own, see "Site" below)
------------------------------------------------------------------------------------------------
cd BENCH && ./env/bin/python /path/to/hezo_service/benchmarks/sweep.py --site bench.localhost

Options: --tickets N (default 100000), --naive-sample N (default 5000; 0 or >= N = the full naive sweep),
--reset (re-create the benchmark's customers, devices and contracts), --verbose (list every statement of
one crossing ticket's check and of one intake). A default run takes a few minutes on a 2-core machine.

What is compared
----------------
The site holds --tickets open tickets; every 100th (1 %) has crossed an escalation threshold: its
response clock started long enough ago that 75 % of the response window is used (escalation level 1
is due), but not so long ago that the due time (level 2) has come. Its stored `next_check_at` is what
the app computed when the ticket was opened (the 75 % instant), so it is now in the past. Every other
ticket has `next_check_at` in the future (at least 30 minutes ahead).

1. ours: `hezo_service.scheduler.sweep_sla()` as the scheduler calls it: one indexed query on
   `next_check_at` (FOR UPDATE SKIP LOCKED, batches of 200), then `check_ticket` per selected ticket:
   it loads the ticket, sends each level that has come (HEZO Escalation row, HEZO SLA Event, e-mail to the
   team lead through the Email Queue, a desk notification job) and rewrites the computed columns.
2. naive: what Frappe Helpdesk's `hourly_long` job `hd_ticket.update_sla_status_in_ticket` does: list
   every open ticket, then for each one `frappe.get_doc` it and re-evaluate its SLA. To do the same useful
   work it calls our `check_ticket` on every open ticket (same evaluation, same escalations, same writes),
   so the comparison isolates how the tickets to check are chosen. This is the verdict's baseline and a
   charitable one: the catalogue comes from our in-process cache, only changed columns are written and
   the commit is per 200 tickets, as in ours.
3. naive, Helpdesk-faithful: (2) plus what Helpdesk's job does per ticket on top: it re-reads the
   agreement document (here `frappe.get_doc` of the ticket's HEZO Service Plan with its child tables),
   writes the SLA status whether it changed or not (`frappe.db.set_value`) and commits after every ticket.
   Still charitable: Helpdesk's agreement has more child tables and its evaluation reads holiday lists.
   The naive sweeps run on the first --naive-sample open tickets (by name, so the sample holds the same
   1 % of crossing tickets) and their loop is extrapolated linearly to all open tickets; the output says
   so. The listing query of all open tickets is measured in full, not extrapolated.

The ratio is bounded: with 1 % crossing and a baseline that does the same work for a crossing ticket,
naive / ours = (100 L + E) / (L + E), where L is loading and evaluating one ticket and E the extra work
of escalating it (rows, e-mail, notification); it reaches 50 only when E <= L. The output splits E into
the e-mail (`frappe.sendmail`), the desk-notification enqueue and the rest.

Both sweeps start from the same freshly written data set (the tickets are re-written right before each
run, with clock values computed for the current instant), and the benchmark checks that each sweep sent
level 1 for exactly the crossing tickets it saw and nothing else.

SQL statements are counted at the MariaDB cursor (`frappe.db._cursor.execute`), so everything frappe
sends is counted: selects, inserts, updates, COMMIT and START TRANSACTION. Redis calls are not SQL and
are not counted (they are in the wall time).

Intake: one `hezo_service.api.tickets.create_ticket` call for a covered device (serial and contract
number, priority), as a fresh request would make it (frappe.local re-initialised; Redis and this
process's catalogue cache warm, as in a running web worker), including the request's final COMMIT.

Data set
--------
Through the real controllers (once; --reset re-creates): 2 users (team lead, manager) set in HEZO
Settings, the site's "Notifications" e-mail account made the default outgoing one (set directly, no SMTP
probe; nothing is sent, no worker runs), 60 customers, 300 devices and 300 active one-device contracts on 6 plans of the shipped
catalogue (24x7, 8x5 and 9x5 request windows). Tickets: written fast with multi-row INSERTs (1,000 rows
per statement); their clock fields (due times, states, SLA state, next check, delivery kind) are computed
by `hezo_service.services.tickets.clocks.apply` on an in-memory ticket for every (plan, priority, situation)
combination and reused. Situations: crossing (1 %), response clock just started, follow-up running,
delivery running, delivery on a later date the customer accepted.

Site
----
The benchmark TRUNCATEs the ticket, escalation, SLA event, e-mail queue and error log tables of its site. It refuses
to run on a site that has tickets unless the site config has `hezo_benchmark_site: 1`, which it sets
itself on a site without tickets. Create one with
bench new-site bench.localhost --admin-password admin --mariadb-root-password root --db-root-username root
--install-app hezo_service (the benchmark sets the site's time zone to Europe/Warsaw).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
import warnings
from collections import Counter
from datetime import timedelta

import frappe
from frappe.utils import add_days, today

PLANS = ("HEZO-PLUS", "HEZO-360", "COCARE-PREMIER", "QSP-AHB-8X5-8H", "SOS-24X7-NBD", "COCARE-STANDARD")
CUSTOMERS = 60
DEVICES = 300
CROSSING_EVERY = 100  # 1 %
ROWS_PER_INSERT = 1000
TEAM_LEAD = "bench-lead@example.com"
MANAGER = "bench-manager@example.com"
MARKER = "hezo_benchmark_site"
SWEEP_TARGET_RATIO = 50
INTAKE_TARGET = 25
TRUNCATED = (
	"HEZO Ticket",
	"HEZO Ticket Pause",
	"HEZO Escalation",
	"HEZO SLA Event",
	"Email Queue",
	"Email Queue Recipient",
	"Error Log",
)

TICKET_FIELDS = (
	"status",
	"priority",
	"plan",
	"reported_at",
	"clock_started_at",
	"first_response_at",
	"last_customer_message_at",
	"last_reply_at",
	"interview_done",
	"tests_done",
	"validity_confirmed_at",
	"validity_confirmed_by",
	"agreed_delivery_at",
	"agreed_by",
	"agreed_on",
	"response_due",
	"response_state",
	"follow_up_due",
	"follow_up_state",
	"delivery_kind",
	"delivery_due",
	"delivery_state",
	"sla_state",
	"next_check_at",
	"escalation_level",
)


# -- counting statements ---------------------------------------------------------------------------


class Statements:
	"""Counts (and keeps the text of) every statement sent through frappe's cursor while active."""

	def __init__(self, mogrify: bool = False):
		self.mogrify = mogrify
		self.queries: list[str] = []

	def __enter__(self):
		if not getattr(frappe.db, "_conn", None):
			frappe.db.connect()
		cursor = self._cursor = frappe.db._cursor
		original = cursor.execute
		queries = self.queries

		def execute(query, args=None):
			queries.append(cursor.mogrify(query, args) if self.mogrify else query)
			return original(query, args)

		cursor.execute = execute
		return self

	def __exit__(self, *exc):
		del self._cursor.execute  # back to the class's method

	@property
	def count(self) -> int:
		return len(self.queries)

	def shapes(self) -> Counter:
		return Counter(shape(q) for q in self.queries)


TABLE = re.compile(r"`(tab[^`]+)`|\bfrom\s+(tab\w+)|\binto\s+(tab\w+)", re.IGNORECASE)


def shape(query: str) -> str:
	"""'select tabHEZO Ticket', 'insert tabEmail Queue', 'commit' ..."""
	text = " ".join(query.split())
	verb = text.split(" ", 1)[0].lower()
	if verb in ("commit", "rollback", "start", "savepoint", "release"):
		return text.split(" /*")[0].lower()
	found = TABLE.search(text)
	table = next((g for g in found.groups() if g), "") if found else ""
	lock = " for update" if "for update" in text.lower() else ""
	return f"{verb} {table}{lock}".strip()


# -- site and master data --------------------------------------------------------------------------


def guard_site() -> None:
	if frappe.conf.get(MARKER):
		return
	if frappe.db.count("HEZO Ticket"):
		sys.exit(
			f"{frappe.local.site} has tickets and is not marked as a benchmark site ({MARKER}); "
			"this benchmark truncates the ticket tables, so it runs only on a site of its own."
		)
	from frappe.installer import update_site_config

	update_site_config(MARKER, 1)
	frappe.conf[MARKER] = 1


def valid_nip(n: int) -> str:
	weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
	while True:
		digits = f"{525000000 + n * 37:09d}"
		check = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
		if check != 10:
			return f"{digits}{check}"
		n += 100_000


def ensure_master_data(reset: bool) -> list[dict]:
	"""Users, settings, customers, devices and contracts through the real controllers; returns the
	devices with their coverage."""
	from hezo_service.tests.factories import make_device

	if frappe.db.get_single_value("System Settings", "time_zone") != "Europe/Warsaw":
		frappe.db.set_single_value("System Settings", "time_zone", "Europe/Warsaw")
		frappe.clear_cache()
	if reset:
		for doctype in TRUNCATED:
			frappe.db.truncate(doctype)
		for name in frappe.get_all("HEZO Contract", {"name": ("like", "BENCH-%")}, pluck="name"):
			frappe.delete_doc("HEZO Contract", name, force=True, ignore_permissions=True)
		frappe.db.delete("Serial No", {"name": ("like", "BENCH%")})  # no stock transaction made them
		for name in frappe.get_all("Customer", {"customer_name": ("like", "Bench customer %")}, pluck="name"):
			frappe.delete_doc("Customer", name, force=True, ignore_permissions=True)
		frappe.db.commit()
	for email, first_name in ((TEAM_LEAD, "Bench team lead"), (MANAGER, "Bench manager")):
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
			)
			user.insert(ignore_permissions=True)
			user.add_roles("HEZO Manager")
	if not frappe.db.get_value("Email Account", "Notifications", "default_outgoing"):
		# a production site has outgoing mail; without it every escalation e-mail is an Error Log row
		# instead of an Email Queue row. Set directly: saving would probe the SMTP server. Nothing is
		# sent (no worker runs the queue here) and the queue is truncated before each run.
		frappe.db.set_value(
			"Email Account",
			"Notifications",
			{"enable_outgoing": 1, "default_outgoing": 1, "smtp_server": "localhost", "smtp_port": 25},
		)
	settings = frappe.get_single("HEZO Settings")
	if (settings.team_lead, settings.manager) != (TEAM_LEAD, MANAGER):
		settings.team_lead, settings.manager = TEAM_LEAD, MANAGER
		settings.save(ignore_permissions=True)

	customers = frappe.get_all(
		"Customer", {"customer_name": ("like", "Bench customer %")}, pluck="name", order_by="name"
	)
	for i in range(len(customers), CUSTOMERS):
		doc = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"Bench customer {i:03d}",
				"customer_type": "Company",
				"tax_id": valid_nip(i),
			}
		).insert(ignore_permissions=True)
		customers.append(doc.name)
	start, end = add_days(today(), -120), add_days(today(), 245)
	for i in range(DEVICES):
		serial, contract_no = f"BENCH{i:05d}", f"BENCH-{i:04d}"
		customer = customers[i % CUSTOMERS]
		make_device(serial, customer, model="FG-100F", vendor="Fortinet")
		if not frappe.db.exists("HEZO Contract", contract_no):
			frappe.get_doc(
				{
					"doctype": "HEZO Contract",
					"contract_no": contract_no,
					"customer": customer,
					"plan": PLANS[i % len(PLANS)],
					"status": "Active",
					"start_date": start,
					"end_date": end,
					"term_years": 1,
					"devices": [{"device": serial, "model": "FG-100F"}],
				}
			).insert(ignore_permissions=True)
	frappe.db.commit()
	return frappe.db.sql(
		"""select d.device, c.name as contract, c.customer, c.plan
		from `tabHEZO Contract` c join `tabHEZO Contract Device` d on d.parent = c.name
		where c.name like 'BENCH-%%' and c.status = 'Active' order by d.device""",
		as_dict=True,
	)


# -- tickets ---------------------------------------------------------------------------------------

SITUATIONS = ("crossing", "fresh", "follow_up", "delivery", "agreed")


def situation_of(i: int) -> str:
	if i % CROSSING_EVERY == 0:
		return "crossing"
	r = i % 20
	return "agreed" if r < 10 else "delivery" if r < 13 else "follow_up" if r < 16 else "fresh"


class Templates:
	"""Clock fields per (plan, priority, situation), computed by the app's own `clocks.apply`."""

	def __init__(self, at):
		from hezo_service.services.tickets import clocks

		self.clocks = clocks
		self.at = at
		self.cache: dict[tuple, dict] = {}

	def get(self, plan: str, priority: str, situation: str) -> dict:
		key = (plan, priority, situation)
		if key not in self.cache:
			self.cache[key] = self.build(plan, priority, situation)
		return self.cache[key]

	def ticket(self, plan, priority, **facts):
		from hezo_service.services.common.timezone import stored

		doc = frappe.new_doc("HEZO Ticket")
		doc.plan, doc.priority, doc.status = plan, priority, facts.pop("status", "New")
		for field, value in facts.items():
			doc.set(field, stored(value) if hasattr(value, "tzinfo") else value)
		doc.reported_at = doc.clock_started_at
		return doc

	def fields(self, doc, at) -> dict:
		self.clocks.apply(doc, at, set())
		doc.escalation_level = 0
		return {f: doc.get(f) for f in TICKET_FIELDS}

	def build(self, plan: str, priority: str, situation: str) -> dict:
		at, minute = self.at, timedelta(minutes=1)
		if situation == "crossing":
			return self.crossing(plan, priority)
		rules = self.clocks.rules_for(plan, priority)
		met = {
			"first_response_at": at - timedelta(hours=3) + 10 * minute,
			"clock_started_at": at - timedelta(hours=3),
		}
		if situation == "follow_up" and rules.terms.follow_up_seconds:
			met["last_reply_at"] = met["first_response_at"]
			doc = self.ticket(
				plan, priority, status="In Progress", last_customer_message_at=at - 2 * minute, **met
			)
		elif situation in ("delivery", "agreed") and rules.delivery_kind:
			confirmed = at - (timedelta(days=1) if situation == "agreed" else 2 * minute)
			facts = dict(met, status="Confirmed", interview_done=1, tests_done=1)
			facts.update(validity_confirmed_at=confirmed, validity_confirmed_by="Administrator")
			if situation == "agreed":
				facts.update(
					clock_started_at=at - timedelta(days=2),
					first_response_at=at - timedelta(days=2) + 10 * minute,
				)
				facts.update(
					agreed_delivery_at=at + timedelta(days=14), agreed_by="Customer", agreed_on=confirmed
				)
			doc = self.ticket(plan, priority, **facts)
		else:
			doc = self.ticket(plan, priority, clock_started_at=at - 2 * minute)
		values = self.fields(doc, at)
		upcoming = self.clocks.compute(doc, at).thresholds
		first = min([t.at for t in upcoming] + [self.clocks.aware(values["next_check_at"])])
		if first < at + timedelta(minutes=30):
			raise RuntimeError(f"{plan}/{priority}/{situation}: next check {first} is too close to {at}")
		return values

	def crossing(self, plan: str, priority: str) -> dict:
		"""Start the response clock as late as possible such that level 1 (75 % used) came at least a
		minute ago; the due time (level 2) must still be at least 10 minutes ahead."""
		at = self.at
		for minutes in range(1, 14 * 24 * 60):
			start = at - timedelta(minutes=minutes)
			doc = self.ticket(plan, priority, clock_started_at=start)
			came = [t for t in self.clocks.compute(doc, at).thresholds if t.at <= at - timedelta(minutes=1)]
			if came:
				break
		else:
			raise RuntimeError(f"{plan}/{priority}: no start puts the 75 % threshold before {at}")
		due = self.clocks.compute(doc, at).clock("response").due
		if [t.key for t in came] != ["response:1"] or due < at + timedelta(minutes=10):
			raise RuntimeError(f"{plan}/{priority}: crossing start {start} gives {came}, due {due}")
		return self.fields(doc, start)  # as stored when the ticket was opened


def write_tickets(count: int, devices: list[dict]) -> dict:
	"""Truncate the ticket tables and write `count` open tickets; returns facts about the set."""
	from hezo_service.services.common.timezone import now

	for doctype in TRUNCATED:
		frappe.db.truncate(doctype)
	at = now()
	templates = Templates(at)
	priorities = {
		plan: frappe.get_all(
			"HEZO Plan Priority",
			{"parent": plan, "parenttype": "HEZO Service Plan"},
			pluck="priority",
			order_by="idx",
		)
		for plan in PLANS
	}
	columns = (
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"subject",
		"serial_no",
		"contract_no",
		"channel",
		"customer",
		"contract",
		"device",
		"reporter_name",
		"reporter_email",
		"description",
		*TICKET_FIELDS,
	)
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	head = "insert into `tabHEZO Ticket` (" + ", ".join(f"`{c}`" for c in columns) + ") values "
	rows, crossing = [], []
	situations = Counter()
	for i in range(1, count + 1):
		device = devices[i % len(devices)]
		plan_priorities = priorities[device.plan]
		priority = plan_priorities[(i // len(devices)) % len(plan_priorities)]
		situation = situation_of(i)
		situations[situation] += 1
		values = templates.get(device.plan, priority, situation)
		name = f"HZT-B{i:06d}"
		if situation == "crossing":
			crossing.append(name)
		opened = values["reported_at"]
		rows.extend(
			(
				name,
				opened,
				opened,
				"Administrator",
				"Administrator",
				0,
				0,
				f"Device {device.device} {situation.replace('_', ' ')}",
				device.device,
				device.contract,
				"Portal",
				device.customer,
				device.contract,
				device.device,
				"Jan Kowalski",
				"jan.kowalski@example.com",
				"<p>The device reboots every few minutes.</p>",
				*(values[f] for f in TICKET_FIELDS),
			)
		)
		if i % ROWS_PER_INSERT == 0 or i == count:
			n = len(rows) // len(columns)
			frappe.db.sql(head + ", ".join([placeholders] * n), tuple(rows))
			rows = []
	frappe.db.commit()
	frappe.db.sql("analyze table `tabHEZO Ticket`")
	return {"at": at, "crossing": crossing, "situations": situations, "templates": len(templates.cache)}


# -- the two sweeps --------------------------------------------------------------------------------


class Timed:
	"""Adds up the wall time spent in `module.name` while active."""

	def __init__(self, module, name: str):
		self.module, self.name, self.seconds, self.calls = module, name, 0.0, 0

	def __enter__(self):
		original = self.original = getattr(self.module, self.name)

		def timed(*args, **kwargs):
			start = time.perf_counter()
			try:
				return original(*args, **kwargs)
			finally:
				self.seconds += time.perf_counter() - start
				self.calls += 1

		setattr(self.module, self.name, timed)
		return self

	def __exit__(self, *exc):
		setattr(self.module, self.name, self.original)


def run_ours() -> dict:
	from frappe.desk.doctype.notification_log import notification_log

	from hezo_service import scheduler
	from hezo_service.services.tickets import escalation

	with (
		Timed(escalation, "send_level") as mail,
		Timed(notification_log, "enqueue_create_notification") as alert,
		Statements() as statements,
	):
		start = time.perf_counter()
		processed = scheduler.sweep_sla()
		seconds = time.perf_counter() - start
	return {
		"seconds": seconds,
		"statements": statements,
		"processed": processed,
		"mail": mail,
		"alert": alert,
	}


def check_like_helpdesk(name: str, at) -> None:
	"""`check_ticket` plus what Helpdesk's job does per ticket on top: it re-reads the agreement
	(here the ticket's plan), writes the SLA status whether it changed or not, and commits."""
	from hezo_service.services.tickets import clocks as clock_service
	from hezo_service.services.tickets import escalation

	ticket = frappe.get_doc("HEZO Ticket", name)
	frappe.get_doc("HEZO Service Plan", ticket.plan)
	policy = clock_service.compute(ticket, at)
	for threshold in policy.reached:
		escalation.send_level(ticket, threshold, at)
	escalation.refresh_columns(ticket, policy, {t.key for t in policy.reached})
	frappe.db.set_value("HEZO Ticket", name, "sla_state", ticket.sla_state, update_modified=False)
	frappe.db.commit()


def run_naive(sample: int, helpdesk: bool) -> dict:
	"""List every open ticket, then load each one and re-evaluate it (on the first `sample`)."""
	from hezo_service.services.common.timezone import now
	from hezo_service.services.tickets.clocks import OPEN_STATUSES
	from hezo_service.services.tickets.escalation import check_ticket

	at = now()
	with Statements() as listing:
		start = time.perf_counter()
		names = frappe.get_all(
			"HEZO Ticket", {"status": ("in", OPEN_STATUSES)}, pluck="name", order_by="name"
		)
		list_seconds = time.perf_counter() - start
	checked = names[:sample] if sample else names
	with Statements() as loop:
		start = time.perf_counter()
		for i, name in enumerate(checked, 1):
			if helpdesk:
				check_like_helpdesk(name, at)
				continue
			check_ticket(name, at)
			if i % 200 == 0:
				frappe.db.commit()
		frappe.db.commit()
		loop_seconds = time.perf_counter() - start
	scale = len(names) / len(checked)
	return {
		"open": len(names),
		"checked": checked,
		"scale": scale,
		"list_seconds": list_seconds,
		"loop_seconds": loop_seconds,
		"seconds": list_seconds + loop_seconds * scale,
		"list_statements": listing.count,
		"loop_statements": loop,
		"statements": listing.count + loop.count * scale,
	}


def sent_levels() -> Counter:
	return Counter(
		f"{r.clock}:{r.level}"
		for r in frappe.get_all("HEZO Escalation", {"kind": "Automatic"}, ["clock", "level"])
	)


def escalated_tickets() -> set[str]:
	return set(frappe.get_all("HEZO Escalation", {"kind": "Automatic"}, pluck="ticket"))


def warm_up(crossing: list[str]) -> Statements:
	"""Load the metas and caches a first check loads, for all sweeps alike; then list the statements
	of one (warm) crossing ticket's check, and undo both."""
	from hezo_service.services.contracts.catalogue import get_catalogue
	from hezo_service.services.tickets.escalation import check_ticket

	get_catalogue()
	check_ticket(crossing[0])
	with Statements(mogrify=True) as statements:
		check_ticket(crossing[1])
	frappe.db.rollback()
	return statements


def purge_notification_jobs() -> int:
	"""Each escalation enqueues a desk notification job; no worker may be running, so remove the jobs
	this site's benchmark queued (only this site's, only that method)."""
	from frappe.utils.background_jobs import get_queue

	removed = 0
	try:
		queue = get_queue("default")
		for job in queue.jobs:
			kwargs = job.kwargs or {}
			if kwargs.get("site") == frappe.local.site and "make_notification_logs" in str(
				kwargs.get("method")
			):
				job.delete()
				removed += 1
	except Exception as error:
		print(f"(could not purge notification jobs: {error})")
	return removed


# -- intake ----------------------------------------------------------------------------------------


def new_request(site: str) -> None:
	"""A fresh frappe.local, as a web request gets (Redis and this process's module caches stay warm)."""
	frappe.destroy()
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def intake_statements(site: str, device: dict, priority: str) -> tuple[Statements, str]:
	from hezo_service.api.tickets import create_ticket

	new_request(site)
	with Statements(mogrify=True) as statements:
		result = create_ticket(
			serial_no=device.device.lower(),
			contract_no=device.contract,
			subject="Benchmark intake: the device does not boot",
			priority=priority,
			description="<p>Power LED blinks red.</p>",
			reporter_name="Anna Nowak",
			reporter_email="anna.nowak@example.com",
			channel="Portal",
		)
		frappe.db.commit()
	return statements, result["name"]


# -- report ----------------------------------------------------------------------------------------


def explain(query: str, values) -> list[dict]:
	return frappe.db.sql(f"explain {query}", values, as_dict=True)


def print_shapes(title: str, shapes: Counter, divisor: float = 1, limit: int = 40) -> None:
	print(title)
	for key, n in shapes.most_common(limit):
		print(f"  {n / divisor:10.2f}  {key}")


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default="bench.localhost")
	parser.add_argument("--tickets", type=int, default=100_000)
	parser.add_argument("--naive-sample", type=int, default=5000)
	parser.add_argument("--reset", action="store_true")
	parser.add_argument("--verbose", action="store_true")
	parser.add_argument("--sites-path", default=os.path.join(os.getcwd(), "sites"))
	args = parser.parse_args()

	warnings.filterwarnings("ignore", message=".*ARC4.*")
	os.chdir(args.sites_path)  # as bench does: Frappe finds the bench's logs/ from here
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	guard_site()
	import cssutils

	cssutils.log.setLevel(logging.CRITICAL)  # premailer parsing frappe's e-mail CSS: noise

	start = time.perf_counter()
	devices = ensure_master_data(args.reset)
	print(
		f"site {args.site}: {len(devices)} covered devices on {len(PLANS)} plans ({time.perf_counter() - start:.1f} s)"
	)

	sample = args.naive_sample if 0 < args.naive_sample < args.tickets else 0
	runs, crossing, data, per_crossing = {}, set(), {}, None
	for kind in ("naive", "helpdesk", "ours"):
		# every sweep starts from the same tickets, written afresh for the current instant
		start = time.perf_counter()
		data = write_tickets(args.tickets, devices)
		crossing = set(data["crossing"])
		if per_crossing is None:
			print(
				f"wrote {args.tickets:,} open tickets ({len(crossing):,} crossing) from {data['templates']} "
				f"computed templates in {time.perf_counter() - start:.1f} s; situations: "
				+ ", ".join(f"{k} {v:,}" for k, v in sorted(data["situations"].items()))
			)
			per_crossing = warm_up(data["crossing"])
		run = run_ours() if kind == "ours" else run_naive(sample, helpdesk=kind == "helpdesk")
		expected = crossing & set(run.get("checked", crossing))
		run["expected"] = expected
		run["escalated"] = escalated_tickets()
		run["levels"] = sent_levels()
		run["left_due"] = frappe.db.sql(
			"select count(*) from `tabHEZO Ticket` where next_check_at <= %s and name in %s",
			(data["at"], tuple(expected) or ("",)),
		)[0][0]
		run["emails"] = frappe.db.count("Email Queue")
		run["ok"] = (
			run["escalated"] == expected and set(run["levels"]) == {"response:1"} and not run["left_due"]
		)
		runs[kind] = run
	ours, naive, helpdesk = runs["ours"], runs["naive"], runs["helpdesk"]

	from hezo_service.services.common.timezone import stored

	plan = explain(
		"""select name from `tabHEZO Ticket` where next_check_at <= %s order by next_check_at
		limit %s for update skip locked""",
		(stored(data["at"]), 200),
	)
	naive_plan = explain(
		"select name from `tabHEZO Ticket` where status in %s order by name",
		(("Awaiting Details", "New", "In Progress", "Awaiting Customer", "Verification", "Confirmed"),),
	)

	# intake: one warm-up request, then measured requests
	device = devices[0]
	priority = frappe.get_all(
		"HEZO Plan Priority",
		{"parent": device.plan, "parenttype": "HEZO Service Plan"},
		pluck="priority",
		order_by="idx",
	)[0]
	intake_statements(args.site, device, priority)
	intakes = [intake_statements(args.site, device, priority) for _ in range(3)]
	intake, intake_name = intakes[-1]
	purged = purge_notification_jobs()

	# -- print ------------------------------------------------------------------------------------
	n_cross = len(crossing)
	ours_count = ours["statements"].count
	ratio = naive["seconds"] / ours["seconds"]
	hd_ratio = helpdesk["seconds"] / ours["seconds"]
	print()
	print(
		f"Sweep at {data['at']:%Y-%m-%d %H:%M:%S %Z}: {args.tickets:,} open tickets, {n_cross:,} crossing a threshold"
	)
	for title, rows in (("sweep query", plan), ("naive listing", naive_plan)):
		print(
			f"EXPLAIN {title}: "
			+ "; ".join(f"type={r.type} key={r.key} rows={r.rows} extra={r.Extra}" for r in rows)
		)
	print()
	header = f"{'':52} {'wall s':>9} {'statements':>11} {'stmts/crossing':>15} {'ratio':>7}"
	print(header)
	print("-" * len(header))
	print(
		f"{'ours (sweep_sla: indexed next_check_at)':52} {ours['seconds']:9.2f} {ours_count:11,} {ours_count / n_cross:15.1f} {'1.0':>7}"
	)
	for label, run in (
		("naive (check_ticket on every open ticket)", naive),
		("naive, Helpdesk-faithful", helpdesk),
	):
		label += " *" if sample else ""
		print(
			f"{label:52} {run['seconds']:9.2f} {run['statements']:11,.0f} {run['statements'] / n_cross:15.1f} "
			f"{run['seconds'] / ours['seconds']:7.1f}"
		)
	mail, alert = ours["mail"], ours["alert"]
	rest = ours["seconds"] - mail.seconds - alert.seconds
	# the e-mail itself is composed by the delivery job after the sweep (escalation_delivery.py measures it)
	print(
		f"ours, per crossing ticket: {1000 * ours['seconds'] / n_cross:.1f} ms, of which the escalation "
		f"record (send_level, {mail.calls:,} calls) {1000 * mail.seconds / n_cross:.1f} ms, desk "
		f"notification enqueue {1000 * alert.seconds / n_cross:.1f} ms, the rest {1000 * rest / n_cross:.1f} ms"
	)
	print(f"{'statements ratio naive / ours':52} {'':9} {naive['statements'] / ours_count:11.1f}")
	print()
	for label, run in (("naive", naive), ("naive, Helpdesk-faithful", helpdesk)):
		if sample:
			print(
				f"* {label}: EXTRAPOLATED x{run['scale']:.1f} from {len(run['checked']):,} of {run['open']:,} open tickets: "
				f"listing {run['list_seconds']:.2f} s / {run['list_statements']} statements (measured in full), "
				f"loop {run['loop_seconds']:.2f} s / {run['loop_statements'].count:,} statements (measured on the sample)"
			)
		else:
			print(f"{label}: measured on all {run['open']:,} open tickets (no extrapolation)")
	for label, run in (("ours", ours), ("naive", naive), ("naive, Helpdesk-faithful", helpdesk)):
		print(
			f"check {label}: escalated {len(run['escalated']):,} tickets (expected {len(run['expected']):,}), "
			f"levels sent {dict(run['levels'])}, crossing tickets still due after it {run['left_due']}, "
			f"e-mails queued {run['emails']:,}: {'ok' if run['ok'] else 'MISMATCH'}"
		)
	print(f"(removed {purged:,} queued desk-notification jobs of {args.site}; no worker runs them here)")
	print()
	print_shapes(
		f"ours: statements per crossing ticket, by kind ({ours_count:,} in all):",
		ours["statements"].shapes(),
		n_cross,
	)
	print_shapes(
		f"naive: statements per checked ticket, by kind ({len(naive['checked']):,} checked):",
		naive["loop_statements"].shapes(),
		len(naive["checked"]),
		6,
	)
	print_shapes(
		f"naive, Helpdesk-faithful: statements per checked ticket ({len(helpdesk['checked']):,} checked):",
		helpdesk["loop_statements"].shapes(),
		len(helpdesk["checked"]),
		8,
	)
	print(f"one crossing ticket's check_ticket (warm): {per_crossing.count} statements")
	if args.verbose:
		for i, query in enumerate(per_crossing.queries, 1):
			print(f"  {i:3}. {' '.join(query.split())[:220]}")
	print()
	counts = [s.count for s, _ in intakes]
	print(
		f"intake: one create_ticket request ({intake_name}) sends {intake.count} SQL statements "
		f"(target <= {INTAKE_TARGET}; three requests: {counts})"
	)
	print_shapes("intake statements by kind:", intake.shapes())
	if args.verbose:
		print("intake statements in order:")
		for i, query in enumerate(intake.queries, 1):
			print(f"  {i:3}. {' '.join(query.split())[:300]}")
	print()
	print(
		f"≥ {SWEEP_TARGET_RATIO}× faster: {'yes' if ratio >= SWEEP_TARGET_RATIO else 'no'} ({ratio:.1f}×; Helpdesk-faithful baseline {hd_ratio:.1f}×)"
	)
	print(
		f"statements O(crossing): ours {ours_count:,} for {n_cross:,} crossing "
		f"({ours_count / n_cross:.1f} per crossing ticket; naive {naive['statements']:,.0f})"
	)
	print(
		f"intake ≤ {INTAKE_TARGET} statements: {'yes' if intake.count <= INTAKE_TARGET else 'no'} ({intake.count})"
	)
	print(
		f"sweep query uses the next_check_at index: {'yes' if any(r.key == 'next_check_at' for r in plan) else 'no'}"
	)
	frappe.destroy()


if __name__ == "__main__":
	main()
