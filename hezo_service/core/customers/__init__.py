"""Pure rules about ERPNext Customers as the service desk reads them (no Frappe): which tax ids it
accepts and which of several customers sharing a NIP a sale means."""
