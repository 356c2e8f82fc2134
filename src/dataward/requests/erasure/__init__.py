"""Erasure and rectification per system: statements, exemptions, tasks, retries, scan."""
