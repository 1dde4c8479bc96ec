// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.query_reports["HEZO Customer Tax IDs"] = {
	filters: [
		{
			fieldname: "problem",
			label: __("Finding"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "shared", label: __("NIP shared with another end customer") },
				{ value: "invalid", label: __("Tax ID not valid (NIP or EU VAT number)") },
				{ value: "no_nip", label: __("HEZO contracts but no valid NIP") },
			],
		},
	],
};
