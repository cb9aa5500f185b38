#!/usr/bin/env python3
"""Posts the kinds of requests an inspector is for to a Jobpulse receiver: accepted canonical
events and batches, a duplicate, the seed-000 step updates, a Prefect and a Supabase webhook, a
GitHub-signed hook (with the config that render-views.sh writes: hook "deploys", secret
"s3cret"), and the rejected ones: bad signature, invalid JSON, a wrong shape.

usage: seed-deliveries.py RECEIVER_URL
"""
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.request


def post(base, path, body, headers=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "seed-deliveries/1.0", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    base = sys.argv[1].rstrip("/")
    statuses = []
    statuses.append(post(base, "/v1/events", {"job": "deploy-api", "type": "job.started",
                                              "title": "Deploy api (staging)", "kind": "deploy-api"},
                         {"X-Request-Id": "req-7f3a"}))
    batch = [{"job": "nightly-1187", "type": "step.succeeded", "kind": "nightly-build",
              "step": {"index": i, "name": name, "total": 5}, "duration": d}
             for i, (name, d) in enumerate([("checkout", 4.1), ("configure", 12.5)], start=1)]
    statuses.append(post(base, "/v1/events", batch))
    event = {"id": "evt-0042", "job": "caption_ocr:v3", "type": "job.progress", "progress": 40}
    statuses.append(post(base, "/v1/events", event))
    statuses.append(post(base, "/v1/events", event))  # the same id again: a duplicate
    statuses.append(post(base, "/api/webhooks/step-update",
                         {"event": "step_update", "job_id": "render-101", "step_number": 2,
                          "step_name": "Script Generation", "status": "completed", "duration": 11.2,
                          "details": {"words": 812, "model": "gpt-4o"}}))
    statuses.append(post(base, "/api/webhooks/prefect",
                         {"videoId": "v-2291", "flowName": "caption-flow", "status": "running"}))
    statuses.append(post(base, "/webhook/submission-update",
                         {"type": "UPDATE", "table": "submissions", "schema": "public",
                          "record": {"id": 12, "status": "approved", "title": "Spring promo"},
                          "old_record": {"id": 12, "status": "pending"}}))
    deploy = json.dumps({"deployment": {"id": "dep-88", "state": "running", "name": "web (prod)",
                                        "pct": 35}}).encode()
    good = "sha256=" + hmac.new(b"s3cret", deploy, hashlib.sha256).hexdigest()
    statuses.append(post(base, "/hooks/deploys", deploy,
                         {"X-Hub-Signature-256": good, "X-GitHub-Delivery": "72d3162e-cc78",
                          "X-GitHub-Event": "deployment_status"}))
    statuses.append(post(base, "/hooks/deploys", deploy,
                         {"X-Hub-Signature-256": "sha256=" + "0" * 64,
                          "X-GitHub-Delivery": "72d3162e-cc79"}))
    statuses.append(post(base, "/v1/events", b'{"job": "render-102", "type": "job.started",'))
    statuses.append(post(base, "/v1/events", {"job": "render-103", "type": "job.exploded"},
                         {"Authorization": "Bearer not-for-your-eyes"}))
    print("seeded deliveries:", " ".join(str(s) for s in statuses))


if __name__ == "__main__":
    main()
