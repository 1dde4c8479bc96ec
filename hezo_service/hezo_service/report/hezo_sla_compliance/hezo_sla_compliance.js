// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.query_reports["HEZO SLA Compliance"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -5),
		},
		{
			fieldname: "to_date",
			label: __("To date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "plan",
			label: __("Service plan"),
			fieldtype: "Link",
			options: "HEZO Service Plan",
		},
		{
			fieldname: "priority",
			label: __("Priority"),
			fieldtype: "Data",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data || !column.fieldname) return value;
		if (column.fieldname.endsWith("_compliance") && data[column.fieldname] != null) {
			const share = data[column.fieldname];
			const colour = share >= 95 ? "green" : share >= 80 ? "orange" : "red";
			return `<span class="indicator-pill no-indicator-dot ${colour}">${value}</span>`;
		}
		if (
			(column.fieldname.endsWith("_breached") || column.fieldname === "open_breached") &&
			data[column.fieldname] > 0
		) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
