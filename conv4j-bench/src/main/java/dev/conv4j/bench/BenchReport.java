package dev.conv4j.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conv4j.tensor.Shape;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The bench's two output forms: an aligned text table and a JSON array. A gradient case's
 * {@code problem} names the forward convolution it differentiates ({@code grad-input of conv2d
 * ...}), its {@code result} is the shape of dx or dW, and its GFLOP are the forward's.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    /** The cases as JSON: one object per case, in run order. */
    private static ArrayNode json(List<CaseResult> results) {
        ArrayNode array = JSON.createArrayNode();
        for (CaseResult r : results) {
            array.add(json(r));
        }
        return array;
    }

    /** Pretty-printed {@link #json(List)}. */
    public static String jsonText(List<CaseResult> results) {
        try {
            return JSON.writeValueAsString(json(results));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode json(CaseResult r) {
        BenchCase c = r.benchCase();
        ObjectNode o = JSON.createObjectNode();
        o.put("name", c.name());
        o.put("op", c.op().code());
        o.set("input", dims(c.input()));
        o.set("filter", dims(c.filter()));
        ArrayNode strides = o.putArray("strides");
        Arrays.stream(c.strides()).forEach(strides::add);
        o.put("padding", c.padding().toString());
        o.put("problem", c.problem());
        o.set("result", dims(c.resultShape()));
        o.put("gflop", round(c.flops() / 1e9, 6));
        o.put("status", r.skipped() ? "skipped" : "ok");
        if (r.skipped()) {
            o.put("reason", r.skipReason());
        }
        o.put("algorithm", r.algorithm());
        if (r.skipped()) {
            o.putNull("threads");
        } else {
            o.put("threads", r.threads());
        }
        Timer.Timing t = r.timing();
        number(o, "median_ms", t == null ? Double.NaN : round(t.medianMs(), 4));
        number(o, "min_ms", t == null ? Double.NaN : round(t.minMs(), 4));
        number(o, "first_ms", t == null ? Double.NaN : round(t.firstMs(), 4));
        if (t == null) {
            o.putNull("runs");
            o.putNull("warmup_runs");
        } else {
            o.put("runs", t.runs());
            o.put("warmup_runs", t.warmupRuns());
        }
        number(o, "gflops", round(r.gflops(), 3));
        number(o, "peak_gflops", round(r.peakGflops(), 3));
        number(o, "percent_of_peak", round(r.percentOfPeak(), 2));
        o.put("bytes", c.bytes());
        if (r.skipped()) {
            o.putNull("bandwidth_gbs");
            o.putNull("compute_floor_ms");
            o.putNull("memory_floor_ms");
            o.putNull("bound");
        } else {
            Roofline roofline = r.roofline();
            o.put("bandwidth_gbs", round(roofline.bandwidth().gbPerSecond(), 3));
            o.put("compute_floor_ms", round(roofline.computeFloorMs(c), 4));
            o.put("memory_floor_ms", round(roofline.memoryFloorMs(c), 4));
            o.put("bound", roofline.bound(c));
        }
        number(o, "percent_of_roofline", round(r.percentOfRoofline(), 2));
        number(o, "other_cpu_percent", t == null ? Double.NaN : round(t.otherCpuPercent(), 1));
        o.put("check", r.checkStatus());
        SpotCheck.Result check = r.check();
        if (check != null) {
            o.put("check_method", SpotCheck.method(c.op()));
            o.put("check_elements", check.elements());
            o.put("check_failures", check.failures());
            number(o, "check_max_error_ratio", round(check.maxErrorRatio(), 5));
            if (!check.passed()) {
                o.put("check_failure", check.firstFailure());
            }
        }
        return o;
    }

    private static ArrayNode dims(Shape shape) {
        ArrayNode a = JSON.createArrayNode();
        for (int d : shape.dims()) {
            a.add(d);
        }
        return a;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static void number(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    /** {@code value} to {@code decimals} places, or to 4 significant digits when that keeps more. */
    private static double round(double value, int decimals) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        BigDecimal places = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN);
        BigDecimal significant = new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_EVEN));
        return (places.scale() >= significant.scale() ? places : significant).doubleValue();
    }

    /**
     * The cases as an aligned text table (numbers right-aligned); skipped cases say why, and a
     * footnote says why a row passes 100 % of the peak.
     */
    public static String table(List<CaseResult> results) {
        List<String[]> rows = new ArrayList<>();
        String[] head = {"case", "op", "input", "filter", "algorithm", "runs", "median ms", "min ms", "first ms",
                "GFLOP", "GFLOP/s", "% peak", "MB", "bound", "% roofline", "other CPU %", "check"};
        rows.add(head);
        List<String> skipNotes = new ArrayList<>();
        for (CaseResult r : results) {
            BenchCase c = r.benchCase();
            if (r.skipped()) {
                rows.add(new String[] {c.name(), c.op().code(), c.input().toString(), c.filter().toString(), "", "", "",
                        "", "", fmt("%.3f", c.flops() / 1e9), "", "", fmt("%.1f", c.bytes() / 1e6), "", "", "", ""});
                skipNotes.add("skipped: " + r.skipReason());
                continue;
            }
            Timer.Timing t = r.timing();
            SpotCheck.Result check = r.check();
            rows.add(new String[] {c.name(), c.op().code(), c.input().toString(), c.filter().toString(), r.algorithm(),
                    Integer.toString(t.runs()), fmt("%.3f", t.medianMs()), fmt("%.3f", t.minMs()), fmt("%.1f", t.firstMs()),
                    fmt("%.3f", c.flops() / 1e9), fmt("%.2f", r.gflops()), fmt("%.1f", r.percentOfPeak()),
                    fmt("%.1f", c.bytes() / 1e6), r.roofline().bound(c), fmt("%.1f", r.percentOfRoofline()),
                    Double.isNaN(t.otherCpuPercent()) ? "?" : fmt("%.0f", t.otherCpuPercent()),
                    check == null ? "off" : check.summary()});
            skipNotes.add(null);
        }
        int columns = head.length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        boolean[] right = {false, false, false, false, false, true, true, true, true, true, true, true, true, false, true,
            true, false};
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            String note = k == 0 ? null : skipNotes.get(k - 1);
            StringBuilder line = new StringBuilder();
            int last = note == null ? columns : 4;
            for (int i = 0; i < last; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(right[i] ? pad + cell : (i == columns - 1 ? cell : cell + pad));
            }
            if (note != null) {
                line.append("  ").append(note);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (results.stream().anyMatch(r -> !r.skipped() && r.percentOfPeak() > 100)) {
            sb.append(OVER_PEAK).append('\n');
        }
        return sb.toString();
    }

    /** Why a row can pass 100 % of the FMA peak: printed under the table when one does. */
    static final String OVER_PEAK = "% peak over 100: GFLOP counts the multiply-adds of the direct convolution;"
            + " Winograd F(2x2,3x3) gets the same result with 2.25 times fewer multiplications (F(4x4,3x3), by"
            + " name only, 4 times), so its GFLOP/s is an"
            + " effective rate that can pass the FMA probe's peak.";

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
