"""Sety: a safety-operations platform (dispatch, visitors, threat intelligence)."""

__version__ = "0.1.0"
