package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.io.nifti.Nifti;
import dev.conv4j.io.nifti.NiftiVolume;
import dev.conv4j.io.signal.Csv;
import dev.conv4j.io.signal.Signal;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.Boundary;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * conv4j against scipy.ndimage.correlate/convolve/gaussian_filter/sobel and OpenCV's filter2D on
 * crops of real data (Debian's skimage camera, astronaut and logo photos, scipy's ECG, mricron's
 * ch2 brain MRI), one test per line of golden/manifest.txt. The inputs are read with conv4j's
 * own PNG, CSV and NIfTI readers.
 */
class GoldenTest {
    private record Case(String file, String kind, String input, String library, String mode, String operation,
                        List<String> kernels) {
        static Case parse(String line) {
            String[] f = line.strip().split("\\s+");
            return new Case(f[0], f[1], f[2], f[3], f[4], f[5], List.of(f[6].split(";")));
        }

        Filtering.Options options() {
            return new Filtering.Options(Golden.boundary(library, mode), operation.equals("convolve"),
                    Planner.standard().threads(2));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenFile() throws IOException {
        List<Case> cases = Files.readAllLines(Golden.file("manifest.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Case::parse).toList();
        assertTrue(cases.size() >= 20, "manifest lists " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file() + " (" + c.library() + " " + c.mode() + ")",
                () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        float[] golden = Npy.read(Golden.file(c.file())).data();
        switch (c.kind()) {
            case "image" -> checkImage(c, golden);
            case "signal" -> checkSignal(c, golden);
            case "volume" -> checkVolume(c, golden);
            default -> throw new IllegalArgumentException(c.kind());
        }
    }

    private static void checkImage(Case c, float[] golden) throws IOException {
        ImageData image = Images.read(Golden.file(c.input()));
        List<FilterKernel> kernels = Kernels.parseAll(c.kernels(), 2);
        List<ImageFilter.Result> results = ImageFilter.filter(image, kernels, c.options());
        double maxX = Golden.maxAbs(image.samples());
        for (int k = 0; k < kernels.size(); k++) {
            Golden.assertClose(Golden.part(golden, kernels.size(), k), results.get(k).values(),
                    maxX * absSum(kernels.get(k)), c.file() + " " + kernels.get(k).name());
        }
    }

    private static void checkSignal(Case c, float[] golden) throws IOException {
        Signal signal = Csv.read(Golden.file(c.input()));
        assertEquals(360.0, signal.sampleRate(), 1e-6, "the CSV's time column gives the ECG's rate");
        List<FilterKernel> kernels = Kernels.parseAll(c.kernels(), 1);
        List<float[]> outs = SignalFilter.filter(signal, kernels, c.options());
        double maxX = Golden.maxAbs(signal.samples());
        for (int k = 0; k < kernels.size(); k++) {
            Golden.assertClose(Golden.part(golden, kernels.size(), k), outs.get(k), maxX * absSum(kernels.get(k)),
                    c.file() + " " + kernels.get(k).name());
        }
    }

    private static void checkVolume(Case c, float[] golden) throws IOException {
        NiftiVolume v = Nifti.read(Golden.file(c.input()));
        FilterKernel kernel = Kernels.parse(c.kernels().getFirst(), 3);
        Tensor y = Filtering.apply(SlabFilter.asBatch(v.data()), kernel, c.options());
        Golden.assertClose(golden, y.data(), Golden.maxAbs(v.data().data()) * absSum(kernel), c.file());
        // the same through the slab engine, three planes at a time: bit for bit
        Tensor slabs = SlabFilter.inMemory(v.data(), kernel, c.options(), 3, Progress.NONE);
        assertArrayEquals(y.data(), slabs.data(), c.file() + " in slabs of 3 planes");
    }

    /** sum |w| over every pass (products for separable kernels; the sum for magnitudes). */
    private static double absSum(FilterKernel k) {
        return switch (k) {
            case FilterKernel.Linear l -> l.passes().stream().mapToDouble(Stencil::absSum).reduce(1, (a, b) -> a * b);
            case FilterKernel.Magnitude m -> m.components().stream().mapToDouble(GoldenTest::absSum).sum();
        };
    }

    @Test
    void niftiReaderMatchesNibabelOnTheRealMriCrop() throws IOException {
        NiftiVolume v = Nifti.read(Golden.file("ch2crop.nii.gz"));
        Tensor expected = Npy.read(Golden.file("ch2crop_zyx.npy"));
        assertArrayEquals(new int[] {20, 24, 28}, v.data().shape().dims());
        assertArrayEquals(expected.data(), v.data().data());
        assertEquals("ch2 crop for conv4j tests", v.header().descrip());
        assertEquals(2, v.header().sformCode(), "sform code as nibabel wrote it");
        assertEquals(-14f, v.header().srow()[3], "srow_x offset of the crop");
    }

    @Test
    void niftiFilesWrittenByNibabel() throws IOException {
        NiftiVolume scaled = Nifti.read(Golden.file("scaled_i16.nii"));
        assertTrue(scaled.header().scaled(), "scl_slope 0.5, scl_inter 10");
        assertArrayEquals(Npy.read(Golden.file("scaled_i16_zyx.npy")).data(), scaled.data().data());
        assertArrayEquals(new int[] {3, 4, 5}, scaled.data().shape().dims(), "x 5, y 4, z 3 -> C order [3,4,5]");
        assertEquals(2f, scaled.header().pixdim()[1]);
        assertEquals(-10f, scaled.header().srow()[3]);
        NiftiVolume big = Nifti.read(Golden.file("bigendian_f64.nii"));
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, big.header().sourceOrder());
        assertArrayEquals(Npy.read(Golden.file("bigendian_f64_zyx.npy")).data(), big.data().data());
        NiftiVolume ext = Nifti.read(Golden.file("extension_u8.nii.gz"));
        assertEquals(1, ext.extensions().size());
        assertEquals(6, ext.extensions().getFirst().code(), "a comment extension");
        assertTrue(new String(ext.extensions().getFirst().content()).startsWith("conv4j keeps extensions"));
        assertArrayEquals(Npy.read(Golden.file("extension_u8_zyx.npy")).data(), ext.data().data());
    }

    @Test
    void rgbaAlphaIsUntouchedAndColourIsFilteredPerChannel() throws IOException {
        ImageData logo = Images.read(Golden.file("logo40_rgba.png"));
        assertEquals(3, logo.channels());
        assertTrue(logo.hasAlpha());
        float[] alpha = Npy.read(Golden.file("logo40_alpha.npy")).data();
        assertArrayEquals(alpha, logo.alpha());
        ImageFilter.Result r = ImageFilter.filter(logo, List.of(Kernels.parse("box:3", 2)), Filtering.Options.defaults())
                .getFirst();
        ImageData out = ImageFilter.render(logo, r.values(), ToneMap.CLAMP);
        assertArrayEquals(alpha, out.alpha());
    }

    @Test
    void sixteenBitPngKeepsAllSixteenBits() throws IOException {
        ImageData moon = Images.read(Golden.file("moon56_16bit.png"));
        assertEquals(16, moon.bitDepth());
        assertEquals(1, moon.channels());
        long lowBytes = 0;
        for (float s : moon.samples()) {
            lowBytes += ((int) s) & 0xff;
        }
        assertTrue(lowBytes > 0, "the low byte carries the camera image");
        assertTrue(Golden.maxAbs(moon.samples()) > 255);
    }

    @Test
    void reflectIsOpenCvsDefaultAndScipysMirrorWhileSymmetricIsScipysDefault() throws IOException {
        // the answer the CLI documents: --boundary reflect == BORDER_DEFAULT == scipy 'mirror'
        float[] opencvDefault = Npy.read(Golden.file("camera64_opencv_BORDER_REFLECT_101.npy")).data();
        float[] scipyReflect = Npy.read(Golden.file("camera64_scipy_reflect.npy")).data();
        ImageData cam = Images.read(Golden.file("camera64.png"));
        float[] ours = ImageFilter.filter(cam, List.of(Kernels.parse("sharpen", 2)),
                Filtering.Options.defaults()).getFirst().values();
        Golden.assertClose(Golden.part(opencvDefault, 5, 4), ours, 255 * 9, "reflect vs BORDER_REFLECT_101");
        float[] symmetric = ImageFilter.filter(cam, List.of(Kernels.parse("sharpen", 2)),
                Filtering.Options.defaults().withBoundary(Boundary.SYMMETRIC)).getFirst().values();
        Golden.assertClose(Golden.part(scipyReflect, 5, 4), symmetric, 255 * 9, "symmetric vs scipy reflect");
        assertTrue(!Arrays.equals(ours, symmetric), "the two modes differ at the border");
    }

    @Test
    void manifestCoversEveryBoundaryModeOfBothLibraries() throws IOException {
        List<String> modes = new ArrayList<>();
        for (String line : Files.readAllLines(Golden.file("manifest.txt"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                Case c = Case.parse(line);
                modes.add(c.library() + " " + c.mode());
            }
        }
        for (String m : List.of("scipy mirror", "scipy reflect", "scipy nearest", "scipy wrap", "scipy constant",
                "opencv BORDER_REFLECT_101", "opencv BORDER_REFLECT", "opencv BORDER_REPLICATE", "opencv BORDER_CONSTANT")) {
            assertTrue(modes.contains(m), m);
        }
    }
}
