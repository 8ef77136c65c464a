#!/usr/bin/env python3
"""The Python peers of bin/bench-vs-peers: PyTorch, OpenCV and scipy, one per process.

usage: python3 python_peers.py torch|opencv|scipy CASES.json THREADS RUNS MIN_SECONDS CHECK_MACS

CASES.json is the list bench_vs_peers.py writes (TensorFlow's shapes and pads per case). Prints
one JSON object {case name: result}: a result is {"ms": median, "variant": what ran} or
{"skip": why}. When a case has at most CHECK_MACS multiply-adds, the peer's output is also
compared with a float64 numpy reference by the project's accuracy rule (docs/semantics.md),
giving "check": "pass" or "fail ...". Inputs are uniform in [-1, 1).
"""
import json
import sys
import time

import numpy as np


def median_ms(work, runs, min_seconds):
    """Median of >= runs timed calls (more until min_seconds are filled, at most 1000), after 3 untimed ones."""
    for _ in range(3):
        work()
    times, start = [], time.perf_counter()
    while len(times) < runs or (time.perf_counter() - start < min_seconds and len(times) < 1000):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)) * 1e3


def macs(case):
    out = np.prod(case["out_spatial"]) * case["input"][0]
    k = np.prod(case["filter"][:case["rank"]])
    return int(out * k * case["filter"][-2] * case["filter"][-1])


def reference(case, x, w):
    """Forward correlation in float64 and, per element, sum |x*w| (the accuracy rule's scale).
    x channels-last, w [k..., C/groups, out] (depthwise reshaped to groups of one channel)."""
    r, groups = case["rank"], case["groups"]
    xp = np.pad(x.astype(np.float64), [(0, 0), *case["pads"], (0, 0)])
    w64 = w.astype(np.float64)
    n, cin, cout = x.shape[0], x.shape[-1], w.shape[-1]
    cg, og = cin // groups, cout // groups
    out = np.zeros((n, *case["out_spatial"], cout))
    mag = np.zeros_like(out)
    for tap in np.ndindex(*w.shape[:r]):
        window = tuple(slice(t * d, t * d + (o - 1) * s + 1, s) for t, d, s, o
                       in zip(tap, case["dilations"], case["strides"], case["out_spatial"]))
        patch = xp[(slice(None), *window)]
        for g in range(groups):
            xs = patch[..., g * cg:(g + 1) * cg]
            ws = w64[tap][:, g * og:(g + 1) * og]
            out[..., g * og:(g + 1) * og] += xs @ ws
            mag[..., g * og:(g + 1) * og] += np.abs(xs) @ np.abs(ws)
    return out, mag


def check(case, x, w, y, check_macs):
    """None when not checked; else "pass" or what is off (y channels-last)."""
    if case["gradient"] or macs(case) > check_macs:
        return None
    want, mag = reference(case, x, w)
    if y.shape != want.shape:
        return f"fail: shape {list(y.shape)} != {list(want.shape)}"
    bad = ~(np.abs(y - want) <= 1e-5 * mag + 1e-6)
    return "pass" if not bad.any() else f"fail: {int(bad.sum())} of {y.size} elements off"


def hwio(case, w):
    """The filter as [k..., C/groups, out] (depthwise [k..., C, M] becomes groups of one channel)."""
    if case["depthwise"]:
        *k, c, m = w.shape
        return w.reshape(*k, 1, c * m)
    return w


def data(case, rng):
    x = rng.uniform(-1, 1, case["input"]).astype(np.float32)
    w = rng.uniform(-1, 1, case["filter"]).astype(np.float32)
    return x, w


# ---------------------------------------------------------------- PyTorch

def run_torch(cases, threads, runs, min_seconds, check_macs):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
    formats = {2: torch.channels_last, 3: torch.channels_last_3d}
    rng, results = np.random.default_rng(1), {}
    for case in cases:
        r, groups = case["rank"], case["groups"]
        x, w = data(case, rng)
        w_hwio = hwio(case, w)
        xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, 1)))              # N C spatial
        wt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(w_hwio, (-1, -2), (0, 1))))  # O I/g k...
        pads = case["pads"]
        symmetric = all(b == a for b, a in pads)
        torch_pad = [p for b, a in reversed(pads) for p in (b, a)]  # F.pad: last axis first
        args = dict(stride=case["strides"], dilation=case["dilations"], groups=groups)
        best = None
        for layout in ["NCHW"] + (["channels-last"] if r in formats else []):
            mf = formats.get(r) if layout == "channels-last" else torch.contiguous_format
            xl, wl = xt.contiguous(memory_format=mf), wt.contiguous(memory_format=mf)
            if case["op"] == "conv2d_grad_input":
                dy = torch.rand(case["input"][0], w_hwio.shape[-1], *case["out_spatial"]) * 2 - 1
                dy = dy.contiguous(memory_format=mf)
                padded = [n + b + a for n, (b, a) in zip(case["input"][1:-1], pads)]
                size = [case["input"][0], case["input"][-1], *padded]
                crop = (slice(None), slice(None), *(slice(b, b + n) for n, (b, _) in zip(case["input"][1:-1], pads)))
                work = lambda: torch.nn.grad.conv2d_input(size, wl, dy, **args)[crop]
            elif case["op"] == "conv2d_grad_filter":
                dy = torch.rand(case["input"][0], w_hwio.shape[-1], *case["out_spatial"]) * 2 - 1
                dy = dy.contiguous(memory_format=mf)
                work = lambda: torch.nn.grad.conv2d_weight(
                    xl if not any(torch_pad) else F.pad(xl, torch_pad), list(wt.shape), dy, **args)
            elif symmetric:
                work = lambda: conv[r](xl, wl, padding=[b for b, _ in pads], **args)
            else:
                work = lambda: conv[r](F.pad(xl, torch_pad), wl, **args)
            with torch.inference_mode():
                ms = median_ms(work, runs, min_seconds)
                y = work()
            if best is None or ms < best["ms"]:
                best = {"ms": ms, "variant": layout}
                if not case["gradient"]:
                    best["check"] = check(case, x, w_hwio, np.moveaxis(y.float().numpy(), 1, -1), check_macs)
        results[case["name"]] = best
    return results, f"PyTorch {torch.__version__}"


# ---------------------------------------------------------------- OpenCV and scipy: one channel in

def one_channel_filter(case):
    """Why a single-channel filtering library cannot run the case, or None when it can: the case
    must be a forward convolution of one input channel at stride 1 and dilation 1."""
    if case["gradient"] or case["depthwise"] or case["input"][-1] != 1:
        return "not a filter of one input channel"
    if any(s != 1 for s in case["strides"]) or any(d != 1 for d in case["dilations"]):
        return "strided or dilated"
    return None


def filter_each(case, x, w, filter_one):
    """Every batch item through every output filter: filter_one(image, kernel) -> filtered image
    of the image's size, the kernel's origin at its centre (index k // 2) and zeros outside;
    cropped to TensorFlow's output, which starts `pad before - k // 2` places further on."""
    r = case["rank"]
    start = [kk // 2 - b for (b, _), kk in zip(case["pads"], w.shape[:r])]
    crop = tuple(slice(s, s + o) for s, o in zip(start, case["out_spatial"]))
    images = [np.ascontiguousarray(x[n, ..., 0]) for n in range(x.shape[0])]
    kernels = [np.ascontiguousarray(w[..., 0, f]) for f in range(w.shape[-1])]

    def work():
        return [[filter_one(image, kernel)[crop] for kernel in kernels] for image in images]
    return work


def centred(case):
    """Whether TensorFlow's pads fit a kernel centred at k // 2 with zeros outside: at most k // 2
    before and k - 1 - k // 2 after."""
    return all(b <= kk // 2 and a <= kk - 1 - kk // 2 for (b, a), kk in zip(case["pads"], case["filter"]))


def run_filters(peer, cases, threads, runs, min_seconds, check_macs):
    if peer == "opencv":
        import cv2
        cv2.setNumThreads(threads)
        version = f"OpenCV {cv2.__version__}"

        def filter_one(image, kernel):
            return cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_CONSTANT)
        applies = lambda case: None if case["rank"] == 2 else "OpenCV's filter2D is 2D"
    else:
        import scipy
        import scipy.ndimage as ndi
        version = f"scipy {scipy.__version__} (ndimage, one thread)"

        def filter_one(image, kernel):
            return ndi.correlate(image, kernel, mode="constant")
        applies = lambda case: None
    rng, results = np.random.default_rng(1), {}
    for case in cases:
        why = one_channel_filter(case) or applies(case)
        if why is None and not centred(case):
            why = "padding that a centred kernel cannot express"
        if why:
            results[case["name"]] = {"skip": why}
            continue
        x, w = data(case, rng)
        work = filter_each(case, x, w, filter_one)
        ms = median_ms(work, runs, min_seconds)
        y = np.moveaxis(np.array(work()), 1, -1)  # [N, F, spatial...] -> [N, spatial..., F]
        results[case["name"]] = {"ms": ms, "variant": "per output filter",
                                 "check": check(case, x, w, y, check_macs)}
    return results, version


def main():
    peer, cases_file, threads, runs, min_seconds, check_macs = sys.argv[1:7]
    with open(cases_file) as f:
        cases = json.load(f)
    args = (cases, int(threads), int(runs), float(min_seconds), int(check_macs))
    results, version = run_torch(*args) if peer == "torch" else run_filters(peer, *args)
    print(json.dumps({"version": version, "results": results}))


if __name__ == "__main__":
    main()
