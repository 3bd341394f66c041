"""Run the web server and the task worker side by side, and keep the worker running.

`manage.py serve` uses this. A worker that exits is started again after a back-off (1 s, 2 s,
4 s, ... up to 30 s), with a log line each time; one that keeps exiting (more than 5 times within
2 minutes) stops everything with an error, so a web server is never left running without its
worker unnoticed. The web server ending ends the whole: the caller decides what its exit means.
"""

import subprocess
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RestartPolicy:
    """When to start an exited worker again, and when to give up."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    max_restarts: int = 5
    window: float = 120.0

    def delay(self, recent_exits: int) -> float:
        """Seconds to wait before the next start, after `recent_exits` exits within the window."""
        return min(self.first_delay * 2 ** (recent_exits - 1), self.max_delay)


class WorkerKeepsExiting(Exception):
    """The worker exited more often than the policy allows; everything has been stopped."""


class Supervisor:
    """Start `web` and `worker` (argument lists, no shell) in `cwd` with `env`, and watch them.

    `run()` returns once the web server has exited or `stop()` was called (from a signal handler,
    say), after stopping whatever still runs: the web server's exit code, or 0 when stopped.
    """

    def __init__(
        self,
        web: Sequence[str],
        worker: Sequence[str],
        *,
        cwd: Path | str,
        env: Mapping[str, str],
        log: Callable[[str], None],
        policy: RestartPolicy | None = None,
        poll_interval: float = 0.2,
        stop_timeout: float = 15.0,
    ):
        self.web, self.worker = list(web), list(worker)
        self.cwd, self.env, self.log = cwd, dict(env), log
        self.policy = policy or RestartPolicy()
        self.poll_interval, self.stop_timeout = poll_interval, stop_timeout
        self._stopping = False
        self._running: dict[str, subprocess.Popen] = {}

    def stop(self) -> None:
        """Ask `run()` to stop both processes and return (safe in a signal handler)."""
        self._stopping = True

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        # Fixed argument lists from the caller, no shell: nothing untrusted reaches them.
        process = subprocess.Popen(command, cwd=self.cwd, env=self.env)  # noqa: S603
        self._running[name] = process
        self.log(f"{name} started (pid {process.pid}).")
        return process

    def run(self) -> int:
        web = self._start("web server", self.web)
        worker: subprocess.Popen | None = self._start("task worker", self.worker)
        exits: deque[float] = deque()
        restart_at = 0.0
        try:
            while not self._stopping and web.poll() is None:
                now = time.monotonic()
                if worker is None:
                    if now >= restart_at:
                        worker = self._start("task worker", self.worker)
                elif (code := worker.poll()) is not None:
                    del self._running["task worker"]
                    worker = None
                    restart_at = self._after_worker_exit(exits, now, code)
                time.sleep(self.poll_interval)
        finally:
            self._stop_all()
        if self._stopping:
            return 0
        self.log(f"web server exited with code {web.returncode}; stopped the task worker.")
        return web.returncode

    def _after_worker_exit(self, exits: deque[float], now: float, code: int) -> float:
        """Record an exit; the time to start the worker again, or WorkerKeepsExiting."""
        exits.append(now)
        while now - exits[0] > self.policy.window:
            exits.popleft()
        if len(exits) > self.policy.max_restarts:
            raise WorkerKeepsExiting(
                f"The task worker exited {len(exits)} times within "
                f"{self.policy.window:g} seconds (last exit code {code}); "
                "stopping the web server too. See the worker's log above."
            )
        delay = self.policy.delay(len(exits))
        self.log(f"task worker exited with code {code}; starting it again in {delay:g} s.")
        return now + delay

    def _stop_all(self) -> None:
        """Terminate what still runs, wait for it, kill what outlives `stop_timeout`."""
        for process in self._running.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + self.stop_timeout
        for process in self._running.values():
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
