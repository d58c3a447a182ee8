"""Bundled starter contracts (package data: one YAML file per contract id)."""
