#!/usr/bin/env bash
# Redraws the filter pictures in docs/ (run from anywhere) from real data in Debian packages, with conv4j's own CLI:
#   apt-get install python3-skimage python3-scipy mricron-data unzip
#   conv4j-filters/make_docs_pictures.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
C4J="$ROOT/bin/conv4j"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DATA=/usr/lib/python3/dist-packages

# docs/camera-edge-blur-sharpen.png: a photo edge-detected, blurred and sharpened, side by side
"$C4J" filter image "$DATA/skimage/data/camera.png" --kernel edge,box:3,sharpen \
  --contact-sheet --tile-size 224 --output "$ROOT/docs/camera-edge-blur-sharpen.png"

# docs/ecg-three-smoothers.png: an ECG (scipy's ecg.dat is a zip holding ecg.npy, 360 Hz) through the three smoothers
unzip -p "$DATA/scipy/misc/ecg.dat" ecg.npy > "$WORK/ecg.npy"
"$C4J" filter signal "$WORK/ecg.npy" --sample-rate 360 \
  --kernel uniform:15,centre-weighted:15,edge-weighted:15 --output "$WORK/ecg-smoothed.csv" \
  --plot "$ROOT/docs/ecg-three-smoothers.png" --plot-range 10:13 --y-label "ECG (ADC units)"

# docs/ch2-montage.png: a T1 brain MRI, its Gaussian blur and Sobel gradient magnitude, axial slices
"$C4J" filter volume /usr/share/mricron/templates/ch2.nii.gz --kernel gaussian3d:2,sobel3d \
  --output "$WORK/ch2.nii.gz" --montage "$ROOT/docs/ch2-montage.png" --slices 4 --tile-size 150
