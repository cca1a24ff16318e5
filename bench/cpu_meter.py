"""CPU time per process during a phase of a bench, from /proc/<pid>/stat: where the ceiling is.

A watched process counts with every descendant (uvicorn workers, PostgreSQL backends, nginx
workers): user + system time of the live ones, plus the time of the ones that ended, which the
kernel adds to their parent's children's times when it reaps them. The bench itself and the
children it waited for (wrk) come from getrusage. On a machine shared with other work, `machine`
(every process's CPU, from /proc/stat) and `cpu_wait` (the time some runnable task waited for a
CPU, from /proc/pressure/cpu) say how much the rest of the machine took.
"""

import os
import resource
from collections import defaultdict
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, utime + stime + cutime + cstime in clock ticks), for every process now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ')'.
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    return found


def _tree_seconds(root: int, processes: dict[int, tuple[int, int]]) -> float:
    children: defaultdict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in processes.items():
        children[parent].append(pid)
    ticks, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in processes:
            ticks += processes[pid][1]
            stack.extend(children[pid])
    return ticks / TICKS_PER_SECOND


def _machine_seconds() -> float:
    """CPU seconds every core spent busy since boot (user, nice, system, irq, softirq, steal)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND


def _cpu_wait_seconds() -> float:
    """Seconds during which at least one runnable task waited for a CPU (0 without PSI)."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return 0.0
    return int(some.rsplit("total=", 1)[1]) / 1e6


def _rusage_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds per watched process (name -> pid), plus `bench` (this process), `wrk` (the
    children this process waited for), `machine` and `cpu_wait`."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = {name: pid for name, pid in roots.items() if pid > 0}

    def sample(self) -> dict[str, float]:
        processes = _processes()
        seconds = {name: _tree_seconds(pid, processes) for name, pid in self.roots.items()}
        seconds["bench"] = _rusage_seconds(resource.RUSAGE_SELF)
        seconds["wrk"] = _rusage_seconds(resource.RUSAGE_CHILDREN)
        seconds["machine"] = _machine_seconds()
        seconds["cpu_wait"] = _cpu_wait_seconds()
        return seconds


def shares(before: dict[str, float], after: dict[str, float], wall_seconds: float) -> dict[str, float]:
    """CPU time of each process between two samples, as a share of one core (1.0 = one core busy)."""
    return {
        name: round(max(0.0, after[name] - before.get(name, 0.0)) / wall_seconds, 3)
        for name in after
        if wall_seconds > 0
    }
