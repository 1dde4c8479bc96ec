"""PDFs of our print formats (work report, RMA documents) for e-mail, export and tests.

Frappe's print view links the desk's print stylesheet by URL (/assets/...), which wkhtmltopdf fetches
from the site's web server; with none answering (a background job, a test, a bench without nginx) the
PDF fails with a network error. Our print formats carry their own styles, so the link is dropped and
the PDF needs no server."""

from __future__ import annotations

import re

import frappe
from frappe.utils.pdf import get_pdf

LINK = re.compile(r"""<link[^>]*rel=["']stylesheet["'][^>]*>""", re.IGNORECASE)


def pdf_from_print_html(html: str) -> bytes:
	# the print view's own toolbar ("Print", "Get PDF") is hidden by that stylesheet; hide it here
	return get_pdf(
		LINK.sub("<style>.print-hide, .action-banner { display: none !important; }</style>", html, count=1)
	)


def render_pdf(doctype: str, name: str, print_format: str) -> bytes:
	return pdf_from_print_html(frappe.get_print(doctype, name, print_format=print_format))
