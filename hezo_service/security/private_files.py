"""Private files that cannot be read through another file's name.

Frappe serves `/private/files/<path>` (frappe/utils/response.py, `download_private_file`) after
`find_file_by_url` (frappe/core/doctype/file/utils.py) has found a File row whose `file_url` equals
the path *in the database's collation* (utf8mb4_unicode_ci: case, accents and trailing spaces do not
count) and that the user may read; it then sends the path that was asked for from the case-sensitive
disk. A user who owns `/private/files/Secret.log` was therefore served another customer's
`/private/files/secret.log`. Two defences, each enough on its own:
- `check_request`: a request is let through only when a File row with exactly that URL (compared
  byte for byte) is readable by the user, for every user;
- `save`: every private file a customer makes (portal attachments, e-mail) is written under a name
  of its own (a random token), which no other row can match in any collation, and never shares
  another file's URL (Frappe hands an upload whose bytes match an existing file that file's URL)."""

from __future__ import annotations

import os
import re
import unicodedata

import frappe
from frappe import _
from werkzeug.exceptions import Forbidden

PRIVATE_PREFIX = "/private/files/"


def exact_rows(path: str, name: str | None = None) -> list[str]:
	"""File rows whose URL is exactly `path` (the collation's index narrows, `binary` decides)."""
	params = {"url": path, "name": name}
	return frappe.db.sql_list(
		"""select name from `tabFile` where file_url = %(url)s and binary file_url = binary %(url)s
		and (%(name)s is null or name = %(name)s)""",
		params,
	)


def readable(path: str, name: str | None = None) -> bool:
	return any(frappe.get_doc("File", row).is_downloadable() for row in exact_rows(path, name))


def check_request() -> None:
	"""Hook `auth_hooks` (run once the request's user is known, by session or API key) for
	/private/files: Frappe's own check then runs on a row the user may read."""
	path = frappe.request.path if frappe.request else ""
	if not path.startswith(PRIVATE_PREFIX) or frappe.session.user in ("Guest", "Administrator"):
		return  # Guest: Frappe refuses; Administrator reads every file
	if not readable(path, frappe.form_dict.get("fid") or None):
		raise Forbidden(_("You don't have permission to access this file"))


def disk_name(file_name: str) -> str:
	"""`<stem>-<token><ext>`: NFC, Frappe's unsafe characters replaced, no trailing dots or spaces."""
	name = unicodedata.normalize("NFC", file_name)
	name = re.sub(r"[/\\%?#]", "_", name).strip(" .") or "file"
	stem, ext = os.path.splitext(name)
	return f"{stem[:80]}-{frappe.generate_hash(length=12)}{ext[:12]}"


def free_url(file_name: str) -> tuple[str, str]:
	"""A private URL that no File row matches in the database's collation and no file uses on disk."""
	from frappe.utils import get_files_path

	while True:
		name = disk_name(file_name)
		url = PRIVATE_PREFIX + name
		path = get_files_path(name, is_private=True)
		if not os.path.exists(path) and not frappe.db.exists("File", {"file_url": url}):
			return url, path


def save(file_name: str, content: bytes, doctype: str, docname: str):
	"""A private File attached to (doctype, docname), written under a name of its own; the row shows
	the name the customer gave."""
	url, path = free_url(file_name)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": url.rsplit("/", 1)[1],  # free on disk: Frappe writes it as it is
			"attached_to_doctype": doctype,
			"attached_to_name": docname,
			"is_private": 1,
			"content": content,
		}
	)
	file.insert(ignore_permissions=True)  # the caller has checked the customer's scope
	if file.file_url != url:  # Frappe gave it the URL of a file with the same bytes: a copy of its own
		with open(path, "wb") as f:
			f.write(content)
		frappe.db.after_rollback.add(lambda: os.path.exists(path) and os.remove(path))
		file.db_set("file_url", url, update_modified=False)
	file.db_set("file_name", file_name, update_modified=False)
	return file
