"""Print the import structure of riskassess as a mermaid graph: one node per app (core, the domain
apps, the bench and demo wings), an arrow for every app that imports another. docs/architecture.md
shows its output; run `python scripts/import_graph.py` to redraw it after a change."""

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "accounts",
    "audit",
    "suppliers",
    "questionnaires",
    "scoring",
    "reports",
    "dashboard",
    "api",
    "bench",
    "demo",
]


def app_edges() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("riskassess")
    edges = set()
    for importer in APPS:
        for imported in APPS:
            if importer != imported and graph.direct_import_exists(
                importer=f"riskassess.{importer}", imported=f"riskassess.{imported}", as_packages=True
            ):
                edges.add((importer, imported))
    return sorted(edges, key=lambda e: (APPS.index(e[0]), APPS.index(e[1])))


def main() -> None:
    print("```mermaid")
    print("graph TD")
    for importer, imported in app_edges():
        print(f"    {importer} --> {imported}")
    print("```")


if __name__ == "__main__":
    main()
