"""Build speed: synthetic courses of N modules, timed as a user runs them.

For each N it prints the clean full build, a no-op rebuild, the first
rebuild after editing one module, the median of the next ones, and the time Python-Markdown alone takes to convert the
same Markdown once (the floor for any Python-Markdown generator). It
asserts nothing.

    .venv/bin/python bench/build.py                 # N = 50 and 200
    .venv/bin/python bench/build.py --sizes 50 200 1000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown

WORDS = ("donnée publique ouverte licence format métadonnée collectivité réutilisation jeu de données "
         "schéma portail moissonnage qualité anonymisation inventaire service agent élu usager "
         "catalogue publication mise à jour producteur réutilisateur territoire").split()


def paragraph(rng: random.Random, words: int = 60) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def module_text(index: int, rng: random.Random, target: int = 20_000) -> str:
    """About `target` bytes of French Markdown with slides, steps, notes,
    tables, code, handout blocks and a quiz."""
    parts = [f"---\ntitle: Module synthétique {index}\nduration: 45min\nobjectives:\n  - Citer trois notions\n"
             f"tags: [banc, lot-{index % 7}]\n---\n\n# Module synthétique {index}\n\n{paragraph(rng, 25)}\n"]
    slide = 0
    while sum(map(len, parts)) < target:
        slide += 1
        parts.append(
            f"\n---\n\n## Diapositive {slide}\n\n- {paragraph(rng, 8)}\n- {paragraph(rng, 8)}\n\n--\n\n"
            f"- {paragraph(rng, 10)}\n\n| colonne | valeur | unité |\n|---|---|---|\n"
            + "".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 9999)} | t |\n" for _ in range(4))
            + f"\n```python\nfor ligne in lignes:\n    total += ligne[{slide}]\n```\n\n???\n{paragraph(rng, 30)}\n\n---\n\n"
            f"::: handout\n{paragraph(rng)}\n\n{paragraph(rng)}\n:::\n\n"
            "::: quiz\nQuelle est la bonne réponse ?\n\n- [ ] une\n- [x] deux\n\n> Parce que.\n:::\n"
        )
    return "".join(parts)


def make_course(root: Path, count: int) -> None:
    rng = random.Random(count)
    content = root / "content"
    (content / "modules").mkdir(parents=True)
    (content / "parcours").mkdir()
    (content / "course.yml").write_text("title: Banc d'essai\n", encoding="utf-8")
    for index in range(count):
        (content / "modules" / f"module-{index:04d}.md").write_text(module_text(index, rng), encoding="utf-8")
    items = "".join(f"      - module-{index:04d}\n" for index in range(min(count, 8)))
    (content / "parcours" / "essai.yml").write_text(
        f"title: Essai\ndays:\n  - title: Jour 1\n    start: \"09:00\"\n    items:\n{items}", encoding="utf-8")


def timed_build(root: Path, *options: str) -> float:
    # As on a user's machine, Python keeps the bytecode of what it compiles.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "opendata_course", "build", "--root", str(root), *options],
                   check=True, capture_output=True, env=environment)
    return time.perf_counter() - start


def markdown_floor(root: Path) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "content" / "modules").glob("*.md"))]
    md = markdown.Markdown(extensions=["fenced_code", "tables"])
    start = time.perf_counter()
    for text in texts:
        md.reset()
        md.convert(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--runs", type=int, default=3, help="runs of each rebuild measure (median printed)")
    args = parser.parse_args()
    print(f"{'N':>5} {'MiB':>6} {'full':>8} {'ms/mod':>7} {'no-op':>8} {'1st edit':>9} {'1 edit':>8} {'markdown':>9} {'full/md':>8}")
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            make_course(root, count)
            size = sum(p.stat().st_size for p in (root / "content").rglob("*.md")) / 2**20
            # Clean builds (no cache, no previous site), the first one included.
            full = statistics.median([timed_build(root), *(timed_build(root, "--clean") for _ in range(args.runs - 1))])
            noop = statistics.median(timed_build(root) for _ in range(args.runs))
            # The first edit after a clean build also makes the spare folder the next ones recycle (write.py).
            edited = []
            target = root / "content" / "modules" / "module-0003.md"
            for run in range(2 * args.runs + 1):
                target.write_text(target.read_text(encoding="utf-8") + f"\nModification {run}.\n", encoding="utf-8")
                edited.append(timed_build(root))
            floor = markdown_floor(root)
            print(f"{count:>5} {size:>6.1f} {full:>7.2f}s {full / count * 1000:>6.1f} {noop:>7.2f}s {edited[0]:>8.2f}s "
                  f"{statistics.median(edited[1:]):>7.2f}s {floor:>8.2f}s {full / floor:>7.2f}x", flush=True)


if __name__ == "__main__":
    main()
