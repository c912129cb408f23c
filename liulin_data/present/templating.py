"""The Jinja2 templates of what readers see: the blocks (``present/templates/blocks/``) and, for the briefing
page, the templates a caller adds (``briefing/templates/page/``). One environment per set of folders, built once
per process; HTML is escaped by default (autoescape), so a text an analyst wrote never becomes markup.

Jinja2 comes with nbconvert (and JupyterLab); it is imported when the first block is rendered.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.statuses import STATUS_COLORS, STATUS_LABELS

_LOCK = threading.Lock()
# text colours for a badge: whichever contrasts more with the badge's colour
INK_DARK, INK_LIGHT = "#1a1a1a", "#ffffff"


def ink(colour: str) -> str:
    """The text colour (dark or white) that reads best on a background ``colour`` ('#rrggbb')."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        la, lb = luminance(a), luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    return INK_LIGHT if contrast(colour, INK_LIGHT) > contrast(colour, INK_DARK) else INK_DARK


def status_colour(status: Any) -> str:
    """A status's badge colour (grey for anything else)."""
    return STATUS_COLORS.get(str(status), "#dddddd")


def templates_dir() -> Path:
    """``liulin_data/present/templates`` (package data)."""
    return Path(str(resources.files("liulin_data.present") / "templates"))


@cache
def _environment(folders: tuple[str, ...]):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(templates_dir()), *folders]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        status_colour=status_colour,
        status_label=lambda status: STATUS_LABELS.get(str(status), str(status)),
        ink=ink,
    )
    return env


def environment(folders: Sequence[str | Path] = ()):
    """The Jinja2 environment over the blocks' templates and ``folders`` (later folders for a caller's own)."""
    with _LOCK:
        return _environment(tuple(str(f) for f in folders))


def render(name: str, folders: Sequence[str | Path] = (), **context: Any) -> str:
    """Render template ``name`` (a path under one of the folders) with ``context``."""
    return environment(folders).get_template(name).render(**context)


def markup(html: str) -> Any:
    """Text already escaped (HTML made here), to be put into a template as it is."""
    from markupsafe import Markup

    return Markup(html)


__all__ = ["environment", "ink", "markup", "render", "status_colour", "templates_dir"]
