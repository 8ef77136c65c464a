package dev.conv4j.tfcompare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.BenchOp;
import dev.conv4j.bench.BenchSuite;
import dev.conv4j.bench.SpotCheck;
import dev.conv4j.bench.Timer;
import dev.conv4j.spec.Padding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What TensorFlow is asked and what bench-vs-peers reads back; TensorFlow itself is not needed. */
class TfJobsTest {
    @Test
    void explicitPadsArePerAxisAndOneValueServesEveryAxis() {
        TfConv perAxis = new TfConv(BenchOp.CONV2D, new int[] {1, 5, 5, 1}, new int[] {3, 3, 1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new Padding.Explicit(new int[] {1, 0}, new int[] {2, 3}));
        assertEquals(1, perAxis.pad(0, 0));
        assertEquals(2, perAxis.pad(0, 1));
        assertEquals(0, perAxis.pad(1, 0));
        assertEquals(3, perAxis.pad(1, 1));
        TfConv one = new TfConv(BenchOp.CONV3D, new int[] {1, 4, 4, 4, 1}, new int[] {3, 3, 3, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new Padding.Explicit(new int[] {2}, new int[] {1}));
        assertEquals(2, one.pad(2, 0));
        assertEquals(1, one.pad(2, 1));
        TfConv same = TfConv.of(BenchSuite.standard().select(List.of("s5_vgg")).get(0));
        assertEquals(0, same.pad(0, 0), "SAME leaves the pads to TensorFlow");
        assertEquals(64, same.input()[3]);
    }

    @Test
    void gradientJobsTakeTheShapeOfWhatTheyDifferentiateByFromTheJob() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode gradInput = json.readTree("""
                {"op": "conv2d_grad_input", "filter": "w.npy", "grad_output": "dy.npy", "input_shape": [2, 7, 5, 3],
                 "strides": [2, 1], "dilations": [1, 1], "padding": [[1, 0], [2, 2]], "out": "dx.npy"}""");
        TfConv dx = TfJobs.conv(BenchOp.CONV2D_GRAD_INPUT, gradInput, new int[] {3, 2, 3, 4}, new int[] {2, 4, 8, 4});
        assertArrayEquals(new int[] {2, 7, 5, 3}, dx.input());
        assertArrayEquals(new int[] {3, 2, 3, 4}, dx.filter(), "the filter is the first tensor fed");
        assertArrayEquals(new int[] {2, 1}, dx.strides());
        assertEquals(1, dx.pad(0, 0));
        assertEquals(2, dx.pad(1, 1));
        JsonNode gradFilter = json.readTree("""
                {"op": "conv2d_grad_filter", "input": "x.npy", "grad_output": "dy.npy", "filter_shape": [3, 3, 3, 4],
                 "strides": [1, 1], "dilations": [1, 1], "padding": "SAME", "out": "dw.npy"}""");
        TfConv dw = TfJobs.conv(BenchOp.CONV2D_GRAD_FILTER, gradFilter, new int[] {1, 6, 6, 3}, new int[] {1, 6, 6, 4});
        assertArrayEquals(new int[] {1, 6, 6, 3}, dw.input(), "the input is the first tensor fed");
        assertArrayEquals(new int[] {3, 3, 3, 4}, dw.filter());
        assertEquals(Padding.SAME, dw.padding());
        TfConv forward = TfJobs.conv(BenchOp.CONV2D, gradFilter, new int[] {1, 6, 6, 3}, new int[] {3, 3, 3, 4});
        assertArrayEquals(new int[] {3, 3, 3, 4}, forward.filter(), "forward: the filter is the second tensor fed");
    }

    @Test
    void timingsJsonHasEachCasesMedianOrItsFailure() throws Exception {
        List<BenchCase> cases = BenchSuite.standard().select(List.of("s7_1x1", "s9_depthwise"));
        Timer.Timing tf = new Timer.Timing(new double[] {0.2, 0.25, 0.3}, 3, 1, 5);
        SpotCheck.Result pass = new SpotCheck.Result(true, 16, 1024, 0, 0.01, "");
        List<CompareRow> rows = List.of(new CompareRow(cases.get(0), null, tf, pass, 0, null),
                CompareRow.failed(cases.get(1), "java.lang.OutOfMemoryError"));
        JsonNode json = new ObjectMapper().readTree(CompareMain.tfTimingsJson(rows));
        assertEquals(2, json.size());
        assertEquals("s7_1x1", json.get(0).get("name").asText());
        assertEquals(0.25, json.get(0).get("median_ms").asDouble());
        assertEquals(3, json.get(0).get("runs").asInt());
        assertEquals("pass", json.get(0).get("check").asText());
        assertEquals("s9_depthwise", json.get(1).get("name").asText());
        assertEquals(true, json.get(1).get("median_ms").isNull());
        assertEquals("java.lang.OutOfMemoryError", json.get(1).get("failure").asText());
    }
}
