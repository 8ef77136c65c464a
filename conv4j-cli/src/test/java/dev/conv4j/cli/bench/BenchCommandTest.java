package dev.conv4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.cli.Conv4j;
import dev.conv4j.kernel.CanonicalConv;
import dev.conv4j.kernel.ConvAlgorithm;
import dev.conv4j.kernel.ConvKernel;
import dev.conv4j.kernel.Vectorization;
import dev.conv4j.plan.Planner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BenchCommandTest {
    /** Tiny cases of every op, incl. strides, dilations, explicit pads and both gradients. */
    private static final String TINY_SUITE = """
            {"about": "tiny test suite",
             "cases": [
              {"name": "t1", "op": "conv1d", "input": [2, 17, 3], "filter": [3, 3, 5], "strides": [2], "padding": "SAME"},
              {"name": "t2", "op": "conv2d", "input": [1, 9, 8, 4], "filter": [3, 2, 4, 6], "strides": [1, 2],
               "dilations": [2, 1], "padding": "SAME"},
              {"name": "t3", "op": "depthwise2d", "input": [1, 7, 7, 3], "filter": [3, 3, 3, 2], "strides": [1, 1],
               "padding": "VALID"},
              {"name": "t4", "op": "conv3d", "input": [1, 5, 6, 4, 2], "filter": [3, 3, 2, 2, 4], "padding": [1, 0, 1, 1, 0, 1]},
              {"name": "t5", "op": "conv2d_grad_filter", "input": [1, 6, 6, 2], "filter": [3, 3, 2, 2], "strides": [1, 1],
               "padding": "SAME"},
              {"name": "t6", "op": "conv2d_grad_input", "input": [2, 9, 7, 5], "filter": [3, 2, 5, 17], "strides": [2, 1],
               "dilations": [1, 2], "padding": "SAME"},
              {"name": "t7", "op": "conv2d_grad_filter", "input": [2, 11, 9, 20], "filter": [3, 3, 20, 24], "strides": [2, 2],
               "padding": "VALID"}
             ]}
            """;
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String[] FAST = {"--runs", "3", "--warmup", "1", "--min-time", "0"};

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        return run(Conv4j.commandLine(), args);
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path suite(String json) throws IOException {
        Path file = dir.resolve("suite.json");
        Files.writeString(file, json);
        return file;
    }

    /** {@code bench}, the given arguments, and quick timing. */
    private static String[] args(String... head) {
        return argsFor(List.of("bench"), head);
    }

    private static String[] argsFor(List<String> command, String... head) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(head));
        all.addAll(List.of(FAST));
        return all.toArray(String[]::new);
    }

    @Test
    void jsonHasEveryFieldAndEveryCheckPasses() throws IOException {
        Path file = suite(TINY_SUITE);
        Run r = run(args("--suite", file.toString(), "--format", "json", "--threads", "2", "--quiet"));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err(), "--quiet prints no progress notes");
        JsonNode array = STRICT_JSON.readTree(r.out());
        assertTrue(array.isArray());
        assertEquals(7, array.size());
        for (int i = 0; i < 7; i++) {
            JsonNode c = array.get(i);
            assertEquals("t" + (i + 1), c.get("name").asText());
            assertEquals("ok", c.get("status").asText(), c.toString());
            for (String key : List.of("median_ms", "min_ms", "first_ms", "gflops", "peak_gflops", "percent_of_peak", "bytes",
                    "bandwidth_gbs", "compute_floor_ms", "memory_floor_ms", "percent_of_roofline")) {
                assertTrue(c.get(key).isNumber() && c.get(key).asDouble() > 0, key + " in " + c);
            }
            assertTrue(c.get("min_ms").asDouble() <= c.get("median_ms").asDouble(), c.toString());
            assertFalse(c.get("algorithm").asText().isBlank(), c.toString());
            assertEquals(2, c.get("threads").asInt());
            assertTrue(c.get("runs").asInt() >= 3, c.toString());
            assertEquals("pass", c.get("check").asText(), c.toString());
            assertTrue(c.get("check_elements").asInt() > 0, c.toString());
            assertTrue(c.get("check_max_error_ratio").asDouble() < 1, c.toString());
            assertFalse(c.get("check_method").asText().isBlank(), c.toString());
            double gflop = c.get("gflop").asDouble();
            assertEquals(gflop / (c.get("median_ms").asDouble() / 1e3), c.get("gflops").asDouble(),
                    0.01 * c.get("gflops").asDouble(), "GFLOP/s = GFLOP / median seconds: " + c);
        }
        // every case reports the same peak and bandwidth, measured once per run
        assertEquals(array.get(0).get("peak_gflops"), array.get(3).get("peak_gflops"));
        assertEquals(array.get(0).get("bandwidth_gbs"), array.get(3).get("bandwidth_gbs"));
        // t1: input 2*17*3, filter 3*3*5, output 2*9*5 floats; the floor is the larger of the two
        JsonNode t1 = array.get(0);
        assertEquals(4 * (2 * 17 * 3 + 3 * 3 * 5 + 2 * 9 * 5), t1.get("bytes").asLong());
        double compute = t1.get("compute_floor_ms").asDouble();
        double memory = t1.get("memory_floor_ms").asDouble();
        double floor = Math.max(compute, memory);
        assertEquals(compute >= memory ? "compute" : "memory", t1.get("bound").asText(), t1.toString());
        assertEquals(100 * floor / t1.get("median_ms").asDouble(), t1.get("percent_of_roofline").asDouble(),
                0.01 * t1.get("percent_of_roofline").asDouble() + 1e-3, t1.toString());
        // t1: 2 * N * out * Cout * k * Cin = 2 * 2 * 9 * 5 * 3 * 3
        assertEquals(2 * 2 * 9 * 5 * 3 * 3 / 1e9, array.get(0).get("gflop").asDouble(), 1e-12);
        // the gradients: the forward's FLOPs, the forward's problem string, dW / dx shaped results
        JsonNode gradFilter = array.get(4);
        assertEquals(2 * 36 * 2 * 9 * 2 / 1e9, gradFilter.get("gflop").asDouble(), 1e-12);
        assertTrue(gradFilter.get("problem").asText().startsWith("grad-filter of conv2d n1 in6x6x2"), gradFilter.toString());
        assertEquals("[3,3,2,2]", gradFilter.get("result").toString());
        assertTrue(gradFilter.get("check_method").asText().contains("channel pairs"), gradFilter.toString());
        JsonNode gradInput = array.get(5);
        assertTrue(gradInput.get("problem").asText().startsWith("grad-input of conv2d n2 in9x7x5"), gradInput.toString());
        assertEquals("[2,9,7,5]", gradInput.get("result").toString());
        assertEquals(2 * 9 * 7 * 5, gradInput.get("check_elements").asInt(),
                "ceil(1024 / 5) = 205 positions wanted, all 126 taken, 5 channels each: " + gradInput);
        JsonNode blocked = array.get(6);
        assertEquals(Vectorization.enabled() ? "blocked-grad-filter/simd" : "direct-grad-filter",
                blocked.get("algorithm").asText(), blocked.toString());
    }

    @Test
    void tableHasAlignedColumnsAHeaderAndProgressNotes() throws IOException {
        Path file = suite(TINY_SUITE);
        Run r = run(args("--suite", file.toString(), "--case", "t3,t1", "--case", "t5"));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("conv4j bench: suite " + file), r.out());
        assertTrue(lines.get(2).startsWith("peak: FMA probe ") && lines.get(2).contains("GFLOP/s on 2 threads"), r.out());
        int head = lines.indexOf(lines.stream().filter(l -> l.startsWith("case ")).findFirst().orElseThrow());
        String header = lines.get(head);
        List<String> rows = lines.subList(head + 1, lines.size());
        assertEquals(3, rows.size(), r.out());
        assertTrue(rows.get(0).startsWith("t3 ") && rows.get(1).startsWith("t1 ") && rows.get(2).startsWith("t5 "),
                "the order given: " + r.out());
        int gflops = header.indexOf("GFLOP/s") + "GFLOP/s".length();
        for (String row : rows) {
            assertTrue(Character.isDigit(row.charAt(gflops - 1)) && row.charAt(gflops) == ' ',
                    "numbers right-aligned under their heading:\n" + r.out());
            assertTrue(row.endsWith(")") && row.contains("pass ("), row);
        }
        assertTrue(rows.get(2).contains("conv2d_grad_filter"), r.out());
        assertTrue(r.err().contains("bench: t3") && r.err().contains("bench: t1"), "progress notes: " + r.err());
    }

    @Test
    void algoTimesTheNamedAlgorithmAndSkipsTheCasesItRejects() throws IOException {
        Run r = run(args("--suite", suite(TINY_SUITE).toString(), "--case", "t1,t5", "--algo", "direct",
                "--format", "json", "-q"));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode forward = STRICT_JSON.readTree(r.out()).get(0);
        assertEquals("direct", forward.get("algorithm").asText());
        assertEquals("pass", forward.get("check").asText());
        JsonNode gradFilter = STRICT_JSON.readTree(r.out()).get(1);
        assertEquals("skipped", gradFilter.get("status").asText());
        assertTrue(gradFilter.get("reason").asText().contains("there is no filter gradient algorithm direct"),
                gradFilter.toString());

        Run unknown = run(args("--suite", suite(TINY_SUITE).toString(), "--case", "t1", "--algo", "fastest", "-q"));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown algorithm fastest; the algorithms are"), unknown.err());
    }

    @Test
    void noCheckTurnsTheSpotCheckOff() throws IOException {
        Run r = run(args("--suite", suite(TINY_SUITE).toString(), "--case", "t2", "--no-check", "--format", "json", "-q"));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode c = STRICT_JSON.readTree(r.out()).get(0);
        assertEquals("off", c.get("check").asText());
        assertFalse(c.has("check_elements"));
    }

    @Test
    void aWrongResultFailsTheCheckAndExitsThree() throws IOException {
        CommandLine cli = new CommandLine(new BenchCommand(Planner.of(List.of(new LeavesZeros()))));
        Run r = run(cli, argsFor(List.of(), "--suite", suite(TINY_SUITE).toString(), "--case", "t1", "--format", "json"));
        assertEquals(BenchCommand.CHECK_FAILED, r.exitCode(), r.err());
        JsonNode c = STRICT_JSON.readTree(r.out()).get(0);
        assertEquals("fail", c.get("check").asText());
        assertEquals("zeros", c.get("algorithm").asText());
        assertTrue(c.get("check_failures").asInt() > 0);
        assertTrue(c.get("check_failure").asText().startsWith("at [0,0,"), c.toString());
        assertTrue(r.err().contains("spot check FAILED"), r.err());
    }

    /** The input gradient runs as a forward convolution, so a planted forward algorithm breaks it too. */
    @Test
    void aWrongGradientFailsTheCheck() throws IOException {
        CommandLine cli = new CommandLine(new BenchCommand(Planner.of(List.of(new LeavesZeros()))));
        Run r = run(cli, argsFor(List.of(), "--suite", suite(TINY_SUITE).toString(), "--case", "t6", "--format", "json"));
        assertEquals(BenchCommand.CHECK_FAILED, r.exitCode(), r.err());
        JsonNode c = STRICT_JSON.readTree(r.out()).get(0);
        assertEquals("fail", c.get("check").asText());
        assertEquals("zeros", c.get("algorithm").asText());
        assertTrue(c.get("check_failure").asText().startsWith("at dx[0,0,0,"), c.toString());
    }

    @Test
    void unknownCaseIsAUsageErrorListingTheNames() throws IOException {
        Run r = run(args("--suite", suite(TINY_SUITE).toString(), "--case", "t1,nope"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown case 'nope'") && r.err().contains("t1, t2, t3, t4, t5, t6, t7"), r.err());
        assertEquals("", r.out(), "nothing is run before the names are checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"cases\": [ {\"name\": \"a\", ",
        "[]",
        "{\"about\": \"no cases\"}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5,5,1], \"filter\": [3,3,1,1], \"padding\": \"SAME\","
                + " \"stride\": [1,1]}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv4d\", \"input\": [1,5,5,1], \"filter\": [3,3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5,5], \"filter\": [3,3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5,5,2], \"filter\": [3,3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5,5,1], \"filter\": [3,3,1,1], \"padding\": \"HALF\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5,5,1], \"filter\": [3,3,1,1]}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv2d\", \"input\": [1,5.5,5,1], \"filter\": [3,3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv1d\", \"input\": [1,5,1], \"filter\": [3,1,1], \"padding\": \"SAME\"},"
                + " {\"name\": \"a\", \"op\": \"conv1d\", \"input\": [1,5,1], \"filter\": [3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a b\", \"op\": \"conv1d\", \"input\": [1,5,1], \"filter\": [3,1,1], \"padding\": \"SAME\"}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv1d\", \"input\": [1,5,1], \"filter\": [3,1,1], \"padding\": \"SAME\","
                + " \"strides\": [0]}]}",
        "{\"cases\": [{\"name\": \"a\", \"op\": \"conv1d\", \"input\": [1,2,1], \"filter\": [3,1,1], \"padding\": \"VALID\"}]}",
    })
    void malformedSuiteIsAUsageError(String json) throws IOException {
        Path file = suite(json);
        Run r = run(args("--suite", file.toString()));
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("conv4j bench: suite " + file), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingSuiteFileIsAnIoError() {
        Run r = run(args("--suite", dir.resolve("absent.json").toString()));
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("absent.json"), r.err());
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertEquals(2, run("bench", "--threads", "0").exitCode());
        assertEquals(2, run("bench", "--runs", "0").exitCode());
        assertEquals(2, run("bench", "--format", "xml").exitCode());
    }

    @Test
    void listShowsTheBuiltInSuiteWithTheGradients() {
        Run r = run("bench", "--list");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(13, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("s1_signal "), r.out());
        assertTrue(lines.get(4).contains("3.699 GFLOP") && lines.get(4).contains("conv2d n1 in224x224x64"), r.out());
        assertTrue(lines.get(11).startsWith("s12_vgg_grad_input") && lines.get(11).contains("3.699 GFLOP")
                && lines.get(11).contains("grad-input of conv2d n1 in224x224x64"), r.out());
        assertTrue(lines.get(12).startsWith("s13_vgg_grad_filter") && lines.get(12).contains("3.699 GFLOP")
                && lines.get(12).contains("grad-filter of conv2d n1 in224x224x64"), r.out());
    }

    /** Plants a wrong algorithm: it accepts everything and leaves the output as it finds it. */
    private static final class LeavesZeros implements ConvAlgorithm {
        @Override
        public String name() {
            return "zeros";
        }

        @Override
        public Optional<String> rejection(CanonicalConv problem) {
            return Optional.empty();
        }

        @Override
        public ConvKernel prepare(CanonicalConv problem, float[] filter, float[] bias) {
            return new ConvKernel() {
                @Override
                public int workUnits() {
                    return 1;
                }

                @Override
                public void compute(float[] input, float[] output, int from, int to) {
                }
            };
        }
    }
}
