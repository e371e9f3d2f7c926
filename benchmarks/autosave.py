#!/usr/bin/env python
"""Benchmark of the autosave endpoint: gunicorn and PostgreSQL on loopback, concurrent clients.

    .venv/bin/python benchmarks/autosave.py [--clients 16] [--requests 4000] [--workers 3]

It creates a fresh PostgreSQL database, loads the norm, makes one school and scan per client,
starts gunicorn with production settings, and measures in one run:
- the empty view /gezond/ (no database), as the floor of what this machine and stack can do;
- the autosave endpoint: every request a real change of an answer, on the version the
  client last saw.
Afterwards it checks that no write was lost: each answer's version equals the number of
changes sent to it, and the history holds exactly one row per change.
Not a test: it reports numbers (see README, "Measured").
"""

import argparse
import http.client
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000, help="per endpoint, in total")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python",
        help="wrk (Debian package, the default when installed: a C load generator takes "
        "little of the CPU the server needs) or Python threads",
    )  # fmt: skip
    parser.add_argument("--seconds", type=int, default=15, help="per trial, with wrk")
    parser.add_argument(
        "--trials", type=int, default=3,
        help="with wrk: trials per endpoint, alternating; the median is reported",
    )  # fmt: skip
    return parser.parse_args()


WRK_LUA = """
local setups = %(setups)s
local csrf = "%(csrf)s"
local counter = 1
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  me = setups[id]
  math.randomseed(os.time() * 100 + id)
  n, writes, errors, versions, sent = 0, 0, 0, {}, {}
  for _, item in ipairs(me.items) do
    versions[item] = me.versions[item] or 0
    sent[item] = versions[item]
  end
end

local function uuid()
  return string.gsub("xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx", "x", function()
    return string.format("%%x", math.random(0, 15))
  end)
end

function request()
  if me.empty then return wrk.format("GET", "/gezond/") end
  item = me.items[(n %% #me.items) + 1]
  local k = sent[item]
  local body = "soort=item&id=" .. item .. "&score=" .. ((k %% 4) + 1)
    .. "&toelichting=wijziging+" .. k .. "&versie=" .. versions[item] .. "&wijziging=" .. uuid()
  return wrk.format("POST", "/scans/" .. me.scan .. "/autosave/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. me.session .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1; return end
  if me.empty then writes = writes + 1; return end
  versions[item] = tonumber(string.match(body, '"versie": (%%d+)'))
  sent[item] = sent[item] + 1
  writes = writes + 1
  n = n + 1
end

function done(summary, latency, requests)
  local w, e = 0, 0
  for _, t in ipairs(threads) do w = w + t:get("writes"); e = e + t:get("errors") end
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", w, e,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def run_wrk(port, setups, csrf, seconds, empty):
    """wrk with one connection per thread, so each thread's changes go out one at a time."""
    import json
    import tempfile

    rows = [
        f"{{scan={s['scan']}, session={json.dumps(s['session'])}, "
        f"items={{{','.join(map(str, s['items']))}}}, empty={'true' if empty else 'false'}, "
        f"versions={{{','.join(f'[{i}]={v}' for i, v in s.get('versions', {}).items())}}}}}"
        for s in setups
    ]
    table = "{" + ",".join(rows) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % {"setups": table, "csrf": csrf})
    clients = len(setups)
    completed = subprocess.run(  # noqa: S603 - wrk from Debian, fixed arguments
        [shutil.which("wrk"), "-t", str(clients), "-c", str(clients), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = completed.stdout + completed.stderr
    os.unlink(script.name)
    line = next((line for line in out.splitlines() if line.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{out}")
    writes, errors, p50, p95, p99, duration = line.split()[1:]
    return int(writes), int(errors), float(p50), float(p95), float(p99), float(duration)


def pg(url, statement):
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or "", dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    conn.cursor().execute(statement)
    conn.close()


def prepare(clients: int):
    """Norm, SWV, one school + IB-er + scan + session per client."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    import datetime

    from ijkpunten.models import Normkader
    from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk
    from zelfscan.scans.structuur import structuur
    from zelfscan.scans.workflow import open_round

    swv = Samenwerkingsverband.objects.create(code="PO 00-00", naam="Benchmark", sector="po")
    wijk = Wijk.objects.create(swv=swv, naam="Haven")
    bestuur = Bestuur.objects.create(bevoegd_gezag_nummer="99999", naam="Benchmark")
    users = []
    for n in range(clients):
        school = School.objects.create(
            swv=swv, brin=f"9{n // 26}{chr(65 + n % 26)}Z", naam=f"School {n}", bestuur=bestuur,
            wijk=wijk, soort="bao",
        )  # fmt: skip
        user = User.objects.create_user(f"ib{n}", f"ib{n}@example.nl", secrets.token_hex(16))
        Rol.objects.create(user=user, soort="ib_er", school=school)
        users.append((user, school))
    ronde = open_round(
        swv=swv, schooljaar="2025-2026", normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=["anb", "ijkpunten", "hgw", "toezichtkader", "protocollen", "themas"],
        deadline=datetime.date(2026, 6, 30), door=None,
    )  # fmt: skip
    setups = []
    for user, school in users:
        scan = ronde.scans.get(school=school)
        session = SessionStore()
        now = time.time()
        session.update({
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
            "_login_at": now + 3600, "_seen_at": now + 3600,
        })  # fmt: skip
        session.create()
        items = sorted(structuur(scan).items)
        setups.append({"scan": scan.pk, "session": session.session_key, "items": items})
    return setups


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/gezond/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def run(port, clients, total, make_request):
    """`clients` threads share `total` requests; returns (seconds, latencies, errors)."""
    latencies, errors, lock = [], [], threading.Lock()
    per_client = total // clients

    def worker(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for n in range(per_client):
            method, path, body, headers, check = make_request(index, n)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    raise RuntimeError(f"{response.status} {data[:200]!r}")
                check(index, n, data)
            except Exception as error:  # every failure is counted, none hidden
                with lock:
                    errors.append(str(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(elapsed)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, errors


def summary(name, seconds, latencies, errors):
    ordered = sorted(latencies) or [float("nan")]
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {
        "name": name,
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(ordered) * 1000,
        "p95": p(0.95),
        "p99": p(0.99),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def median_of(name, rows):
    """The median trial's numbers, with the range of req/s and p95 over all trials."""

    def med(key):
        return statistics.median(r[key] for r in rows)

    return {
        "name": name,
        "requests": sum(r["requests"] for r in rows),
        "rps": med("rps"), "p50": med("p50"), "p95": med("p95"), "p99": med("p99"),
        "errors": sum(r["errors"] for r in rows), "first_error": "",
        "range": f"{min(r['rps'] for r in rows):.0f}–{max(r['rps'] for r in rows):.0f} req/s, "
                 f"p95 {min(r['p95'] for r in rows):.0f}–{max(r['p95'] for r in rows):.0f} ms",
    }  # fmt: skip


def main():
    args = parse_args()
    db = f"zelfscan_bench_{os.getpid()}"
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{args.postgres}/{db}",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_SETTINGS_MODULE": "basisondersteuning.settings",
    }
    os.environ.update(env)
    pg(args.postgres, f"CREATE DATABASE {db}")
    server = None
    try:
        setups = prepare(args.clients)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
            check=True,
        )  # fmt: skip
        shape = f"{args.workers} {args.worker_class} workers" + (
            f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        )
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(Path(sys.executable).with_name("gunicorn")), "basisondersteuning.wsgi",
             "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
             "--worker-class", args.worker_class, "--threads", str(args.threads),
             "--keep-alive", "5", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        wait_for(args.port)
        from django.utils.crypto import get_random_string

        csrf = get_random_string(32)  # the alphabet Django accepts for a CSRF cookie

        def empty(index, n):
            return "GET", "/gezond/", None, {}, lambda *a: None

        versions = [dict.fromkeys(s["items"], 0) for s in setups]
        sent = [dict.fromkeys(s["items"], 0) for s in setups]

        def save(index, n):
            setup = setups[index]
            item = setup["items"][n % len(setup["items"])]
            k = sent[index][item]
            body = urllib.parse.urlencode({
                "soort": "item", "id": item, "score": k % 4 + 1, "toelichting": f"wijziging {k}",
                "versie": versions[index][item], "wijziging": str(uuid.uuid4()),
            })  # fmt: skip
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={setup['session']}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
            }

            def check(index, n, data):
                import json

                versions[index][item] = json.loads(data)["versie"]
                sent[index][item] += 1

            return "POST", f"/scans/{setup['scan']}/autosave/", body, headers, check

        if args.client == "wrk":
            from zelfscan.models import Antwoord

            trials = {"empty view /gezond/": [], "autosave": []}
            for _ in range(args.trials):  # alternating, so both meet the same noise
                for name, empty in (("empty view /gezond/", True), ("autosave", False)):
                    if not empty:  # each trial goes on from the versions stored so far
                        for setup in setups:
                            setup["versions"] = dict(
                                Antwoord.objects.filter(scan_id=setup["scan"]).values_list(
                                    "item_id", "versie"
                                )
                            )
                    done, errs, p50, p95, p99, secs = run_wrk(
                        args.port, setups, csrf, args.seconds, empty
                    )
                    trials[name].append({"requests": done, "rps": done / secs, "p50": p50,
                                         "p95": p95, "p99": p99, "errors": errs})  # fmt: skip
            results = [median_of(name, rows) for name, rows in trials.items()]
            writes = sum(t["requests"] for t in trials["autosave"])
        else:
            results = [
                summary("empty view /gezond/", *run(args.port, args.clients, args.requests, empty)),
                summary("autosave", *run(args.port, args.clients, args.requests, save)),
            ]
            writes = sum(sum(s.values()) for s in sent)

        # Count only once the server has finished every request it accepted.
        server.terminate()
        server.wait(timeout=30)
        server = None
        from zelfscan.models import Antwoord, Historie

        stored_versions = sum(Antwoord.objects.values_list("versie", flat=True))
        history = Historie.objects.filter(veld="score").count()
        # wrk stops mid-flight: up to one request per connection and trial may be stored
        # unacknowledged.
        in_flight = stored_versions - writes
        cut_off_limit = args.clients * (args.trials if args.client == "wrk" else 1)
        lost = max(0, -in_flight)
        print(
            f"\n{args.clients} clients ({args.client}), gunicorn {shape}, PostgreSQL, "
            f"{os.cpu_count()} cores\n"
        )
        print("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(f"| {r['name']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | "
                  f"{r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} |")  # fmt: skip
        for r in results:
            if r.get("range"):
                print(f"{r['name']}: median of {args.trials} trials; {r['range']}")
        print(f"\nwrites acknowledged: {writes}; stored versions: {stored_versions}; "
              f"history rows: {history}; lost writes: {lost}; stored but cut off by the "
              f"end of the run: {max(0, in_flight)}")  # fmt: skip
        for r in results:
            if r["errors"]:
                print(f"first error ({r['name']}): {r['first_error']}")
        if (
            lost
            or history != stored_versions
            or in_flight > cut_off_limit
            or any(r["errors"] for r in results)
        ):
            raise SystemExit(1)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        pg(args.postgres, f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
