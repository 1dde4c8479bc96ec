"""The pure RMA rules (no frappe import, no database): return reminders and charges, spare-stock
levels, the RMA status flow and the turnaround / return-compliance figures of the RMA report."""
