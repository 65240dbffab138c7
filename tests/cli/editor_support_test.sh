#!/usr/bin/env bash
# Every source of every example app as an editor sees it: the
# compile_commands.json that `spur new`, `spur dev` and `spur build` keep, then
# `clangd --check` on each file (route files, lib/, middleware), which must
# report no error. Each app is copied (links followed) so that nothing is
# written into the source tree.
#   editor_support_test.sh SPUR_CODEGEN SPUR_INCLUDE_DIR EXAMPLES_DIR
set -euo pipefail
codegen=$1
include=$2
examples=$3
command -v clangd >/dev/null || { echo "FAIL: clangd is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

checked=0
failed=0
for app in "$examples"/*/; do
  name=$(basename "$app")
  [ -d "$app/app" ] || [ -d "$app/pages" ] || continue
  cp -rL "$app" "$work/$name"
  "$codegen" compile-commands "$work/$name" "$include"
  mapfile -t files < <(python3 -c '
import json, sys
for entry in json.load(open(sys.argv[1])):
    print(entry["file"])' "$work/$name/compile_commands.json")
  [ "${#files[@]}" -gt 0 ] || { echo "FAIL: $name: compile_commands.json lists no file" >&2; exit 1; }
  for file in "${files[@]}"; do
    if (cd "$work/$name" && clangd --check="$file" --check-lines=1) >"$work/clangd.log" 2>&1; then
      checked=$((checked + 1))
    else
      echo "FAIL: clangd finds errors in $name/${file#"$work/$name/"}:" >&2
      grep -E '^E\[' "$work/clangd.log" >&2 || tail -20 "$work/clangd.log" >&2
      failed=$((failed + 1))
    fi
  done
done
[ "$checked" -gt 0 ] || { echo "FAIL: no example file was checked" >&2; exit 1; }
[ "$failed" -eq 0 ] || exit 1
echo "editor_support_test: clangd found no error in $checked files"
