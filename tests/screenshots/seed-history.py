#!/usr/bin/env python3
"""Posts a plausible job history (the last few days) to a Jobpulse receiver, so that the
history view has something to show in screenshots.

usage: seed-history.py RECEIVER_URL [JOBS]
Deterministic (fixed random seed); times are relative to now.
"""
import datetime
import json
import random
import sys
import urllib.request

KINDS = {
    "video-workflow": (["Database Extraction", "Script Generation", "Asset Preparation",
                        "HeyGen Processing", "Creatomate Assembly"], "HeyGen API timed out (HTTP 504)"),
    "nightly-build": (["checkout", "configure", "compile", "test", "package"],
                      "tst_store: 2 tests failed"),
    "caption_ocr": (["fetch frames", "ocr", "align"], "OCR model missing"),
    "deploy-api": (["build image", "push", "migrate", "roll out"], "migration 0042 failed: lock timeout"),
}
TITLES = {
    "video-workflow": ["Horror · Netflix US", "Drama · Netflix UK", "Anime · Crunchyroll JP",
                       "Sci-Fi · Disney+ FR", "Comedy · Prime DE"],
    "nightly-build": ["Nightly build"],
    "caption_ocr": ["Captions v2", "Captions v3"],
    "deploy-api": ["Deploy api (staging)", "Deploy api (production)"],
}


def iso(t):
    return t.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def main():
    url = sys.argv[1].rstrip("/") + "/v1/events"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    rng = random.Random(42)
    now = datetime.datetime.now(datetime.timezone.utc)
    start = now - datetime.timedelta(days=6)
    events = []
    for n in range(count):
        kind = rng.choice(list(KINDS))
        steps, error = KINDS[kind]
        created = start + (now - datetime.timedelta(minutes=20) - start) * n / count
        key = f"{kind.split('-')[0]}-{1000 + n}"
        title = rng.choice(TITLES[kind])
        fail_at = rng.randrange(len(steps)) + 1 if rng.random() < 0.18 else 0
        canceled = not fail_at and rng.random() < 0.05
        t = created
        events.append({"job": key, "type": "job.started", "kind": kind, "title": title,
                       "time": iso(t)})
        for i, name in enumerate(steps, start=1):
            duration = round(rng.uniform(1.5, 40.0), 1)
            t += datetime.timedelta(seconds=duration)
            if i == fail_at:
                events.append({"job": key, "type": "step.failed", "time": iso(t),
                               "step": {"index": i, "name": name, "total": len(steps)},
                               "duration": duration, "message": error})
                events.append({"job": key, "type": "job.failed", "time": iso(t), "message": error})
                break
            if canceled and i == 2:
                events.append({"job": key, "type": "job.canceled", "time": iso(t)})
                break
            events.append({"job": key, "type": "step.succeeded", "time": iso(t),
                           "step": {"index": i, "name": name, "total": len(steps)},
                           "duration": duration})
        else:
            events.append({"job": key, "type": "job.succeeded", "time": iso(t)})
    for i in range(0, len(events), 500):
        body = json.dumps(events[i:i + 500]).encode()
        request = urllib.request.Request(url, data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
    print(f"seeded {count} jobs ({len(events)} events)")


if __name__ == "__main__":
    main()
