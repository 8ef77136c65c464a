package dev.conv4j.explain.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API over real HTTP on the loopback address. */
class ExplainServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ExplainServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = ExplainServer.start(0);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnTheLoopbackAddressOnly() {
        assertEquals("127.0.0.1", server.uri().getHost());
    }

    @Test
    void geometryDerivesShapesPadsFormulasAndPictures() throws Exception {
        HttpResponse<String> r = get("/api/geometry?rank=2&input=224&kernel=7&strides=2&padding=SAME&channels=3&filters=64");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode g = JSON.readTree(r.body());
        assertEquals("[1,112,112,64]", g.get("outputShapeText").asText());
        assertEquals("[2,2]", g.get("padsBefore").toString());
        assertEquals("[3,3]", g.get("padsAfter").toString());
        assertTrue(g.get("axes").get(0).get("formula").asText().endsWith("-> before 2, after 3 (the odd one goes after,"
                + " as in TensorFlow)"));
        assertTrue(g.get("explanation").asText().contains("The kernel slides in 2 directions"));
        assertTrue(g.get("gridSvg").asText().contains("pad-extra"));
        assertTrue(g.get("overviewSvg").asText().contains("HWIO [7,7,3,64]"));
        assertEquals(16, g.get("frames").size());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
    }

    @Test
    void badRequestsGetJsonErrorsNamingTheArgument() throws Exception {
        assertError(get("/api/geometry?rank=4"), 400, "rank", "rank 4 is outside 1..3");
        assertError(get("/api/geometry?rank=2&input=2&kernel=7&padding=VALID"), 400, "input",
                "input height 2 is smaller than the kernel height 7");
        assertError(get("/api/geometry?rank=2&kernel=abc"), 400, "kernel", "is not a whole number");
        assertError(get("/api/geometry?rank=2&input=100000"), 400, "input", "outside 1..4096");
        assertError(get("/api/geometry?rank=2&channels=6&groups=4"), 400, "groups", "not divisible");
        assertError(get("/api/nothing"), 404, "path", "no such page");
        assertError(post("/api/geometry", new byte[] {1}), 405, "method", "use GET");
        assertError(post("/api/filter/image", new byte[] {1, 2, 3}), 400, "upload", "not an image");
        assertError(post("/api/filter/image", new byte[ExplainServer.MAX_UPLOAD_BYTES + 1]), 400, "upload",
                "larger than the limit");
        assertError(post("/api/filter/signal", "a\nb\n".getBytes()), 400, "upload", "at least 2 numbers");
        assertError(post("/api/filter/image?kernels=curvy", new byte[] {1}), 400, "kernels", "unknown kernel 'curvy'");
    }

    private static void assertError(HttpResponse<String> r, int status, String argument, String message)
            throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(argument, body.get("argument").asText(), r.body());
        assertTrue(body.get("error").asText().contains(message), r.body());
    }

    @Test
    void anImageGetsOneFeatureMapPerKernelComputedByConv4j() throws Exception {
        byte[] png = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/sample/image")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        HttpResponse<String> r = post("/api/filter/image?kernels=edge,box:3,sobel-x&padding=VALID", png);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("[1,192,256,1]", body.get("inputShape").toString(), "320x240 downscaled to 256 wide");
        assertEquals("[3,3,1,3]", body.get("filterShape").toString());
        assertEquals("[1,190,254,3]", body.get("outputShape").toString());
        assertEquals(3, body.get("maps").size());
        assertTrue(body.get("maps").get(0).get("png").asText().startsWith("data:image/png;base64,"));
        // blur of values in [0,1] stays in [0,1]; the edge map goes negative
        assertTrue(body.get("maps").get(1).get("min").asDouble() >= 0);
        assertTrue(body.get("maps").get(0).get("min").asDouble() < 0);
    }

    @Test
    void aSignalGetsOneSmoothedSignalPerKernel() throws Exception {
        HttpResponse<String> r = post("/api/filter/signal?kernels=uniform:5,centre-weighted:5",
                "t\n1\n1\n1\n1\n1\n".getBytes());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("[1,5,2]", body.get("outputShape").toString());
        // uniform 1/5 over ones with zero SAME padding: 3/5, 4/5, 1, 4/5, 3/5
        JsonNode uniform = body.get("outputs").get(0).get("values");
        assertEquals(0.6, uniform.get(0).asDouble(), 1e-6);
        assertEquals(1.0, uniform.get(2).asDouble(), 1e-6);
    }

    @Test
    void thePageOffersTheFiltersCatalogueByNameAndNothingElse() throws Exception {
        JsonNode body = JSON.readTree(post("/api/filter/signal?kernels=uniform,edge-weighted",
                "t\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n".getBytes()).body());
        float[] catalogue = ((dev.conv4j.filters.FilterKernel.Linear) dev.conv4j.filters.Kernels.parse("edge-weighted", 1))
                .passes().getFirst().weights().data();
        JsonNode weights = body.get("outputs").get(1).get("weights");
        assertEquals(catalogue.length, weights.size(), "the CLI's default width");
        for (int i = 0; i < catalogue.length; i++) {
            assertEquals(catalogue[i], weights.get(i).floatValue());
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kernel", ".txt");
        try {
            java.nio.file.Files.writeString(file, "1 2 3\n");
            byte[] signal = "1\n2\n3\n".getBytes();
            String name = java.net.URLEncoder.encode(file.toString(), java.nio.charset.StandardCharsets.UTF_8);
            assertError(post("/api/filter/signal?kernels=" + name, signal), 400, "kernels", "unknown kernel");
        } finally {
            java.nio.file.Files.delete(file);
        }
        byte[] png = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/sample/image")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertError(post("/api/filter/image?kernels=edge,box:5", png), 400, "kernels", "differ in size");
        assertError(post("/api/filter/image?kernels=sobel", png), 400, "kernels", "choose its parts");
        assertError(post("/api/filter/image?kernels=box:0", png), 400, "kernels", "must be 1..4096");
    }

    @Test
    void otherHostNamesAreRefused() throws Exception {
        // a page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) still sends its own Host
        try (java.net.Socket socket = new java.net.Socket(server.uri().getHost(), server.port())) {
            socket.getOutputStream().write(("GET /api/geometry HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("answers requests for 127.0.0.1 or localhost only"), answer);
        }
    }

    @Test
    void thePageAndItsScriptAreServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\" defer></script>"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "nothing from the network");
        assertTrue(get("/app.js").body().contains("/api/geometry"));
        assertEquals(200, get("/app.css").statusCode());
    }
}
