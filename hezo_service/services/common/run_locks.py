"""One run of a background job at a time across every host: a MariaDB named lock (GET_LOCK), held by
the run's connection across its commits. The database server holds it, so two hosts' schedulers and
workers exclude each other; it goes with the connection, so a run killed -9 leaves nothing to clean."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe import _


class RunLocked(frappe.ValidationError):
	pass


@contextmanager
def run_lock(name: str, wait_seconds: int) -> Iterator[None]:
	"""Hold the lock `name` of this site for the block, waiting up to `wait_seconds` for a run that
	holds it; RunLocked when that run does not end in time."""
	key = f"{frappe.conf.db_name}:{name}"  # the server's locks are shared by every site on it
	if frappe.db.sql("select get_lock(%s, %s)", (key, wait_seconds))[0][0] != 1:
		frappe.throw(
			_("Another run of {0} is in progress; try again when it has ended.").format(_(name)), RunLocked
		)
	try:
		yield
	finally:
		frappe.db.sql("select release_lock(%s)", key)
