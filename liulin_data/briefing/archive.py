"""The archive of briefings: ``OUT/index.html`` rebuilt from every manifest, and the previous manifest of a
briefing (for the "与上期相比的变化" section)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..core.periods import human_time
from ..files.atomic import atomic_write
from ..plan.folder import Plan, load_plan
from ..present.blocks import BLOCK_CSS, month_label, strip_html
from ..present.webfont import embed_font


def manifest_path(out: Path, as_of: str, name: str) -> Path:
    return out / as_of / name / "manifest.json"


def previous_manifest(out: Path, name: str, as_of: str) -> tuple[str, dict] | None:
    """The manifest of the latest earlier period of the same briefing, if any."""
    earlier = sorted(
        (p.parent.parent.name, p)
        for p in out.glob(f"????-??/{name}/manifest.json")
        if p.parent.parent.name < as_of
    )
    for period, path in reversed(earlier):
        try:
            return period, json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def _status_summary(manifest: dict) -> str:
    """The counts as coloured badges, merged by Chinese label, most severe first ('滞后 6', '有风险 10' …)."""

    statuses = [s for s, n in manifest.get("status_counts", {}).items() for _ in range(int(n))]
    return strip_html(statuses)


def build_index(out_dir: str | Path, plan: Plan | str | None = None) -> Path:
    """Rebuild ``OUT/index.html`` from every ``OUT/YYYY-MM/NAME/manifest.json``: one card per briefing.

    The page's title names the plan's place and year (default: the default plan).
    """
    out = Path(out_dir)
    plan = load_plan(plan)
    title = html.escape(plan.briefing_title("简报归档"))
    cards = []
    for path in sorted(
        out.glob("????-??/*/manifest.json"), key=lambda p: (p.parent.parent.name, p.parent.name), reverse=True
    ):
        cards.append(_card(path, plan))
    body = "".join(cards) or "<p>还没有任何简报。</p>"

    page = ARCHIVE_PAGE.format(title=title, body=body, blocks=BLOCK_CSS)
    target = out / "index.html"
    atomic_write(target, embed_font(page))
    return target


def _card(path: Path, plan: Plan) -> str:
    """One briefing in the archive: its month and kind, its title as a link, its status counts, when it was made."""

    esc = html.escape
    period, name = path.parent.parent.name, path.parent.name
    link = f"{period}/{name}/index.html"
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return (
            f"<div class='card'><div class='period'>{esc(month_label(period))}</div>"
            f"<a href='{esc(link)}'>该期简报</a><p class='meta'>该期简报的记录无法读取，请重新生成。</p></div>"
        )
    flags = []
    if m.get("is_sample"):
        flags.append("<span class='flag sample'>示例数据</span>")
    if m.get("month_missing"):
        flags.append("<span class='flag missing'>本月数据缺失</span>")
    kind = m.get("kind") or m.get("title") or "简报"
    made = human_time(m.get("generated_at", ""), plan.timezone) if m.get("generated_at") else "—"
    return (
        f"<div class='card'><div class='period'>{esc(month_label(period))} · {esc(kind)} {''.join(flags)}</div>"
        f"<a href='{esc(link)}'>{esc(m.get('title', kind))}</a>"
        f"<div class='liulin-block counts'>{_status_summary(m)}</div>"
        f"<p class='meta'>生成时间 {esc(made)}</p></div>"
    )


# the archive page; {blocks} is the status badges' stylesheet
ARCHIVE_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>
body {{ max-width: 760px; margin: 0 auto; padding: 12px; line-height: 1.6;
  font-family: "Liulin Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }}
h1 {{ color: #8b1a1a; font-size: 1.4em; }}
.card {{ border: 1px solid #ddd; border-radius: 8px; padding: 10px 12px; margin: 10px 0; }}
.card a {{ font-size: 1.1em; font-weight: bold; color: #1f4e79; }}
.period {{ color: #555; font-size: 0.92em; }}
.counts {{ margin: 6px 0 0; }}
.meta {{ margin: 2px 0 0; color: #777; font-size: 0.85em; }}
.flag {{ border-radius: 4px; padding: 0 6px; margin-left: 6px; font-size: 0.85em; }}
.sample {{ background: #fff4d6; color: #6b4e00; }}
.missing {{ background: #fde2e1; color: #8a1f1b; }}
</style>{blocks}</head>
<body><h1>{title}</h1>
{body}
</body></html>
"""
