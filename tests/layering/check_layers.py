#!/usr/bin/env python3
"""Every #include in src/ and include/spur/ against the layer graph.

The graph is the one src/CMakeLists.txt links the libraries by (spur_layer()
writes it to <build>/spur-layers.txt): a file of layer L may include its own
layer's headers and those of the layers L uses, directly or through another.
A quoted include must stay inside the including file's layer folder (another
layer's src/ is private). Exit status 1 lists every violation.

  check_layers.py --root SRC_ROOT --graph BUILD/spur-layers.txt
  check_layers.py ... --probe src/http/x.cpp '#include "spur/core/request.hpp"'
      checks that adding that line to that file would be refused (exit 0 when
      it is, 1 when it would pass): the check's own test.
"""
import argparse
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

# Headers at include/spur/ itself, and folders that are not a library: the
# layer they belong to for this check.
ROOT_HEADERS = {
    "route.hpp": "route_api",  # the App Router umbrella
    "api.hpp": "pages",
    "db.hpp": "db",
    "middleware.hpp": "app",
    "config.hpp": "app",
    "wrap.hpp": "core",
    "fwd.hpp": "core",
}
FOLDER_LAYERS = {"detail": "glue"}  # include/spur/detail: generated-code support
PROGRAMS = {"app_main": "app_main", "dev_host": "dev_host"}  # src/programs/<x>


def read_graph(path):
    graph = {}
    for line in pathlib.Path(path).read_text().splitlines():
        if ":" not in line:
            continue
        name, uses = line.split(":", 1)
        graph[name.strip()] = set(uses.split())
    return graph


def closure(graph, layer):
    seen, todo = set(), [layer]
    while todo:
        for used in graph.get(todo.pop(), ()):
            if used not in seen:
                seen.add(used)
                todo.append(used)
    return seen


def layer_of(rel):
    """The layer of a path relative to the project root, or None."""
    parts = rel.parts
    if parts[:2] == ("include", "spur"):
        if len(parts) == 3:
            return ROOT_HEADERS.get(parts[2])
        return FOLDER_LAYERS.get(parts[2], parts[2])
    if parts[0] == "src" and len(parts) > 2:
        if parts[1] == "programs":
            return PROGRAMS.get(parts[2], "programs")
        return parts[1]
    return None


def folder_of(rel):
    """The folder a file's private headers may come from."""
    parts = rel.parts
    if parts[0] == "src" and parts[1] == "programs":
        return pathlib.Path(*parts[:3])
    return pathlib.Path(*parts[:2]) if parts[0] == "src" else pathlib.Path(*parts[:-1])


def check_line(root, graph, rel, line):
    m = INCLUDE.match(line)
    if not m:
        return None
    kind, target = m.groups()
    layer = layer_of(rel)
    if layer is None:
        return None
    if target.startswith("spur/"):
        target_rel = pathlib.Path("include") / target
    elif kind == '"':
        resolved = (root / rel.parent / target).resolve()
        try:
            target_rel = resolved.relative_to(root.resolve())
        except ValueError:
            return f"{rel}: {line.strip()}: outside the project"
        if rel.parts[0] == "src" and folder_of(rel) not in target_rel.parents:
            return f"{rel}: {line.strip()}: another layer's private header (src/ is private)"
    else:
        return None  # the standard library, Boost, system headers
    target_layer = layer_of(target_rel)
    if target_layer is None or target_layer == layer:
        return None
    if layer not in graph:
        return f"{rel}: layer '{layer}' is not in the graph"
    if target_layer not in closure(graph, layer):
        return f"{rel}: {line.strip()}: layer '{layer}' may not use '{target_layer}'"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--graph", required=True)
    ap.add_argument("--probe", nargs=2, metavar=("FILE", "LINE"))
    args = ap.parse_args()
    root = pathlib.Path(args.root)
    graph = read_graph(args.graph)
    if args.probe:
        problem = check_line(root, graph, pathlib.Path(args.probe[0]), args.probe[1])
        print(problem or f"not refused: {args.probe[0]}: {args.probe[1]}")
        return 0 if problem else 1
    problems, files = [], 0
    for base in ("src", "include/spur"):
        for path in sorted((root / base).rglob("*")):
            if path.suffix not in (".hpp", ".cpp", ".h"):
                continue
            files += 1
            rel = path.relative_to(root)
            for line in path.read_text(errors="replace").splitlines():
                problem = check_line(root, graph, rel, line)
                if problem:
                    problems.append(problem)
    for p in problems:
        print(p)
    print(f"{files} files checked against {len(graph)} layers: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
