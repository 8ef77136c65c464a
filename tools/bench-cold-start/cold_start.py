#!/usr/bin/env python3
"""Whole-process times of one-shot conv4j commands beside their Python equivalents: what a user
who runs a command once waits for, JVM start, class loading, first (cold) convolution and I/O
included.

  filter   conv4j filter image IN.png --kernel edge    | Python + OpenCV: imread, filter2D, signed
                                                         display mapping, imwrite
  conv     conv4j conv -i X.npy --filter W.npy         | Python + PyTorch: np.load, conv2d, np.save
  shape    conv4j shape -i 1,224,224,3 --filter ...    | Python: the same output-size arithmetic

conv4j runs from its distribution (conv4j-dist's zip, unpacked under target/bench-cold-start; built
with Maven if missing or older than the sources), as a user installs it. Each command runs --runs times, conv4j and Python
alternating, after one untimed run of each (the file cache). Reports median and minimum wall
time; --md FILE replaces the table between the markers in FILE. Time only on a quiet machine.

conv4j is timed as installed: unpacked, then `bin/conv4j aot-cache`, which trains the JDK 25 AOT cache
(JEP 483/514/515: classes loaded and linked, method profiles) on generated data; and from a second
copy without that step.

usage: bin/bench-cold-start [--runs 7] [--md docs/benchmarks.md] [--python PYTHON]
"""
import argparse
import datetime
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(REPO, "target", "bench-cold-start")
START, END = "<!-- bench-cold-start:start -->", "<!-- bench-cold-start:end -->"
JDK = "/usr/lib/jvm/temurin-25-jdk-amd64"

MAKE_DATA = r"""
import numpy as np, cv2, sys
work = sys.argv[1]
h, w = 400, 600
y, x = np.mgrid[0:h, 0:w]
rng = np.random.default_rng(7)
img = np.zeros((h, w, 3), np.float32)
img[..., 0] = 120 + 80 * np.sin(x / 37.0) * np.cos(y / 23.0)
img[..., 1] = 100 + 60 * np.sin((x + y) / 51.0)
img[..., 2] = 90 + 40 * np.cos(np.hypot(x - 300, y - 200) / 17.0)
img += rng.normal(0, 12, img.shape)
cv2.imwrite(work + "/in.png", np.clip(img, 0, 255).astype(np.uint8))
np.save(work + "/x.npy", rng.uniform(-1, 1, (1, 224, 224, 3)).astype(np.float32))
np.save(work + "/w.npy", rng.uniform(-1, 1, (7, 7, 3, 64)).astype(np.float32))
"""

# conv4j's "edge" kernel with its default --signed display: 0 -> mid-grey, +-(99.5th percentile
# of |value|) -> white/black, per channel, OpenCV's default border (reflect-101, conv4j's default).
PY_FILTER = r"""
import sys, numpy as np, cv2
img = cv2.imread(sys.argv[1], cv2.IMREAD_UNCHANGED)
k = -np.ones((3, 3), np.float32); k[1, 1] = 8
out = cv2.filter2D(img.astype(np.float32), -1, k, borderType=cv2.BORDER_REFLECT_101)
scale = np.percentile(np.abs(out), 99.5) or 1.0
cv2.imwrite(sys.argv[2], np.clip(np.rint(127.5 + 127.5 * out / scale), 0, 255).astype(np.uint8))
"""

PY_CONV = r"""
import sys, numpy as np, torch
x = torch.from_numpy(np.load(sys.argv[1])).permute(0, 3, 1, 2)
w = torch.from_numpy(np.load(sys.argv[2])).permute(3, 2, 0, 1)
y = torch.nn.functional.conv2d(torch.nn.functional.pad(x, (2, 3, 2, 3)), w, stride=2)
np.save(sys.argv[3], y.permute(0, 2, 3, 1).contiguous().numpy())
"""

PY_SHAPE = r"""
import math
size, k, s = 224, 7, 2
out = math.ceil(size / s)
pad = max((out - 1) * s + k - size, 0)
print(f"output [1, {out}, {out}, 64]; pads {pad // 2}+{pad - pad // 2} per axis")
"""


def distribution(folder):
    """The launcher of the distribution unpacked into WORK/folder, building the zip with Maven if it is missing or
    older than a source."""
    zips = sorted(glob.glob(os.path.join(REPO, "conv4j-dist", "target", "conv4j-*.zip")))
    newer = zips and subprocess.run(["find", REPO, "-path", "*/src/main/*", "-newer", zips[-1], "-print", "-quit"],
                                    capture_output=True, text=True).stdout.strip()
    if not zips or newer:
        print("bench-cold-start: building the distribution (mvn -pl conv4j-dist -am package) ...", file=sys.stderr)
        env = dict(os.environ, JAVA_HOME=JDK) if os.path.isdir(JDK) else None
        subprocess.run(["mvn", "-q", "-B", "-DskipTests", "-Dmaven.javadoc.skip", "-Dmaven.source.skip",
                        "-pl", "conv4j-dist", "-am", "package"], cwd=REPO, check=True, env=env)
        zips = sorted(glob.glob(os.path.join(REPO, "conv4j-dist", "target", "conv4j-*.zip")))
    target = os.path.join(WORK, folder)
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(zips[-1]) as z:
        z.extractall(target)
    launcher = glob.glob(os.path.join(target, "conv4j-*", "bin", "conv4j"))[0]
    os.chmod(launcher, 0o755)
    return launcher


def wall(cmd, env):
    for out in (a for a in cmd if "-conv4j." in a or "-python." in a):
        if os.path.exists(out):
            os.remove(out)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"bench-cold-start: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--md", help="replace the table between the markers in this file")
    ap.add_argument("--python", default=sys.executable, help="a Python with numpy, OpenCV and PyTorch")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    py = args.python
    subprocess.run([py, "-c", MAKE_DATA, WORK], check=True)
    scripts = {}
    for name, text in (("filter", PY_FILTER), ("conv", PY_CONV), ("shape", PY_SHAPE)):
        scripts[name] = os.path.join(WORK, name + ".py")
        with open(scripts[name], "w") as f:
            f.write(text)
    env = dict(os.environ)
    if os.path.isdir(JDK):
        env["CONV4J_JAVA_HOME"] = JDK
    plain = distribution("dist")
    installed = distribution("dist-aot-cache")
    wall([installed, "aot-cache"], env)
    w = lambda f: os.path.join(WORK, f)
    cases = [
        ("filter image 600×400 RGB, edge", ["filter", "image", w("in.png"), "--kernel", "edge", "-o", w("out-conv4j.png")],
         "OpenCV", [py, scripts["filter"], w("in.png"), w("out-python.png")]),
        ("conv 224×224×3 ⊛ 7×7×3×64, stride 2, SAME", ["conv", "-i", w("x.npy"), "--filter", w("w.npy"),
                                                          "--strides", "2", "--padding", "SAME", "-o", w("y-conv4j.npy")],
         "PyTorch", [py, scripts["conv"], w("x.npy"), w("w.npy"), w("y-python.npy")]),
        ("shape of that conv", ["shape", "-i", "1,224,224,3", "--filter", "7,7,3,64", "--strides", "2",
                                "--padding", "SAME"],
         "plain Python", [py, scripts["shape"]]),
    ]
    rows = []
    for label, args_, peer_name, peer in cases:
        with_cache, without_cache = [installed] + args_, [plain] + args_
        for cmd in (with_cache, without_cache, peer):
            wall(cmd, env)
        a, b, c = [], [], []
        for i in range(args.runs):
            triple = [(a, with_cache), (c, without_cache), (b, peer)]
            for times, cmd in (triple if i % 2 == 0 else triple[::-1]):
                times.append(wall(cmd, env))
        row = (label, statistics.median(a), min(a), statistics.median(c), min(c), peer_name, statistics.median(b),
               min(b))
        rows.append(row)
        print(f"{label:45s} conv4j {row[1] * 1000:7.0f} ms (min {row[2] * 1000:.0f}; without the AOT cache "
              f"{row[3] * 1000:.0f})  {peer_name} {row[6] * 1000:7.0f} ms (min {row[7] * 1000:.0f})   "
              f"conv4j/Python {row[1] / row[6]:.2f}", flush=True)
    if args.md:
        write_md(args.md, rows, args.runs)


def write_md(path, rows, runs):
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    lines = [START, "",
             f"Whole-process wall time, median of {runs} runs alternating with the Python equivalent "
             f"(`bin/bench-cold-start --runs {runs}`, {when}, {platform.node() or 'this machine'}, "
             f"{os.cpu_count()} CPUs, load average {load:.2f} at the end). conv4j from its unpacked distribution "
             "with default JVM options, installed (after `bin/conv4j aot-cache`) and without that step.", "",
             "| command | conv4j median (min) | without the AOT cache | Python equivalent | its median (min) "
             "| conv4j / Python | without the cache / Python |",
             "|---|---|---|---|---|---|---|"]
    for label, med, mn, plain, plain_min, peer, pmed, pmn in rows:
        lines.append(f"| {label} | {med * 1000:.0f} ms ({mn * 1000:.0f}) | {plain * 1000:.0f} ms ({plain_min * 1000:.0f}) "
                     f"| {peer} | {pmed * 1000:.0f} ms ({pmn * 1000:.0f}) | {med / pmed:.2f} | {plain / pmed:.2f} |")
    lines += ["", END]
    text = open(path).read() if os.path.exists(path) else ""
    block = "\n".join(lines)
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
