"""The simulated staff members of ``benchmarks/load.py``, and the runner it starts once per user count.

``load.py`` prepares everything that needs Django (accounts, sessions, the URLs each account may open)
and writes it to a plan (JSON). This file needs only the plan: each simulated user takes the next slot
of the plan (an account with its session cookie and its weighted actions) and, after a think time,
opens one URL of one action, chosen by weight. Every answer other than 200 is a failure; redirects
are not followed (a redirect to the log-in or 2FA page would otherwise look like a success).

Run by load.py once per user count, with locust as a library (headless):
``EENPLAN_LOAD_PLAN=plan.json python benchmarks/loadtest/locustfile.py --users N --out samples.json``.
It writes every request of the measured period (name, milliseconds, success), the failures with
example URLs, and the CPU use of the load generator and of the whole machine.
"""

# locust patches the standard library with gevent when it is imported: import it first.
from locust import FastHttpUser, between, constant, events, task  # isort: skip

import argparse
import itertools
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

import gevent
from locust.env import Environment

_plan = os.environ.get("EENPLAN_LOAD_PLAN")
PLAN = json.loads(Path(_plan).read_text()) if _plan else {}
_slots = itertools.count()


def _wait_time():
    low, high = PLAN.get("wait", [1.0, 3.0])
    return constant(0) if high <= 0 else between(low, high)


class StaffMember(FastHttpUser):
    """One staff member clicking through Eén Plan, with a session made by load.py (no log-in)."""

    host = PLAN.get("host", "http://127.0.0.1:8000")
    wait_time = _wait_time()
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self):
        slot = PLAN["slots"][next(_slots) % len(PLAN["slots"])]
        self.username = slot["username"]
        self.headers = {**PLAN.get("headers", {}), "Cookie": f"{PLAN['cookie_name']}={slot['session']}"}
        self.actions = slot["actions"]
        self.weights = [action["weight"] for action in self.actions]
        self.random = random.Random(f"{PLAN.get('seed', 0)}-{slot['index']}")

    @task
    def act(self):
        action = self.random.choices(self.actions, weights=self.weights)[0]
        url = self.random.choice(action["urls"])
        with self.client.get(
            url,
            name=action["name"],
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
            context={"url": url, "user": self.username},
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {_explain(response)}".strip())


def _explain(response) -> str:
    """Where a redirect goes, or the title of an HTML page, or the start of any other answer."""
    headers = response.headers or {}
    if headers.get("Location"):
        return f"→ {headers['Location']}"
    text = response.text or ""
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    return " ".join((title.group(1) if title else text[:200]).split())


def _cpu_times() -> tuple[float, float, float]:
    """(busy, total, stolen) jiffies of the whole machine, from /proc/stat; zeros where there is none.
    Stolen: time a virtual machine's cores waited for the host, counted in busy."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0.0, 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    stolen = values[7] if len(values) > 7 else 0
    return float(sum(values) - idle), float(sum(values)), float(stolen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--out", required=True, help="where to write the samples (JSON)")
    args = parser.parse_args()

    samples: list[list] = []  # [name, milliseconds, ok]
    failures: dict[tuple[str, str], dict] = {}
    measuring = {"on": False}

    def on_request(request_type, name, response_time, response_length, exception=None, context=None, **kw):
        phase = "run" if measuring["on"] else "warm-up"
        if measuring["on"]:
            samples.append([name, response_time, exception is None])
        if exception is not None:
            key = (phase, name, str(exception)[:120])
            entry = failures.setdefault(
                key, {"phase": phase, "name": name, "error": str(exception)[:300], "count": 0, "urls": []}
            )
            entry["count"] += 1
            url = (context or {}).get("url")
            if url and len(entry["urls"]) < 5 and url not in entry["urls"]:
                entry["urls"].append(url)

    env = Environment(user_classes=[StaffMember], events=events)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=max(args.users, 1))
    gevent.sleep(args.warmup)

    measuring["on"] = True
    started = time.monotonic()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    busy_before, total_before, stolen_before = _cpu_times()
    gevent.sleep(args.duration)
    measuring["on"] = False
    elapsed = time.monotonic() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    busy_after, total_after, stolen_after = _cpu_times()
    runner.quit()

    own_cpu = (own_after.ru_utime + own_after.ru_stime) - (own_before.ru_utime + own_before.ru_stime)
    total = total_after - total_before
    machine = (busy_after - busy_before) / total if total > 0 else None
    stolen = (stolen_after - stolen_before) / total if total > 0 else None
    result = {
        "users": args.users,
        "elapsed": elapsed,
        "samples": samples,
        "failures": sorted(failures.values(), key=lambda entry: -entry["count"]),
        "loadgen_cpu": own_cpu / elapsed,  # share of one core used by this load generator
        "machine_cpu": machine,  # share of all cores busy (server, database and load generator)
        "stolen_cpu": stolen,  # share of all cores the host took (a virtual machine's noisy neighbours)
    }
    with open(args.out, "w") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
