"""Where one endpoint's time goes under load: py-spy samples every gunicorn worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_deploy_load_100k \
        .venv/bin/python bench/load/profile.py home --seconds 20

Needs py-spy (`pip install py-spy`; it reads the workers' memory, so it runs as root or
with ptrace allowed) and the database bench/load/run.py filled. Drives the endpoint with
4 clients, samples the workers meanwhile, and prints JSON: the functions with the largest
share of samples, inclusive (the function or anything it called) and by project file.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import run  # noqa: E402
import server  # noqa: E402


def top_frames(raw: Path, limit: int) -> dict:
    inclusive: collections.Counter[str] = collections.Counter()
    leaf: collections.Counter[str] = collections.Counter()
    project: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] += samples
        leaf[frames[-1]] += samples
        # The innermost frame that is our own code: who asked for the work.
        for frame in reversed(frames):
            if any(p in frame for p in ("archive/", "config/", "accounts/")):
                project[frame] += samples
                break
    share = lambda c: [  # noqa: E731
        {"frame": f, "share": round(n / max(total, 1), 3)} for f, n in c.most_common(limit)
    ]
    return {
        "samples": total,
        "inclusive": share(inclusive),
        "self": share(leaf),
        "innermost_project": share(project),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("endpoint", help="a name from bench/load/run.py, e.g. home")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))

    env = server.bench_environment()
    ids = _ids()
    server.collectstatic(env)
    port = server.free_port()
    process = server.start(env, port)
    try:
        server.wait_until_answers(port, "/readyz")
        make = run.endpoints(ids)[args.endpoint]
        run.drive(port, make, 4, 2)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "profile.txt"
            sampler = subprocess.Popen(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(process.pid),
                    "--subprocesses",
                    "--format",
                    "raw",
                    "--rate",
                    "200",
                    "--duration",
                    str(int(args.seconds)),
                    "--output",
                    str(raw),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            load = run.drive(port, make, 4, args.seconds)
            sampler.wait()
            result = {"endpoint": args.endpoint, "load": load, **top_frames(raw, args.top)}
    finally:
        server.stop(process)
        server.flush_broker(env)
    print(json.dumps(result, indent=2))


def _ids() -> list[str]:
    import django

    os.environ.update({k: v for k, v in server.bench_environment().items() if k not in os.environ})
    django.setup()
    from archive.models import Story

    ids = list(
        Story.objects.filter(status="published")
        .order_by("?")
        .values_list("public_id", flat=True)[:500]
    )
    from django.db import connection

    connection.close()
    return ids


if __name__ == "__main__":
    main()
