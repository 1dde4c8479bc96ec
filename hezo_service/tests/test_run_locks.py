"""One billing run at a time across hosts: while another connection (another host's scheduler) holds
the run's lock, a run waits, then refuses with a clear message; once that connection ends, released
or dropped as a killed process's is, the next run takes the lock."""

from __future__ import annotations

import threading

import frappe

from hezo_service.services.billing import sales_invoices
from hezo_service.services.common.run_locks import RunLocked, run_lock
from hezo_service.tests.factories import HEZOTestCase


class TestRunLocks(HEZOTestCase):
	def other_host(self, release: bool) -> tuple[threading.Event, threading.Event, list[str]]:
		"""A thread on its own connection that takes the billing lock and holds it until told; then
		releases it or drops its connection without releasing (what kill -9 leaves)."""
		site, sites_path = frappe.local.site, frappe.local.sites_path
		held, done = threading.Event(), threading.Event()
		errors: list[str] = []

		def hold() -> None:
			try:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				if release:
					with run_lock("HEZO billing", 0):
						held.set()
						done.wait(30)
				else:
					frappe.db.sql("select get_lock(%s, 0)", f"{frappe.conf.db_name}:HEZO billing")
					held.set()
					done.wait(30)
					frappe.db.close()
			except Exception as error:  # a thread's failure must fail the test
				errors.append(repr(error))
				held.set()
			finally:
				frappe.destroy()

		self.thread = threading.Thread(target=hold)
		self.thread.start()
		self.assertTrue(held.wait(30))
		return held, done, errors

	def test_a_second_run_waits_then_refuses_in_polish_too(self) -> None:
		_held, done, errors = self.other_host(release=True)
		try:
			with self.assertRaises(RunLocked) as refused:
				sales_invoices.run_billing(commit=False, wait_seconds=1)
			self.assertIn("HEZO billing", str(refused.exception))
			frappe.local.lang = "pl"
			frappe.clear_messages()
			with self.assertRaises(RunLocked) as refused:
				sales_invoices.run_billing(commit=False, wait_seconds=0)
			self.assertIn("Rozliczenie HEZO", str(refused.exception))
		finally:
			frappe.local.lang = "en"
			done.set()
			self.thread.join(30)
		self.assertEqual(errors, [])
		self.assertIsInstance(sales_invoices.run_billing(commit=False, wait_seconds=5), list)

	def test_a_killed_runs_lock_goes_with_its_connection(self) -> None:
		_held, done, errors = self.other_host(release=False)
		with self.assertRaises(RunLocked):
			sales_invoices.run_billing(commit=False, wait_seconds=0)
		done.set()
		self.thread.join(30)
		self.assertEqual(errors, [])
		self.assertIsInstance(sales_invoices.run_billing(commit=False, wait_seconds=5), list)
