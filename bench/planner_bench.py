"""Generates a year of planner history and a Taskwarrior database, then times both side by side.

Called by bench/planner.sh: planner_bench.py OPSBOOK WORKDIR ROUNDS [OPSBOOK_DYNAMIC]

OPSBOOK is the build staff install (Swift runtime and Foundation linked statically); OPSBOOK_DYNAMIC,
when given, is the same code linked against the toolchain's shared libraries, timed in the same rounds.
"""
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid

opsbook, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
dynamic = sys.argv[4] if len(sys.argv) > 4 else None
random.seed(7)
root = os.path.join(work, "team")
tasks_dir = os.path.join(root, "content", "tasks")
os.makedirs(tasks_dir)
os.makedirs(os.path.join(root, "content", "handbook"))
with open(os.path.join(root, "content", "site.yaml"), "w") as f:
    f.write("title: bench\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n")

# A year of plans: 365 files × 30 tasks, and their ticks.
today = datetime.date(2026, 11, 26)
first = today - datetime.timedelta(days=364)
owners = ["小李", "小王", "阿杰", "小敏", "小周"]
journal = ["# opsbook journal: at\tday\tevent\tplanned\tid\twho\treason\n"]
open_count = 0
for offset in range(365):
    day = first + datetime.timedelta(days=offset)
    mmdd = day.strftime("%m%d")
    lines = [f"# {day} plan\ntasks:\n"]
    for n in range(1, 31):
        tid = f"{mmdd}-{n}"
        owner = owners[n % len(owners)]
        lines.append(
            f"  - id: {tid}\n    title: 任务 {n}:核对异常订单并回复买家\n    owner: {owner}\n    by: 王主管\n"
            f"    quadrant: {1 + n % 4}\n    priority: {n}\n    outcome: 每一单都有处理人\n")
        if day == today:
            continue  # today's tasks are what the benchmark ticks
        at = f"{day}T{9 + n % 9:02d}:{n:02d}:00+08:00"
        roll = random.random()
        if roll < 0.90:
            journal.append(f"{at}\t{day}\tdone\t{day}\t{tid}\t{owner}\t\n")
        elif roll < 0.97:
            nxt = day + datetime.timedelta(days=1)
            journal.append(f"{at}\t{day}\tnot-done\t{day}\t{tid}\t{owner}\t等供应商回复\n")
            journal.append(f"{nxt}T10:00:00+08:00\t{nxt}\tdone\t{day}\t{tid}\t{owner}\t\n")
        elif roll < 0.99:
            journal.append(f"{at}\t{day}\tdrop\t{day}\t{tid}\t王主管\t活动取消\n")
        else:
            open_count += 1
    with open(os.path.join(tasks_dir, f"{day}.yaml"), "w") as f:
        f.write("".join(lines))
with open(os.path.join(tasks_dir, "journal.log"), "w") as f:
    f.write("".join(journal))
print(f"history: 365 plan files x 30 tasks, {len(journal) - 1} journal lines, {open_count} tasks left open to carry over")

# Taskwarrior: 11,000 pending tasks, imported from one JSON file.
taskdata = os.path.join(work, "taskdata")
os.makedirs(taskdata)
taskrc = os.path.join(work, "taskrc")
with open(taskrc, "w") as f:
    f.write(f"data.location={taskdata}\nconfirmation=off\nverbose=nothing\nnews.version=2.6.2\n")
entries = []
for n in range(11000):
    entries.append({
        "uuid": str(uuid.uuid4()), "status": "pending", "entry": "20261101T080000Z",
        "description": f"任务 {n}:核对异常订单并回复买家", "project": owners[n % len(owners)],
        "priority": "HML"[n % 3],
    })
with open(os.path.join(work, "tasks.json"), "w") as f:
    json.dump(entries, f)
env = dict(os.environ, TASKRC=taskrc, TASKDATA=taskdata, NO_COLOR="1", OPSBOOK_USER="bench")
subprocess.run(["task", "rc.confirmation=off", "import", os.path.join(work, "tasks.json")], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
pending = subprocess.run(["task", "rc.verbose=nothing", "status:pending", "count"], env=env, capture_output=True,
                         text=True).stdout.strip()
print(f"taskwarrior: {pending} pending tasks ({subprocess.run(['task', '--version'], capture_output=True, text=True).stdout.strip()})")


def timed(argv):
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{result.stderr.decode()}")
    return elapsed * 1000


cold = timed([opsbook, "today", "--root", root, "--date", str(today)])
print(f"first opsbook today (reads the whole year, writes the index): {cold:.1f} ms")

results = {"opsbook done": [], "task ID done": [], "opsbook today": [], "task next": [],
           "dynamic done": [], "dynamic today": [], "opsbook --help": [], "dynamic --help": []}
mmdd = today.strftime("%m%d")
for r in range(rounds):
    # The static build ticks tasks 1-15, the shared-library build 16-30.
    results["opsbook done"].append(
        timed([opsbook, "done", f"{mmdd}-{r % 15 + 1}", "--root", root, "--date", str(today)]))
    results["task ID done"].append(timed(["task", "rc.confirmation=off", str(11000 - r), "done"]))
    results["opsbook today"].append(timed([opsbook, "today", "--root", root, "--date", str(today)]))
    results["task next"].append(timed(["task", "next"]))
    results["opsbook --help"].append(timed([opsbook, "--help"]))
    if dynamic:
        results["dynamic done"].append(
            timed([dynamic, "done", f"{mmdd}-{r % 15 + 16}", "--root", root, "--date", str(today)]))
        results["dynamic today"].append(timed([dynamic, "today", "--root", root, "--date", str(today)]))
        results["dynamic --help"].append(timed([dynamic, "--help"]))

medians = {name: statistics.median(values) for name, values in results.items() if values}
print(f"\n{rounds} rounds, alternating; median wall time per command:\n")
print("| command | opsbook | taskwarrior 2.6 | ratio |")
print("|---|---|---|---|")
print(f"| tick one task | {medians['opsbook done']:.1f} ms | {medians['task ID done']:.1f} ms | "
      f"{medians['task ID done'] / medians['opsbook done']:.1f}× |")
print(f"| day view (`today` / `task next`) | {medians['opsbook today']:.1f} ms | {medians['task next']:.1f} ms | "
      f"{medians['task next'] / medians['opsbook today']:.1f}× |")
if dynamic:
    print(f"| tick, shared-library build | {medians['dynamic done']:.1f} ms | {medians['task ID done']:.1f} ms | "
          f"{medians['task ID done'] / medians['dynamic done']:.1f}× |")
    print(f"| day view, shared-library build | {medians['dynamic today']:.1f} ms | {medians['task next']:.1f} ms | "
          f"{medians['task next'] / medians['dynamic today']:.1f}× |")
print(f"\nprocess start-up (`opsbook --help`): {medians['opsbook --help']:.1f} ms"
      + (f"; shared-library build {medians['dynamic --help']:.1f} ms" if dynamic else ""))
