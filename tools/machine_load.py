"""How busy the machine was while something was timed: the share of its CPUs that other work used.

A time or a speed ratio holds only under the conditions it was measured in, so the timing tools
print this next to their numbers:

    with OtherLoad() as load:
        ...                       # the timed work
    print(load.describe())        # "other processes used 3% of the 2 CPUs meanwhile"

It reads Linux's /proc/stat (all CPU time spent) and subtracts this process's own time and that of
the children it waited for; elsewhere it falls back to the load average, or says it cannot tell.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

STAT = Path("/proc/stat")


def _busy_seconds() -> float | None:
    """All CPUs' busy time since boot, in seconds (None where /proc/stat is missing)."""
    try:
        fields = [int(x) for x in STAT.read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")  # user .. steal; guest is inside user


def _own_seconds() -> float:
    """CPU time of this process (all its threads) and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class OtherLoad:
    """A context manager: after it, `share` is the part of all CPUs other work used (0 to 1), or None."""

    def __enter__(self) -> OtherLoad:
        self.share: float | None = None
        self._start = (time.monotonic(), _busy_seconds(), _own_seconds())
        return self

    def __exit__(self, *exc) -> None:
        wall0, busy0, own0 = self._start
        wall, busy = time.monotonic() - wall0, _busy_seconds()
        if busy is not None and busy0 is not None and wall > 0:
            others = (busy - busy0) - (_own_seconds() - own0)
            self.share = min(1.0, max(0.0, others / (wall * (os.cpu_count() or 1))))

    def describe(self) -> str:
        """One line: how much of the machine other work used while the block ran."""
        cpus = os.cpu_count() or 1
        if self.share is not None:
            return f"other processes used {self.share:.0%} of the {cpus} CPUs meanwhile"
        if hasattr(os, "getloadavg"):
            return f"{cpus} CPUs, load average {os.getloadavg()[0]:.2f} over the last minute (this run included)"
        return f"{cpus} CPUs; how busy they were is unknown here"
