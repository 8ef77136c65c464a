package dev.conv4j.filters;

import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real data that Debian packages ship, read with conv4j's own readers, for the demo and the
 * documentation pictures; when a package is missing, generated stand-ins of the same kind (and
 * a note saying so) instead of a failure.
 *
 * <ul>
 *   <li>a photo: {@code python3-skimage}'s {@code skimage/data/camera.png} (512x512 grey)</li>
 *   <li>an ECG: {@code python3-scipy}'s {@code scipy/misc/ecg.dat}, a zip holding {@code ecg.npy}
 *       (108000 uint16 samples at 360 Hz; millivolts = (value - 1024) / 200, as
 *       {@code scipy.misc.electrocardiogram} converts them)</li>
 *   <li>a T1 brain MRI: {@code mricron-data}'s {@code /usr/share/mricron/templates/ch2.nii.gz}
 *       (181x217x181 uint8)</li>
 * </ul>
 */
public final class RealData {
    /** Where Debian's python3 packages install. */
    private static final List<Path> PYTHON_DIST = List.of(Path.of("/usr/lib/python3/dist-packages"));
    public static final double ECG_RATE = 360.0;

    private RealData() {
    }

    /** Data and where it came from. */
    public record Loaded<T>(T data, String source, boolean real) {
    }

    public static Path cameraPath() {
        return find("skimage/data/camera.png");
    }

    public static Path ecgPath() {
        return find("scipy/misc/ecg.dat");
    }

    public static Path mriPath() {
        return Path.of("/usr/share/mricron/templates/ch2.nii.gz");
    }

    private static Path find(String relative) {
        for (Path dir : PYTHON_DIST) {
            Path p = dir.resolve(relative);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return PYTHON_DIST.getFirst().resolve(relative);
    }

    /** The camera man, or a generated 340x371 scene. */
    public static Loaded<ImageData> photo() {
        Path p = cameraPath();
        if (Files.isRegularFile(p)) {
            try {
                return new Loaded<>(Images.read(p), p + " (python3-skimage)", true);
            } catch (IOException e) {
                return new Loaded<>(syntheticPhoto(), "generated scene (" + p + " unreadable: " + e.getMessage() + ")", false);
            }
        }
        return new Loaded<>(syntheticPhoto(), "generated scene (install python3-skimage for " + p + ")", false);
    }

    /** The ECG in millivolts at 360 Hz, or a generated one. */
    public static Loaded<float[]> ecg() {
        Path p = ecgPath();
        if (Files.isRegularFile(p)) {
            try (ZipFile zip = new ZipFile(p.toFile())) {
                ZipEntry entry = zip.getEntry("ecg.npy");
                if (entry == null) {
                    throw new IOException("no ecg.npy inside");
                }
                Tensor raw;
                try (InputStream in = zip.getInputStream(entry)) {
                    raw = Npy.read(in, p + "!ecg.npy");
                }
                float[] mv = raw.data().clone();
                for (int i = 0; i < mv.length; i++) {
                    mv[i] = (mv[i] - 1024f) / 200f;
                }
                return new Loaded<>(mv, p + "!ecg.npy (python3-scipy)", true);
            } catch (IOException e) {
                return new Loaded<>(syntheticEcg(), "generated ECG (" + p + " unreadable: " + e.getMessage() + ")", false);
            }
        }
        return new Loaded<>(syntheticEcg(), "generated ECG (install python3-scipy for " + p + ")", false);
    }

    /** The ch2 T1 template, or a generated 200^3 phantom. */
    public static Loaded<NiftiVolume> mri() {
        Path p = mriPath();
        if (Files.isRegularFile(p)) {
            try {
                return new Loaded<>(Nifti.read(p), p + " (mricron-data)", true);
            } catch (IOException e) {
                return new Loaded<>(phantom(), "generated phantom (" + p + " unreadable: " + e.getMessage() + ")", false);
            }
        }
        return new Loaded<>(phantom(), "generated phantom (install mricron-data for " + p + ")", false);
    }

    /** A 340x371 grey scene: a gradient sky, a disc, a bar and noise (the image size of the worked example). */
    public static ImageData syntheticPhoto() {
        int h = 340;
        int w = 371;
        float[] s = new float[h * w];
        Random random = new Random(9);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 60 + 120.0 * y / h;
                if (Math.hypot(x - 250, y - 120) < 60) {
                    v = 220;
                }
                if (x > 60 && x < 140 && y > 150 && y < 320) {
                    v = 30;
                }
                s[y * w + x] = (float) Math.max(0, Math.min(255, Math.rint(v + random.nextGaussian() * 4)));
            }
        }
        return new ImageData(w, h, 1, 8, s, null);
    }

    /** 30 s of a stylised ECG at 360 Hz (P, QRS, T waves, 72 beats/min, baseline wander, noise), in mV. */
    public static float[] syntheticEcg() {
        int n = (int) (30 * ECG_RATE);
        float[] v = new float[n];
        Random random = new Random(360);
        double beat = 60.0 / 72;
        for (int i = 0; i < n; i++) {
            double t = i / ECG_RATE;
            double phase = t % beat;
            double y = 0.15 * bump(phase, 0.16, 0.025) - 0.1 * bump(phase, 0.245, 0.008) + 1.2 * bump(phase, 0.26, 0.01)
                    - 0.25 * bump(phase, 0.275, 0.008) + 0.3 * bump(phase, 0.5, 0.04);
            v[i] = (float) (y + 0.1 * Math.sin(2 * Math.PI * 0.3 * t) + 0.03 * random.nextGaussian());
        }
        return v;
    }

    private static double bump(double t, double centre, double width) {
        double d = (t - centre) / width;
        return Math.exp(-0.5 * d * d);
    }

    /** A 200^3 head-like phantom: nested ellipsoids (scalp, skull, brain, ventricles). */
    public static NiftiVolume phantom() {
        int n = 200;
        float[] v = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dz = (z - 100) / 80.0;
                    double dy = (y - 100) / 92.0;
                    double dx = (x - 100) / 75.0;
                    double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    float value = 0;
                    if (r < 1) {
                        value = 90;
                    }
                    if (r < 0.93) {
                        value = 20;
                    }
                    if (r < 0.86) {
                        value = 110;
                    }
                    double vr = Math.hypot((x - 100) / 12.0, Math.hypot((y - 95) / 30.0, (z - 105) / 18.0));
                    if (vr < 1) {
                        value = 35;
                    }
                    v[(z * n + y) * n + x] = value;
                }
            }
        }
        return new NiftiVolume(dev.conv4j.io.nifti.NiftiHeader.create(n, n, n), List.of(),
                Tensor.wrap(Shape.of(n, n, n), v));
    }
}
