#!/usr/bin/env python3
"""Build-speed benchmark: opsbook against Hugo and the raw cmark floor, side by side in one run.

Usage: python3 bench/build.py [--sizes 2000,20000] [--rounds 5] [--keep DIR]

For each size it generates the synthetic corpus (bench/gen_corpus.py), then runs, alternating the
tools in every round:
  - opsbook build (release binary), a full build from scratch;
  - hugo on the same pages (the generator writes the matching Hugo site);
  - cmark over every page (parse and render only: the floor);
  - opsbook rebuilds: nothing changed, and one page's body changed.
It prints medians, the ratios opsbook/Hugo and opsbook/cmark, and peak memory (max RSS).
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
    subprocess.run(["swift", "build", "-c", "release", "--product", "opsbook"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(REPO, ".build", "release", "opsbook")


def timed(cmd, cwd=None, stdin=None):
    """Wall seconds and peak RSS (KiB) of one command, measured by GNU time semantics via wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


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


def run_size(opsbook, pages, rounds, work):
    root = os.path.join(work, f"corpus-{pages}")
    if not os.path.exists(root):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), root, str(pages)], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copytree(os.path.join(REPO, "templates"), os.path.join(root, "templates"))
    out = os.path.join(work, f"site-{pages}")
    hugo_out = os.path.join(work, f"hugo-{pages}")
    one_page = os.path.join(root, "content", "handbook", "pre-sales", "page-00000.md")
    results = {k: [] for k in ("opsbook", "hugo", "cmark", "noop", "one_page")}
    memory = {"opsbook": 0, "hugo": 0}

    def opsbook_full():
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(os.path.join(root, ".opsbook-cache"), ignore_errors=True)
        return timed([opsbook, "build", "--root", root, "--out", out])

    for r in range(rounds):
        for tool in ("opsbook", "hugo", "cmark"):
            if tool == "opsbook":
                t, m = opsbook_full()
            elif tool == "hugo":
                shutil.rmtree(hugo_out, ignore_errors=True)
                t, m = timed(["hugo", "--quiet", "-s", os.path.join(root, "hugo"), "-d", hugo_out])
            else:
                t, m = cmark_floor(root)
            results[tool].append(t)
            if tool in memory:
                memory[tool] = max(memory[tool], m)
        t, _ = timed([opsbook, "build", "--root", root, "--out", out])
        results["noop"].append(t)
        with open(one_page, "a", encoding="utf-8") as f:
            f.write(f"\n补充说明第{r}条。\n")
        t, _ = timed([opsbook, "build", "--root", root, "--out", out])
        results["one_page"].append(t)

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"\n## {pages} pages ({rounds} rounds, medians)")
    print(f"| measure | seconds |")
    print(f"|---|---|")
    print(f"| opsbook full build | {med['opsbook']:.3f} |")
    print(f"| hugo full build | {med['hugo']:.3f} |")
    print(f"| cmark floor | {med['cmark']:.3f} |")
    print(f"| opsbook rebuild, nothing changed | {med['noop']:.3f} |")
    print(f"| opsbook rebuild, one page changed | {med['one_page']:.3f} |")
    print(f"\nopsbook/hugo = {med['opsbook'] / med['hugo']:.2f}, opsbook/cmark = {med['opsbook'] / med['cmark']:.2f}, "
          f"one-page rebuild / full = {med['one_page'] / med['opsbook']:.3f}")
    print(f"peak memory: opsbook {memory['opsbook'] / 1024:.0f} MiB, hugo {memory['hugo'] / 1024:.0f} MiB")
    return med


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", help="folder for corpora and sites (default: a temporary one)")
    args = parser.parse_args()
    opsbook = ensure_tools()
    work = args.keep or tempfile.mkdtemp(prefix="opsbook-bench-")
    os.makedirs(work, exist_ok=True)
    subprocess.run(["git", "-C", REPO, "log", "-1", "--format=commit %h %s"])
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}")
    medians = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        medians[size] = run_size(opsbook, size, args.rounds, work)
    if 2000 in medians and 20000 in medians:
        print(f"\n20,000 / 2,000 pages (opsbook full build) = {medians[20000]['opsbook'] / medians[2000]['opsbook']:.2f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
