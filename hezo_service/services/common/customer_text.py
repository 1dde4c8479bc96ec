"""What a customer writes, made safe on the way in (docs/security.md, "Stored text"): the controllers
of the records a customer writes name their customer-written fields, and this cleans them on every
save, whatever the route (portal, e-mail, API, desk). Plain fields lose all markup
(`core.portal.text`); rich text goes through Frappe's sanitiser without its JSON exception."""

from __future__ import annotations

from frappe.model.document import Document
from frappe.utils.html_utils import sanitize_html

from hezo_service.core.portal.text import one_line, plain_text

RICH = frozenset({"Text Editor", "HTML Editor"})
MULTI_LINE = frozenset({"Small Text", "Text", "Long Text"})


def clean(doc: Document, fieldnames: tuple[str, ...]) -> None:
	for fieldname in fieldnames:
		value = doc.get(fieldname)
		if not value or not isinstance(value, str):
			continue
		fieldtype = doc.meta.get_field(fieldname).fieldtype
		if fieldtype in RICH:
			doc.set(fieldname, sanitize_html(value, always_sanitize=True))
		elif fieldtype in MULTI_LINE:
			doc.set(fieldname, plain_text(value))
		else:
			doc.set(fieldname, one_line(value))
