"""axe-core for accessibility tests, installed from the npm registry into
.tools/axe-core by `make test` (see the Makefile's `axe` target)."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / ".tools" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """Run axe-core on a Playwright page; one line per violation and node."""
    assert AXE.is_file(), f"axe-core is missing ({AXE}): run `make test`, which installs it"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]
