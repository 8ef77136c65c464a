#!/usr/bin/env python3
"""Check conv4j against TensorFlow (TensorFlow Java, through conv4j-tf-compare) and a float64 numpy reference.

usage: python3 tools/tf-check/check.py [--cases 300] [--seed 1] [--wide | --long] [--nonfinite]
           [--work /tmp/tfcheck] [--conv4j LAUNCHER] [--only 3,17]

For N random cases (conv1d / conv2d / conv3d / depthwise2d, every TF option: strides, dilations,
SAME / VALID / explicit padding, channels-last and channels-first, groups where TF has them) it
writes x.npy and w.npy, runs every TensorFlow job in one JVM (conv4j-tf-compare's TfJobs), runs
`conv4j conv|depthwise` once per case (a snapshot of bin/conv4j's build), and compares

    conv4j vs reference   |y - y_ref| <= tol          tol = 1e-5 * sum|x*w| + 1e-6
    TF     vs reference   |y - y_ref| <= tol          (sum over the products making that element)
    conv4j vs TF          |y - y_tf|  <= 2 * tol

with exactly equal output shapes. Cases whose output would be empty must be refused by both:
conv4j with exit code 2, TensorFlow with an error. Exit code 1 if any case fails.

--nonfinite plants NaN, +-Inf and huge values, forces conv4j's algorithms and adds conv2d's
gradients; then NaN and +-Inf must be where the reference (which counts only the products over
real input) puts them, with the same sign, and finite values within tol, except where the
order of a float32 sum decides whether it overflows (README.md).
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
    # the gradients of conv2d (with --nonfinite): TensorFlow's Conv2DBackpropInput / Conv2DBackpropFilter
    "conv2d_grad_input": (2, "grad-input", "NHWC", "NCHW"),
    "conv2d_grad_filter": (2, "grad-filter", "NHWC", "NCHW"),
}
FORWARD_OPS = tuple(op for op in OPS if not op.startswith("conv2d_grad"))
# What conv4j's --algo takes (`bin/conv4j conv --algo ?` lists them); SIMD kernels end in /simd,
# their scalar twins (CONV4J_SCALAR=1) in /scalar.
FORWARD_ALGOS = ("depthwise", "spatial", "blocked-gemm", "winograd-f2x3", "winograd-f4x3", "blocked-direct", "direct")
GRAD_INPUT_ALGOS = FORWARD_ALGOS + ("direct-grad-input",)
GRAD_FILTER_ALGOS = ("blocked-grad-filter", "direct-grad-filter")
UNSUFFIXED = ("direct", "direct-grad-input", "direct-grad-filter")
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
    # --nonfinite: the algorithms to ask conv4j for, in order, until one takes the problem (none:
    # the planner's choice); scalar twins (CONV4J_SCALAR=1); what was planted in the data
    algos: tuple = ()
    scalar: bool = False
    poison: str = ""

    @property
    def name(self):
        return f"case{self.index:04d}"

    @property
    def depthwise(self):
        return self.op == "depthwise2d"

    @property
    def gradient(self):
        return self.op.startswith("conv2d_grad")

    @property
    def layout(self):
        return OPS[self.op][3 if self.channels_first else 2]

    def x_shape(self):  # channels-last
        return (self.batch, *self.spatial, self.channels)

    def w_shape(self):  # HWIO, depthwise [k..., C, multiplier]
        if self.depthwise:
            return (*self.kernel, self.channels, self.out_per_group)
        return (*self.kernel, self.channels // self.groups, self.groups * self.out_per_group)

    def dy_shape(self):  # channels-last output shape, the output gradient's
        return (self.batch, *self.out_spatial(), self.out_per_group * (self.channels if self.depthwise else self.groups))

    def output_in_layout(self):
        """Whether the result is in the case's data layout (the filter gradient is HWIO)."""
        return self.op != "conv2d_grad_filter"

    def algo_names(self):
        """--algo values to try, with the kernels' /simd or /scalar ending."""
        return [a if a in UNSUFFIXED else f"{a}/{'scalar' if self.scalar else 'simd'}" for a in self.algos]

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
                f"dilations={list(self.dilations)} padding={pad} threads={self.threads}"
                + (f" algos={','.join(self.algo_names()) or 'planner'}" if self.poison else "")
                + (" CONV4J_SCALAR=1" if self.scalar else "")
                + (f"\n     planted: {self.poison}" if self.poison else ""))

    def categories(self):
        """(group, value) pairs for the per-option counts."""
        s, d = max(self.strides), max(self.dilations)
        return [("op", self.op), ("padding", self.padding_kind()),
                ("layout", "channels-first" if self.channels_first else "channels-last"),
                ("stride", f"max {s}"), ("dilation", f"max {d}"),
                ("stride>1 & dilation>1", "yes" if s > 1 and d > 1 else "no"),
                ("groups", "grouped" if self.groups > 1 else "1"),
                ("threads", str(self.threads)),
                ("expected", "error (empty output)" if self.empty() else "result")] + (
            [("kernels", "scalar" if self.scalar else "simd")] if self.poison else [])


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

    op = str(rng.choice(FORWARD_OPS))
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

FLOAT_MAX = float(np.finfo(np.float32).max)
# A float32 sum whose positive (negative) products add up to less than FLOAT_MAX / OVERFLOW_SLACK
# cannot overflow in any order (rounding included); one whose exact sum passes
# FLOAT_MAX * OVERFLOW_SLACK overflows in every order.
OVERFLOW_SLACK = 1.01


class Terms:
    """The products making each element of a result, as sums in float64: `fin` and `mag` are the
    sum and the sum of magnitudes of the finite products, `nan`, `pinf` and `ninf` count the
    products that are NaN (NaN times anything, ±Inf times 0) and +Inf / -Inf. Only products that
    read real input are counted: a tap on zero padding contributes nothing (docs/semantics.md)."""

    def __init__(self, shape):
        self.fin, self.mag = np.zeros(shape), np.zeros(shape)
        self.nan, self.pinf, self.ninf = np.zeros(shape), np.zeros(shape), np.zeros(shape)

    def add(self, where, a, valid, b):
        """Adds the products of a @ b to the elements at `where`: a [..., K] (its entries
        where `valid` is False are padding and take no part), b [K, M]."""
        finite_a, finite_b = valid & np.isfinite(a), np.isfinite(b)
        af, bf = np.where(finite_a, a, 0.0), np.where(finite_b, b, 0.0)
        self.fin[where] += af @ bf
        self.mag[where] += np.abs(af) @ np.abs(bf)
        if finite_a.sum() == valid.sum() and finite_b.all():
            return

        def kinds(v, real):  # 0/1 indicators of each kind of value
            f = lambda m: (real & m).astype(np.float64)
            return dict(nan=f(np.isnan(v)), pinf=f(v == np.inf), ninf=f(v == -np.inf),
                        zero=f(v == 0), pos=f(np.isfinite(v) & (v > 0)), neg=f(np.isfinite(v) & (v < 0)),
                        any=f(np.ones(v.shape, bool)))
        ka, kb = kinds(a, valid), kinds(b, np.ones(b.shape, bool))
        mm = lambda x, y: ka[x] @ kb[y]
        self.nan[where] += (mm("nan", "any") + mm("any", "nan") + mm("pinf", "zero") + mm("ninf", "zero")
                            + mm("zero", "pinf") + mm("zero", "ninf"))
        self.pinf[where] += (mm("pinf", "pos") + mm("pinf", "pinf") + mm("ninf", "neg") + mm("ninf", "ninf")
                             + mm("pos", "pinf") + mm("neg", "ninf"))
        self.ninf[where] += (mm("pinf", "neg") + mm("pinf", "ninf") + mm("ninf", "pos") + mm("ninf", "pinf")
                             + mm("pos", "ninf") + mm("neg", "pinf"))

    def map(self, f):
        """Terms whose every array is f(array) (a transposition, a crop)."""
        out = Terms(())
        for k in ("fin", "mag", "nan", "pinf", "ninf"):
            setattr(out, k, f(getattr(self, k)))
        return out

    def expected(self):
        """What a float32 sum of these products may be, element by element: (value, tol, allowed)
        with value = the exact finite sum, tol = 1e-5 * mag + 1e-6, and allowed a dict of boolean
        arrays naming the results some order of the sum gives: "finite" (then within tol of value),
        "+inf", "-inf", "nan". Exactly one is allowed where the order cannot matter: NaN where a
        product is NaN or +Inf meets -Inf; ±Inf where only products of that sign are infinite and
        the finite ones of the other sign cannot overflow; finite where neither sign's finite
        products can overflow; ±Inf where the exact sum overflows in every order. Elsewhere (the
        finite products of one sign add up to about float32's limit or more) the order decides,
        and everything that some order gives is allowed."""
        lo, hi = FLOAT_MAX / OVERFLOW_SLACK, FLOAT_MAX * OVERFLOW_SLACK
        pos_may_overflow = (self.mag + self.fin) / 2 >= lo  # the finite products of that sign
        neg_may_overflow = (self.mag - self.fin) / 2 >= lo
        nan = (self.nan > 0) | ((self.pinf > 0) & (self.ninf > 0))
        pinf, ninf = ~nan & (self.pinf > 0), ~nan & (self.ninf > 0)
        finite_only = ~nan & ~pinf & ~ninf
        allowed = {
            "nan": nan | (pinf & neg_may_overflow) | (ninf & pos_may_overflow)
                   | (finite_only & pos_may_overflow & neg_may_overflow),
            "+inf": pinf | (finite_only & pos_may_overflow),
            "-inf": ninf | (finite_only & neg_may_overflow),
            "finite": finite_only & (np.abs(self.fin) <= hi),
        }
        return self.fin, 1e-5 * self.mag + 1e-6, allowed


def reference(x, w, groups, strides, dilations, pads, padding_is_data=False):
    """Grouped cross-correlation in float64, channels-last, HWIO filter [k..., C/groups, Cout],
    as Terms per output element. Loops over the kernel taps: for tap k, output position o reads
    padded input position o*s + k*d; padding is never multiplied."""
    x, w = x.astype(np.float64), w.astype(np.float64)
    r = x.ndim - 2
    xp = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    real = np.pad(np.ones(x.shape, bool), [(0, 0)] + list(pads) + [(0, 0)], constant_values=padding_is_data)
    outs = [(xp.shape[1 + i] - (w.shape[i] - 1) * dilations[i] - 1) // strides[i] + 1
            for i in range(r)]
    cin_g, cout = w.shape[-2], w.shape[-1]
    cout_g = cout // groups
    terms = Terms((x.shape[0], *outs, cout))
    for tap in np.ndindex(*w.shape[:r]):
        window = (slice(None),) + tuple(
            slice(tap[i] * dilations[i], tap[i] * dilations[i] + (outs[i] - 1) * strides[i] + 1,
                  strides[i]) for i in range(r))
        patch, patch_real = xp[window], real[window]  # [N, outs..., C]: what each output meets at this tap
        for g in range(groups):
            cin, cout_slice = slice(g * cin_g, (g + 1) * cin_g), slice(g * cout_g, (g + 1) * cout_g)
            terms.add((..., cout_slice), patch[..., cin], patch_real[..., cin], w[tap][:, cout_slice])
    return terms


def reference_grad_filter(x, dy, kernel, strides, dilations, pads, padding_is_data=False):
    """dL/dw [k..., C, Cout] = sum over batch and output positions of x (real, unpadded unless
    `padding_is_data`) times dy."""
    x, dy = x.astype(np.float64), dy.astype(np.float64)
    r = x.ndim - 2
    xp = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    real = np.pad(np.ones(x.shape, bool), [(0, 0)] + list(pads) + [(0, 0)], constant_values=padding_is_data)
    outs = dy.shape[1:-1]
    terms = Terms((*kernel, x.shape[-1], dy.shape[-1]))
    dy_rows = dy.reshape(-1, dy.shape[-1])
    for tap in np.ndindex(*kernel):
        window = (slice(None),) + tuple(
            slice(tap[i] * dilations[i], tap[i] * dilations[i] + (outs[i] - 1) * strides[i] + 1,
                  strides[i]) for i in range(r))
        patch = xp[window].reshape(-1, x.shape[-1]).T  # [C, N*outs]
        patch_real = real[window].reshape(-1, x.shape[-1]).T
        terms.add(tap, patch, patch_real, dy_rows)
    return terms


def reference_grad_input(dy, w, x_shape, strides, dilations, pads, zeros_are_data=False):
    """dL/dx [N, spatial..., C]: each dy[o] times w[tap] lands on padded input position
    o*s + tap*d; what lands on padding is dropped, so every counted product is a real one. With
    `zeros_are_data`, as a forward convolution of dy spread by the strides and zero-padded: every
    tap meets a value at every position (the zeros between and around dy's elements included)."""
    dy, w = dy.astype(np.float64), w.astype(np.float64)
    r = dy.ndim - 2
    padded = [x_shape[1 + i] + pads[i][0] + pads[i][1] for i in range(r)]
    outs = dy.shape[1:-1]
    terms = Terms((x_shape[0], *padded, x_shape[-1]))
    if zeros_are_data:
        reach = [(w.shape[i] - 1) * dilations[i] for i in range(r)]
        spread = np.zeros((dy.shape[0], *[reach[i] + padded[i] for i in range(r)], dy.shape[-1]))
        spread[(slice(None),) + tuple(slice(reach[i], reach[i] + (outs[i] - 1) * strides[i] + 1, strides[i])
                                      for i in range(r))] = dy
        real = np.ones(spread.shape, bool)
    else:
        real = np.ones(dy.shape, bool)
    for tap in np.ndindex(*w.shape[:r]):
        if zeros_are_data:  # position j meets spread[j - tap*d]
            read = (slice(None),) + tuple(slice(reach[i] - tap[i] * dilations[i],
                                                reach[i] - tap[i] * dilations[i] + padded[i]) for i in range(r))
            terms.add((...,), spread[read], real[read], w[tap].T)
            continue
        window = (slice(None),) + tuple(
            slice(tap[i] * dilations[i], tap[i] * dilations[i] + (outs[i] - 1) * strides[i] + 1,
                  strides[i]) for i in range(r))
        terms.add(window, dy, real, w[tap].T)
    crop = (slice(None),) + tuple(slice(pads[i][0], pads[i][0] + x_shape[1 + i]) for i in range(r))
    return terms.map(lambda a: a[crop])


def case_reference(case, x, w, dy=None, padding_is_data=False):
    """Reference Terms for a case, on channels-last x and dy; depthwise = groups of one channel
    each. `padding_is_data` multiplies the zero padding like input (for the input gradient: the
    zeros of the spread and padded output gradient)."""
    if case.op == "conv2d_grad_input":
        return reference_grad_input(dy, w, case.x_shape(), case.strides, case.dilations, case.pads(), padding_is_data)
    if case.op == "conv2d_grad_filter":
        return reference_grad_filter(x, dy, case.kernel, case.strides, case.dilations, case.pads(), padding_is_data)
    if case.depthwise:  # [k..., C, M] -> [k..., 1, C*M]: output channel c*M + m
        w = w.reshape(*case.kernel, 1, case.channels * case.out_per_group)
        return reference(x, w, case.channels, case.strides, case.dilations, case.pads(), padding_is_data)
    return reference(x, w, case.groups, case.strides, case.dilations, case.pads(), padding_is_data)


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
    tf = "tf" if case.channels_first else ""
    job = {"op": case.op, "input": f"{case.name}.x{tf}.npy", "filter": f"{case.name}.w.npy",
           "strides": list(case.strides), "dilations": list(case.dilations), "padding": padding,
           "out": f"{case.name}.tf.npy"}
    if case.gradient:
        job["grad_output"] = f"{case.name}.dy{tf}.npy"
        job["input_shape" if case.op == "conv2d_grad_input" else "filter_shape"] = list(
            case.x_shape() if case.op == "conv2d_grad_input" else case.w_shape())
        del job["filter" if case.op == "conv2d_grad_filter" else "input"]
    return job


def tf_command(args, case, launcher):
    """TfJobs on a job file holding this case alone (written for reproducing a failure)."""
    job_file = os.path.join(args.work, f"{case.name}.job.json")
    with open(job_file, "w") as f:
        json.dump({"jobs": [tf_job(case)]}, f, indent=1)
    return launcher + [job_file]


def conv4j_command(args, case, launcher=None, algo=None):
    """bin/conv4j conv|depthwise|grad-input|grad-filter for a case, with --algo `algo` if given;
    `launcher` replaces bin/conv4j (the snapshot)."""
    f = lambda suffix: os.path.join(args.work, f"{case.name}.{suffix}.npy")
    operands = {"conv2d_grad_input": ["--filter", f("w"), "--grad-output", f("dy"), "--input-shape",
                                      csv(to_layout(case, np.empty(case.x_shape(), np.int8)).shape)],
                "conv2d_grad_filter": ["--input", f("x"), "--grad-output", f("dy"),
                                       "--filter-shape", csv(case.w_shape())]}
    cmd = [*(launcher or [args.conv4j]), OPS[case.op][1],
           *operands.get(case.op, ["--input", f("x"), "--filter", f("w")]),
           "--output", f("c4j"), "--strides", csv(case.strides),
           "--dilations", csv(case.dilations), "--padding", case.padding_arg(for_tf=False),
           "--data-format", case.layout, "--threads", str(case.threads)]
    return (cmd + (["--groups", str(case.groups)] if case.groups > 1 else [])
            + (["--algo", algo] if algo else []))


def conv4j_env(case):
    return dict(os.environ, CONV4J_SCALAR="1") if case.scalar else None


def shell_command(args, case, algo):
    """The conv4j command to reproduce a case, as one shell line."""
    return ("CONV4J_SCALAR=1 " if case.scalar else "") + shlex.join(conv4j_command(args, case, algo=algo))


def run_tf(args, cases, launcher):
    """All TF jobs in one JVM; if TF crashes the JVM, the job it was running is marked crashed
    and a new JVM takes the jobs after it. Returns ({case name: error} for the jobs TF refused
    ("refused: ...") or crashed on ("crashed ..."), {case name: the oneDNN convolution
    implementations that ran it, "" for none: TF's own Eigen kernels}). oneDNN's verbose mode
    names them on stdout, flushed before the job's own line. The log (tf.log) and crash reports
    (hs_err_pid*.log) go to the work folder."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"), ONEDNN_VERBOSE="1")
    errors, implementations, todo, log = {}, {}, list(cases), ""
    for run in itertools.count(1):
        job_file = os.path.join(args.work, "jobs.json" if run == 1 else f"jobs-{run}.json")
        with open(job_file, "w") as f:
            json.dump({"jobs": [tf_job(c) for c in todo]}, f, indent=1)
        cmd = launcher + [job_file]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=args.work)
        out = proc.stdout + proc.stderr
        log += f"$ {shlex.join(cmd)}\n{out}\n"
        running = []
        for line in proc.stdout.splitlines():
            exec_line = re.match(r"onednn_verbose,(?:[\d.]+,)?primitive,exec,cpu,convolution,([^,]+),", line)
            if exec_line:
                running.append(exec_line[1])
            elif re.match(r"(?:ok|refused) (\d+)", line):
                job = int(re.match(r"(?:ok|refused) (\d+)", line)[1])
                implementations[todo[job].name] = " ".join(dict.fromkeys(running))
                running = []
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
        implementations[todo[len(done)].name] = " ".join(dict.fromkeys(running))
        todo = todo[len(done) + 1:]
        if not todo:
            break
    with open(os.path.join(args.work, "tf.log"), "w") as f:
        f.write(log)
    return errors, implementations


def run_conv4j(cmd, env=None):
    """Returns (exit code, the last line conv4j wrote to stderr, the algorithm its stdout names)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    lines = [l for l in proc.stderr.splitlines()
             if l.strip() and not l.startswith(("WARNING", "\x1b", "[INFO]"))]
    algo = re.search(r"\(([\w/-]+), [\d.]+ ms\)", proc.stdout)
    return proc.returncode, (lines[-1] if lines else ""), (algo[1] if algo else None)


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
        rc, msg, _ = run_conv4j(build)
        if rc == 0:
            shutil.rmtree(jar_dir, ignore_errors=True)
            os.makedirs(jar_dir)
            with open(os.path.join(target, "classpath.txt")) as f:
                jars = [os.path.join(target, f"{module}.jar")] + f.read().strip().split(":")
            copies = [shutil.copy(jar, os.path.join(jar_dir, f"{i:03d}-{os.path.basename(jar)}"))
                      if jar.startswith(REPO + os.sep) else jar for i, jar in enumerate(jars)]
            cmd = [java, "--add-modules", "jdk.incubator.vector", *java_options,
                   "-cp", ":".join(copies), main]
            rc, msg, _ = run_conv4j(cmd + probe)
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

KINDS = ("finite", "+inf", "-inf", "nan")
TF_MULTIPLIES_ZEROS = "TF (multiplying zeros)"


def kind_of(y):
    """0 finite, 1 +Inf, 2 -Inf, 3 NaN (indices into KINDS), element-wise."""
    return np.select([np.isnan(y), y == np.inf, y == -np.inf], [3, 1, 2], 0)


def describe_allowed(want, i):
    value, _, allowed = want
    kinds = [f"{value[i]:.8g}" if k == "finite" else k for k in KINDS if allowed[k][i]]
    return " or ".join(kinds) + (" (the order of the sum decides)" if len(kinds) > 1 else "")


def compare(label, got, want):
    """None if got is what `want` (Terms.expected(), in got's layout) allows element-wise (shapes
    equal), else what is wrong."""
    value, tol, allowed = want
    if got.shape != value.shape:
        return f"{label}: shape {list(got.shape)} != expected {list(value.shape)}"
    g = got.astype(np.float64)
    with np.errstate(invalid="ignore"):
        err = np.abs(g - value)
        ok = ((allowed["finite"] & np.isfinite(g) & (err <= tol)) | (allowed["+inf"] & (g == np.inf))
              | (allowed["-inf"] & (g == -np.inf)) | (allowed["nan"] & np.isnan(g)))
    bad = ~ok
    if not bad.any():
        return None
    finite_off = bad & allowed["finite"] & np.isfinite(g)
    if finite_off.any():  # the worst of the finite errors
        i = np.unravel_index(np.argmax(np.where(finite_off, err / tol, -1)), err.shape)
        detail = f"|diff| {err[i]:.3g} > tol {tol[i]:.3g}"
    else:
        i = np.unravel_index(np.argmax(bad), bad.shape)
        detail = ""
    kinds = collections.Counter(KINDS[k] for k in kind_of(g)[bad])
    return (f"{label}: {int(bad.sum())} of {g.size} elements off ("
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + "), "
            f"{'worst' if detail else 'first'} at {list(map(int, i))} (output layout): "
            f"got {got[i]:.8g}, expected {describe_allowed(want, i)}{' ' + detail if detail else ''}")


def compare_direct(c4j, tf, want):
    """conv4j against TF where the order of the sum cannot matter: NaN in the same places, ±Inf in
    the same places with the same sign, finite values within 2 * tol. Returns (problem or None,
    elements where the order decides, how many of those conv4j and TF give different kinds of)."""
    value, tol, allowed = want
    certain = sum(allowed[k].astype(int) for k in KINDS) == 1
    kc, kt = kind_of(c4j), kind_of(tf)
    with np.errstate(invalid="ignore"):
        bad = certain & ((kc != kt) | ((kc == 0) & (kt == 0) & ~(np.abs(c4j.astype(np.float64) - tf) <= 2 * tol)))
    open_order = int((~certain).sum()), int((~certain & (kc != kt)).sum())
    if not bad.any():
        return None, *open_order
    i = np.unravel_index(np.argmax(bad), bad.shape)
    return (f"conv4j vs TF: {int(bad.sum())} of {c4j.size} elements differ, first at {list(map(int, i))}: "
            f"conv4j {c4j[i]:.8g}, TF {tf[i]:.8g} (tol {2 * tol[i]:.3g})"), *open_order


def rejection_kind(msg):
    if "NaN or Inf" in msg:
        return "non-finite filter meets padding or the spread gradient's zeros"
    if "median magnitude" in msg:
        return "Winograd and a filter whose largest weight is over 1024 times its median, with padding"
    return "shape"


def run_case_conv4j(args, case, launcher, stats):
    """Runs conv4j on a case, asking for each of case.algos in turn until one takes the problem
    (then the planner's choice); returns (exit code, message, the algorithm that ran)."""
    env = conv4j_env(case)
    for algo in case.algo_names():
        rc, msg, used = run_conv4j(conv4j_command(args, case, launcher, algo), env)
        if rc == 2 and "cannot compute" in msg:
            stats["refusals"][(algo, rejection_kind(msg))] += 1
            continue
        return rc, msg, used or algo
    rc, msg, used = run_conv4j(conv4j_command(args, case, launcher), env)
    return rc, msg, used or "planner's choice"


def check_case(args, case, want, tf_error, launcher, stats, padded_reference):
    """Problems of one case as (who is wrong: "conv4j", "TF" or "" for the direct comparison,
    what), empty when it passes, and the algorithm conv4j ran. The reference decides who is wrong;
    where TF is, `padded_reference()` (the reference multiplying the zero padding) says whether
    that is why."""
    rc, msg, algo = run_case_conv4j(args, case, launcher, stats)
    problems = []
    if want is None:  # empty output: both must refuse
        if rc != 2:
            problems.append(("conv4j", f"exit code {rc} for an empty output (expected 2) {msg}"))
        if tf_error is None:
            problems.append(("TF", "accepted a case with an empty output"))
        return problems, algo
    value, tol, allowed = want.expected()
    in_layout = (lambda a: to_layout(case, a)) if case.output_in_layout() else (lambda a: a)
    want = in_layout(value), in_layout(tol), {k: in_layout(v) for k, v in allowed.items()}
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
            outputs[who] = in_layout(y) if who == "TF" else y  # TF's is channels-last
            problem = compare("vs reference", outputs[who], want)
            if problem and who == "TF":
                padded = padded_reference()
                if padded is not None and compare("", outputs[who], tuple(
                        in_layout(a) if not isinstance(a, dict) else {k: in_layout(v) for k, v in a.items()}
                        for a in padded.expected())) is None:
                    problem += ("\n     TF multiplies zeros that are not input (padding; for the input gradient "
                                "the spread output gradient's zeros): it agrees with the reference that does "
                                "(0 x NaN = NaN, 0 x Inf = NaN)")
                    who = TF_MULTIPLIES_ZEROS
            problems.append((who, problem))
    certain = sum(want[2][k].astype(int) for k in KINDS) == 1
    for k in KINDS:
        stats["elements"][k] += int((want[2][k] & certain).sum())
    if len(outputs) == 2 and outputs["conv4j"].shape == outputs["TF"].shape:
        problem, open_order, differ = compare_direct(outputs["conv4j"], outputs["TF"], want)
        problems.append(("", problem))
        stats["elements"]["order decides"] += open_order
        stats["elements"]["order decides, conv4j and TF differ"] += differ
    return [(who, what) for who, what in problems if what], algo


# ---------------------------------------------------------------- main

GRADIENT_SHARE = 0.4  # --nonfinite: share of non-empty ungrouped conv2d cases turned into a gradient
PLANNER_SHARE = 0.25
ONE_BY_ONE_SHARE = 0.15  # --nonfinite: share of many-channel cases made 1x1 (blocked-gemm's shape)  # --nonfinite: share of cases left to the planner's choice of algorithm
HUGE = (1e37, 3e37, 1e38)  # a dozen products of 3e37, three of 1e38 overflow float32
SPECIALS = {"NaN": np.nan, "+Inf": np.inf, "-Inf": -np.inf}


def nonfinite_variant(rng, case):
    """The case with what --nonfinite adds: maybe a gradient instead of conv2d, the algorithms to
    force (one drawn from the operation's list, then the direct one that takes everything), scalar
    twins for half of the cases."""
    if (not case.depthwise and case.groups == 1 and min(case.channels, case.out_per_group) >= 8
            and rng.random() < ONE_BY_ONE_SHARE):  # the shape blocked-gemm takes (a new filter is drawn)
        rank = OPS[case.op][0]
        case = dataclasses.replace(case, kernel=(1,) * rank, strides=(1,) * rank, dilations=(1,) * rank,
                                   padding="VALID")
    op, dilations = case.op, case.dilations
    if (op == "conv2d" and case.groups == 1 and not case.empty() and rng.random() < GRADIENT_SHARE
            and not dataclasses.replace(case, dilations=(1, 1)).empty()):
        # TF's CPU gradients refuse dilations ("do not yet support dilation rates larger than 1")
        op, dilations = str(rng.choice(["conv2d_grad_input", "conv2d_grad_filter"])), (1, 1)
    scalar = bool(rng.random() < 0.5)
    variant = dataclasses.replace(case, op=op, dilations=dilations, scalar=scalar, poison="?")
    algos, last = {"conv2d_grad_input": (GRAD_INPUT_ALGOS, "direct-grad-input"),
                   "conv2d_grad_filter": (GRAD_FILTER_ALGOS, "direct-grad-filter")}.get(op, (FORWARD_ALGOS, "direct"))
    special = [a for a in algos if a != last and takes(variant, a)]
    first = str(rng.choice(special)) if special and rng.random() < 0.8 else last
    forced = () if rng.random() < PLANNER_SHARE else tuple(dict.fromkeys([first, last]))
    return dataclasses.replace(variant, algos=forced)


def takes(case, algo):
    """Whether conv4j's algorithm `algo` likely takes the case's shape (the rules of each
    algorithm's rejection(), roughly; conv4j decides, and a refusal makes the next one run)."""
    rank = OPS[case.op][0]
    groups = case.channels if case.depthwise else case.groups
    cin, cout = case.channels, (case.channels if case.depthwise else case.groups) * case.out_per_group
    if case.op == "conv2d_grad_input":  # the equivalent forward convolution maps output to input channels
        cin, cout = cout, cin
    cin_g, cout_g = cin // groups, cout // groups
    stride1 = all(s == 1 for s in case.strides)
    winograd = (case.kernel[-min(rank, 2):] == (3,) * min(rank, 2) and groups == 1 and min(cin, cout) >= 16
                and all(s == 1 for s in case.strides[-min(rank, 2):])
                and all(d == 1 for d in case.dilations[-min(rank, 2):]))
    rules = {
        "depthwise": cin_g == 1 and cout >= 8 and not (cin == 1 and cout <= 8),
        "spatial": cin_g * cout <= 16 and cout <= 8,
        "blocked-gemm": all(k == 1 for k in case.kernel) and stride1 and all(p == (0, 0) for p in case.pads())
                        and cout_g >= 8,
        "winograd-f2x3": winograd,
        "winograd-f4x3": winograd,
        "blocked-direct": cout_g >= 8,
        "blocked-grad-filter": cout_g >= 8 and not case.scalar,  # no scalar twin behind --algo
    }
    return rules.get(algo, True)


def plant(rng, operands, filter_name, finite_filter=False):
    """Plants NaN, ±Inf and huge finite values into the case's operands (channels-last arrays,
    changed in place; `filter_name` is the one shaped like a filter, or None) and says what.
    Huge values fill a box or two of one operand, each of one sign, and the other operands become
    non-negative (mostly), so that most sums overflow or not whatever their order. NaN and ±Inf
    go to single elements, often a filter's corner taps (the ones that meet only padding at the
    border) or the data's border; exact zeros beside an infinity make Inf x 0. With
    `finite_filter` the filter gets only huge values."""
    names, said = list(operands), []
    huge = str(rng.choice(names)) if rng.random() < 0.4 else None
    if huge:
        a = operands[huge]
        magnitude = float(rng.choice(HUGE))
        for _ in range(1 + (rng.random() < 0.3)):
            box = tuple(slice(lo, lo + int(rng.integers(1, n - lo + 1)))
                        for n, lo in ((n, int(rng.integers(0, n))) for n in a.shape))
            sign = float(rng.choice([-1.0, 1.0]))
            a[box] = sign * magnitude * (0.5 + 0.5 * rng.random(a[box].shape))
            said.append(f"{huge} box {'+-'[sign < 0]}{magnitude:.0e} at "
                        + ",".join(f"{b.start}:{b.stop}" for b in box))
        if rng.random() < 0.8:
            for name in names:
                if name != huge:
                    np.abs(operands[name], out=operands[name])
            said.append(f"{' and '.join(n for n in names if n != huge)} >= 0")
    poisoned = [n for n in names if rng.random() < 0.6] or ([] if huge else [str(rng.choice(names))])
    if finite_filter:
        poisoned = [n for n in poisoned if n != filter_name] or [n for n in names if n != filter_name]
    infinite = False
    for name in poisoned:
        a = operands[name]
        spots = []
        for _ in range(int(rng.integers(1, 5))):
            kind = str(rng.choice(list(SPECIALS)))
            spatial = range(0, a.ndim - 2) if name == filter_name else range(1, a.ndim - 1)
            border = rng.random() < 0.5
            index = tuple(int(rng.choice([0, n - 1])) if border and axis in spatial else int(rng.integers(0, n))
                          for axis, n in enumerate(a.shape))
            a[index] = SPECIALS[kind]
            infinite |= kind != "NaN"
            spots.append(f"{kind}@{list(index)}")
        said.append(f"{name}: " + " ".join(spots))
    if infinite and rng.random() < 0.3:
        name = str(rng.choice(names))
        a = operands[name]
        zeros = (rng.random(a.shape) < 0.1) & np.isfinite(a)
        a[zeros] = 0.0
        said.append(f"{int(zeros.sum())} zeros in {name}")
    return "; ".join(said)


def prepare(args):
    """Draws the cases, writes their inputs, computes the references.
    Returns (cases, {name: Terms or None for an empty output}, {name: a function giving the
    reference that multiplies the zero padding}, misjudged draws).
    --nonfinite draws its additions from a second generator, so that a seed gives the same shapes
    and the same finite data with or without it."""
    rng = np.random.default_rng(args.seed)
    extra = np.random.default_rng([args.seed, 1])
    cases, data, misjudged = [], [], collections.Counter()
    for i in range(args.cases):
        case = random_case(rng, i, misjudged, args.wide, args.long)
        x = rng.uniform(-1, 1, case.x_shape()).astype(np.float32)
        w = rng.uniform(-1, 1, case.w_shape()).astype(np.float32)
        dy = None
        if args.nonfinite:
            case = nonfinite_variant(extra, case)
            if w.shape != case.w_shape():
                w = extra.uniform(-1, 1, case.w_shape()).astype(np.float32)
            if case.empty():
                case = dataclasses.replace(case, poison="nothing (empty output)")
            else:
                if case.gradient:
                    dy = extra.uniform(-1, 1, case.dy_shape()).astype(np.float32)
                operands = {"conv2d_grad_input": {"dy": dy, "w": w},
                            "conv2d_grad_filter": {"x": x, "dy": dy}}.get(case.op, {"x": x, "w": w})
                # TF pads Conv3D explicitly with tf.pad: its zeros are data there, which a NaN weight meets
                padding_is_data = case.op == "conv3d" and case.padding_kind() == "EXPLICIT"
                case = dataclasses.replace(case, poison=plant(extra, operands, "w" if "w" in operands else None,
                                                              finite_filter=padding_is_data))
        cases.append(case)
        data.append((x, w, dy))
    if args.only:
        keep = {int(v) for v in args.only.split(",")}
        cases = [c for c in cases if c.index in keep]
    wants, padded = {}, {}
    for case in cases:
        x, w, dy = data[case.index]
        padded[case.name] = lambda case=case, x=x, w=w, dy=dy: case_reference(case, x, w, dy, padding_is_data=True)
        np.save(os.path.join(args.work, f"{case.name}.x.npy"),
                np.ascontiguousarray(to_layout(case, x)))
        np.save(os.path.join(args.work, f"{case.name}.w.npy"), w)
        if case.channels_first:
            np.save(os.path.join(args.work, f"{case.name}.xtf.npy"), x)
        if dy is not None:
            np.save(os.path.join(args.work, f"{case.name}.dy.npy"), np.ascontiguousarray(to_layout(case, dy)))
            if case.channels_first:
                np.save(os.path.join(args.work, f"{case.name}.dytf.npy"), dy)
        with np.errstate(invalid="ignore", over="ignore"):
            wants[case.name] = None if case.empty() else case_reference(case, x, w, dy)
        for suffix in ("tf", "c4j"):  # no stale outputs from an earlier run
            stale = os.path.join(args.work, f"{case.name}.{suffix}.npy")
            if os.path.exists(stale):
                os.remove(stale)
    return cases, wants, padded, misjudged


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
    p.add_argument("--nonfinite", action="store_true",
                   help="plant NaN, +-Inf and huge values (1e37-1e38, so that sums overflow) in inputs, filters "
                   "and output gradients; force conv4j's algorithms (--algo) and scalar twins; turn some conv2d "
                   "cases into their input and filter gradients")
    args = p.parse_args()
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    launcher = None if args.conv4j else snapshot_conv4j(args.work)
    tf_launcher = snapshot_tf(args.work)
    args.conv4j = args.conv4j or os.path.join(REPO, "bin", "conv4j")
    print(f"conv4j: {'snapshot of the build of ' + describe_repo() if launcher else args.conv4j}",
          flush=True)
    t0 = time.time()
    cases, wants, padded, misjudged = prepare(args)
    t1 = time.time()
    tf_errors, tf_implementations = run_tf(args, cases, tf_launcher)
    t2 = time.time()

    counts = collections.defaultdict(lambda: [0, 0])  # (group, value) -> [passed, total]
    culprits = collections.Counter()
    stats = {"refusals": collections.Counter(), "elements": collections.Counter()}
    for case in cases:
        problems, algo = check_case(args, case, wants[case.name], tf_errors.get(case.name), launcher, stats,
                                    padded[case.name])
        tf_implementation = tf_implementations.get(case.name) or "Eigen (no oneDNN primitive)"
        for key in case.categories() + ([("algorithm", algo), ("TF convolution", tf_implementation)]
                                         if args.nonfinite else []):
            counts[key][0] += not problems
            counts[key][1] += 1
        if problems:
            wrong = " and ".join(sorted({who for who, _ in problems if who}))
            culprits[wrong] += 1
            print(f"FAIL [{wrong} wrong] {case.describe()}")
            print(f"     TF ran {tf_implementation}; conv4j ran {algo}")
            for who, what in problems:
                print(f"     {who + ' ' if who else ''}{what}")
            print(f"     conv4j: {shell_command(args, case, algo if case.algos else None)}")
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
    if args.nonfinite:
        e = stats["elements"]
        print(f"  elements checked:       {e['nan']} NaN, {e['+inf']} +Inf, {e['-inf']} -Inf, {e['finite']} finite; "
              f"{e['order decides']} whose value the order of the sum decides (conv4j and TF give different "
              f"kinds of value on {e['order decides, conv4j and TF differ']})")
        for (algo, why), n in sorted(stats["refusals"].items()):
            print(f"  --algo {algo} refused {n} (then the next): {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
