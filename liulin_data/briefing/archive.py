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


def status_changes(prev: dict | None, indicators: list[dict]) -> list[dict]:
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
                }
            )
    for iid, old in before.items():
        out.append(
            {"indicator_id": iid, "indicator": old.get("indicator"), "from": old.get("status"), "to": None}
        )
    return out


def _status_summary(manifest: dict) -> str:
    """ "滞后 6 · 有风险 10 · … · 已完成 14": counts merged by Chinese label, most severe first."""
    from ..statuses import STATUS_RANK

    labels = manifest.get("status_labels", {})
    merged: dict[str, int] = {}
    for status, n in sorted(
        manifest.get("status_counts", {}).items(), key=lambda kv: STATUS_RANK.get(kv[0], 99)
    ):
        label = labels.get(status, status)
        merged[label] = merged.get(label, 0) + int(n)
    return " · ".join(f"{html.escape(label)} {n}" for label, n in merged.items())


def build_index(out_dir: str | Path, plan: Plan | str | None = None) -> Path:
    """Rebuild ``OUT/index.html`` from every ``OUT/YYYY-MM/NAME/manifest.json``: one card per briefing.

    The page's title names the plan's place and year (default: the default plan).
    """
    out = Path(out_dir)
    title = html.escape(load_plan(plan).briefing_title("简报归档"))
    esc = html.escape
    cards = []
    for path in sorted(
        out.glob("????-??/*/manifest.json"), key=lambda p: (p.parent.parent.name, p.parent.name), reverse=True
    ):
        period, name = path.parent.parent.name, path.parent.name
        link = f"{period}/{name}/index.html"
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            cards.append(
                f"<div class='card'><b>{esc(period)} {esc(name)}</b><p>manifest.json 无法读取：{esc(str(exc))}</p></div>"
            )
            continue
        flags = []
        if m.get("is_sample"):
            flags.append("<span class='flag sample'>示例数据</span>")
        if m.get("month_missing"):
            flags.append("<span class='flag missing'>本月数据缺失</span>")
        cards.append(
            f"<div class='card'><div class='period'>{esc(period)} · {esc(name)} {''.join(flags)}</div>"
            f"<a href='{esc(link)}'>{esc(m.get('title', name))}</a>"
            f"<p class='counts'>{_status_summary(m)}</p>"
            f"<p class='meta'>生成时间 {esc(m.get('generated_at', ''))}</p></div>"
        )
    body = "".join(cards) or "<p>还没有任何简报。</p>"
    page = f"""<!DOCTYPE html>
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
</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""
    from ..present.webfont import embed_font

    target = out / "index.html"
    atomic_write(target, embed_font(page))
    return target
