#!/usr/bin/env python3
"""Posts past runs of the demo's workflow (kind video-workflow, the demo's seven steps) and one
run still going, so that ETAs (PRODUCT.md §2: only with >= 3 past successful runs) and the step
timeline's median ticks show from the first second of a screenshot.

usage: seed-eta.py RECEIVER_URL [RUNS]
Deterministic (fixed random seed); times are relative to now. The running job is posted last,
so the dashboard opens it.
"""
import datetime
import json
import random
import sys
import urllib.request

STEPS = ["Database Extraction", "Script Generation", "Asset Preparation", "HeyGen Video Creation",
         "HeyGen Processing", "Scroll Video Generation", "Creatomate Assembly"]
TITLES = ["Horror · Netflix US", "Drama · Netflix UK", "Anime · Crunchyroll JP",
          "Sci-Fi · Disney+ FR", "Comedy · Prime DE", "Thriller · Hulu US"]


def iso(t):
    return t.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def step(key, kind, index, t, duration=None):
    event = {"job": key, "type": kind, "time": iso(t),
             "step": {"index": index, "name": STEPS[index - 1], "total": len(STEPS)}}
    if duration is not None:
        event["duration"] = duration
    return event


def main():
    url = sys.argv[1].rstrip("/") + "/v1/events"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    rng = random.Random(7)
    now = datetime.datetime.now(datetime.timezone.utc)
    events = []
    for n in range(runs):
        key = f"render-seed-{n + 1}"
        t = now - datetime.timedelta(minutes=5 * (runs - n))
        events.append({"job": key, "type": "job.started", "kind": "video-workflow",
                       "title": TITLES[n % len(TITLES)], "time": iso(t)})
        failed = n == 2  # one failure among them, as a real history has
        for index in range(1, len(STEPS) + 1):
            duration = round(rng.uniform(1.2, 4.5), 1)
            t += datetime.timedelta(seconds=duration)
            if failed and index == 4:
                events.append(step(key, "step.failed", index, t, duration))
                events.append({"job": key, "type": "job.failed", "time": iso(t),
                               "message": "HeyGen API timed out after 30 s (HTTP 504)"})
                break
            events.append(step(key, "step.succeeded", index, t, duration))
        else:
            events.append({"job": key, "type": "job.succeeded", "time": iso(t)})
    # The one still running: three steps done, the fourth started two seconds ago.
    t = now - datetime.timedelta(seconds=11)
    key = "render-eta"
    events.append({"job": key, "type": "job.started", "kind": "video-workflow",
                   "title": "Horror · Netflix US", "time": iso(t)})
    for index in range(1, 4):
        duration = round(rng.uniform(2.0, 3.0), 1)
        t += datetime.timedelta(seconds=duration)
        events.append(step(key, "step.succeeded", index, t, duration))
    events.append(step(key, "step.started", 4, now - datetime.timedelta(seconds=2)))
    request = urllib.request.Request(url, data=json.dumps(events).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
    print(f"seeded {runs} past runs and one running job ({len(events)} events)")


if __name__ == "__main__":
    main()
