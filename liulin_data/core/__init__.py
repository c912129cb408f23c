"""Core vocabulary, the lowest layer: exceptions and problems, months and periods, statuses, units, names,
numbers for people and terminal tables. Imports nothing else of the package."""

__all__: list[str] = []
