"""Scheduled briefings: the typed parameter spec and the papermill + nbconvert renderer."""
