#!/usr/bin/python3
"""Golden outputs for conv4j-filters' tests, from scipy.ndimage and OpenCV on real data.

Run ONCE with Debian's packages (not pip's), from the repository root:

    apt-get install python3-scipy python3-opencv python3-skimage python3-nibabel mricron-data
    /usr/bin/python3 conv4j-filters/src/test/golden/make_golden.py

It writes small crops of real data (a photo, an ECG, a brain MRI) and what scipy/OpenCV make of
them into conv4j-filters/src/test/resources/golden/, with manifest.txt saying which kernels,
library, boundary mode and operation produced each file. Every file stays under ~100 KB. The
tests never run Python: they read these files.

Kernel definitions here must match dev.conv4j.filters.Kernels (they are written out by hand so
that the golden values do not depend on conv4j).
"""
import io
import os
import sys
import zipfile

import cv2
import nibabel as nib
import numpy as np
import scipy
import scipy.ndimage as ndi

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(ROOT, "..", "resources", "golden"))
SKIMAGE = "/usr/lib/python3/dist-packages/skimage/data"
ECG = "/usr/lib/python3/dist-packages/scipy/misc/ecg.dat"
MRI = "/usr/share/mricron/templates/ch2.nii.gz"

manifest = []


def save(name, array):
    path = os.path.join(OUT, name)
    np.save(path, np.ascontiguousarray(array, dtype=np.float32))
    size = os.path.getsize(path)
    assert size < 110_000, (name, size)
    return name


def gauss1d(sigma, truncate=4.0):
    radius = int(truncate * sigma + 0.5)
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    w = np.exp(-0.5 / (sigma * sigma) * x * x)
    return w / w.sum()


def smoother(kind, k):
    m = k // 2
    d = np.abs(np.arange(k) - m)
    w = {"uniform": np.ones(k), "centre-weighted": m + 1 - d, "edge-weighted": d + 1.0}[kind].astype(np.float64)
    return w / w.sum()


def kernel2d(name):
    if name.startswith("box:"):
        k = int(name[4:])
        return np.full((k, k), 1.0 / (k * k))
    if name.startswith("gaussian:"):
        g = gauss1d(float(name[9:]))
        return np.outer(g, g)
    fixed = {
        "sobel-x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
        "sobel-y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
        "edge": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
        "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
        "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    }
    return np.array(fixed[name], dtype=np.float64)


def kernel1d(name):
    head, _, arg = name.partition(":")
    if head == "box":
        k = int(arg)
        return np.full(k, 1.0 / k)
    if head == "gaussian":
        return gauss1d(float(arg))
    return smoother(head, int(arg) if arg else 9)


def scipy_image(img, name, mode, op):
    """img [H,W] or [H,W,C] float64; each channel on its own."""
    if name == "sobel":
        f = lambda ch: np.hypot(ndi.sobel(ch, axis=0, mode=mode), ndi.sobel(ch, axis=1, mode=mode))
    else:
        k = kernel2d(name)
        fn = ndi.correlate if op == "correlate" else ndi.convolve
        f = lambda ch: fn(ch, k, mode=mode)
    if img.ndim == 2:
        return f(img)
    return np.stack([f(img[..., c]) for c in range(img.shape[2])], axis=-1)


def opencv_image(img, name, border):
    k = kernel2d(name).astype(np.float32)
    return cv2.filter2D(img.astype(np.float32), -1, k, anchor=(-1, -1), borderType=getattr(cv2, border))


def images():
    cam = cv2.imread(os.path.join(SKIMAGE, "camera.png"), cv2.IMREAD_UNCHANGED)
    crop = cam[100:164, 200:264]
    cv2.imwrite(os.path.join(OUT, "camera64.png"), crop)
    grey = crop.astype(np.float64)
    kernels = ["box:3", "gaussian:1.5", "sobel-x", "edge", "sharpen"]
    for mode in ["mirror", "reflect", "nearest", "wrap", "constant"]:
        out = np.stack([scipy_image(grey, k, mode, "correlate") for k in kernels])
        manifest.append(f"{save(f'camera64_scipy_{mode}.npy', out)} image camera64.png scipy {mode} correlate {';'.join(kernels)}")
    kernels = ["box:4", "sobel-y", "laplacian", "emboss", "sharpen"]
    for border in ["BORDER_REFLECT_101", "BORDER_REFLECT", "BORDER_REPLICATE", "BORDER_CONSTANT"]:
        out = np.stack([opencv_image(grey, k, border) for k in kernels])
        manifest.append(f"{save(f'camera64_opencv_{border}.npy', out)} image camera64.png opencv {border} correlate {';'.join(kernels)}")
    kernels = ["emboss", "box:4", "sobel"]
    out = np.stack([scipy_image(grey, k, "mirror", "convolve") for k in kernels])
    manifest.append(f"{save('camera64_scipy_mirror_convolve.npy', out)} image camera64.png scipy mirror convolve {';'.join(kernels)}")

    # RGB: OpenCV reads BGR; the PNG stores RGB, so flip to RGB before filtering and saving
    astro = cv2.imread(os.path.join(SKIMAGE, "astronaut.png"), cv2.IMREAD_UNCHANGED)[90:138, 190:238, ::-1]
    cv2.imwrite(os.path.join(OUT, "astronaut48.png"), np.ascontiguousarray(astro[..., ::-1]))
    rgb = astro.astype(np.float64)
    kernels = ["gaussian:1", "sobel-x"]
    out = np.stack([scipy_image(rgb, k, "mirror", "correlate") for k in kernels])
    manifest.append(f"{save('astronaut48_scipy_mirror.npy', out)} image astronaut48.png scipy mirror correlate {';'.join(kernels)}")

    # RGBA: the logo, alpha must come through untouched
    logo = cv2.imread(os.path.join(SKIMAGE, "logo.png"), cv2.IMREAD_UNCHANGED)[200:240, 200:240]  # BGRA
    cv2.imwrite(os.path.join(OUT, "logo40_rgba.png"), logo)
    rgb = logo[..., [2, 1, 0]].astype(np.float64)
    out = np.stack([scipy_image(rgb, "box:3", "mirror", "correlate")])
    manifest.append(f"{save('logo40_scipy_mirror.npy', out)} image logo40_rgba.png scipy mirror correlate box:3")
    save("logo40_alpha.npy", logo[..., 3])

    # 16-bit grey PNG: the moon in the high byte, the camera in the low one
    moon = cv2.imread(os.path.join(SKIMAGE, "moon.png"), cv2.IMREAD_UNCHANGED)[200:256, 200:256].astype(np.uint16)
    sixteen = (moon << 8) | cam[300:356, 300:356].astype(np.uint16)
    cv2.imwrite(os.path.join(OUT, "moon56_16bit.png"), sixteen)
    assert cv2.imread(os.path.join(OUT, "moon56_16bit.png"), cv2.IMREAD_UNCHANGED).dtype == np.uint16
    kernels = ["edge", "gaussian:2"]
    out = np.stack([scipy_image(sixteen.astype(np.float64), k, "mirror", "correlate") for k in kernels])
    manifest.append(f"{save('moon56_16bit_scipy_mirror.npy', out)} image moon56_16bit.png scipy mirror correlate {';'.join(kernels)}")


def signals():
    with zipfile.ZipFile(ECG) as z:
        raw = np.load(io.BytesIO(z.read("ecg.npy")))
    mv = (raw[36000:37080].astype(np.float64) - 1024) / 200  # 3 s at 360 Hz, as scipy.misc.electrocardiogram
    t = np.arange(mv.size) / 360.0
    with open(os.path.join(OUT, "ecg3s.csv"), "w") as f:
        f.write("time,ecg_mv\n")
        for ti, v in zip(t, mv):
            f.write(f"{ti!r},{float(np.float32(v))!r}\n")
    x = mv.astype(np.float32).astype(np.float64)
    kernels = ["uniform:9", "centre-weighted:9", "edge-weighted:9", "gaussian:2", "box:4"]
    for mode in ["mirror", "reflect", "nearest", "wrap", "constant"]:
        out = np.stack([ndi.correlate1d(x, kernel1d(k), mode=mode) for k in kernels])
        manifest.append(f"{save(f'ecg3s_scipy_{mode}.npy', out)} signal ecg3s.csv scipy {mode} correlate {';'.join(kernels)}")


def volumes():
    img = nib.load(MRI)
    data = np.asarray(img.dataobj)  # [x, y, z], uint8
    cx, cy, cz = (s // 2 for s in data.shape)
    crop = data[cx - 14:cx + 14, cy - 12:cy + 12, cz - 10:cz + 10]  # x 28, y 24, z 20
    affine = img.affine.copy()
    affine[:3, 3] = img.affine[:3, :3] @ [cx - 14, cy - 12, cz - 10] + img.affine[:3, 3]
    out_img = nib.Nifti1Image(crop, affine, img.header)
    out_img.header["descrip"] = b"ch2 crop for conv4j tests"
    nib.save(out_img, os.path.join(OUT, "ch2crop.nii.gz"))
    # conv4j holds NIfTI data x-fastest, i.e. C order [z, y, x]
    vol = np.ascontiguousarray(crop.transpose(2, 1, 0)).astype(np.float64)
    save("ch2crop_zyx.npy", vol)
    g = ndi.gaussian_filter(vol, 1.0, mode="mirror", truncate=4.0)
    manifest.append(f"{save('ch2crop_gaussian3d_mirror.npy', g[None])} volume ch2crop.nii.gz scipy mirror correlate gaussian3d:1")
    s = np.sqrt(sum(ndi.sobel(vol, axis=a, mode="mirror") ** 2 for a in range(3)))
    manifest.append(f"{save('ch2crop_sobel3d_mirror.npy', s[None])} volume ch2crop.nii.gz scipy mirror correlate sobel3d")
    b = ndi.correlate(vol, np.full((3, 3, 3), 1 / 27), mode="reflect")
    manifest.append(f"{save('ch2crop_box3d_reflect.npy', b[None])} volume ch2crop.nii.gz scipy reflect correlate box3d:3")
    w = ndi.correlate(vol, np.full((3, 3, 3), 1 / 27), mode="wrap")
    manifest.append(f"{save('ch2crop_box3d_wrap.npy', w[None])} volume ch2crop.nii.gz scipy wrap correlate box3d:3")


def nifti_variants():
    """Small NIfTI files written by nibabel: scaling, big-endian, extensions, float64."""
    rng = np.random.default_rng(7)
    base = rng.integers(-300, 300, size=(5, 4, 3)).astype(np.int16)  # x 5, y 4, z 3
    affine = np.diag([2.0, 3.0, 4.0, 1.0])
    affine[:3, 3] = [-10, 20, 30]
    img = nib.Nifti1Image(base, affine)
    img.header.set_slope_inter(0.5, 10.0)
    img.header["descrip"] = b"int16 scaled 0.5/10"
    nib.save(img, os.path.join(OUT, "scaled_i16.nii"))
    save("scaled_i16_zyx.npy", base.transpose(2, 1, 0).astype(np.float64) * 0.5 + 10)

    be = base.astype(">f8") / 7.0
    img = nib.Nifti1Image(be, affine)
    img.header.set_data_dtype(">f8")
    hdr = img.header.as_byteswapped(">")
    img = nib.Nifti1Image(be, affine, hdr)
    nib.save(img, os.path.join(OUT, "bigendian_f64.nii"))
    assert nib.load(os.path.join(OUT, "bigendian_f64.nii")).header.endianness == ">"
    save("bigendian_f64_zyx.npy", (base.astype(np.float64) / 7.0).transpose(2, 1, 0))

    u8 = rng.integers(0, 255, size=(4, 3, 2)).astype(np.uint8)
    img = nib.Nifti1Image(u8, np.eye(4))
    img.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"conv4j keeps extensions"))
    nib.save(img, os.path.join(OUT, "extension_u8.nii.gz"))
    save("extension_u8_zyx.npy", u8.transpose(2, 1, 0))


def main():
    os.makedirs(OUT, exist_ok=True)
    print("numpy", np.__version__, "scipy", scipy.__version__, "opencv", cv2.__version__, "nibabel", nib.__version__)
    images()
    signals()
    volumes()
    nifti_variants()
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("# file kind input library mode operation kernels(;) -- written by make_golden.py\n")
        f.write(f"# numpy {np.__version__}, scipy {scipy.__version__}, opencv {cv2.__version__}, nibabel {nib.__version__}\n")
        for line in manifest:
            f.write(line + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(len(os.listdir(OUT)), "files,", total, "bytes in", OUT)


if __name__ == "__main__":
    sys.exit(main())
