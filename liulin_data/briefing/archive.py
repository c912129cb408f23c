"""The archive of briefings: ``OUT/index.html`` rebuilt from every manifest, ``OUT/nav.css`` (which shows each
briefing's links to the archive and to its neighbouring months: a page forwarded alone shows none), and the
previous manifest of a briefing (for the "与上期相比的变化" section).

The archive is grouped by plan and titled for the plans it holds — one plan: 柳林县YYYY年目标任务简报归档; several
of one year: 柳林县、某某县YYYY年…; many: 目标任务简报归档. A month made again keeps its earlier page as a
superseded version (``OUT/YYYY-MM/NAME/superseded/<stamp>/``, listed in the manifest's ``superseded``): the card
marks the current version and links the earlier ones. Scorecards written under OUT (``liulin scorecard --out
OUT/…``: a folder with ``index.html`` and ``scorecard.csv``) are listed after the briefings.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.periods import human_time, parse_month
from ..files.atomic import atomic_write
from ..plan.folder import Plan, load_plan
from ..present.blocks import BLOCK_CSS, month_label, strip_html
from ..present.templating import markup, render
from ..present.webfont import font_face_css, page_chars
from .page import NAV_CSS, page_key
from .sections import templates_dir

# the archive's title names at most this many places; more: it names none
TITLE_PLACES = 3
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


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


def _manifests(out: Path) -> list[tuple[str, str, dict | None]]:
    """(month, name, manifest or None when unreadable) of every briefing, newest first."""
    found = []
    for path in out.glob("????-??/*/manifest.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        found.append((path.parent.parent.name, path.parent.name, manifest))
    return sorted(found, key=lambda f: (f[0], f[1]), reverse=True)


def archive_title(plans: Iterable[dict]) -> str:
    """The archive's title for the plans it holds ({region, year} each): all of them, or none."""
    plans = list(plans)
    regions = list(dict.fromkeys(str(p.get("region") or "") for p in plans if p.get("region")))
    years = sorted({int(p["year"]) for p in plans if p.get("year")})
    if not regions or len(regions) > TITLE_PLACES or len(years) > TITLE_PLACES:
        return "目标任务简报归档"
    return f"{'、'.join(regions)}{'、'.join(f'{y}年' for y in years)}目标任务简报归档".replace("年、", "、")


def _superseded(month: str, name: str, manifest: dict, timezone: str) -> list[dict]:
    out = []
    for old in manifest.get("superseded") or []:
        path = str(old.get("path") or "")
        if not path or path.startswith(("/", "..")) or "://" in path:
            continue
        made = old.get("generated_at")
        out.append(
            {
                "href": f"{month}/{name}/{path}",
                "made": human_time(made, timezone) if made else "较早",
                "reason": str(old.get("reason") or ""),
            }
        )
    return out


def _card(month: str, name: str, manifest: dict | None, timezone: str) -> dict:
    """One briefing: its month and kind, its title as a link, its status counts, when it was made, and its
    earlier versions."""
    card: dict[str, Any] = {"month": month_label(month), "href": f"{month}/{name}/index.html"}
    if manifest is None:
        return {**card, "title": "该期简报", "kind": "", "broken": True, "superseded": []}
    statuses = [s for s, n in (manifest.get("status_counts") or {}).items() for _ in range(int(n))]
    kind = manifest.get("kind") or manifest.get("title") or "简报"
    made = manifest.get("generated_at")
    return {
        **card,
        "title": manifest.get("title", kind),
        "kind": kind,
        "broken": False,
        "sample": bool(manifest.get("is_sample")),
        "missing": bool(manifest.get("month_missing")),
        "counts": markup(strip_html(statuses)),
        "made": human_time(made, timezone) if made else "—",
        "superseded": _superseded(month, name, manifest, timezone),
    }


def _groups(found: list[tuple[str, str, dict | None]], timezone: str) -> tuple[list[dict], list[dict]]:
    """The briefings grouped by plan (plans by name; a briefing whose record cannot be read last), newest
    first within each, and the plans."""
    groups: dict[str, dict] = {}
    plans: dict[str, dict] = {}
    for month, name, manifest in found:
        plan = (manifest or {}).get("plan") or {}
        key = str(plan.get("name") or plan.get("title") or "")
        if plan:
            plans.setdefault(key, plan)
        heading = (
            f"{plan.get('region')}{plan.get('year')}年" if plan.get("region") and plan.get("year") else ""
        )
        group = groups.setdefault(key, {"title": heading or plan.get("title") or "其他简报", "cards": []})
        group["cards"].append(_card(month, name, manifest, timezone))
    order = sorted(groups, key=lambda k: (k == "", k))
    return [groups[k] for k in order], [plans[k] for k in order if k in plans]


def _scorecards(out: Path) -> list[dict]:
    """Scorecard pages under OUT (a folder with index.html and scorecard.csv), titled by their page."""
    found = []
    for csv in sorted({*out.glob("*/scorecard.csv"), *out.glob("*/*/scorecard.csv")}):
        page = csv.parent / "index.html"
        if not page.is_file():
            continue
        try:
            head = page.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        title = _TITLE_RE.search(head)
        words = html.unescape(title.group(1)).strip() if title else csv.parent.name
        found.append({"href": f"{csv.parent.relative_to(out).as_posix()}/index.html", "title": words})
    return found


def nav_css(found: list[tuple[str, str, dict | None]]) -> str:
    """``OUT/nav.css``: inside the archive, each page's links to the archive and the per-section pages, and to
    the nearest earlier and later briefing of the same name that exist."""
    rules = [".liulin-nav a.liulin-archive-link{display:inline-flex}", ".liulin-local{display:block}"]
    by_name: dict[str, list[str]] = {}
    for month, name, _ in found:
        by_name.setdefault(name, []).append(month)
    for name, months in sorted(by_name.items()):
        months = sorted(set(months))
        for i, month in enumerate(months):
            here = f'.liulin-nav[data-page="{page_key(month, name)}"]'
            for other in (months[i - 1] if i else None, months[i + 1] if i + 1 < len(months) else None):
                if other is not None and parse_month(other).year == parse_month(month).year:
                    rules.append(f'{here} a[data-target="{page_key(other, name)}"]{{display:inline-flex}}')
    return "\n".join(rules) + "\n"


def build_index(out_dir: str | Path, plan: Plan | str | None = None) -> Path:
    """Rebuild ``OUT/index.html`` and ``OUT/nav.css`` from every ``OUT/YYYY-MM/NAME/manifest.json``.

    ``plan``: the plan whose time zone the times are shown in and that titles an empty archive (default: the
    default plan).
    """
    out = Path(out_dir)
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    found = _manifests(out)
    groups, plans = _groups(found, plan.timezone)
    title = archive_title(plans) if plans else plan.briefing_title("简报归档")
    context = {
        "title": title,
        "css": markup((templates_dir() / "archive" / "archive.css").read_text(encoding="utf-8")),
        "block_css": markup(BLOCK_CSS),
        "groups": groups,
        "scorecards": _scorecards(out),
    }
    page = render("archive/archive.html.j2", [templates_dir()], font_css="", **context)
    font = font_face_css(page_chars(page))
    page = render("archive/archive.html.j2", [templates_dir()], font_css=markup(font), **context)
    atomic_write(out / NAV_CSS, nav_css(found))
    target = out / "index.html"
    atomic_write(target, page)
    return target


__all__ = ["archive_title", "build_index", "manifest_path", "nav_css", "previous_manifest"]
