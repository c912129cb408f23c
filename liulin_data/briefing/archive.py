"""The archive of briefings: ``OUT/index.html`` rebuilt from every manifest, and the previous manifest of a
briefing (for the "与上期相比的变化" section)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..plan import Plan, load_plan
from .files import atomic_write


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


def _direction(old: str | None, new: str | None) -> str:
    """'worse' (more severe now), 'better', or 'other' (an item new to or gone from the briefing)."""
    from ..statuses import STATUS_RANK

    if old is None or new is None:
        return "other"
    before, after = STATUS_RANK.get(old, len(STATUS_RANK)), STATUS_RANK.get(new, len(STATUS_RANK))
    return "worse" if after < before else "better" if after > before else "other"


def order_changes(changes: list[dict]) -> list[dict]:
    """Worsened first (the most severe new status first, then the biggest drop), then improved, then the rest."""
    from ..statuses import STATUS_RANK

    worst = len(STATUS_RANK)

    def key(c: dict) -> tuple:
        kind = c.get("change") or _direction(c.get("from"), c.get("to"))
        to_rank = STATUS_RANK.get(c.get("to"), worst)
        drop = STATUS_RANK.get(c.get("from"), worst) - to_rank
        return ({"worse": 0, "better": 1}.get(kind, 2), to_rank, -drop)

    return sorted(changes, key=key)


def status_changes(prev: dict | None, indicators: list[dict]) -> list[dict]:
    """Each indicator whose status differs from the previous briefing's, worsened first.

    Returns dicts ``indicator_id, indicator, from, to, change`` (``change``: 'worse', 'better' or 'other' — new
    to or gone from the briefing), ordered by :func:`order_changes`.
    """
    if prev is None:
        return []
    before = {r["indicator_id"]: r for r in prev.get("indicators", [])}
    out = []
    for rec in indicators:
        old = before.pop(rec["indicator_id"], None)
        old_status = old.get("status") if old else None
        if old_status != rec.get("status"):
            out.append(
                {
                    "indicator_id": rec["indicator_id"],
                    "indicator": rec.get("indicator"),
                    "from": old_status,
                    "to": rec.get("status"),
                    "change": _direction(old_status, rec.get("status")),
                }
            )
    for iid, old in before.items():
        out.append(
            {
                "indicator_id": iid,
                "indicator": old.get("indicator"),
                "from": old.get("status"),
                "to": None,
                "change": "other",
            }
        )
    return order_changes(out)


def _status_summary(manifest: dict) -> str:
    """The counts as coloured badges, merged by Chinese label, most severe first ('滞后 6', '有风险 10' …)."""
    from ..present.blocks import strip_html

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
    from ..present.blocks import BLOCK_CSS
    from ..present.webfont import embed_font

    page = ARCHIVE_PAGE.format(title=title, body=body, blocks=BLOCK_CSS)
    target = out / "index.html"
    atomic_write(target, embed_font(page))
    return target


def _card(path: Path, plan: Plan) -> str:
    """One briefing in the archive: its month and kind, its title as a link, its status counts, when it was made."""
    from ..present.blocks import month_label
    from .page import human_time

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
