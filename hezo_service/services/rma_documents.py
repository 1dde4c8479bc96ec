"""The RMA's documents as PDF: HEZO Delivery Note and HEZO Return Instructions (both bilingual,
Polish and English, in one document).

Frappe's print HTML links the site's print stylesheet by absolute URL, which wkhtmltopdf fetches over
HTTP; where the site's own URL is unreachable from the server (tests, workers behind a proxy) the PDF
fails with a network error. Our formats carry their own CSS, so the link is dropped first."""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils.pdf import get_pdf

FORMATS = ("HEZO Delivery Note", "HEZO Return Instructions")
HIDE_PRINT_ACTIONS = "<style>.print-hide { display: none !important; }</style>"
STYLESHEET_LINK = re.compile(r"<link[^>]*rel=[\"']stylesheet[\"'][^>]*>", re.IGNORECASE)


class UnknownFormatError(frappe.ValidationError):
	http_status_code = 400


def render_html(rma: str, print_format: str) -> str:
	if print_format not in FORMATS:
		frappe.throw(_("Unknown RMA document {0}.").format(print_format), UnknownFormatError)
	frappe.has_permission("HEZO RMA", "print", rma, throw=True)
	return frappe.get_print("HEZO RMA", rma, print_format, no_letterhead=1)


def render_pdf(rma: str, print_format: str) -> bytes:
	# the stylesheet's one rule the page needs: hide the print view's action banner
	return get_pdf(STYLESHEET_LINK.sub(HIDE_PRINT_ACTIONS, render_html(rma, print_format), count=1))
