"""File handling: the one YAML reader, atomic writes and the output lock, files written for Excel/WPS.
Imports only :mod:`liulin_data.core`."""

__all__: list[str] = []
