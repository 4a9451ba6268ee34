#!/usr/bin/env bash
# The GitHub Action's work (action.yml passes its inputs in the environment, never in this text):
# the budget check as annotations and job summary; the pull-request comment body, headed by a stable
# hidden marker so that one comment can be updated in place; the report of the first file as JSON,
# for the base branch to keep as the next baseline; and the outputs markdown, report-json, exceeded.
# It needs no token: posting the comment is the workflow's (see README), so a fork's pull request works.
set -uo pipefail

out_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gowasm-inspect"
mkdir -p "$out_dir"
marker="<!-- gowasm-inspect:${COMMENT_ID:-size} -->"

# FILES is split on spaces and expanded as globs on purpose
# shellcheck disable=SC2206
files=($FILES)
baseline=()
if [ -n "${BASELINE:-}" ]; then baseline=(--baseline "$BASELINE"); fi

gowasm-inspect check --budget "$BUDGET" --format github "${baseline[@]}" "${files[@]}"
status=$?

body="$out_dir/comment.md"
{
  echo "$marker"
  gowasm-inspect check --budget "$BUDGET" --format markdown "${baseline[@]}" "${files[@]}"
  if [ -n "${BASELINE:-}" ] && [ "${#files[@]}" -gt 0 ]; then
    echo
    minimum=()
    if [ -n "${MIN_CHANGE:-}" ]; then minimum=(--min-change "$MIN_CHANGE"); fi
    gowasm-inspect diff "$BASELINE" "${files[0]}" --format markdown "${minimum[@]}"
  fi
} > "$body"

report=""
if [ "${#files[@]}" -gt 0 ] && [ -f "${files[0]}" ]; then
  report="$out_dir/report.json"
  gowasm-inspect size "${files[0]}" --format json -o "$report" || report=""
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  delimiter="gowasm_inspect_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  {
    echo "markdown<<$delimiter"
    cat "$body"
    echo "$delimiter"
    echo "comment-file=$body"
    echo "report-json=$report"
    if [ "$status" -eq 1 ]; then echo "exceeded=true"; else echo "exceeded=false"; fi
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
