"""axe-core in a page: the WCAG 2.1 A and AA rules, serious and critical violations only.

axe-core is the engine JupyterLab's own accessibility tests use; the PyPI package axe-playwright-python
bundles it (axe.min.js), so nothing is fetched when the tests run. violations() injects it into a page
and returns one row per rule that fails; table() prints the rows of several pages for a test's report.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # axe's tags for the WCAG 2.1 A and AA rules
SERIOUS = ("serious", "critical")


@cache
def axe_script() -> str:
    """The source of axe.min.js, as installed with axe-playwright-python."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_version(page) -> str:
    """The version of axe-core injected into page (injecting it first if needed)."""
    inject(page)
    return page.evaluate("() => axe.version")


def inject(page) -> None:
    """Load axe-core into page once."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())


def violations(page, include: list[str] | None = None, exclude: list[str] | None = None) -> list[dict]:
    """Run axe's WCAG 2.1 A/AA rules on page (only inside the CSS selectors of include, minus exclude) and
    return each serious or critical failing rule: {rule, impact, help, count, examples}."""
    inject(page)
    context = {"include": [[s] for s in include] if include else [["html"]]}
    if exclude:
        context["exclude"] = [[s] for s in exclude]
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    rows = []
    for v in result["violations"]:
        if v.get("impact") in SERIOUS:
            examples = [
                " ".join(map(str, n["target"])) + ": " + n.get("failureSummary", "").split("\n")[-1].strip()
                for n in v["nodes"][:3]
            ]
            rows.append(
                {
                    "rule": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "count": len(v["nodes"]),
                    "examples": examples,
                }
            )
    return rows


def table(results: dict[str, list[dict]]) -> str:
    """One line per page (rule: failing elements), then the first examples of each failing rule."""
    lines = [f"{'page':<52} serious/critical failing elements"]
    for name, rows in results.items():
        summary = ", ".join(f"{r['rule']} {r['count']}" for r in rows) or "none"
        lines.append(f"{name:<52} {summary}")
    for name, rows in results.items():
        for r in rows:
            lines.append(f"  {name}: {r['rule']} ({r['impact']}): {r['help']}")
            lines.extend(f"      {e}" for e in r["examples"])
    return "\n".join(lines)
