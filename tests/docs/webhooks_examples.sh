#!/usr/bin/env bash
# Runs every ```sh example of docs/webhooks.md against a receiver started with the doc's own
# ```json config block; each example must print 200. Usage: webhooks_examples.sh JOBPULSE DOC
set -euo pipefail
jobpulse=$1
doc=$2
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

awk '/^```json config$/{on=1; next} /^```$/{on=0} on' "$doc" > "$work/config.json"
"$jobpulse" --headless --listen 127.0.0.1:0 --db "$work/db.sqlite" --config "$work/config.json" \
  > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 100); do grep -q '^listening ' "$work/out" && break; sleep 0.1; done
JP=$(sed -n 's/^listening //p' "$work/out")
[ -n "$JP" ] || { cat "$work/err"; echo "the receiver did not start"; exit 1; }
export JP

awk -v dir="$work" '/^```sh$/{n++; on=1; next} /^```$/{on=0} on {print > (dir "/example" n ".sh")}' "$doc"
count=0
for example in "$work"/example*.sh; do
  status=$(bash "$example")
  count=$((count + 1))
  if [ "$status" != "200" ]; then
    echo "FAIL: $(basename "$example") answered $status:"; cat "$example"; exit 1
  fi
done
# The events really arrived, each as the doc says.
jobs=$(curl -s "$JP/v1/jobs?limit=100")
for key in deploy-42 gh-build-7 invoice-run slack-report submissions:12 token-job caption_ocr:v42 ce-build-9 github:octo/demo/runs/1/1/jobs/2 gitlab:gitlab-org/gitlab-test/pipelines/31/jobs/378 buildkite:my-pipeline/builds/15 jenkins:asgard/18; do
  echo "$jobs" | grep -q "\"key\":\"$key\"" || { echo "FAIL: job $key missing: $jobs"; exit 1; }
done
echo "ok: $count examples answered 200"
