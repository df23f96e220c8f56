#!/usr/bin/env python3
"""Launch vs train: the default `ordo train` job three ways, interleaved, in fresh processes.

Modes (each run in its own fresh --out, the same job seed, HTTP endpoints off):
  train-w1   ./ordo train --workers 1
  train-w2   ./ordo train --workers 2                       (LocalGradientExchange, one JVM)
  launch-n2  ./ordo launch --standalone --nnodes 2          (AeronGradientExchange, 2 node JVMs)
Every round runs each mode once; the order rotates from round to round (round r starts with mode
r mod 3), so every mode sees the same load on average. Per mode it reports medians over rounds of:
  wall s       the whole command (JVM start, cluster and ring formation, training, final eval)
  tokens/s     median of the run's metrics.jsonl train lines' `tokens_per_second` (rank 0's global
               tokens over each log-every interval), the first line left out (start-up, JIT);
               this is the figure compared, not tokens / wall time
  eval loss, exact match   the last `eval` line of metrics.jsonl (held-out loss and `accuracy`)
and the ratio launch-n2 / train-w2 of tokens/s (median of the per-round ratios, and their range),
the figure the project tracks (goal: >= 0.95), and of wall time (train-w2 wall / launch-n2 wall).

Run from anywhere in the checkout (standard library only, any python3 >= 3.8):
  bench/scripts/launch_vs_train.py --steps 300 --rounds 5
  bench/scripts/launch_vs_train.py --steps 20 --rounds 1            # smoke
  bench/scripts/launch_vs_train.py --rounds 3 -- --objective ntp    # job options after --, for all modes
Logs, run directories and results.json go under --out-root (default runs/launch-vs-train/<time>).
Ports: launch gets a free seed (Artery) port and a free Aeron UDP port pair per run; train runs and
launch nodes start with --http-port -1, so nothing collides with other runs on this host.
"""
import argparse
import datetime
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

MODES = ("train-w1", "train-w2", "launch-n2")
REPO = Path(__file__).resolve().parents[2]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--steps", type=int, default=300, help="optimizer steps per run (default 300)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians over them (default 3)")
    p.add_argument("--seed", type=int, default=42, help="job (model and data) seed of every run (default 42)")
    p.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of " + ",".join(MODES))
    p.add_argument("--ordo", default=str(REPO / "ordo"), help="the ordo launcher (default: this checkout's)")
    p.add_argument("--out-root", type=Path, default=None,
                   help="where run directories and logs go (default runs/launch-vs-train/<time> in the checkout)")
    p.add_argument("--timeout-s", type=float, default=1800, help="a run taking longer is killed and counted as failed")
    p.add_argument("job_args", nargs="*", help="job options for every mode, after --, e.g. -- --objective ntp")
    a = p.parse_args(argv)
    a.modes = [m.strip() for m in a.modes.split(",") if m.strip()]
    unknown = [m for m in a.modes if m not in MODES]
    if unknown or not a.modes:
        p.error("--modes: unknown %s; choose from %s" % (unknown, ",".join(MODES)))
    if a.steps < 1 or a.rounds < 1:
        p.error("--steps and --rounds must be >= 1")
    if a.out_root is None:
        a.out_root = REPO / "runs" / "launch-vs-train" / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return a


def free_tcp_port():
    """A TCP port on 127.0.0.1 the OS reports free now (for launch's seed / Artery port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_udp_ports(count, low=20000, high=32000, tries=200):
    """A base port b with UDP b .. b+count-1 free on 127.0.0.1 (launch node i's Aeron port is b + i).
    Picked below Linux's ephemeral range (32768+), so the OS does not hand them out meanwhile."""
    for _ in range(tries):
        base = random.randrange(low, high - count)
        socks = []
        try:
            for port in range(base, base + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no %d consecutive free UDP ports in %d..%d" % (count, low, high))


def command(mode, a, out):
    """The command line and environment of one run of `mode` into run directory `out`."""
    env = dict(os.environ)
    job = ["--steps", str(a.steps), "--http-port", "-1", "--out", str(out)] + list(a.job_args)
    if mode.startswith("train-w"):
        return [a.ordo, "train", "--workers", mode[len("train-w"):], "--seed", str(a.seed)] + job, env
    nodes = int(mode[len("launch-n"):])
    # launch's --seed is node 0's cluster address; the job seed goes in as a -D property (children inherit it)
    env["JAVA_OPTS"] = (env.get("JAVA_OPTS", "") + " -Dordo.job.seed=%d" % a.seed).strip()
    return [a.ordo, "launch", "--standalone", "--nnodes", str(nodes), "--seed", "127.0.0.1:%d" % free_tcp_port(),
            "--aeron-port", str(free_udp_ports(nodes))] + job, env


def read_metrics(path):
    """(tokens/s, train lines, last eval line, last train step) from a metrics.jsonl."""
    train, last_eval = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            m = json.loads(line)
            if m.get("kind") == "train":
                train.append(m)
            elif m.get("kind") == "eval":
                last_eval = m
    rates = [m["tokens_per_second"] for m in train[1:]] or [m["tokens_per_second"] for m in train]
    return (statistics.median(rates) if rates else math.nan, len(train), last_eval,
            train[-1]["step"] if train else 0)


def run_once(mode, rnd, a):
    out = a.out_root / ("r%d-%s" % (rnd, mode))
    cmd, env = command(mode, a, out)
    log = a.out_root / ("r%d-%s.log" % (rnd, mode))
    t0 = time.monotonic()
    with open(log, "w") as f:
        f.write("$ %s%s\n" % ("JAVA_OPTS=%r " % env["JAVA_OPTS"] if "JAVA_OPTS" in env else "", " ".join(cmd)))
        f.flush()
        try:
            rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=REPO,
                                timeout=a.timeout_s).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    wall = time.monotonic() - t0
    r = dict(round=rnd, mode=mode, rc=rc, wall_s=wall, out=str(out), log=str(log), load=load_average())
    metrics = out / "metrics.jsonl"
    if metrics.is_file():
        tps, lines, ev, last_step = read_metrics(metrics)
        r.update(tokens_per_s=tps, train_lines=lines, last_step=last_step,
                 eval_step=ev and ev.get("step"), eval_loss=ev and ev.get("loss"),
                 exact_match=ev and ev.get("accuracy"), perplexity=ev and ev.get("perplexity"))
    r["ok"] = rc == 0 and r.get("last_step") == a.steps and r.get("eval_step") == a.steps
    # ./ordo rebuilds when sources are newer than its jar: then the wall time includes the build
    r["built"] = "ordo: building" in log.read_text(errors="replace")
    return r


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def med(xs):
    xs = [x for x in xs if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return statistics.median(xs) if xs else math.nan


def fmt(x, spec):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def summary(results, a):
    ok = [r for r in results if r["ok"]]
    lines = ["| mode | runs ok | wall s | tokens/s (train lines) | eval loss | exact match |",
             "|---|---|---|---|---|---|"]
    for mode in a.modes:
        rs = [r for r in ok if r["mode"] == mode]
        lines.append("| %s | %d/%d | %s | %s | %s | %s |" % (
            mode, len(rs), a.rounds, fmt(med([r["wall_s"] for r in rs]), ".1f"),
            fmt(med([r["tokens_per_s"] for r in rs]), ",.0f"), fmt(med([r["eval_loss"] for r in rs]), ".4f"),
            fmt(med([r["exact_match"] for r in rs if r.get("exact_match") is not None]), ".1%")))
    if "launch-n2" in a.modes and "train-w2" in a.modes:
        by = {(r["round"], r["mode"]): r for r in ok}
        pairs = [(by[(i, "launch-n2")], by[(i, "train-w2")]) for i in range(a.rounds)
                 if (i, "launch-n2") in by and (i, "train-w2") in by]
        tok = [l["tokens_per_s"] / t["tokens_per_s"] for l, t in pairs]
        wall = [t["wall_s"] / l["wall_s"] for l, t in pairs]
        if pairs:
            lines.append("")
            lines.append("launch-n2 / train-w2 tokens/s: **%.3fx** (median of %d per-round ratios, range %.3f..%.3f; "
                         "goal >= 0.95)" % (med(tok), len(tok), min(tok), max(tok)))
            lines.append("train-w2 wall / launch-n2 wall: %.3fx (range %.3f..%.3f)" % (med(wall), min(wall), max(wall)))
    return "\n".join(lines)


def main(argv):
    a = parse_args(argv)
    a.out_root.mkdir(parents=True, exist_ok=True)
    # build once (./ordo rebuilds when sources are newer than its jar), outside the timed runs
    subprocess.run([a.ordo, "--help"], stdout=subprocess.DEVNULL, cwd=REPO, check=True)
    print("launch vs train: %d steps, %d round(s), modes %s, job seed %d, job args %s; out %s; load average %s"
          % (a.steps, a.rounds, ",".join(a.modes), a.seed, a.job_args or "-", a.out_root, load_average()), flush=True)
    results = []
    for rnd in range(a.rounds):
        order = a.modes[rnd % len(a.modes):] + a.modes[:rnd % len(a.modes)]
        for mode in order:
            r = run_once(mode, rnd, a)
            results.append(r)
            print("round %d %-9s %s wall %6.1f s  tokens/s %s  eval loss %s  exact match %s  load %s%s%s" % (
                rnd, mode, "ok  " if r["ok"] else "FAIL", r["wall_s"], fmt(r.get("tokens_per_s", math.nan), ",.0f"),
                fmt(r.get("eval_loss"), ".4f"), fmt(r.get("exact_match"), ".3f"), r["load"],
                "" if r["ok"] else "  (rc %s, see %s)" % (r["rc"], r["log"]),
                "  (wall includes a build by ./ordo: sources changed during the bench?)" if r["built"] else ""),
                flush=True)
    (a.out_root / "results.json").write_text(json.dumps(results, indent=1))
    text = summary(results, a)
    print("\nload average at end: %s\n\n%s" % (load_average(), text))
    (a.out_root / "summary.md").write_text(text + "\n")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
