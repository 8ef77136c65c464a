#!/usr/bin/env python3
"""Check conv4j against TensorFlow (TensorFlow Java, through conv4j-tf-compare) and a float64 numpy reference.

usage: python3 tools/tf-check/check.py [--cases 300] [--seed 1] [--wide | --long] [--work /tmp/tfcheck]
           [--conv4j LAUNCHER] [--only 3,17]

For N random cases (conv1d / conv2d / conv3d / depthwise2d, every TF option: strides, dilations,
SAME / VALID / explicit padding, channels-last and channels-first, groups where TF has them) it
writes x.npy and w.npy, runs every TensorFlow job in one JVM (conv4j-tf-compare's TfJobs), runs
`conv4j conv|depthwise` once per case (a snapshot of bin/conv4j's build), and compares

    conv4j vs reference   |y - y_ref| <= tol          tol = 1e-5 * sum|x*w| + 1e-6
    TF     vs reference   |y - y_ref| <= tol          (sum over the products making that element)
    conv4j vs TF          |y - y_tf|  <= 2 * tol

with exactly equal output shapes. Cases whose output would be empty must be refused by both:
conv4j with exit code 2, TensorFlow with an error. Exit code 1 if any case fails.
"""
import argparse
import collections
import dataclasses
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

OPS = {  # op -> (spatial rank, conv4j subcommand, channels-last / channels-first layout)
    "conv1d": (1, "conv", "NWC", "NCW"),
    "conv2d": (2, "conv", "NHWC", "NCHW"),
    "conv3d": (3, "conv", "NDHWC", "NCDHW"),
    "depthwise2d": (2, "depthwise", "NHWC", "NCHW"),
}
# TF's Conv3D refuses grouped filters ("input and filter must have the same depth"); conv1d runs
# as Conv2D, which takes filter in_channels = C / groups.
GROUPED_OPS = ("conv1d", "conv2d")
EMPTY_SHARE = 0.08  # share of cases whose output is empty (both sides must refuse them)
BUILD_TRIES, BUILD_WAIT = 10, 30  # others edit the repository: a build may fail for a while
CONV4J_MAIN = "dev.conv4j.cli.Conv4j"
TF_JOBS_MAIN = "dev.conv4j.tfcompare.TfJobs"
TF_BUILD = ["mvn", "-q", "-B", "-P", "tf-compare", "-pl", "conv4j-tf-compare", "-am", "-DskipTests",
            "-Dmaven.javadoc.skip", "-Dmaven.source.skip", "package"]


# ---------------------------------------------------------------- cases

@dataclasses.dataclass
class Case:
    """One convolution. Per-axis tuples are in spatial order; `padding` is SAME, VALID, CAUSAL or
    a list of (before, after) per spatial axis; `out_per_group` is the depthwise multiplier."""
    index: int
    op: str
    batch: int
    spatial: tuple
    channels: int
    kernel: tuple
    groups: int
    out_per_group: int
    strides: tuple
    dilations: tuple
    padding: object
    channels_first: bool
    threads: int

    @property
    def name(self):
        return f"case{self.index:04d}"

    @property
    def depthwise(self):
        return self.op == "depthwise2d"

    @property
    def layout(self):
        return OPS[self.op][3 if self.channels_first else 2]

    def x_shape(self):  # channels-last
        return (self.batch, *self.spatial, self.channels)

    def w_shape(self):  # HWIO, depthwise [k..., C, multiplier]
        if self.depthwise:
            return (*self.kernel, self.channels, self.out_per_group)
        return (*self.kernel, self.channels // self.groups, self.groups * self.out_per_group)

    def pads(self):
        """(before, after) per spatial axis, by TensorFlow's rules (docs/semantics.md)."""
        result = []
        for n, k, s, d in zip(self.spatial, self.kernel, self.strides, self.dilations):
            e = (k - 1) * d + 1
            if self.padding == "SAME":
                total = max((-(-n // s) - 1) * s + e - n, 0)
                result.append((total // 2, total - total // 2))
            elif self.padding == "VALID":
                result.append((0, 0))
            elif self.padding == "CAUSAL":
                result.append((e - 1, 0))
            else:
                result.append(tuple(self.padding[len(result)]))
        return result

    def out_spatial(self, dilations=None):
        return [(n + b + a - ((k - 1) * d + 1)) // s + 1 for n, k, s, d, (b, a)
                in zip(self.spatial, self.kernel, self.strides, dilations or self.dilations,
                       self.pads())]

    def empty(self):
        return min(self.out_spatial()) <= 0

    def tf_misjudges(self):
        """True where TF 2.18 gets the emptiness of a Conv3D output wrong. Its graph-time shape
        function (Conv3DShape in common_shape_fns.cc) swaps the row and column dilations, so it
        refuses ("Negative dimension size") a valid case whose swapped geometry has no output,
        and lets through an empty one whose swapped geometry has an output, for which oneDNN's
        kernel then returns zeros of the *input's* shape (MklConvOp allocates the output with
        src_tf_shape when it has no elements). The kernel uses the right dilations, so every
        other case is computed correctly. SAME does not depend on dilations."""
        if self.op != "conv3d" or self.padding == "SAME":
            return False
        d, h, w = self.dilations
        return self.empty() != (min(self.out_spatial((d, w, h))) <= 0)

    def padding_kind(self):
        return self.padding if isinstance(self.padding, str) else "EXPLICIT"

    def padding_arg(self, for_tf):
        if self.padding == "CAUSAL" and for_tf:  # tf.nn.conv1d has no CAUSAL: Keras pads e-1, 0
            return ",".join(str(v) for p in self.pads() for v in p)
        if isinstance(self.padding, str):
            return self.padding
        return ",".join(str(v) for p in self.padding for v in p)

    def describe(self):
        pad = self.padding_kind() + ("" if isinstance(self.padding, str) else
                                     "[" + " ".join(f"{b}+{a}" for b, a in self.padding) + "]")
        extra = f" groups={self.groups}" if self.groups > 1 else ""
        if self.depthwise:
            extra = f" multiplier={self.out_per_group}"
        x_shape = ((self.batch, self.channels, *self.spatial) if self.channels_first
                   else self.x_shape())  # as in x.npy
        return (f"{self.name} {self.op} {self.layout} x{list(x_shape)} "
                f"w{list(self.w_shape())}{extra} strides={list(self.strides)} "
                f"dilations={list(self.dilations)} padding={pad} threads={self.threads}")

    def categories(self):
        """(group, value) pairs for the per-option counts."""
        s, d = max(self.strides), max(self.dilations)
        return [("op", self.op), ("padding", self.padding_kind()),
                ("layout", "channels-first" if self.channels_first else "channels-last"),
                ("stride", f"max {s}"), ("dilation", f"max {d}"),
                ("stride>1 & dilation>1", "yes" if s > 1 and d > 1 else "no"),
                ("groups", "grouped" if self.groups > 1 else "1"),
                ("threads", str(self.threads)),
                ("expected", "error (empty output)" if self.empty() else "result")]


def random_case(rng, index, misjudged, wide=False, long=False):
    """A case drawn uniformly over the options; about EMPTY_SHARE of them have an empty output.
    Draws TF misjudges (see Case.tf_misjudges) are counted in `misjudged` and drawn again.
    `wide` draws many-channel cases instead (see _draw_wide), `long` long few-channel rows (see
    _draw_long)."""
    want_empty = rng.random() < EMPTY_SHARE and not long
    while True:
        case = _draw_wide(rng, index) if wide else _draw_long(rng, index) if long else _draw(rng, index)
        if case.empty() != want_empty:
            continue
        if not case.tf_misjudges():
            return case
        misjudged["empty" if case.empty() else "valid"] += 1


def _draw(rng, index):
    def ints(lo, hi, n=None):  # uniform in [lo, hi]: one int, or a tuple of n
        v = rng.integers(lo, hi + 1, size=n)
        return int(v) if n is None else tuple(int(e) for e in v)

    op = str(rng.choice(list(OPS)))
    rank = OPS[op][0]
    channels = ints(1, 8)
    groups = 1
    if op in GROUPED_OPS and rng.random() < 0.4:
        groups = int(rng.choice([g for g in range(1, channels + 1) if channels % g == 0]))
    kind = str(rng.choice(["SAME", "VALID", "EXPLICIT"] + (["CAUSAL"] if rank == 1 else [])))
    return Case(
        index=index, op=op, batch=ints(1, 3), spatial=ints(1, 12, rank), channels=channels,
        kernel=ints(1, 5, rank), groups=groups,
        out_per_group=ints(1, 3) if op == "depthwise2d" else ints(1, 8 // groups),
        strides=ints(1, 3, rank), dilations=ints(1, 3, rank),
        padding=[ints(0, 4, 2) for _ in range(rank)] if kind == "EXPLICIT" else kind,
        channels_first=bool(rng.random() < 0.5), threads=ints(1, 2))


def _draw_wide(rng, index):
    """Many channels (16 to 72 in and out), the shapes the blocked and Winograd kernels take:
    1D, 2D or 3D, mostly a kernel of 3 (1D) or ending in 3x3 with unit stride and dilation on the
    transformed axes."""
    def ints(lo, hi, n=None):
        v = rng.integers(lo, hi + 1, size=n)
        return int(v) if n is None else tuple(int(e) for e in v)

    op = str(rng.choice(["conv1d", "conv2d", "conv3d"]))
    rank = OPS[op][0]
    winograd = rng.random() < 0.75
    kernel = ints(1, 5, rank)
    strides = ints(1, 2, rank)
    dilations = ints(1, 2, rank)
    if winograd:
        transformed = min(rank, 2)
        kernel = kernel[:rank - transformed] + (3,) * transformed
        strides = strides[:rank - transformed] + (1,) * transformed
        dilations = dilations[:rank - transformed] + (1,) * transformed
    kind = str(rng.choice(["SAME", "VALID", "EXPLICIT"] + (["CAUSAL"] if rank == 1 else [])))
    spatial = {1: ints(2, 60, 1), 2: ints(2, 24, 2), 3: ints(2, 9, 3)}[rank]
    return Case(
        index=index, op=op, batch=ints(1, 2), spatial=spatial, channels=ints(16, 72), kernel=kernel, groups=1,
        out_per_group=ints(16, 72), strides=strides, dilations=dilations,
        padding=[ints(0, 3, 2) for _ in range(rank)] if kind == "EXPLICIT" else kind,
        channels_first=bool(rng.random() < 0.3), threads=ints(1, 2))


def _draw_long(rng, index):
    """One input channel and 1 to 4 output channels on rows of 1024 to 2600 positions, width stride
    1 (the rows the spatial kernel reads in place, without a copy): 1D, 2D or 3D."""
    def ints(lo, hi, n=None):
        v = rng.integers(lo, hi + 1, size=n)
        return int(v) if n is None else tuple(int(e) for e in v)

    op = str(rng.choice(["conv1d", "conv2d", "conv3d"]))
    rank = OPS[op][0]
    spatial = ints(1, 5, rank - 1) + (ints(1030, 2600),)
    kind = str(rng.choice(["SAME", "VALID", "EXPLICIT"] + (["CAUSAL"] if rank == 1 else [])))
    return Case(
        index=index, op=op, batch=ints(1, 2), spatial=spatial, channels=1, kernel=ints(1, 5, rank), groups=1,
        out_per_group=ints(1, 4), strides=ints(1, 2, rank - 1) + (1,), dilations=ints(1, 3, rank),
        padding=[ints(0, 4, 2) for _ in range(rank)] if kind == "EXPLICIT" else kind,
        channels_first=bool(rng.random() < 0.3), threads=ints(1, 2))


# ---------------------------------------------------------------- reference

def reference(x, w, groups, strides, dilations, pads):
    """Grouped cross-correlation in float64, channels-last, HWIO filter [k..., C/groups, Cout].

    Returns y and mag = sum |x*w| over the products that make each element of y. Loops over the
    kernel taps: for tap k, output position o reads padded input position o*s + k*d."""
    x, w = x.astype(np.float64), w.astype(np.float64)
    r = x.ndim - 2
    xp = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    outs = [(xp.shape[1 + i] - (w.shape[i] - 1) * dilations[i] - 1) // strides[i] + 1
            for i in range(r)]
    cin_g, cout = w.shape[-2], w.shape[-1]
    cout_g = cout // groups
    y = np.zeros((x.shape[0], *outs, cout))
    mag = np.zeros_like(y)
    for tap in np.ndindex(*w.shape[:r]):
        window = (slice(None),) + tuple(
            slice(tap[i] * dilations[i], tap[i] * dilations[i] + (outs[i] - 1) * strides[i] + 1,
                  strides[i]) for i in range(r))
        patch = xp[window]  # [N, outs..., C]: the input each output position meets at this tap
        for g in range(groups):
            xg = patch[..., g * cin_g:(g + 1) * cin_g]
            wg = w[tap][:, g * cout_g:(g + 1) * cout_g]
            y[..., g * cout_g:(g + 1) * cout_g] += xg @ wg
            mag[..., g * cout_g:(g + 1) * cout_g] += np.abs(xg) @ np.abs(wg)
    return y, mag


def case_reference(case, x, w):
    """Reference for a case, on channels-last x; depthwise = groups of one channel each."""
    if case.depthwise:  # [k..., C, M] -> [k..., 1, C*M]: output channel c*M + m
        w = w.reshape(*case.kernel, 1, case.channels * case.out_per_group)
        return reference(x, w, case.channels, case.strides, case.dilations, case.pads())
    return reference(x, w, case.groups, case.strides, case.dilations, case.pads())


def to_layout(case, a):
    """channels-last array -> the case's layout."""
    return np.moveaxis(a, -1, 1) if case.channels_first else a


# ---------------------------------------------------------------- running

def csv(values):
    return ",".join(str(v) for v in values)


def tf_job(case):
    """The case as a TfJobs job: channels-last files (TensorFlow's CPU kernels are channels-last)."""
    padding = case.padding_arg(for_tf=True)
    if padding not in ("SAME", "VALID"):
        values = [int(v) for v in padding.split(",")]
        padding = [values[i:i + 2] for i in range(0, len(values), 2)]
    return {"op": case.op, "input": f"{case.name}.{'xtf' if case.channels_first else 'x'}.npy",
            "filter": f"{case.name}.w.npy", "strides": list(case.strides),
            "dilations": list(case.dilations), "padding": padding, "out": f"{case.name}.tf.npy"}


def tf_command(args, case, launcher):
    """TfJobs on a job file holding this case alone (written for reproducing a failure)."""
    job_file = os.path.join(args.work, f"{case.name}.job.json")
    with open(job_file, "w") as f:
        json.dump({"jobs": [tf_job(case)]}, f, indent=1)
    return launcher + [job_file]


def conv4j_command(args, case, launcher=None):
    """bin/conv4j conv|depthwise for a case; `launcher` replaces bin/conv4j (the snapshot)."""
    f = lambda suffix: os.path.join(args.work, f"{case.name}.{suffix}.npy")
    cmd = [*(launcher or [args.conv4j]), OPS[case.op][1], "--input", f("x"), "--filter", f("w"),
           "--output", f("c4j"), "--strides", csv(case.strides),
           "--dilations", csv(case.dilations), "--padding", case.padding_arg(for_tf=False),
           "--data-format", case.layout, "--threads", str(case.threads)]
    return cmd + (["--groups", str(case.groups)] if case.groups > 1 else [])


def run_tf(args, cases, launcher):
    """All TF jobs in one JVM; if TF crashes the JVM, the job it was running is marked crashed
    and a new JVM takes the jobs after it. Returns {case name: error} for the jobs TF refused
    ("refused: ...") or crashed on ("crashed ..."). The log (tf.log) and crash reports
    (hs_err_pid*.log) go to the work folder."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"))
    errors, todo, log = {}, list(cases), ""
    for run in itertools.count(1):
        job_file = os.path.join(args.work, "jobs.json" if run == 1 else f"jobs-{run}.json")
        with open(job_file, "w") as f:
            json.dump({"jobs": [tf_job(c) for c in todo]}, f, indent=1)
        cmd = launcher + [job_file]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=args.work)
        out = proc.stdout + proc.stderr
        log += f"$ {shlex.join(cmd)}\n{out}\n"
        done = re.findall(r"^(?:ok \d+|refused (\d+): (.*))$", proc.stdout, re.M)
        for index, message in done:
            if index:
                errors[todo[int(index)].name] = f"refused: {message}"
        if len(done) == len(todo):
            break
        crash = re.search(r"^# Problematic frame:\n# (.*)", out, re.M)
        if not crash:
            sys.exit(f"TensorFlow jobs did not finish (exit {proc.returncode}):\n{out[-4000:]}")
        errors[todo[len(done)].name] = f"crashed the JVM (exit {proc.returncode}) in {crash[1]}"
        todo = todo[len(done) + 1:]
        if not todo:
            break
    with open(os.path.join(args.work, "tf.log"), "w") as f:
        f.write(log)
    return errors


def run_conv4j(cmd):
    """Returns (exit code, the last line conv4j wrote to stderr)."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = [l for l in proc.stderr.splitlines()
             if l.strip() and not l.startswith(("WARNING", "\x1b", "[INFO]"))]
    return proc.returncode, (lines[-1] if lines else "")


def java_command(work, name, build, module, main, probe, java_options=()):
    """Builds a module (`build`, retried while others' edits break the build), copies its jar and
    the project's jars on its class path to WORK/NAME-jars and returns the java command that runs
    `main` on the copies (and on the other jars where they are), once `probe` (arguments) has run
    with exit code 0. Others rebuild the repository's jars while they work (a run on the live jars
    met ClassNotFoundExceptions); the copies keep one build under test for the whole run."""
    java = subprocess.run(["bash", "-c", 'source "$1/bin/jdk.sh" && conv4j_select_jdk >&2 '
                           '&& echo "$JAVA_HOME/bin/java"', "-", REPO],
                          capture_output=True, text=True, check=True).stdout.strip()
    target = os.path.join(REPO, module, "target")
    jar_dir = os.path.join(work, f"{name}-jars")
    for attempt in range(BUILD_TRIES):
        rc, msg = run_conv4j(build)
        if rc == 0:
            shutil.rmtree(jar_dir, ignore_errors=True)
            os.makedirs(jar_dir)
            with open(os.path.join(target, "classpath.txt")) as f:
                jars = [os.path.join(target, f"{module}.jar")] + f.read().strip().split(":")
            copies = [shutil.copy(jar, os.path.join(jar_dir, f"{i:03d}-{os.path.basename(jar)}"))
                      if jar.startswith(REPO + os.sep) else jar for i, jar in enumerate(jars)]
            cmd = [java, "--add-modules", "jdk.incubator.vector", *java_options,
                   "-cp", ":".join(copies), main]
            rc, msg = run_conv4j(cmd + probe)
            if rc == 0:
                return cmd
        print(f"note: {name} did not build or run (exit {rc}: {msg}); "
              f"trying again in {BUILD_WAIT} s", flush=True)
        time.sleep(BUILD_WAIT)
    sys.exit(f"{name} did not build in {BUILD_TRIES} tries")


def snapshot_conv4j(work):
    """conv4j's command line as bin/conv4j runs it (bin/conv4j builds if sources changed)."""
    probe = ["shape", "--input", "1,4,1", "--filter", "2,1,1"]
    return java_command(work, "conv4j", [os.path.join(REPO, "bin", "conv4j")] + probe, "conv4j-cli",
                        CONV4J_MAIN, probe, ["-XX:+UseParallelGC"])


def snapshot_tf(work):
    """TfJobs (conv4j-tf-compare, the tf-compare profile; the first build downloads TensorFlow's
    natives, 160 MB)."""
    return java_command(work, "tf", ["bash", "-c", f'cd "$1" && source bin/jdk.sh && conv4j_select_jdk '
                                     f'&& {shlex.join(TF_BUILD)}', "-", REPO],
                        "conv4j-tf-compare", TF_JOBS_MAIN, ["--help"],
                        ["--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"])


def describe_repo():
    git = lambda *a: subprocess.run(["git", "-C", REPO, *a], capture_output=True,
                                    text=True).stdout.strip()
    changed = len(git("status", "--porcelain").splitlines())
    return f"git {git('rev-parse', '--short', 'HEAD')} + {changed} uncommitted paths"


# ---------------------------------------------------------------- comparing

def compare(label, got, want, tol):
    """None if got matches want within tol element-wise (shapes equal), else what is wrong."""
    if got.shape != want.shape:
        return f"{label}: shape {list(got.shape)} != expected {list(want.shape)}"
    err = np.abs(got.astype(np.float64) - want)
    bad = ~(err <= tol)  # NaN counts as bad
    if not bad.any():
        return None
    i = np.unravel_index(np.argmax(np.where(bad, err / tol, -1)), err.shape)
    return (f"{label}: {int(bad.sum())} of {err.size} elements off, worst at "
            f"{list(map(int, i))} (output layout): "
            f"got {got[i]:.8g}, expected {want[i]:.8g}, |diff| {err[i]:.3g} > tol {tol[i]:.3g}")


def check_case(args, case, want, tf_error, launcher):
    """Problems of one case as (who is wrong: "conv4j", "TF" or "" for the direct comparison,
    what); empty when it passes. The reference decides who is wrong."""
    rc, msg = run_conv4j(conv4j_command(args, case, launcher))
    problems = []
    if want is None:  # empty output: both must refuse
        if rc != 2:
            problems.append(("conv4j", f"exit code {rc} for an empty output (expected 2) {msg}"))
        if tf_error is None:
            problems.append(("TF", "accepted a case with an empty output"))
        return problems
    y, mag = want
    y_ref, tol = to_layout(case, y), to_layout(case, 1e-5 * mag + 1e-6)
    if tf_error is not None:
        problems.append(("TF", tf_error))
    if rc != 0:
        problems.append(("conv4j", f"exit code {rc}: {msg}"))
    outputs = {}
    for who, suffix, ran in (("conv4j", "c4j", rc == 0), ("TF", "tf", tf_error is None)):
        path = os.path.join(args.work, f"{case.name}.{suffix}.npy")
        if ran and not os.path.exists(path):
            problems.append((who, f"reported success but wrote no {path}"))
        elif ran:
            y = np.load(path)
            outputs[who] = to_layout(case, y) if who == "TF" else y  # TF's is channels-last
            problems.append((who, compare("vs reference", outputs[who], y_ref, tol)))
    if len(outputs) == 2 and outputs["conv4j"].shape == outputs["TF"].shape:
        problems.append(("", compare("conv4j vs TF", outputs["conv4j"],
                                     outputs["TF"].astype(np.float64), 2 * tol)))
    return [(who, what) for who, what in problems if what]


# ---------------------------------------------------------------- main

def prepare(args):
    """Draws the cases, writes their inputs, computes the references.
    Returns (cases, {name: (y, mag) or None for an empty output}, misjudged draws)."""
    rng = np.random.default_rng(args.seed)
    cases, data, misjudged = [], [], collections.Counter()
    for i in range(args.cases):
        case = random_case(rng, i, misjudged, args.wide, args.long)
        x = rng.uniform(-1, 1, case.x_shape()).astype(np.float32)
        w = rng.uniform(-1, 1, case.w_shape()).astype(np.float32)
        cases.append(case)
        data.append((x, w))
    if args.only:
        keep = {int(v) for v in args.only.split(",")}
        cases = [c for c in cases if c.index in keep]
    wants = {}
    for case in cases:
        x, w = data[case.index]
        np.save(os.path.join(args.work, f"{case.name}.x.npy"),
                np.ascontiguousarray(to_layout(case, x)))
        np.save(os.path.join(args.work, f"{case.name}.w.npy"), w)
        if case.channels_first:
            np.save(os.path.join(args.work, f"{case.name}.xtf.npy"), x)
        wants[case.name] = None if case.empty() else case_reference(case, x, w)
        for suffix in ("tf", "c4j"):  # no stale outputs from an earlier run
            stale = os.path.join(args.work, f"{case.name}.{suffix}.npy")
            if os.path.exists(stale):
                os.remove(stale)
    return cases, wants, misjudged


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default="/tmp/tfcheck", help="folder for .npy files and jobs.json")
    p.add_argument("--conv4j", help="launcher to run per case instead of a snapshot of "
                   "bin/conv4j's build (default: build once, copy the jars, run the copies)")
    p.add_argument("--only", default="", help="comma-separated case numbers to run")
    p.add_argument("--wide", action="store_true",
                   help="many-channel cases (16-72), mostly ending in 3x3 with unit stride: the blocked and "
                   "Winograd kernels")
    p.add_argument("--long", action="store_true",
                   help="one input channel, 1-4 outputs, rows of 1030-2600 at width stride 1: the spatial "
                   "kernel reading the input in place")
    args = p.parse_args()
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    launcher = None if args.conv4j else snapshot_conv4j(args.work)
    tf_launcher = snapshot_tf(args.work)
    args.conv4j = args.conv4j or os.path.join(REPO, "bin", "conv4j")
    print(f"conv4j: {'snapshot of the build of ' + describe_repo() if launcher else args.conv4j}",
          flush=True)
    t0 = time.time()
    cases, wants, misjudged = prepare(args)
    t1 = time.time()
    tf_errors = run_tf(args, cases, tf_launcher)
    t2 = time.time()

    counts = collections.defaultdict(lambda: [0, 0])  # (group, value) -> [passed, total]
    culprits = collections.Counter()
    for case in cases:
        problems = check_case(args, case, wants[case.name], tf_errors.get(case.name), launcher)
        for key in case.categories():
            counts[key][0] += not problems
            counts[key][1] += 1
        if problems:
            wrong = " and ".join(sorted({who for who, _ in problems if who}))
            culprits[wrong] += 1
            print(f"FAIL [{wrong} wrong] {case.describe()}")
            for who, what in problems:
                print(f"     {who + ' ' if who else ''}{what}")
            print(f"     conv4j: {shlex.join(conv4j_command(args, case))}")
            print(f"     TF:     {shlex.join(tf_command(args, case, tf_launcher))}")
    t3 = time.time()

    failed = sum(culprits.values())
    blame = ", ".join(f"{n} with {who} wrong" for who, n in sorted(culprits.items()))
    print(f"\n{len(cases) - failed} passed, {failed} failed{' (' + blame + ')' if blame else ''}"
          f"  (seed {args.seed}; "
          f"inputs and reference {t1 - t0:.1f} s, TF {t2 - t1:.1f} s, "
          f"conv4j and comparing {t3 - t2:.1f} s, total {t3 - t0:.1f} s)")
    if misjudged:
        print("  conv3d drawn again (TF's swapped-dilation shape bug): "
              + ", ".join(f"{n} {kind}" for kind, n in sorted(misjudged.items())))
    groups = list(dict.fromkeys(g for g, _ in counts))
    for group in groups:
        cells = [f"{v} {counts[(g, v)][0]}/{counts[(g, v)][1]}"
                 for g, v in sorted(counts) if g == group]
        print(f"  {group + ':':24s}" + "   ".join(cells))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
