// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.query_reports["HEZO RMA Report"] = {
	filters: [
		{ fieldname: "from_date", label: __("Opened from"), fieldtype: "Date" },
		{ fieldname: "customer", label: __("End customer"), fieldtype: "Link", options: "Customer" },
		{ fieldname: "plan", label: __("Service plan"), fieldtype: "Link", options: "HEZO Service Plan" },
	],
};
