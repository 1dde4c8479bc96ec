// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

// statuses, SLA states, their colours and the clock columns come from the core (services/tickets/desk_boot.py)
const HEZO_TICKET = frappe.boot.hezo_ticket || { status_colours: {}, sla_colours: {}, columns: [] };
const HEZO_SLA_COLOURS = HEZO_TICKET.sla_colours;
const HEZO_STATUS_COLOURS = HEZO_TICKET.status_colours;

frappe.listview_settings["HEZO Ticket"] = {
	add_fields: HEZO_TICKET.columns,
	hide_name_column: false,

	get_indicator(doc) {
		const colour = HEZO_SLA_COLOURS[doc.sla_state];
		if (colour) {
			return [__(doc.sla_state, null, "HEZO Ticket"), colour, `sla_state,=,${doc.sla_state}`];
		}
		if (doc.status) {
			return [
				__(doc.status, null, "HEZO Ticket"),
				HEZO_STATUS_COLOURS[doc.status] || "gray",
				`status,=,${doc.status}`,
			];
		}
	},

	formatters: {
		sla_state(value) {
			const colour = HEZO_SLA_COLOURS[value];
			const label = value ? __(value, null, "HEZO Ticket") : "";
			if (!colour) return label;
			return `<span class="indicator-pill ${colour} ellipsis">${label}</span>`;
		},
	},
};
