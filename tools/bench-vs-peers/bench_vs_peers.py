#!/usr/bin/env python3
"""conv4j beside every peer on one machine in one sitting: conv4j (bin/conv4j bench), TensorFlow
Java (conv4j-tf-compare), oneDNN called from C++ (Debian's libdnnl-dev), PyTorch (python3-torch,
the better of NCHW and channels-last), OpenCV (python3-opencv) and scipy (python3-scipy) where
they apply, on the benchmark suite's cases including both gradients. Writes a markdown table:
each engine's median time, each case's best peer and conv4j's speed relative to it.

usage: bin/bench-vs-peers [--case s5_vgg,s9_depthwise] [--threads 2] [--runs 10] [--min-time 1]
                          [--skip tf,opencv] [--all-impls] [--md docs/benchmarks.md] [--suite FILE]

Peers are optional: one whose package is missing (or whose build fails) is skipped with a note.
Nothing here is part of the build or the tests. Time only on a quiet machine.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SUITE = os.path.join(REPO, "conv4j-bench", "src", "main", "resources", "dev", "conv4j", "bench", "shapes.json")
BUILD = os.path.join(REPO, "target", "bench-vs-peers")
START, END = "<!-- bench-vs-peers:start -->", "<!-- bench-vs-peers:end -->"
PEERS = ["tf", "onednn", "torch", "opencv", "scipy"]
NAMES = {"tf": "TF Java", "onednn": "oneDNN", "torch": "PyTorch", "opencv": "OpenCV", "scipy": "scipy"}
CHECK_MACS = 50_000_000  # Python peers are checked against a numpy reference up to this size
# Timed runs per case, at most, for every engine: onednn_conv.cpp and python_peers.py stop there too,
# so that a case of a twentieth of a millisecond is timed over the same stretch for each of them
MAX_RUNS = 1000
RANKS = {"conv1d": 1, "conv2d": 2, "conv3d": 3, "depthwise2d": 2, "conv2d_grad_input": 2, "conv2d_grad_filter": 2}
DIRECTIONS = {"conv2d_grad_input": "bwd_data", "conv2d_grad_filter": "bwd_weights"}


def note(text):
    print(f"bench-vs-peers: {text}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    """(exit code, stdout, stderr) of a command; a missing program is exit code 127."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, **kw)
        return p.returncode, p.stdout, p.stderr
    except FileNotFoundError as e:
        return 127, "", str(e)


# ---------------------------------------------------------------- the suite

def per_axis(values, rank):
    return list(values) * rank if len(values) == 1 else list(values)


def describe(case):
    """The suite's case with TensorFlow's pads and output size worked out (docs/semantics.md)."""
    rank = RANKS[case["op"]]
    spatial, kernel = case["input"][1:-1], case["filter"][:rank]
    strides = per_axis(case.get("strides", [1]), rank)
    dilations = per_axis(case.get("dilations", [1]), rank)
    padding = case.get("padding", "VALID")
    pads, out = [], []
    for i, (n, k, s, d) in enumerate(zip(spatial, kernel, strides, dilations)):
        e = (k - 1) * d + 1
        if padding == "SAME":
            o = -(-n // s)
            total = max((o - 1) * s + e - n, 0)
            pads.append([total // 2, total - total // 2])
        elif padding == "VALID":
            pads.append([0, 0])
        else:
            pads.append([padding[2 * i], padding[2 * i + 1]])
        out.append((n + sum(pads[-1]) - e) // s + 1)
    depthwise = case["op"] == "depthwise2d"
    channels = case["input"][-1]
    return {"name": case["name"], "op": case["op"], "rank": rank, "input": case["input"],
            "filter": case["filter"], "strides": strides, "dilations": dilations, "pads": pads,
            "out_spatial": out, "depthwise": depthwise, "gradient": case["op"] in DIRECTIONS,
            "groups": channels if depthwise else 1,
            "out_channels": channels * case["filter"][-1] if depthwise else case["filter"][-1]}


# ---------------------------------------------------------------- engines

def conv4j(args, cases):
    cmd = [os.path.join(REPO, "bin", "conv4j"), "bench", "--format", "json", "--quiet",
           "--threads", str(args.threads), "--runs", str(args.runs), "--min-time", str(args.min_time),
           "--max-runs", str(MAX_RUNS), "--case", ",".join(c["name"] for c in cases)]
    if args.suite:
        cmd += ["--suite", args.suite]
    note("conv4j: " + " ".join(cmd[1:]))
    rc, out, err = run(cmd)
    if rc not in (0, 3):
        sys.exit(f"conv4j bench failed (exit {rc}):\n{err[-3000:]}")
    rows = json.loads(out[out.index("["):])
    return {r["name"]: r for r in rows}


def tensorflow(args, cases):
    json_file = os.path.join(BUILD, "tf.json")
    cmd = [os.path.join(REPO, "bin", "bench-vs-tf"), "--threads", str(args.threads),
           "--tf-intra-threads", str(args.threads), "--runs", str(args.runs), "--min-time", str(args.min_time),
           "--max-runs", str(MAX_RUNS), "--case", ",".join(c["name"] for c in cases), "--json", json_file]
    if args.suite:
        cmd += ["--suite", args.suite]
    note("TensorFlow Java: " + " ".join(cmd[1:]))
    # with --md, bin/bench-vs-tf's own side-by-side section of that file comes from this run too
    rc, out, err = run(cmd, env=dict(os.environ, BENCH_VS_TF_MD=os.path.abspath(args.md) if args.md else ""))
    if not os.path.exists(json_file) or rc not in (0, 3):
        return None, f"TensorFlow Java skipped: bin/bench-vs-tf failed (exit {rc}): {tail(err)}"
    with open(json_file) as f:
        rows = json.load(f)
    results = {r["name"]: ({"ms": r["median_ms"], "variant": "oneDNN inside TF", "check": r.get("check")}
                           if r.get("median_ms") is not None else {"skip": r.get("failure", "failed")})
               for r in rows}
    return results, "TensorFlow 2.18 (TensorFlow Java 1.1.0)"


def onednn(args, cases):
    source = os.path.join(HERE, "onednn_conv.cpp")
    binary = os.path.join(BUILD, "onednn_conv")
    if not os.path.exists("/usr/include/oneapi/dnnl/dnnl.hpp"):
        return None, "oneDNN skipped: no /usr/include/oneapi/dnnl/dnnl.hpp (apt-get install libdnnl-dev)"
    rc, _, err = run(["g++", "-O2", "-std=c++17", "-o", binary, source, "-ldnnl"])
    if rc != 0:
        return None, f"oneDNN skipped: the C++ program did not build: {tail(err)}"
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    results, version = {}, "oneDNN"
    for c in cases:
        direction = DIRECTIONS.get(c["op"], "fwd")
        spatial = [*c["input"][1:-1], *c["filter"][:c["rank"]], *c["strides"], *c["dilations"],
                   *(b for b, _ in c["pads"]), *(a for _, a in c["pads"])]
        cmd = [binary, direction, "1" if args.all_impls else "0", str(args.runs), str(args.min_time),
               str(c["input"][0]), str(c["input"][-1]), str(c["out_channels"]), str(c["groups"]), str(c["rank"]),
               *map(str, spatial)]
        note(f"oneDNN: {c['name']}")
        rc, out, err = run(cmd, env=env)
        try:
            r = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            r = {"error": f"exit {rc}: {tail(err)}"}
        if "error" in r:
            results[c["name"]] = {"skip": r["error"]}
        else:
            results[c["name"]] = {"ms": r["ms"], "variant": r["impl"], "io_ms": r["io_ms"]}
            version = f"oneDNN {r['version']} (C++, {'fastest of its implementations' if args.all_impls else 'its own pick'}, " \
                      "primitive on its preferred layouts; with reorders from plain layouts in the note)"
    return results, version


def python_peer(peer, args, cases_file):
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    module = {"torch": "torch", "opencv": "cv2", "scipy": "scipy.ndimage"}[peer]
    rc, _, _ = run([python, "-c", f"import {module}"])
    if rc != 0:
        package = {"torch": "python3-torch", "opencv": "python3-opencv", "scipy": "python3-scipy"}[peer]
        return None, f"{NAMES[peer]} skipped: Python cannot import {module} (apt-get install {package})"
    note(f"{NAMES[peer]} ...")
    rc, out, err = run([python, os.path.join(HERE, "python_peers.py"), peer, cases_file, str(args.threads),
                        str(args.runs), str(args.min_time), str(CHECK_MACS)],
                       env=dict(os.environ, OMP_NUM_THREADS=str(args.threads)))
    if rc != 0:
        return None, f"{NAMES[peer]} skipped: it failed (exit {rc}): {tail(err)}"
    answer = json.loads(out.strip().splitlines()[-1])
    return answer["results"], answer["version"]


def memory_check(args, conv4j_rows):
    """conv4j's stream probe beside the same kernel in C on arrays of the same size."""
    probe = next((r.get("bandwidth_gbs") for r in conv4j_rows.values() if r.get("bandwidth_gbs")), None)
    binary = os.path.join(BUILD, "stream_scale")
    rc, _, err = run(["gcc", "-O3", "-march=native", "-fopenmp", "-o", binary, os.path.join(HERE, "stream_scale.c")])
    if rc != 0:
        return f"memory: conv4j's stream probe {probe} GB/s (the C check did not build: {tail(err)})"
    megabytes = min(max(4 * last_level_cache_mb(), 256), 1024)
    rc, out, err = run([binary, str(megabytes)], env=dict(os.environ, OMP_NUM_THREADS=str(args.threads)))
    c = json.loads(out) if rc == 0 else {"gb_per_second": float("nan")}
    return (f"memory bandwidth: conv4j's stream probe {fmt(probe)} GB/s, the same kernel in C (OpenMP) "
            f"{fmt(c['gb_per_second'])} GB/s, {args.threads} threads, two arrays of {megabytes} MB")


def last_level_cache_mb():
    sizes = []
    base = "/sys/devices/system/cpu/cpu0/cache"
    for entry in os.listdir(base) if os.path.isdir(base) else []:
        try:
            with open(os.path.join(base, entry, "size")) as f:
                text = f.read().strip()
            sizes.append(int(text[:-1]) // 1024 if text.endswith("K") else int(text[:-1]))
        except (OSError, ValueError):
            pass
    return max(sizes, default=32)


# ---------------------------------------------------------------- report

def tail(text, n=300):
    text = " ".join(text.split())
    return text[-n:] if text else "(no message)"


def fmt(v, digits=3):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:.{digits}g}"


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    return f"{model or platform.processor()}, {os.cpu_count()} processors, {platform.system()} {platform.release()}"


def table(cases, conv4j_rows, peers, versions, notes, args, memory):
    lines = [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}; "
             f"{args.threads} threads everywhere; median of >= {args.runs} runs filling >= {args.min_time} s "
             f"(at most {MAX_RUNS}).",
             "", f"Command: `bin/bench-vs-peers {' '.join(args.argv)}`", ""]
    commit = run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])[1].strip()
    lines += [f"- conv4j {commit} (`bin/conv4j bench`)"] + [f"- {v}" for v in versions] + [f"- {memory}"]
    lines += [f"- {n}" for n in notes]
    shown = [p for p in PEERS if p in peers]
    lines += ["", "Times in ms (median). `conv4j / best` is the best peer's time over conv4j's: above 1, conv4j "
              "is faster.", "",
              "| case | op | conv4j | " + " | ".join(NAMES[p] for p in shown) + " | best peer | conv4j / best |",
              "|---|---|---:|" + "---:|" * len(shown) + "---|---:|"]
    for c in cases:
        mine = conv4j_rows.get(c["name"], {})
        mine_ms = mine.get("median_ms")
        cells, best = [], None
        for p in shown:
            r = peers[p].get(c["name"], {"skip": "not run"})
            if "ms" in r:
                bad = r.get("check") not in (None, "pass")
                cells.append(fmt(r["ms"]) + (" (wrong)" if bad else ""))
                if not bad and (best is None or r["ms"] < best[1]):
                    best = (p, r["ms"], r.get("variant"))
            else:
                cells.append("—")
        ratio = best[1] / mine_ms if best and mine_ms else None
        best_text = f"{NAMES[best[0]]} ({best[2]})" if best else "—"
        check = "" if mine.get("check") in (None, "pass", "off") else f" ({mine.get('check')})"
        lines.append(f"| {c['name']} | {c['op']} | {fmt(mine_ms)}{check} | " + " | ".join(cells)
                     + f" | {best_text} | {fmt(ratio)} |")
    skips = [f"{NAMES[p]} on {name}: {r['skip']}" for p in shown for name, r in peers[p].items() if "skip" in r]
    checks = [f"{NAMES[p]} on {name}: {r['check']}" for p in shown for name, r in peers[p].items()
              if r.get("check") not in (None, "pass")]
    io = [f"{name} {fmt(r['io_ms'])}" for name, r in peers.get("onednn", {}).items() if "io_ms" in r]
    if io:
        lines += ["", "oneDNN with the reorders from and to TensorFlow's plain layouts (ms): " + ", ".join(io) + "."]
    if checks:
        lines += ["", "Results that failed the accuracy check (not counted as best): " + "; ".join(checks) + "."]
    if skips:
        lines += ["", "Not run: " + "; ".join(skips) + "."]
    return "\n".join(lines) + "\n"


def write_into(path, block):
    text = open(path).read() if os.path.exists(path) else ""
    section = f"{START}\n{block}{END}"
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(os.path.abspath(path)), delete=False) as f:
        f.write(text)
    os.replace(f.name, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--case", default="", help="comma-separated case names (default: every case)")
    p.add_argument("--suite", help="suite file (default: conv4j-bench's shapes.json)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--skip", default="", help="peers not to run: " + ",".join(PEERS))
    p.add_argument("--all-impls", action="store_true", help="time every oneDNN implementation, report the fastest")
    p.add_argument("--md", help="write the table into this file between its bench-vs-peers markers")
    args = p.parse_args()
    args.argv = sys.argv[1:]
    with open(args.suite or SUITE) as f:
        suite = json.load(f)
    all_cases = [describe(c) for c in (suite["cases"] if isinstance(suite, dict) else suite)]
    wanted = [n.strip() for n in args.case.split(",") if n.strip()]
    unknown = set(wanted) - {c["name"] for c in all_cases}
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(sorted(unknown))}")
    cases = [c for c in all_cases if not wanted or c["name"] in wanted]
    os.makedirs(BUILD, exist_ok=True)
    cases_file = os.path.join(BUILD, "cases.json")
    with open(cases_file, "w") as f:
        json.dump(cases, f)

    conv4j_rows = conv4j(args, cases)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    peers, versions, notes = {}, [], []
    for peer in PEERS:
        if peer in skip:
            notes.append(f"{NAMES[peer]} skipped (--skip)")
            continue
        if peer == "tf":
            results, version = tensorflow(args, cases)
        elif peer == "onednn":
            results, version = onednn(args, cases)
        else:
            results, version = python_peer(peer, args, cases_file)
        if results is None:
            notes.append(version)
            note(version)
        else:
            peers[peer] = results
            versions.append(version)
    block = table(cases, conv4j_rows, peers, versions, notes, args, memory_check(args, conv4j_rows))
    print(block)
    if args.md:
        write_into(args.md, block)
        note(f"wrote {args.md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
