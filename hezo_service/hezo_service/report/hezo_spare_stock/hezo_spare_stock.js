// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.query_reports["HEZO Spare Stock"] = {
	filters: [{ fieldname: "only_low", label: __("Only low stock"), fieldtype: "Check" }],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.low && column.fieldname === "available") {
			value = `<span style="color: var(--red-500); font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
