"""ERPNext's own test modules for the doctypes hezo_service hooks into, run on a site with the app and on
the same site without it, compared test by test: a test whose outcome differs is the app's doing
(ERPNext's environment failures, a missing exchange rate or test record, are the same on both).

    python3 scripts/erpnext_suites.py --site SITE [--without OTHER_SITE] [--module M ...] [--out DIR]

Without `--without`, SITE is backed up, the suites run, the backup is restored and hezo_service
uninstalled for the second run, then the backup is restored again (SITE ends as it was). With it,
OTHER_SITE is a site set up the same way without the app. `bench run-tests --module` makes only a
module's `test_dependencies` records on Frappe 15 (`--doctype` stops at Payment Gateway, a DocType of
the payments app, on a bench without it), so both runs see the same missing records. Slow (hundreds of
ERPNext tests, twice): not part of ./run-tests. Exit status 1 when any test differs."""

from __future__ import annotations

import argparse
import glob
import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

BENCH = pathlib.Path(os.environ.get("HEZO_BENCH", "/opt/frappe-bench"))
DB_ROOT_PASSWORD = os.environ.get("HEZO_DB_ROOT_PASSWORD", "root")
# the doctypes of hooks.py's doc_events and permission hooks, and Issue (the list)
MODULES = (
	"erpnext.selling.doctype.customer.test_customer",
	"erpnext.stock.doctype.serial_no.test_serial_no",
	"erpnext.selling.doctype.sales_order.test_sales_order",
	"erpnext.stock.doctype.delivery_note.test_delivery_note",
	"erpnext.stock.doctype.stock_entry.test_stock_entry",
	"erpnext.stock.doctype.purchase_receipt.test_purchase_receipt",
	"erpnext.support.doctype.issue.test_issue",
	"erpnext.accounts.doctype.sales_invoice.test_sales_invoice",
)


def bench(*args: str, check: bool = True) -> subprocess.CompletedProcess:
	env = {**os.environ, "CI": "1"}  # no colours or prompts
	return subprocess.run(["bench", *args], cwd=BENCH, env=env, check=check, capture_output=True, text=True)


def outcomes(junit: pathlib.Path) -> dict[str, str]:
	"""test id -> passed / failure / error / skipped, from a junit XML report."""
	results = {}
	for case in ET.parse(junit).iter("testcase"):
		outcome = "passed"
		for kind in ("failure", "error", "skipped"):
			if case.find(kind) is not None:
				outcome = kind
		results[f"{case.get('classname')}.{case.get('name')}"] = outcome
	return results


def run_suites(site: str, modules: list[str], out: pathlib.Path, label: str) -> dict[str, str]:
	results = {}
	for module in modules:
		junit = out / f"{label}-{module.rsplit('.', 1)[-1]}.xml"
		done = bench(
			"--site", site, "run-tests", "--module", module, "--junit-xml-output", str(junit), check=False
		)
		(out / f"{label}-{module.rsplit('.', 1)[-1]}.log").write_text(done.stdout + done.stderr)
		found = outcomes(junit) if junit.exists() and junit.stat().st_size else {}
		if not found:
			found = {f"{module} (did not run)": "error"}
		results.update(found)
		print(f"  {label}: {module}: {len(found)} tests, {count(found)}", flush=True)
	return results


def count(results: dict[str, str]) -> str:
	kinds = ("passed", "failure", "error", "skipped")
	return ", ".join(f"{sum(1 for o in results.values() if o == k)} {k}" for k in kinds)


def backup(site: str) -> str:
	bench("--site", site, "backup")
	return max(glob.glob(str(BENCH / "sites" / site / "private" / "backups" / "*-database.sql.gz")))


def restore(site: str, dump: str) -> None:
	bench("--site", site, "restore", dump, "--db-root-password", DB_ROOT_PASSWORD, "--force")
	bench("--site", site, "migrate")


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True, help="a site with ERPNext and hezo_service")
	parser.add_argument("--without", help="a site set up the same way, without hezo_service")
	parser.add_argument("--module", action="append", help="an ERPNext test module (default: the hooked ones)")
	parser.add_argument("--out", default="artefacts/erpnext_suites", help="where the reports go")
	args = parser.parse_args()
	modules = args.module or list(MODULES)
	out = pathlib.Path(args.out).resolve()
	out.mkdir(parents=True, exist_ok=True)
	for site in filter(None, (args.site, args.without)):
		bench("--site", site, "set-config", "allow_tests", "true")
		bench("--site", site, "scheduler", "pause", check=False)

	dump = None if args.without else backup(args.site)
	print(f"with hezo_service ({args.site}):", flush=True)
	with_app = run_suites(args.site, modules, out, "with")
	try:
		if args.without:
			other = args.without
		else:
			restore(args.site, dump)
			bench("--site", args.site, "uninstall-app", "hezo_service", "--yes", "--no-backup", "--force")
			other = args.site
		print(f"without hezo_service ({other}):", flush=True)
		without_app = run_suites(other, modules, out, "without")
	finally:
		if dump:
			restore(args.site, dump)

	differ = sorted(t for t in with_app.keys() | without_app.keys() if with_app.get(t) != without_app.get(t))
	print(f"with the app:    {len(with_app)} tests, {count(with_app)}")
	print(f"without the app: {len(without_app)} tests, {count(without_app)}")
	for test in differ:
		print(
			f"DIFFERS {test}: with {with_app.get(test, 'absent')}, without {without_app.get(test, 'absent')}"
		)
	print(
		f"{len(differ)} test(s) differ"
		if differ
		else "every test has the same outcome with and without the app"
	)
	return 1 if differ else 0


if __name__ == "__main__":
	sys.exit(main())
