package dev.conv4j.tfcompare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.CaseResult;
import dev.conv4j.bench.FmaProbe;
import dev.conv4j.bench.Roofline;
import dev.conv4j.bench.StreamProbe;
import dev.conv4j.bench.SpotCheck;
import dev.conv4j.bench.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's table and its place in docs/benchmarks.md; TensorFlow itself is not needed. */
class CompareReportTest {
    @TempDir
    Path dir;

    private static final String BLOCK = CompareReport.BEGIN + "\nnew\n" + CompareReport.END + "\n";

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertEquals("540", CompareReport.sig(540.2));
        assertEquals("95.4", CompareReport.sig(95.39));
        assertEquals("0.00227", CompareReport.sig(0.0022659));
        assertEquals("1.5", CompareReport.sig(1.5));
        assertEquals("1230", CompareReport.sig(1234.5));
    }

    @Test
    void replacesTheBlockBetweenTheMarkersAndKeepsTheRest() throws IOException {
        Path md = dir.resolve("benchmarks.md");
        Files.writeString(md, "# title\n\nprose\n\n" + CompareReport.BEGIN + "\nold\n" + CompareReport.END + "\n\nafter\n");
        CompareReport.writeInto(md, BLOCK);
        assertEquals("# title\n\nprose\n\n" + BLOCK + "\nafter\n", Files.readString(md));
    }

    @Test
    void appendsWithoutMarkersAndCreatesAMissingFile() throws IOException {
        Path md = dir.resolve("a.md");
        Files.writeString(md, "# a\n");
        CompareReport.writeInto(md, BLOCK);
        assertEquals("# a\n\n" + BLOCK, Files.readString(md));
        Path fresh = dir.resolve("docs/b.md");
        CompareReport.writeInto(fresh, BLOCK);
        assertEquals("# conv4j benchmarks\n\n" + BLOCK, Files.readString(fresh));
    }

    @Test
    void tableHasTheRatioAGradientASkippedCaseAndAFailure() {
        List<BenchCase> cases = BenchSuite.standard().select(List.of("s7_1x1", "s12_vgg_grad_input", "s9_depthwise",
                "s13_vgg_grad_filter"));
        Roofline roofline = new Roofline(new FmaProbe.Result(2, 500, 512, 12), new StreamProbe.Result(2, 40, 256L << 20));
        long s7 = cases.get(0).flops();
        Timer.Timing conv4j = new Timer.Timing(new double[] {s7 / 200e6}, 3, 1, 5); // 200 GFLOP/s
        Timer.Timing tf = new Timer.Timing(new double[] {s7 / 100e6}, 3, 1, 40);    // 100 GFLOP/s
        SpotCheck.Result pass = new SpotCheck.Result(true, 16, 1024, 0, 0.01, "");
        long s13 = cases.get(3).flops();
        Timer.Timing gradFilter = new Timer.Timing(new double[] {s13 / 400e6}, 3, 1, 5);   // 400 GFLOP/s
        Timer.Timing tfGradFilter = new Timer.Timing(new double[] {s13 / 320e6}, 3, 1, 5); // 320 GFLOP/s
        List<CompareRow> rows = List.of(
                new CompareRow(cases.get(0), new CaseResult(cases.get(0), null, "blocked", 2, conv4j, roofline, pass), tf,
                        pass, 1e-6, null),
                new CompareRow(cases.get(1), CaseResult.skipped(cases.get(1), "not run (a reason)"), tf, null,
                        Double.NaN, null),
                CompareRow.failed(cases.get(2), "java.lang.OutOfMemoryError: Java heap space"),
                new CompareRow(cases.get(3), new CaseResult(cases.get(3), null, "blocked-grad-filter/simd", 2, gradFilter,
                        roofline, pass), tfGradFilter, pass, 2e-5, null));
        String md = new CompareReport("now", "machine", "engines", roofline, Timer.Options.standard(), 42, "a note",
                "bin/bench-vs-tf", rows).markdown();
        assertTrue(md.startsWith(CompareReport.BEGIN) && md.endsWith(CompareReport.END + "\n"), md);
        // s7: 1.07 MB and 25.7 MFLOP, whose 0.051 ms at 500 GFLOP/s outlast 1.07 MB at 40 GB/s (0.027 ms)
        assertTrue(md.contains("| s7_1x1 | conv2d | 0.026 | 1.1 | compute: 0.051 | blocked | 0.128 | 200 | 40 | 40 "
                + "| 0.257 | 100 | 20 | 20 | **2** | pass / pass | 1.0e-06 | 5 / 40 |"), md);
        assertTrue(md.contains("| s12_vgg_grad_input | conv2d_grad_input | 3.699 | 25.8 | compute: 7.399 "
                + "| skipped: not run (a reason)"), md);
        assertTrue(md.contains("| s13_vgg_grad_filter | conv2d_grad_filter | 3.699 | 25.8 | compute: 7.399 "
                + "| blocked-grad-filter/simd | 9.248 | 400 | 80 | 80 | 11.561 | 320 | 64 | 64 | **1.25** | pass / pass "
                + "| 2.0e-05 | 5 / 5 |"), md);
        assertTrue(md.contains("| s9_depthwise | depthwise2d | 0.007 | | | FAILED: java.lang.OutOfMemoryError"), md);
        assertTrue(md.contains("- **Bandwidth** (stream probe, the same way): 40.0 GB/s on 2 threads"), md);
        assertTrue(md.contains("**Not a quiet run**: other processes used up to 40 %"), md);
        assertTrue(md.contains("over the 2 cases both computed: **1.58**"), md);
        assertTrue(md.contains("- **Note**: a note"), md);
        for (String line : md.lines().filter(l -> l.startsWith("| ")).toList()) {
            assertEquals(19, line.chars().filter(c -> c == '|').count(), "18 cells: " + line);
        }
    }
}
