package dev.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RooflineTest {
    private static final Roofline MACHINE = new Roofline(new FmaProbe.Result(2, 500, 512, 12),
            new StreamProbe.Result(2, 40, 256L << 20));

    @Test
    void aManyChannelLayerIsComputeBound() {
        BenchCase vgg = BenchSuite.standard().select(List.of("s5_vgg")).get(0);
        // in and out 224*224*64 floats, filter 3*3*64*64
        assertEquals(4L * (2L * 224 * 224 * 64 + 3 * 3 * 64 * 64), vgg.bytes());
        assertEquals(vgg.flops() / 500e6, MACHINE.computeFloorMs(vgg), 1e-9);
        assertEquals(vgg.bytes() / 40e6, MACHINE.memoryFloorMs(vgg), 1e-9);
        assertEquals("compute", MACHINE.bound(vgg));
        assertEquals(MACHINE.computeFloorMs(vgg), MACHINE.floorMs(vgg));
        assertEquals(50, MACHINE.percentOfFloor(vgg, 2 * MACHINE.floorMs(vgg)), 1e-9);
    }

    @Test
    void aFewChannelImageIsMemoryBound() {
        BenchCase gray = BenchSuite.standard().select(List.of("s4_4k_gray")).get(0);
        // a grey 4K image in, three maps out: 4 floats per pixel, plus 27 weights
        assertEquals(4L * (2160 * 3840 * 4 + 27), gray.bytes());
        assertEquals("memory", MACHINE.bound(gray));
        assertEquals(gray.bytes() / 40e6, MACHINE.floorMs(gray), 1e-9);
    }

    @Test
    void gradientsMoveTheSameThreeTensorsAsTheirForward() {
        List<BenchCase> cases = BenchSuite.standard().select(List.of("s5_vgg", "s12_vgg_grad_input",
                "s13_vgg_grad_filter"));
        assertEquals(cases.get(0).bytes(), cases.get(1).bytes());
        assertEquals(cases.get(0).bytes(), cases.get(2).bytes());
    }

    @Test
    void theBetterOfTwoMeasurementsCountsForEachProbe() {
        Roofline busyStart = new Roofline(new FmaProbe.Result(2, 250, 512, 12), new StreamProbe.Result(2, 60, 256L << 20));
        Roofline best = busyStart.best(MACHINE);
        assertEquals(500, best.peak().gflops());
        assertEquals(60, best.bandwidth().gbPerSecond());
        BenchCase vgg = BenchSuite.standard().select(List.of("s5_vgg")).get(0);
        CaseResult measured = new CaseResult(vgg, null, "blocked", 2,
                new Timer.Timing(new double[] {2 * MACHINE.floorMs(vgg)}, 3, 1, 0), busyStart, null);
        CaseResult rescaled = measured.withRoofline(best);
        assertEquals(50, rescaled.percentOfRoofline(), 1e-9);
        assertEquals(100 * rescaled.gflops() / 500, rescaled.percentOfPeak(), 1e-9);
        CaseResult skipped = CaseResult.skipped(vgg, "a reason");
        assertEquals(skipped, skipped.withRoofline(best));
    }

    @Test
    void aTableWithARowOverThePeakSaysWhy() {
        BenchCase vgg = BenchSuite.standard().select(List.of("s5_vgg")).get(0);
        double peakMs = MACHINE.computeFloorMs(vgg);
        CaseResult atPeak = new CaseResult(vgg, null, "blocked/simd", 2, new Timer.Timing(new double[] {peakMs}, 3, 1, 0),
                MACHINE, null);
        assertTrue(!BenchReport.table(List.of(atPeak)).contains(BenchReport.OVER_PEAK));
        CaseResult winograd = new CaseResult(vgg, null, "winograd", 2,
                new Timer.Timing(new double[] {peakMs / 1.5}, 3, 1, 0), MACHINE, null);
        assertEquals(150, winograd.percentOfPeak(), 1e-9);
        String table = BenchReport.table(List.of(atPeak, winograd));
        assertTrue(table.endsWith(BenchReport.OVER_PEAK + "\n"), table);
        assertTrue(table.contains("150.0"), table);
    }

    @Test
    void theStreamProbeMeasuresSomething() {
        StreamProbe.Result r = StreamProbe.measure(1, 16L << 20);
        assertEquals(1, r.threads());
        assertEquals(16L << 20, r.arrayBytes());
        // any machine that runs the tests moves faster than 0.5 GB/s and slower than 10 TB/s
        assertTrue(r.gbPerSecond() > 0.5 && r.gbPerSecond() < 10_000, r.describe());
        assertTrue(r.describe().contains("GB/s on 1 thread (16 MB scaled into another 16 MB"), r.describe());
    }

    @Test
    void theStreamProbesArraysOutgrowTheCache() {
        assertEquals(256L << 20, StreamProbe.arrayBytes(1L << 20), "at least 256 MB");
        assertEquals(4 * (96L << 20), StreamProbe.arrayBytes(96L << 20), "four times a 96 MB cache");
        assertEquals(1L << 30, StreamProbe.arrayBytes(480L << 20), "at most 1 GB");
        assertEquals(32L << 20, StreamProbe.parseSize("32768K"));
        assertEquals(480L << 20, StreamProbe.parseSize("480M"));
        assertEquals(512, StreamProbe.parseSize("512"));
        assertTrue(StreamProbe.lastLevelCacheBytes() >= 1 << 10);
    }

    @Test
    void theStreamProbeSplitsTheArraysIntoWholeVectorsPerThread() {
        StreamProbe.Result r = StreamProbe.measure(3, (4L << 20) + 5);
        assertEquals(0, r.arrayBytes() % 3);
        assertTrue(r.arrayBytes() <= (4L << 20) && r.arrayBytes() > (4L << 20) - 3 * 64, r.describe());
    }
}
