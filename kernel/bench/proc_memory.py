"""A process's memory as the benches report it, from /proc/PID/smaps_rollup: resident (RSS) and
proportional (PSS: pages shared with other processes, such as the class-data archive or the
JDK's files, split between them)."""


def rss_pss_mib(pid):
    """{"rss": MiB, "pss": MiB} of one process."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if parts[0] in ("Rss:", "Pss:"):
                values[parts[0][:-1].lower()] = int(parts[1]) / 1024
    return values
