"""Renderers: each turns report models into one output format, and knows nothing else."""
