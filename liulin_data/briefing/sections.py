"""One executed notebook → one section of a briefing page: its cells as HTML (nbconvert through the offline
template ``templates/briefing``), its headings with ids unique on the page, and its title.

The exporter renders the cells only — no page around them (that is ``templates/page/page.html.j2``) — with the
inputs and prompts left out, the analysts' cells (tagged ``lab-only``: the indicator explorer) and the cells
that repeat the first screen (tagged ``first-screen``: the overview's 需要关注 list) removed, and the
blocks' stylesheet taken out of each output (the page carries it once). Each markdown heading gets its id from
the section's own prefix (``10_energy--原煤产量``) when it is rendered, and is recorded for the contents: nothing
is cut from or patched into exported HTML. One exporter is built per process (compiling the template costs about
a second).
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..present.blocks import BLOCK_CSS

# the nbconvert template (package data: liulin_data/briefing/templates/briefing/)
TEMPLATE_NAME = "briefing"
# cells with this tag are for analysts in JupyterLab (the explorer): never part of a briefing
LAB_ONLY_TAG = "lab-only"
# cells with this tag show what a page's first screen already shows (the 需要关注 list): left out of the section,
# and the section's own page opens with the whole first screen instead
FIRST_SCREEN_TAG = "first-screen"
_EXPORTER_LOCK = threading.Lock()
_EXPORTER: Any = None  # one exporter per process
_WARM = False
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Section:
    """One notebook on the page: its stem, title (its first h1), cells as HTML and headings (level, id, text)."""

    stem: str
    body: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    shows_first_screen: bool = (
        False  # it had cells tagged first-screen: its page opens with the 需要关注 list
    )

    @property
    def title(self) -> str:
        return next((text for level, _, text in self.headings if level == 1), "分册")


def templates_dir() -> Path:
    """``liulin_data/briefing/templates`` (package data)."""
    return Path(str(resources.files("liulin_data.briefing") / "templates"))


def _without_block_css(nb: Any, resources_: dict) -> tuple[Any, dict]:
    """A preprocessor: the blocks' stylesheet out of every HTML output (the page carries it once)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = text.replace(BLOCK_CSS, "")
    return nb, resources_


def _exporter_class():
    """The HTML exporter whose markdown headings carry the section's id prefix and are recorded."""
    from jinja2 import pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class HeadingRenderer(IPythonRenderer):
        def __init__(self, prefix: str, headings: list, **kw: Any) -> None:
            super().__init__(**kw)
            self.prefix, self.headings = prefix, headings

        def heading(self, text: str, level: int, **attrs: Any) -> str:
            words = html.unescape(_TAG_RE.sub("", text)).strip()
            slug = re.sub(r"\s+", "-", words)
            base = f"{self.prefix}--{slug}" if self.prefix else slug
            taken = {hid for _, hid, _ in self.headings}
            hid, n = base, 1
            while hid in taken:
                n += 1
                hid = f"{base}-{n}"
            self.headings.append((level, hid, words))
            return f'<h{level} id="{html.escape(hid, quote=True)}">{text}</h{level}>\n'

    class SectionExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context, source):
            res = context.get("resources", {})
            cell = context.get("cell", {})
            renderer = HeadingRenderer(
                res.get("liulin_section", ""),
                res.setdefault("liulin_headings", []),
                escape=False,
                attachments=cell.get("attachments", {}),
                embed_images=self.embed_images,
                exclude_anchor_links=True,
            )
            return MarkdownWithMath(renderer=renderer).render(source)

    return SectionExporter


def _exporter():
    """The process-wide exporter with the offline section template (built once)."""
    global _EXPORTER
    if _EXPORTER is None:
        from traitlets.config import Config

        config = Config()
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_cell_tags = {LAB_ONLY_TAG, FIRST_SCREEN_TAG}
        _EXPORTER = _exporter_class()(
            config=config,
            extra_template_basedirs=[str(templates_dir())],
            template_name=TEMPLATE_NAME,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            language_code="zh",
        )
        _EXPORTER.register_preprocessor(_without_block_css, enabled=True)
    return _EXPORTER


def export_section(nb: Any, stem: str) -> Section:
    """One executed notebook as a section of the page (its cells' HTML, its headings with ids ``stem--…``)."""
    first = any(FIRST_SCREEN_TAG in cell.get("metadata", {}).get("tags", []) for cell in nb.cells)
    with _EXPORTER_LOCK:
        body, res = _exporter().from_notebook_node(nb, resources={"liulin_section": stem})
    return Section(stem, body, list(res.get("liulin_headings", [])), shows_first_screen=first)


def warm_exporter() -> None:
    """Build the exporter and compile its template once per process (~1 s) on an empty notebook."""
    import nbformat

    global _WARM
    if not _WARM:
        export_section(nbformat.v4.new_notebook(), "warm-up")
        _WARM = True


__all__ = ["FIRST_SCREEN_TAG", "LAB_ONLY_TAG", "Section", "export_section", "templates_dir", "warm_exporter"]
