"""Load benchmark: the API under gunicorn with the production settings, driven by wrk, beside a
reference app (the smallest django-ninja + ninja-jwt endpoint: a Bearer token and one SELECT).

    .venv/bin/python benchmarks/load/run.py                      # everything, 10 s per run
    .venv/bin/python benchmarks/load/run.py --duration 5 --scenarios me,profile --configs sync:2
    .venv/bin/python benchmarks/load/run.py --reuse-db            # skip create/migrate/seed

Steps:
1. Create a fresh PostgreSQL database (its name must contain "bench"; default etapi_bench_load)
   and one for the reference app (<name>_ref) on the same server; Redis db 10 is the cache.
2. Migrate, then seed with `manage.py demo --seed 1 --candidates 200 --organizations 20
   --jobs 200` (the same code a newcomer's `bin/serve --demo` uses).
3. prepare.py (in the same environment) picks each scenario's caller, adds a login user with a
   known password, a job with 50 applicants and `--apply-candidates` bench candidates, runs
   ANALYZE, mints access tokens, sends each scenario's request once through Django's test
   client (its status, rows and SQL queries), times the password hasher, and records whether
   litellm was imported.
4. For each serving configuration (`sync:W`: W sync workers; `gthread:WxT`: W workers of T threads,
   the `serve` command's kind), start the API (`settings.prod`, `platform_core.gunicorn_conf`)
   and the reference app under the same gunicorn and config, and drive each scenario with wrk at
   each concurrency (`--concurrency`, default 1,8,32; wrk threads: 1 at c=1, else 2). The
   reference is measured before and after the scenarios; its mean is the ratio's denominator.
5. Print Markdown: per scenario req/s, p50, p99, errors (status >= 400 plus socket errors),
   SQL queries per request, the ratio to the reference measured right before it at the same c,
   and the workers' CPU milliseconds per request (utime + stime from /proc over the run, divided
   by the requests: on a machine shared with other work it moves far less than req/s); login
   against check_password timed right after each login run; the RSS of every worker after
   start-up, after a warm-up and after the load, and whether any worker maps a litellm file.

`--reference-config sync:2` serves the reference under one configuration for all, so that the
ratios compare the API's configurations with each other (how the `serve` defaults were chosen);
`--settings` runs the API with another settings module (a variant to compare).

The environment of the API: SECURE_SSL_REDIRECT=False (wrk speaks plain HTTP to gunicorn, as a
TLS-terminating proxy would), THROTTLE_ENABLED=False (the login scenario sends one account's
password hundreds of times a second; throttling would turn it into 429s), JWT_ACCESS_MINUTES=720
(tokens minted once outlive the run), LOG_LEVEL=WARNING. gunicorn's access log (on in
gunicorn_conf, for the API and the reference alike) goes to a file in the temporary directory.

`apply` needs a fresh (candidate, job) pair per request: its Lua script gives each wrk thread its
own share of the bench candidates and walks its candidates x open jobs; the bench candidates'
applications are deleted before every run, so every apply run starts with all pairs fresh; so
are the notes and disclosure events the runs before it wrote, and the tables VACUUM ANALYZEd
(autovacuum's work), so every scenario reads the seeded data set.
With 64 candidates and ~190 open jobs, a run has ~12,000 pairs: enough for 1,200 applies/s
over 10 s; past that a request gets 409 and counts as an error.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
GUNICORN_CONFIG = "python:platform_core.gunicorn_conf"
SCENARIOS = [
    "me",
    "profile",
    "full",
    "org_jobs",
    "candidates_list",
    "browse",
    "applicants",
    "note_create",
    "apply",
    "login",
]
# Targets of issue 19: the ratio to the reference at c=32.
TARGETS = {
    "me": 0.65,
    "profile": 0.35,
    "full": 0.35,
    "org_jobs": 0.25,
    "candidates_list": 0.15,
    "browse": 0.2,
    "applicants": 0.15,
    "note_create": 0.33,
    "apply": 0.33,
}
RSS_LIMIT_MB = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- databases ----------------------------------------------------------------------------------


def server_url(db_url: str) -> tuple[str, str]:
    """(URL of the server's `postgres` database, the database name) of a postgres:// URL."""
    head, _, name = db_url.rpartition("/")
    return f"{head}/postgres", name.split("?")[0]


def recreate_database(db_url: str) -> None:
    import psycopg

    admin, name = server_url(db_url)
    if "bench" not in name:
        raise SystemExit(f"Refusing to recreate {name!r}: the database name must contain 'bench'.")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- processes ----------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, cwd: Path = BASE_DIR, **kwargs) -> subprocess.CompletedProcess:
    """Run a step; its output goes to stderr, with the progress (stdout is the report)."""
    log(" ".join(str(part) for part in cmd[1:]))
    kwargs.setdefault("stdout", sys.stderr)
    return subprocess.run(cmd, env=env, cwd=cwd, check=True, **kwargs)  # noqa: S603 (this script)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn master (with its workers) on 127.0.0.1:port, stopped by its pid."""

    def __init__(self, name, app, chdir, env, workers, threads, probe, logfile):
        self.name = name
        self.port = free_port()
        self.workers = workers
        self.probe = probe
        cmd = [
            PYTHON, "-m", "gunicorn", app, "--config", GUNICORN_CONFIG, "--chdir", str(chdir),
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--threads", str(threads),
        ]  # fmt: skip
        self.log = open(logfile, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 (this script's own command)
            cmd, env=env, cwd=BASE_DIR, stdout=self.log, stderr=subprocess.STDOUT
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return sorted(int(pid) for pid in path.read_text().split())
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / CLOCK_TICKS

    def measure(self, script: Path, concurrency: int, duration: int) -> dict:
        """A wrk run against this server, with the workers' CPU milliseconds per request."""
        before = self.cpu_seconds()
        result = wrk(self.url, script, concurrency, duration, wrk_threads(concurrency))
        used = self.cpu_seconds() - before
        result["cpu_ms"] = round(used * 1000 / max(result["requests"], 1), 2)
        return result

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: gunicorn exited ({self.process.returncode}).")
            try:
                urllib.request.urlopen(self.url + self.probe, timeout=2)  # noqa: S310
                ready = True
            except urllib.error.HTTPError:
                ready = True  # it answered (e.g. 401 from the reference without a token)
            except OSError:
                ready = False
            if ready and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.2)
        raise SystemExit(f"{self.name}: not ready after {timeout} s.")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def maps_litellm(pid: int) -> bool:
    try:
        return "litellm" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


# --- wrk ----------------------------------------------------------------------------------------

DONE_LUA = r"""
done = function(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"mean_us":%f}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here (ASCII)


def simple_lua(spec: dict) -> str:
    lines = [f"wrk.method = {lua_string(spec['method'])}", f"wrk.path = {lua_string(spec['path'])}"]
    for name, value in (spec.get("headers") or {}).items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    if spec.get("body") is not None:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append(f"wrk.body = {lua_string(spec['body'])}")
    return "\n".join(lines) + "\n" + DONE_LUA


def apply_lua(tokens: list[str], jobs: list[int], threads: int) -> str:
    token_list = ",".join(lua_string(token) for token in tokens)
    job_list = ",".join(str(job) for job in jobs)
    return (
        f"""
local tokens = {{{token_list}}}
local jobs = {{{job_list}}}
local nthreads = {threads}
created = 0
setup = function(thread)
  thread:set("tid", created)
  created = created + 1
end
init = function(args)
  mine = {{}}
  for i = tid + 1, #tokens, nthreads do mine[#mine + 1] = tokens[i] end
  counter = 0
end
request = function()
  local k = counter
  counter = counter + 1
  local token = mine[(math.floor(k / #jobs) % #mine) + 1]
  local job = jobs[(k % #jobs) + 1]
  return wrk.format("POST", "/api/channels/jobs/" .. job .. "/apply/",
                    {{["Authorization"] = "Bearer " .. token}}, "")
end
"""
        + DONE_LUA
    )


def wrk(url: str, script: Path, concurrency: int, duration: int, threads: int) -> dict:
    cmd = [
        "wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{duration}s",
        "--timeout", "60s", "--latency", "-s", str(script), url,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    seconds = data["duration_us"] / 1e6
    errors = data["status"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "mean_ms": round(data["mean_us"] / 1000, 2),
        "requests": data["requests"],
        "errors": errors,
    }


def wrk_threads(concurrency: int) -> int:
    return 1 if concurrency == 1 else 2


# --- configurations -----------------------------------------------------------------------------


def parse_config(text: str) -> tuple[str, int, int]:
    """`sync:2` -> ("sync:2", 2, 1); `gthread:2x4` -> ("gthread:2x4", 2, 4)."""
    kind, _, size = text.partition(":")
    if kind == "sync":
        return text, int(size or 2), 1
    if kind == "gthread":
        workers, _, threads = (size or "2x4").partition("x")
        return text, int(workers), int(threads or 4)
    raise SystemExit(f"Unknown configuration {text!r}: use sync:W or gthread:WxT.")


def seed(env: dict, args) -> None:
    """The demo command's data set (apps/demo), the one `bin/serve --demo` offers."""
    run(
        [
            PYTHON,
            "manage.py",
            "demo",
            "--seed",
            "1",
            "--candidates",
            "200",
            "--organizations",
            "20",
            "--jobs",
            "200",
            "--logins-json",
            str(Path(args.tmp) / "logins.json"),
        ],  # fmt: skip
        env,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--configs", default="sync:2,gthread:2x4")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument(
        "--reference-config",
        help="serve the reference under this one configuration (e.g. sync:2) for every API "
        "configuration, so that ratios compare the configurations; default: the same as the API",
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/etapi_bench_load"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--apply-candidates", type=int, default=64)
    parser.add_argument(
        "--settings",
        default="settings.prod",
        help="the API's settings module (to compare variants)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="skip create, migrate and seed")
    parser.add_argument("--json", help="also write the measurements to this file")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    configs = [parse_config(text) for text in args.configs.split(",")]
    scenarios = [name for name in args.scenarios.split(",") if name]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        raise SystemExit(f"Unknown scenarios: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")

    ref_url = args.database_url.rsplit("/", 1)[0] + "/" + server_url(args.database_url)[1] + "_ref"
    tmp = Path(tempfile.mkdtemp(prefix="etapi-load-"))
    args.tmp = str(tmp)
    (tmp / "static").mkdir()
    (tmp / "media").mkdir()
    secret = secrets.token_urlsafe(50)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "False",
        "THROTTLE_ENABLED": "False",
        "JWT_ACCESS_MINUTES": "720",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
    }
    ref_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reference.settings",
        "REFERENCE_DATABASE_URL": ref_url,
        "SECRET_KEY": secret,
        "PYTHONPATH": os.pathsep.join([str(HERE), str(BASE_DIR)]),
    }
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    uptime_before = Path("/proc/loadavg").read_text().split()[:3]

    if not args.reuse_db:
        log(f"recreating {server_url(args.database_url)[1]} and {server_url(ref_url)[1]}")
        recreate_database(args.database_url)
        recreate_database(ref_url)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        seed(env, args)
        run([PYTHON, "-m", "django", "migrate", "--noinput", "-v", "0"], ref_env, cwd=HERE)
    prepared_path = tmp / "prepared.json"
    run([PYTHON, str(HERE / "prepare.py"), str(prepared_path), str(args.apply_candidates)], env)
    prepared = json.loads(prepared_path.read_text())
    ref_token = subprocess.run(  # noqa: S603 (this script's own command)
        [PYTHON, "-c", REF_TOKEN_SCRIPT], env=ref_env, cwd=HERE, check=True,
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    ref_spec = {
        "method": "GET",
        "path": "/api/ref/",
        "headers": {"Authorization": f"Bearer {ref_token}"},
        "queries": 1,
    }

    scripts = tmp / "lua"
    scripts.mkdir()
    (scripts / "ref.lua").write_text(simple_lua(ref_spec))
    for name in scenarios:
        if name != "apply":
            (scripts / f"{name}.lua").write_text(simple_lua(prepared["scenarios"][name]))
    for threads in {wrk_threads(c) for c in levels}:
        (scripts / f"apply-{threads}.lua").write_text(
            apply_lua(prepared["apply"]["tokens"], prepared["apply"]["jobs"], threads)
        )

    # What the runs write: an application per apply request, a note per note_create request, a
    # disclosure event per profile shown per list request (tens of thousands per profile over
    # a run). Left in place, each run would read the writes of the runs before it: the
    # candidate list would rank thousands of notes of one profile, `full` summarise its events.
    applications = prepared["apply"]["table"]
    appliers = prepared["apply"]["candidate_ids"]
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        baseline = {
            table: conn.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in prepared["written"]
        }
    written = ", ".join(
        [
            f'(SELECT COUNT(*) FROM "{applications}" WHERE candidate_id = ANY(%s))',  # noqa: S608
            *(f'(SELECT COALESCE(MAX(id), 0) FROM "{table}")' for table in baseline),  # noqa: S608
        ]
    )

    def restore_data() -> None:
        """Back to the seeded data set before a run: delete the bench candidates' applications
        (every apply run starts with all its pairs fresh) and the rows the runs added, then
        VACUUM ANALYZE, as autovacuum would: this machine's PostgreSQL may run without it, and
        the deleted rows would slow every index scan after."""
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            settle(conn, f"SELECT {written}", (appliers,))  # noqa: S608
            conn.execute(f'DELETE FROM "{applications}" WHERE candidate_id = ANY(%s)', (appliers,))  # noqa: S608
            for table, last in baseline.items():
                conn.execute(f'DELETE FROM "{table}" WHERE id > %s', (last,))  # noqa: S608
            for table in (applications, *baseline):
                conn.execute(f'VACUUM (ANALYZE) "{table}"')

    results: dict = {"configs": {}}
    for label, workers, threads in configs:
        log(f"configuration {label}: {workers} workers x {threads} threads")
        app = Server(
            "api", "platform_core.wsgi:application", BASE_DIR, env, workers, threads,
            "/api/health/", tmp / f"api-{label.replace(':', '-')}.log",
        )  # fmt: skip
        ref_workers, ref_threads = (
            parse_config(args.reference_config)[1:] if args.reference_config else (workers, threads)
        )
        ref = Server(
            "reference", "reference.wsgi:application", HERE, ref_env, ref_workers, ref_threads,
            "/api/ref/", tmp / f"ref-{label.replace(':', '-')}.log",
        )  # fmt: skip
        try:
            app.wait_ready()
            ref.wait_ready()
            time.sleep(1)
            memory = {
                "boot": {pid: rss_mb(pid) for pid in app.worker_pids()},
                "ref_boot": {pid: rss_mb(pid) for pid in ref.worker_pids()},
                "litellm_boot": any(maps_litellm(pid) for pid in app.worker_pids()),
            }
            # Warm-up: every worker has served every scenario before anything is measured.
            for name in scenarios:
                if name != "apply":
                    wrk(app.url, scripts / f"{name}.lua", 4, 1, 1)
            wrk(ref.url, scripts / "ref.lua", 4, 1, 1)
            memory["warm"] = {pid: rss_mb(pid) for pid in app.worker_pids()}
            runs: dict = {"ref": {}}
            for name in scenarios:
                runs[name] = {}
                runs["ref"][name] = {}
                for c in levels:
                    restore_data()
                    if name == "apply":
                        script = scripts / f"apply-{wrk_threads(c)}.lua"
                    else:
                        script = scripts / f"{name}.lua"
                    # The reference right before: the machine is shared, its load drifts.
                    ref_run = ref.measure(scripts / "ref.lua", c, args.duration)
                    runs["ref"][name][c] = ref_run
                    runs[name][c] = app.measure(script, c, args.duration)
                    if name == "login":
                        runs[name][c]["hasher_ms"] = hasher_ms(env)
                    log(
                        f"{label} {name} c={c}: {runs[name][c]['rps']} req/s, "
                        f"{runs[name][c]['errors']} errors; reference {ref_run['rps']} req/s"
                    )
            memory["after"] = {pid: rss_mb(pid) for pid in app.worker_pids()}
            memory["ref_after"] = {pid: rss_mb(pid) for pid in ref.worker_pids()}
            memory["litellm_after"] = any(maps_litellm(pid) for pid in app.worker_pids())
        finally:
            app.stop()
            ref.stop()
            restore_data()
        results["configs"][label] = {"workers": workers, "threads": threads, "runs": runs,
                                     "memory": memory}  # fmt: skip

    results.update(
        started=started,
        load_before=uptime_before,
        load_after=Path("/proc/loadavg").read_text().split()[:3],
        cores=os.cpu_count(),
        duration=args.duration,
        levels=levels,
        scenarios=scenarios,
        reference_config=args.reference_config or "the API's configuration",
        prepared={k: v for k, v in prepared.items() if k != "apply"},
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    print(report(results))
    shutil.rmtree(tmp, ignore_errors=True)


def settle(conn, query: str, params: tuple) -> None:
    """Wait until `query`'s row stops changing (at most 30 s): requests still queued in the
    workers when wrk stops go on committing; deleted too early, their rows would stay (an
    application left would answer 409 in the next apply run)."""
    before, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        now = conn.execute(query, params).fetchone()
        if now == before:
            return
        before = now
        time.sleep(0.5)


HASHER_SCRIPT = """
import time
import django
django.setup()
from django.contrib.auth.hashers import check_password, make_password
encoded = make_password("Bench-Login-Password-42")
timings = []
for _ in range(3):
    start = time.perf_counter()
    check_password("Bench-Login-Password-42", encoded)
    timings.append((time.perf_counter() - start) * 1000)
print(round(sorted(timings)[1], 1))
"""


def hasher_ms(env: dict) -> float:
    """check_password's wall time (median of 3) in a process of the API's settings, now: the
    login runs are compared with it at the same moment of the shared machine's load."""
    out = subprocess.run(  # noqa: S603 (this script's own command)
        [PYTHON, "-c", HASHER_SCRIPT], env=env, cwd=BASE_DIR, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return float(out.strip().splitlines()[-1])


REF_TOKEN_SCRIPT = """
import django
django.setup()
from django.contrib.auth.models import User
from ninja_jwt.tokens import AccessToken
user, _ = User.objects.get_or_create(username="bench")
print(AccessToken.for_user(user))
"""


# --- report -------------------------------------------------------------------------------------


def ratio(config: dict, name: str, c: int) -> float:
    """req/s of the scenario over the reference's, measured right before it."""
    return config["runs"][name][c]["rps"] / config["runs"]["ref"][name][c]["rps"]


def report(results: dict) -> str:
    levels = results["levels"]
    prepared = results["prepared"]
    hasher = prepared["hasher"]
    out = [
        f"Run {results['started']}, {results['cores']} cores, {results['duration']} s per wrk "
        f"run; load average before {' '.join(results['load_before'])}, after "
        f"{' '.join(results['load_after'])}. Data: {prepared['data']}.",
        f"Hasher: {hasher['algorithm']} ({hasher['iterations']} iterations): make_password "
        f"{hasher['make_password_ms']} ms, check_password {hasher['check_password_ms']} ms.",
        f"litellm in sys.modules after loading the WSGI app and serving every scenario once: "
        f"{prepared['litellm_imported']}.",
        "",
        "### reference (GET /api/ref/: JWTAuth + one SELECT), over all its runs",
        "",
        "The reference runs right before each scenario at the same c, under "
        f"{results['reference_config']}; a scenario's ratio is to that run.",
        "",
        "| config | c | runs | mean req/s | min | max | p50 ms (median) | p99 ms (median) | "
        "errors | CPU ms/req (median) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, config in results["configs"].items():
        for c in levels:
            refs = [config["runs"]["ref"][name][c] for name in results["scenarios"]]
            rps = [r["rps"] for r in refs]
            out.append(
                f"| {label} | {c} | {len(refs)} | {statistics.mean(rps):.0f} | {min(rps):.0f} | "
                f"{max(rps):.0f} | {statistics.median(r['p50_ms'] for r in refs)} | "
                f"{statistics.median(r['p99_ms'] for r in refs)} | "
                f"{sum(r['errors'] for r in refs)} | "
                f"{statistics.median(r['cpu_ms'] for r in refs)} |"
            )
    failed = sum(
        run["errors"]
        for config in results["configs"].values()
        for by_c in config["runs"]["ref"].values()
        for run in by_c.values()
    )
    if failed:
        out += ["", f"**WARNING: {failed} reference requests failed; its ratios are not valid.**"]
    for name in results["scenarios"]:
        spec = prepared["scenarios"][name]
        rows = f", {spec['rows']} rows" if spec.get("rows") is not None else ""
        path = spec["path"] if name != "apply" else "/api/channels/jobs/{id}/apply/"
        in_process = (
            f", {spec['cpu_ms']} CPU ms in process" if spec.get("cpu_ms") is not None else ""
        )
        out += [
            "",
            f"### {name}: {spec['method']} {path} ({spec['status']}{rows}, "
            f"{spec['queries']} SQL queries per request{in_process})",
            "",
            "| config | c | req/s | p50 ms | p99 ms | errors | reference req/s | ratio | "
            "CPU ms/req | reference CPU ms/req | CPU ratio |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for label, config in results["configs"].items():
            for c in levels:
                r = config["runs"][name][c]
                ref_run = config["runs"]["ref"][name][c]
                out.append(
                    f"| {label} | {c} | {r['rps']:.0f} | {r['p50_ms']} | {r['p99_ms']} | "
                    f"{r['errors']} | {ref_run['rps']:.0f} | {ratio(config, name, c):.2f} | "
                    f"{r['cpu_ms']} | {ref_run['cpu_ms']} | "
                    f"{ref_run['cpu_ms'] / max(r['cpu_ms'], 0.01):.2f} |"
                )
    if "login" in results["scenarios"]:
        out += [
            "",
            "### login against the hasher",
            "",
            "check_password timed in a separate process right after each login run. At c=1 a "
            "login's mean latency against it; above, the req/s the workers' hashing alone "
            "would allow (workers x threads, at most the cores, over the hasher's time).",
            "",
            "| config | c | login mean ms | check_password ms | hasher share | login req/s | "
            "hasher-bound req/s | ratio |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, config in results["configs"].items():
            parallel = min(config["workers"] * config["threads"], results["cores"])
            for c in levels:
                r = config["runs"]["login"][c]
                bound = min(c, parallel) * 1000 / r["hasher_ms"]
                out.append(
                    f"| {label} | {c} | {r['mean_ms']} | {r['hasher_ms']} | "
                    f"{r['hasher_ms'] / r['mean_ms']:.0%} | {r['rps']} | {bound:.1f} | "
                    f"{r['rps'] / bound:.2f} |"
                )
    out += [
        "",
        "### worker RSS (MB)",
        "",
        "| config | worker | boot | warm | after load | reference boot | reference after |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, config in results["configs"].items():
        memory = config["memory"]
        refs = list(zip(memory["ref_boot"].values(), memory["ref_after"].values(), strict=False))
        for index, pid in enumerate(memory["boot"]):
            ref_boot, ref_after = refs[index] if index < len(refs) else ("", "")
            out.append(
                f"| {label} | {index + 1} | {memory['boot'][pid]} | {memory['warm'].get(pid)} | "
                f"{memory['after'].get(pid)} | {ref_boot} | {ref_after} |"
            )
        out.append(
            f"| {label} | litellm mapped | {memory['litellm_boot']} | | {memory['litellm_after']} | | |"
        )
    if 32 in levels:
        out += ["", "### targets at c=32 (ratio to the reference)", "",
                "| scenario | target | " + " | ".join(results["configs"]) + " |",
                "|---|---|" + "---|" * len(results["configs"])]  # fmt: skip
        for name in results["scenarios"]:
            if name not in TARGETS:
                continue
            cells = []
            for config in results["configs"].values():
                value = ratio(config, name, 32)
                r, ref_run = config["runs"][name][32], config["runs"]["ref"][name][32]
                cpu = ref_run["cpu_ms"] / max(r["cpu_ms"], 0.01)
                verdict = "met" if value >= TARGETS[name] else "NOT met"
                cells.append(f"{value:.2f} {verdict} (CPU {cpu:.2f})")
            out.append(f"| {name} | ≥ {TARGETS[name]} | " + " | ".join(cells) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
