package dev.conv4j.filters;

import dev.conv4j.io.Npy;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named kernels, by the number of directions they slide in, and custom kernels from files.
 *
 * <pre>
 * signals (1D)  identity, box:K, gaussian:SIGMA, uniform[:K], centre-weighted[:K], edge-weighted[:K]
 * images  (2D)  identity, box:K, gaussian:SIGMA, sobel-x, sobel-y, sobel, edge, laplacian, sharpen, emboss
 * volumes (3D)  identity, box3d:K, gaussian3d:SIGMA, sobel3d, laplacian3d
 * any           FILE.npy (shape [k...]) or a text matrix (rows of numbers; 3D: slices between blank lines)
 * </pre>
 *
 * Gaussians use scipy's radius {@code int(4.0 * sigma + 0.5)} and weights normalised to sum 1;
 * the 3D one is separable (three 1D passes, as {@code scipy.ndimage.gaussian_filter}). The
 * three signal smoothers of width K (odd, default {@value #DEFAULT_SMOOTHER_WIDTH}) all sum to 1:
 * uniform {@code 1/K}, centre-weighted a triangle {@code 1,2,..,m,..,2,1} (K=3: {@code [0.25, 0.5,
 * 0.25]}), edge-weighted its reverse {@code m,..,2,1,2,..,m} (K=3: {@code [0.4, 0.2, 0.4]}).
 */
public final class Kernels {
    /** scipy.ndimage's default {@code truncate}: the radius is this many standard deviations. */
    public static final double GAUSSIAN_TRUNCATE = 4.0;
    public static final int DEFAULT_SMOOTHER_WIDTH = 9;

    private Kernels() {
    }

    /** The names {@link #parse} knows for a rank, for help texts and errors. */
    public static String namesFor(int rank) {
        return switch (rank) {
            case 1 -> "identity, box:K, gaussian:SIGMA, uniform[:K], centre-weighted[:K], edge-weighted[:K], or a .npy/text file";
            case 2 -> "identity, box:K, gaussian:SIGMA, sobel-x, sobel-y, sobel, edge, laplacian, sharpen, emboss, or a .npy/text file";
            case 3 -> "identity, box3d:K, gaussian3d:SIGMA, sobel3d, laplacian3d, or a .npy/text file";
            default -> "a .npy file";
        };
    }

    /** Parses every comma-free spec in turn. */
    public static List<FilterKernel> parseAll(List<String> specs, int rank) {
        List<FilterKernel> out = new ArrayList<>();
        for (String spec : specs) {
            out.add(parse(spec, rank));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--kernel: give at least one kernel: " + namesFor(rank));
        }
        return out;
    }

    /**
     * A kernel by name ({@code gaussian:1.5}) or file path, for data with {@code rank} spatial axes.
     *
     * @throws IllegalArgumentException naming {@code --kernel} and listing the known names
     */
    public static FilterKernel parse(String spec, int rank) {
        FilterKernel named = named(spec, rank);
        if (named != null) {
            return named;
        }
        Path file = Path.of(spec.strip());
        if (Files.isRegularFile(file)) {
            return FilterKernel.Linear.of(fromFile(file, rank));
        }
        throw new IllegalArgumentException("--kernel '" + spec + "' is neither a known " + rank + "D kernel nor a file;"
                + " known: " + namesFor(rank));
    }

    /**
     * A kernel of the catalogue by name ({@code gaussian:1.5}), never a file: what a front end that
     * must not read the server's files (the web page) offers.
     *
     * @return the kernel, or null when {@code spec} names none for this rank
     * @throws IllegalArgumentException for a known name with a bad argument ({@code box:0})
     */
    public static FilterKernel named(String spec, int rank) {
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        String head = lower.contains(":") ? lower.substring(0, lower.indexOf(':')) : lower;
        String arg = lower.contains(":") ? s.substring(s.indexOf(':') + 1) : null;
        if (head.equals("identity")) {
            float[] one = {1f};
            int[] dims = new int[rank];
            Arrays.fill(dims, 1);
            return FilterKernel.Linear.of(Stencil.of("identity", Shape.of(dims), one));
        }
        return switch (rank) {
            case 1 -> named1d(head, arg, s);
            case 2 -> named2d(head, arg, s);
            case 3 -> named3d(head, arg, s);
            default -> null;
        };
    }

    private static FilterKernel named1d(String head, String arg, String spec) {
        return switch (head) {
            case "box" -> linear(box(norm(spec), 1, intArg(spec, arg, null)));
            case "gaussian" -> linear(gaussian(norm(spec), 1, sigmaArg(spec, arg)));
            case "uniform" -> linear(smoother("uniform", spec, arg));
            case "centre-weighted", "center-weighted" -> linear(smoother("centre-weighted", spec, arg));
            case "edge-weighted" -> linear(smoother("edge-weighted", spec, arg));
            default -> null;
        };
    }

    private static FilterKernel named2d(String head, String arg, String spec) {
        return switch (head) {
            case "box" -> linear(box(norm(spec), 2, intArg(spec, arg, null)));
            case "gaussian" -> linear(gaussian(norm(spec), 2, sigmaArg(spec, arg)));
            case "sobel-x" -> linear(sobel2d("sobel-x", 1));
            case "sobel-y" -> linear(sobel2d("sobel-y", 0));
            case "sobel" -> new FilterKernel.Magnitude("sobel",
                    List.of(linear(sobel2d("sobel-y", 0)), linear(sobel2d("sobel-x", 1))));
            case "edge" -> linear(Stencil.of("edge", Shape.of(3, 3), -1, -1, -1, -1, 8, -1, -1, -1, -1));
            case "laplacian" -> linear(Stencil.of("laplacian", Shape.of(3, 3), 0, 1, 0, 1, -4, 1, 0, 1, 0));
            case "sharpen" -> linear(Stencil.of("sharpen", Shape.of(3, 3), 0, -1, 0, -1, 5, -1, 0, -1, 0));
            case "emboss" -> linear(Stencil.of("emboss", Shape.of(3, 3), -2, -1, 0, -1, 1, 1, 0, 1, 2));
            default -> null;
        };
    }

    private static FilterKernel named3d(String head, String arg, String spec) {
        return switch (head) {
            case "box3d", "box" -> linear(box(norm(spec).startsWith("box3d") ? norm(spec) : norm(spec).replace("box", "box3d"), 3, intArg(spec, arg, null)));
            case "gaussian3d", "gaussian" -> gaussian3dFromSpec(spec, sigmaArg(spec, arg));
            case "sobel3d", "sobel" -> new FilterKernel.Magnitude("sobel3d",
                    List.of(linear(sobel(3, 0, "sobel3d-z")), linear(sobel(3, 1, "sobel3d-y")),
                            linear(sobel(3, 2, "sobel3d-x"))));
            case "laplacian3d", "laplacian" -> {
                float[] w = new float[27];
                int[] faces = {4, 10, 12, 14, 16, 22};
                for (int f : faces) {
                    w[f] = 1;
                }
                w[13] = -6;
                yield linear(Stencil.of("laplacian3d", Shape.of(3, 3, 3), w));
            }
            default -> null;
        };
    }

    private static FilterKernel.Linear linear(Stencil s) {
        return FilterKernel.Linear.of(s);
    }

    /** A box (mean) filter of size {@code k} along each of {@code rank} axes. */
    public static Stencil box(String name, int rank, int k) {
        int[] dims = new int[rank];
        Arrays.fill(dims, k);
        Shape shape = Shape.of(dims);
        float[] w = new float[shape.checkedElementCount("box kernel")];
        Arrays.fill(w, (float) (1.0 / w.length));
        return new Stencil(name, Tensor.wrap(shape, w));
    }

    /** scipy's 1D Gaussian weights: radius {@code int(4 sigma + 0.5)}, normalised in double. */
    public static double[] gaussian1d(double sigma) {
        int radius = (int) (GAUSSIAN_TRUNCATE * sigma + 0.5);
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            w[i + radius] = Math.exp(-0.5 / (sigma * sigma) * i * i);
            sum += w[i + radius];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** The full (not separated) Gaussian of {@code rank} axes: the outer product of the 1D weights. */
    public static Stencil gaussian(String name, int rank, double sigma) {
        double[] g = gaussian1d(sigma);
        int[] dims = new int[rank];
        Arrays.fill(dims, g.length);
        Shape shape = Shape.of(dims);
        float[] w = new float[shape.checkedElementCount("gaussian kernel")];
        for (int i = 0; i < w.length; i++) {
            double v = 1;
            for (int a = rank - 1, rest = i; a >= 0; a--, rest /= g.length) {
                v *= g[rest % g.length];
            }
            w[i] = (float) v;
        }
        return new Stencil(name, Tensor.wrap(shape, w));
    }

    /** The Gaussian as {@code rank} 1D passes, axis 0 first. */
    public static FilterKernel.Linear separableGaussian(String name, int rank, double sigma) {
        double[] g = gaussian1d(sigma);
        float[] w = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            w[i] = (float) g[i];
        }
        List<Stencil> passes = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            int[] dims = new int[rank];
            Arrays.fill(dims, 1);
            dims[a] = g.length;
            passes.add(new Stencil(name + "/axis" + a, Tensor.wrap(Shape.of(dims), w.clone())));
        }
        return new FilterKernel.Linear(name, passes);
    }

    private static Stencil sobel2d(String name, int axis) {
        return sobel(2, axis, name);
    }

    /**
     * The Sobel derivative along {@code axis} of a rank-r kernel: {@code [-1, 0, 1]} along it and
     * the smoothing {@code [1, 2, 1]} along every other axis, as {@code scipy.ndimage.sobel}.
     */
    public static Stencil sobel(int rank, int axis, String name) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 3);
        Shape shape = Shape.of(dims);
        float[] w = new float[shape.checkedElementCount("sobel kernel")];
        float[] derivative = {-1, 0, 1};
        float[] smooth = {1, 2, 1};
        for (int i = 0; i < w.length; i++) {
            float v = 1;
            for (int a = rank - 1, rest = i; a >= 0; a--, rest /= 3) {
                v *= a == axis ? derivative[rest % 3] : smooth[rest % 3];
            }
            w[i] = v;
        }
        return new Stencil(name, Tensor.wrap(shape, w));
    }

    /** One of the three 1D smoothers, of odd width, normalised to sum 1. */
    private static Stencil smoother(String base, String spec, String arg) {
        int k = intArg(spec, arg, DEFAULT_SMOOTHER_WIDTH);
        if (k % 2 == 0) {
            throw new IllegalArgumentException("--kernel '" + spec + "': the width of " + base + " must be odd, not " + k);
        }
        int m = k / 2;
        double[] raw = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            int distance = Math.abs(i - m);
            raw[i] = base.equals("centre-weighted") ? m + 1 - distance : base.equals("edge-weighted") ? distance + 1 : 1;
            sum += raw[i];
        }
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[i] = (float) (raw[i] / sum);
        }
        return Stencil.of(arg == null ? base : base + ":" + k, Shape.of(k), w);
    }

    private static int intArg(String spec, String arg, Integer fallback) {
        if (arg == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException("--kernel '" + spec + "' needs a size, e.g. " + spec + ":3");
        }
        try {
            int k = Integer.parseInt(arg.strip());
            if (k < 1 || k > 4096) {
                throw new IllegalArgumentException("--kernel '" + spec + "': size " + k + " must be 1..4096");
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kernel '" + spec + "': '" + arg + "' is not a whole number");
        }
    }

    private static double sigmaArg(String spec, String arg) {
        if (arg == null) {
            throw new IllegalArgumentException("--kernel '" + spec + "' needs a standard deviation, e.g. gaussian:1.5");
        }
        try {
            double sigma = Double.parseDouble(arg.strip());
            if (!(sigma > 0) || sigma > 512) {
                throw new IllegalArgumentException("--kernel '" + spec + "': sigma " + arg + " must be > 0 and <= 512");
            }
            return sigma;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kernel '" + spec + "': '" + arg + "' is not a number");
        }
    }

    private static String norm(String spec) {
        return spec.strip().toLowerCase(Locale.ROOT);
    }

    private static FilterKernel gaussian3dFromSpec(String spec, double sigma) {
        String name = norm(spec);
        return separableGaussian(name.startsWith("gaussian3d") ? name : name.replace("gaussian", "gaussian3d"), 3, sigma);
    }

    /**
     * A kernel from an {@code .npy} file of shape {@code [k_1..k_r]} (trailing axes of size 1
     * dropped), or from a text file of numbers: one row per line (2D), a single row or column
     * (1D), slices separated by blank lines (3D). {@code #} starts a comment.
     */
    public static Stencil fromFile(Path file, int rank) {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        try {
            Tensor t;
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                t = Npy.read(file);
            } else {
                t = readText(file, rank);
            }
            int[] dims = t.shape().dims();
            int r = dims.length;
            while (r > rank && dims[r - 1] == 1) {
                r--;
            }
            if (rank == 1 && r == 2 && (dims[0] == 1 || dims[1] == 1)) {
                return Stencil.of(name, Shape.of(dims[0] * dims[1]), t.data());
            }
            if (r != rank) {
                throw new IllegalArgumentException("--kernel " + file + ": shape " + t.shape() + " is not a " + rank
                        + "D kernel [k" + (rank > 1 ? ",...," : "") + (rank > 1 ? "k" : "") + "] (" + rank
                        + " axes, trailing axes of size 1 allowed)");
            }
            return new Stencil(name, t.reshape(Shape.of(Arrays.copyOf(dims, r))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor readText(Path file, int rank) throws IOException {
        List<List<float[]>> slices = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNumber++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                if (!rows.isEmpty() && raw.strip().isEmpty()) {
                    slices.add(rows);
                    rows = new ArrayList<>();
                }
                continue;
            }
            String[] parts = line.split("[,;\\s]+");
            float[] row = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    row[i] = Float.parseFloat(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--kernel " + file + " line " + lineNumber + ": '" + parts[i]
                            + "' is not a number");
                }
            }
            if (!rows.isEmpty() && rows.getFirst().length != row.length) {
                throw new IllegalArgumentException("--kernel " + file + " line " + lineNumber + " has " + row.length
                        + " numbers but the rows before have " + rows.getFirst().length);
            }
            rows.add(row);
        }
        if (!rows.isEmpty()) {
            slices.add(rows);
        }
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("--kernel " + file + " holds no numbers");
        }
        if (rank < 3 && slices.size() > 1) {
            List<float[]> all = new ArrayList<>();
            slices.forEach(all::addAll);
            slices = List.of(all);
        }
        int h = slices.getFirst().size();
        int w = slices.getFirst().getFirst().length;
        float[] data = new float[slices.size() * h * w];
        int at = 0;
        for (List<float[]> slice : slices) {
            if (slice.size() != h || slice.getFirst().length != w) {
                throw new IllegalArgumentException("--kernel " + file + ": the slices differ in size (" + h + "x" + w
                        + " and " + slice.size() + "x" + slice.getFirst().length + ")");
            }
            for (float[] row : slice) {
                System.arraycopy(row, 0, data, at, w);
                at += w;
            }
        }
        Shape shape = rank == 3 ? Shape.of(slices.size(), h, w) : Shape.of(h, w);
        return Tensor.wrap(shape, data);
    }
}
