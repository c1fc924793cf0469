"""Run a command with every network attempt recorded and made to fail.

Two guards, so a test fails on any attempt, from Python or from C++ (Qt):
- an audit hook (netguard_site/sitecustomize.py) for Python processes, which
  fails the attempt where it happens;
- `strace -f` of socket calls, when strace works here, for everything else; the
  run counts as online if any process made an AF_INET/AF_INET6/AF_PACKET socket
  or a connect to one. Where strace cannot trace, the command runs in a network
  namespace with no interfaces (`unshare --net`), so nothing can get out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "netguard_site"
_NET_SYSCALL = re.compile(r"(socket|socketpair)\((AF_INET6?|AF_PACKET)\b|sa_family=AF_INET6?\b")


@dataclass(frozen=True)
class GuardedRun:
    returncode: int
    stdout: str
    stderr: str
    attempts: list[str]  # one entry per blocked or traced network attempt
    traced: bool  # whether strace watched the run


def strace_works() -> bool:
    exe = shutil.which("strace")
    if exe is None:
        return False
    probe = subprocess.run(
        [exe, "-qq", "-e", "trace=none", "true"], check=False, capture_output=True
    )
    return probe.returncode == 0


def netns_works() -> bool:
    """Whether `unshare --net` can give a command a network namespace with no interfaces."""
    exe = shutil.which("unshare")
    if exe is None:
        return False
    return subprocess.run([exe, "--net", "true"], check=False, capture_output=True).returncode == 0


def guarded_run(
    cmd: Sequence[str],
    log_dir: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    python_hook: bool = True,
) -> GuardedRun:
    """Run `cmd` under both guards; `log_dir` must be writable by the command's user."""
    hook_log = log_dir / "netguard-python.log"
    trace_log = log_dir / "netguard-strace.log"
    run_env = dict(os.environ if env is None else env)
    if python_hook:
        run_env["IJREF_NETGUARD_LOG"] = str(hook_log)
        run_env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(SITE_DIR), run_env.get("PYTHONPATH", "")])
        )
    traced = strace_works()
    full = list(cmd)
    if traced:
        full = ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace_log), *full]
    elif netns_works():
        # No tracer here: at least run where no network exists, so nothing can leak.
        full = ["unshare", "--net", *full]
    proc = subprocess.run(
        full, check=False, capture_output=True, text=True, env=run_env, timeout=timeout
    )
    attempts: list[str] = []
    if hook_log.exists():
        attempts += [b for b in hook_log.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    if trace_log.exists():
        lines = trace_log.read_text(encoding="utf-8", errors="replace").splitlines()
        attempts += [ln for ln in lines if _NET_SYSCALL.search(ln)]
    return GuardedRun(proc.returncode, proc.stdout, proc.stderr, attempts, traced)
