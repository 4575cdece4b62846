#!/usr/bin/env python3
"""Build-speed benchmark: opsbook against Hugo and the raw cmark floor, side by side in one run.

Usage: python3 bench/build.py [--sizes 2000,20000] [--rounds 5] [--keep DIR]

For each size it generates the synthetic corpus (bench/gen_corpus.py), then runs, alternating the
tools in every round:
  - opsbook build (release binary), a full build from scratch: no cache, no previous output;
  - hugo on the same pages (the generator writes the matching Hugo site), into an empty folder;
  - cmark over every page (parse and render only: the floor);
  - both again into their previous output (opsbook with its cache removed, so every page is
    parsed and rendered again; Hugo always renders everything);
  - opsbook rebuilds: nothing changed, and one page's body changed (five edits a round);
  - opsbook on the same pages plus a year of day sheets (365 plans x 30 tasks, with ticks).
These four cold measures run in a new order each round (opsbook first, then the day sheets, then
Hugo, then cmark, and round again), so that no tool always pays for whatever the round before left
the file system doing. Each round then builds the handbook alone and with its day sheets a few more
times, in pairs, back to back and in alternating order (`--sheet-pairs`): the sheets' share is the
median of those pairs' ratios, which the machine's drift from round to round does not move.
It prints medians, the ratios opsbook/Hugo and opsbook/cmark, and peak memory (max RSS).
Before each timed command the disk is synced and the corpus, the tools' binaries and opsbook's
cache files are read once, so that no tool pays for reading the disk: this VM pages out file
pages idle for a few seconds (DAMON), which made any one figure swing by a third.
Installs Debian's hugo and cmark when missing. Nothing here is a test: it only measures.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time, resource

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def ensure_tools():
    missing = [p for p, exe in (("hugo", "hugo"), ("cmark", "cmark")) if shutil.which(exe) is None]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "-qq"] + missing, check=True)
    subprocess.run(["bash", os.path.join(REPO, "scripts", "install-deps"), "build"], check=True)
    # Built the way README installs it for staff: the Swift runtime linked in (start-up ~7 ms, not ~15).
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--scratch-path", ".build/static",
                    "--product", "opsbook"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(REPO, ".build", "static", "release", "opsbook")


# Files and folders read before each timed command (see the module's docstring).
WARM = []


def warm():
    for path in WARM:
        if not os.path.exists(path):
            continue
        files = [path] if os.path.isfile(path) else [
            os.path.join(folder, name) for folder, _, names in os.walk(path) for name in names]
        for name in files:
            with open(name, "rb") as f:
                while f.read(1 << 20):
                    pass


def timed(cmd, cwd=None, stdin=None):
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one command, from wait4.

    The disk is synced first, so no command pays for writing back what the one before it wrote
    (hundreds of megabytes at 20,000 pages); then the inputs are read into memory (`warm`)."""
    os.sync()
    warm()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def cmark_floor(root):
    files = []
    for folder, _, names in os.walk(os.path.join(root, "content", "handbook")):
        files += [os.path.join(folder, n) for n in names if n.endswith(".md")]
    files.sort()
    with tempfile.TemporaryFile() as joined:
        for f in files:
            with open(f, "rb") as src:
                joined.write(src.read())
                joined.write(b"\n")
        joined.seek(0)
        return timed(["cmark"], stdin=joined)


def write_year_of_plans(root):
    """365 plan files of 30 tasks ending 2026-11-26 with their ticks: 90% done on the day, 7% not done
    with a reason and done the next day, 2% dropped, 1% never ticked (they carry over to the end)."""
    import datetime, random
    rng = random.Random(7)
    tasks = os.path.join(root, "content", "tasks")
    os.makedirs(tasks, exist_ok=True)
    last = datetime.date(2026, 11, 26)
    journal = ["# opsbook journal: at\tday\tevent\tplanned\tid\twho\treason\n"]
    for back in range(365):
        day = last - datetime.timedelta(days=364 - back)
        lines = [f"# {day}\ntasks:\n"]
        for n in range(1, 31):
            tid = f"{day:%m%d}-{n}"
            lines.append(f"  - id: {tid}\n    title: 第{n}项:核对异常订单并回复买家\n    owner: 小李\n    by: 王主管\n"
                         f"    quadrant: {1 + n % 4}\n    priority: {n}\n    outcome: 每一单都有处理人\n")
            at, roll = f"{day}T10:{n:02d}:00+08:00", rng.random()
            if roll < 0.90:
                journal.append(f"{at}\t{day}\tdone\t{day}\t{tid}\t小李\t\n")
            elif roll < 0.97:  # not done, with a reason, then done the next day
                nxt = day + datetime.timedelta(days=1)
                journal.append(f"{at}\t{day}\tnot-done\t{day}\t{tid}\t小李\t等供应商回复\n")
                journal.append(f"{nxt}T10:00:00+08:00\t{nxt}\tdone\t{day}\t{tid}\t小李\t\n")
            elif roll < 0.99:
                journal.append(f"{at}\t{day}\tdrop\t{day}\t{tid}\t王主管\t活动取消\n")
            # else: never ticked, it carries over to the end
        with open(os.path.join(tasks, f"{day}.yaml"), "w", encoding="utf-8") as f:
            f.write("".join(lines))
    with open(os.path.join(tasks, "journal.log"), "w", encoding="utf-8") as f:
        f.write("".join(journal))


def discard(path, work):
    """Moves a folder out of the way, into a trash folder emptied when the whole run is over.

    Deleting thousands of files and creating as many straight away is slow on this machine's ext4
    volume, which has no journal: for a minute or more after a delete, the kernel's inode allocator
    skips every recently freed inode one by one (`recently_deleted` in perf), adding 0.4-0.9 s to
    whichever generator runs next. A user's first build does not follow a mass delete, so no
    measured build should."""
    if os.path.exists(path):
        trash = os.path.join(work, "trash")
        os.makedirs(trash, exist_ok=True)
        os.rename(path, os.path.join(trash, f"{len(os.listdir(trash))}"))


def watch_rebuilds(opsbook, root, output, page, edits=5):
    """Median seconds from saving `page` to `opsbook build --watch` reporting the site rebuilt."""
    proc = subprocess.Popen([opsbook, "build", "--watch", "--root", root, "--out", output],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        os.sync()
        warm()
        times = []
        for n in range(edits):
            time.sleep(0.3)
            start = time.perf_counter()
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n监视模式补充第{n}条。\n")
            for line in proc.stdout:
                if line.startswith("rebuilt in"):
                    break
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait()


def run_size(opsbook, pages, rounds, work, sheet_pairs):
    root = os.path.join(work, f"corpus-{pages}")
    if not os.path.exists(root):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), root, str(pages)], check=True,
                       stdout=subprocess.DEVNULL)
    planned = os.path.join(work, f"corpus-{pages}-with-plans")
    if not os.path.exists(planned):
        shutil.copytree(root, planned, ignore=shutil.ignore_patterns("hugo", "templates"))
        write_year_of_plans(planned)
    for corpus in (root, planned):  # the templates as they are now, also in a kept folder
        shutil.rmtree(os.path.join(corpus, "templates"), ignore_errors=True)
        shutil.copytree(os.path.join(REPO, "templates"), os.path.join(corpus, "templates"))
    out = os.path.join(work, f"site-{pages}")
    planned_out = os.path.join(work, f"site-{pages}-with-plans")
    hugo_out = os.path.join(work, f"hugo-{pages}")
    one_page = os.path.join(root, "content", "handbook", "pre-sales", "page-00000.md")
    names = ("opsbook", "hugo", "cmark", "opsbook_warm", "hugo_warm", "noop", "one_page", "watch", "with_plans")
    results = {k: [] for k in names}
    memory = {"opsbook": 0, "hugo": 0}
    cpu = {k: [] for k in ("opsbook", "hugo", "cmark", "with_plans")}
    WARM[:] = [root, planned, opsbook, shutil.which("hugo"), shutil.which("cmark")] + [
        os.path.join(work, f".{os.path.basename(site)}.opsbook-cache") for site in (out, planned_out)]
    WARM[:] = [path for path in WARM if path]

    def clear(output):
        folder, name = os.path.split(output)
        for path in (output, os.path.join(folder, f".{name}.spare")):
            discard(path, work)
        for path in (os.path.join(folder, f".{name}.opsbook-cache"),):
            if os.path.exists(path):
                os.remove(path)

    def opsbook_build(source, output):
        return timed([opsbook, "build", "--root", source, "--out", output])

    def drop_cache(output):
        folder, name = os.path.split(output)
        path = os.path.join(folder, f".{name}.opsbook-cache")
        if os.path.exists(path):
            os.remove(path)

    hugo_cmd = ["hugo", "--quiet", "-s", os.path.join(root, "hugo"), "-d", hugo_out]
    def cold_opsbook():
        clear(out)
        t, m, c = opsbook_build(root, out)
        results["opsbook"].append(t)
        cpu["opsbook"].append(c)
        memory["opsbook"] = max(memory["opsbook"], m)

    def cold_with_plans():
        clear(planned_out)
        t, _, c = opsbook_build(planned, planned_out)
        results["with_plans"].append(t)
        cpu["with_plans"].append(c)

    def cold_hugo():
        discard(hugo_out, work)
        t, m, c = timed(hugo_cmd)
        results["hugo"].append(t)
        cpu["hugo"].append(c)
        memory["hugo"] = max(memory["hugo"], m)

    def floor():
        t, _, c = cmark_floor(root)
        results["cmark"].append(t)
        cpu["cmark"].append(c)

    cold = [cold_opsbook, cold_with_plans, cold_hugo, floor]
    # The day sheets' build over the handbook's, each pair built back to back.
    paired = []
    for r in range(rounds):
        # The cold builds in a new order each round, so that no tool always pays for going first
        # (the first build of a round used to pay for the files an opsbook build of the round
        # before had deleted, which it no longer does).
        for measure in cold[r % len(cold):] + cold[:r % len(cold)]:
            measure()
        # The handbook's cold build moved by a tenth or more from one round to the next with the
        # same code, and a ratio of two medians with it: pairs built seconds apart share the
        # machine's state. Which of the two goes first alternates.
        for pair in range(sheet_pairs):
            for measure in ((cold_opsbook, cold_with_plans) if (r + pair) % 2 == 0 else (cold_with_plans, cold_opsbook)):
                measure()
            paired.append(results["with_plans"][-1] / results["opsbook"][-1])
        drop_cache(out)
        results["opsbook_warm"].append(opsbook_build(root, out)[0])
        results["hugo_warm"].append(timed(hugo_cmd)[0])
        opsbook_build(root, out)  # after a build without a cache the spare's contents are unknown: settle first
        results["noop"].append(opsbook_build(root, out)[0])
        for edit in range(5):  # a few milliseconds each: several per round, for a steadier median
            with open(one_page, "a", encoding="utf-8") as f:
                f.write(f"\n补充说明第{r}-{edit}条。\n")
            results["one_page"].append(opsbook_build(root, out)[0])
        results["watch"].append(watch_rebuilds(opsbook, root, os.path.join(work, f"watch-{pages}"), one_page))

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"\n## {pages} pages ({rounds} rounds, medians)\n")
    print("| measure | seconds | CPU seconds (user + system) | each round (seconds) |")
    print("|---|---|---|---|")
    rows = [("opsbook full build (no cache, no previous output)", "opsbook"),
            ("hugo full build (empty output folder)", "hugo"),
            ("cmark floor (parse and render only)", "cmark"),
            ("opsbook full build into its previous output, cache removed", "opsbook_warm"),
            ("hugo build into its previous output", "hugo_warm"),
            ("opsbook rebuild, nothing changed", "noop"),
            ("opsbook rebuild, one page's body changed", "one_page"),
            ("opsbook build --watch: one page saved until the site is rebuilt", "watch"),
            ("opsbook full build with a year of day sheets", "with_plans")]
    for label, key in rows:
        spent = f"{statistics.median(cpu[key]):.3f}" if key in cpu else ""
        each = ", ".join(f"{t:.3f}" for t in results[key])
        print(f"| {label} | {med[key]:.3f} | {spent} | {each} |")
    print(f"\n- opsbook/hugo = {med['opsbook'] / med['hugo']:.2f} (empty output), "
          f"{med['opsbook_warm'] / med['hugo_warm']:.2f} (previous output present)")
    print(f"- opsbook/cmark = {med['opsbook'] / med['cmark']:.2f}")
    print(f"- one-page rebuild / full build = {med['one_page'] / med['opsbook']:.3f} (watching: "
          f"{med['watch'] / med['opsbook']:.3f}); "
          f"nothing changed / full = {med['noop'] / med['opsbook']:.3f}")
    print(f"- a year of day sheets adds {100 * (med['with_plans'] / med['opsbook'] - 1):.0f}% to the full build "
          f"(ratio of the medians above)")
    if paired:
        print(f"- a year of day sheets adds {100 * (statistics.median(paired) - 1):.1f}% to the full build: median of "
              f"{len(paired)} pairs built back to back ({', '.join(f'{100 * (x - 1):+.0f}' for x in paired)} %)")
    print(f"- peak memory (max RSS): opsbook {memory['opsbook'] / 1024:.0f} MiB, hugo {memory['hugo'] / 1024:.0f} MiB")
    return med


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", help="folder for corpora and sites (default: a temporary one)")
    parser.add_argument("--sheet-pairs", type=int, default=3,
                        help="extra handbook / day-sheet build pairs per round (default 3)")
    args = parser.parse_args()
    opsbook = ensure_tools()
    work = args.keep or tempfile.mkdtemp(prefix="opsbook-bench-")
    os.makedirs(work, exist_ok=True)
    subprocess.run(["git", "-C", REPO, "log", "-1", "--format=commit %h %s"])
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}")
    medians = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        medians[size] = run_size(opsbook, size, args.rounds, work, args.sheet_pairs)
    if 2000 in medians and 20000 in medians:
        print(f"\n20,000 / 2,000 pages, opsbook full build: {medians[20000]['opsbook'] / medians[2000]['opsbook']:.2f}; "
              f"hugo: {medians[20000]['hugo'] / medians[2000]['hugo']:.2f}")
    shutil.rmtree(os.path.join(work, "trash"), ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
