"""seamguard: data contracts and recovery for commerce integrations."""

__version__ = "0.1.0"
