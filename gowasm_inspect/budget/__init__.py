"""Size budgets: the YAML budget file, and reports checked against it."""
