"""axe-core for accessibility tests, installed from the npm registry into
.tools/axe-core by `make test` (see the Makefile's `axe` target)."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / ".tools" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page, tags: list[str] | None = RULES) -> list[str]:
    """Run axe-core on a Playwright page (the given rule tags, or every
    rule when tags is None); one line per violation and node."""
    assert AXE.is_file(), f"axe-core is missing ({AXE}): run `make test`, which installs it"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if tags is not None:
        options["runOnly"] = {"type": "tag", "values": tags}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]
