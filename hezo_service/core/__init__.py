"""The pure core: no Frappe, no database. Rules as values in, values out."""
