"""Reads of the designation register. What a viewer may see of it is decided in one place,
riskassess.confidentiality (docs/confidentiality.md); the EU figures come from
riskassess.dashboard.selectors."""
