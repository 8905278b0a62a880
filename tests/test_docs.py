"""The documentation a newcomer reads: a short README whose links into docs/ all lead somewhere,
docs whose links between them resolve (anchors included), and no file of the repository pointing
at notes outside it."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)?(#[^)\s]+)?\)")


def anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    headings = re.findall(r"(?m)^#+ (.*)$", path.read_text(encoding="utf-8"))
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_the_readme_is_short_enough_to_read_first():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, len(lines)
    text = "\n".join(lines)
    assert "make run" in text and "make test" in text and "docs/architecture.md" in text


def test_the_readme_links_every_document_in_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {target for target, _ in LINK.findall(readme)}
    assert {f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md")} <= linked


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_every_link_leads_somewhere(path):
    broken = []
    for target, anchor in LINK.findall(path.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        linked = (path.parent / target) if target else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor[1:] not in anchors(linked):
            broken.append(f"{target}{anchor}")
    assert not broken, broken


def test_no_file_refers_to_design_notes_outside_the_repository():
    """The architecture notes are docs/architecture.md; a note kept elsewhere is not the project's."""
    found = subprocess.run(["git", "grep", "-l", "DESIGN" + ".md"], cwd=ROOT, capture_output=True, text=True)
    if found.returncode not in (0, 1):
        pytest.skip(f"not a git checkout: {found.stderr.strip()}")
    assert found.stdout.split() == []
