"""The package version (one place; ``liulin_data.__version__`` reads it)."""

__version__ = "0.1.0"
