"""The RMA's documents as PDF: HEZO Delivery Note and HEZO Return Instructions (both bilingual,
Polish and English, in one document).
Rendered by services/common/pdf.py (without the site's print stylesheet: our formats carry their own CSS)."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.common.pdf import pdf_from_print_html

FORMATS = ("HEZO Delivery Note", "HEZO Return Instructions")


class UnknownFormatError(frappe.ValidationError):
	http_status_code = 400


def render_html(rma: str, print_format: str) -> str:
	if print_format not in FORMATS:
		frappe.throw(_("Unknown RMA document {0}.").format(print_format), UnknownFormatError)
	frappe.has_permission("HEZO RMA", "print", rma, throw=True)
	return frappe.get_print("HEZO RMA", rma, print_format, no_letterhead=1)


def render_pdf(rma: str, print_format: str) -> bytes:
	return pdf_from_print_html(render_html(rma, print_format))
