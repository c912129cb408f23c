"""Actuals and milestone logs as analysts receive them: reading, layouts, validation, cross-checks."""
