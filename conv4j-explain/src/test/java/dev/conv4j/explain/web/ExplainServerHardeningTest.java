package dev.conv4j.explain.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server under the attacks it was put through: slow clients, cross-site uploads, odd methods. */
class ExplainServerHardeningTest {
    private static ExplainServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = ExplainServer.start(0);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    /** Sends {@code request} as raw bytes and returns the whole answer (the server closes after it). */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(server.uri().resolve(path));
    }

    @Test
    void fiftySlowClientsDoNotStopANormalOneBeingAnsweredWithinASecond() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            String[] partial = {"GET /api/geo", "GET /api/geometry HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                "POST /api/filter/signal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ExplainServer.UPLOAD_TYPE
                    + "\r\nContent-Length: 1000\r\n\r\n1\n2\n"};
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket(server.uri().getHost(), server.port());
                socket.getOutputStream().write(partial[i % partial.length].getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(200); // let the server take them all up
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = send(to("/api/geometry?rank=1&input=10&kernel=3"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(millis < 1000, "answered in " + millis + " ms with 50 slow clients attached");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aRefusalSentBeforeTheBodyArrivedSaysTheConnectionCloses() throws Exception {
        // the body never comes: the server refuses the method without it and cannot keep the
        // connection, so the answer must tell the client not to send its next request on it
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/geometry HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ExplainServer.UPLOAD_TYPE
                    + "\r\nContent-Length: 10\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = new byte[4096];
            int n = socket.getInputStream().read(answer);
            String head = new String(answer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 405"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), head);
        }
        // a refusal whose body was all there keeps the connection
        String kept = raw("POST /api/geometry HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ExplainServer.UPLOAD_TYPE
                + "\r\nContent-Length: 1\r\n\r\nxGET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(kept.startsWith("HTTP/1.1 405"), kept);
        assertTrue(kept.contains("HTTP/1.1 404"), "the second request on the connection was answered: " + kept);
    }

    @Test
    void aClientThatNeverFinishesItsRequestIsCutOff() throws Exception {
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout((ExplainServer.REQUEST_SECONDS + 3) * 1000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/geometry HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the server may or may not say something before closing
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < ExplainServer.REQUEST_SECONDS + 2.5, "closed after " + seconds + " s");
        }
    }

    @Test
    void aClientThatSendsItsHeadersAByteAtATimeIsCutOff() throws Exception {
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/geometry HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            try {
                while (System.nanoTime() - start < (2L * ExplainServer.REQUEST_SECONDS + 5) * 1_000_000_000L) {
                    out.write('x'); // one endless header, well under the idle timeout apart
                    out.flush();
                    Thread.sleep(250);
                }
            } catch (IOException closedByTheServer) {
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds < 2 * ExplainServer.REQUEST_SECONDS + 1, "closed after " + seconds + " s");
                return;
            }
            throw new AssertionError("a client sending its headers a byte at a time was never cut off");
        }
    }

    @Test
    void crossSiteAndPlainTextUploadsAreRefused() throws Exception {
        byte[] csv = "1\n2\n3\n".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> plain = send(to("/api/filter/signal").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
        assertEquals(415, plain.statusCode(), plain.body());
        HttpResponse<String> foreign = send(to("/api/filter/signal").header("Content-Type", ExplainServer.UPLOAD_TYPE)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertTrue(foreign.body().contains("requests from pages of https://evil.example are refused"), foreign.body());
        String crossSite = raw("POST /api/filter/signal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + ExplainServer.UPLOAD_TYPE + "\r\nSec-Fetch-Site: cross-site\r\nContent-Length: 6\r\nConnection: close\r\n\r\n"
                + "1\n2\n3\n");
        assertTrue(crossSite.startsWith("HTTP/1.1 403"), crossSite);
        HttpResponse<String> own = send(to("/api/filter/signal").header("Content-Type", ExplainServer.UPLOAD_TYPE)
                .header("Origin", "http://127.0.0.1:" + server.port()).POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
        assertEquals(200, own.statusCode(), own.body());
    }

    @Test
    void headIsAnsweredAnd405SaysWhatIsAllowed() throws Exception {
        HttpResponse<String> head = send(to("/").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> delete = send(to("/api/geometry").DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD", delete.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> get = send(to("/api/filter/image"));
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void everyAnswerTheServerWritesCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(send(to("/")), send(to("/nothing")), send(to("/api/geometry?rank=9")),
                send(to("/api/geometry").DELETE()))) {
            for (String header : List.of("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Cross-Origin-Resource-Policy")) {
                assertTrue(r.headers().firstValue(header).isPresent(), header + " on " + r.statusCode() + " " + r.uri());
            }
        }
    }

    private static final List<String> SECURITY_HEADERS = List.of("Content-Security-Policy: default-src 'none'",
            "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "Cross-Origin-Resource-Policy: same-origin",
            "Cross-Origin-Opener-Policy: same-origin", "X-Frame-Options: DENY", "Cache-Control: no-store");

    /** The status line of a raw answer, after checking that it is JSON and carries every security header. */
    private static String statusOfJsonErrorWithHeaders(String answer) {
        String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
        for (String header : SECURITY_HEADERS) {
            assertTrue(head.contains(header), header + " missing from\n" + answer);
        }
        assertTrue(head.contains("Content-Type: application/json"), answer);
        assertTrue(answer.contains("{\"error\":\"") && answer.contains("\"argument\":\""), answer);
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void aMalformedQueryIsAJsonErrorWithTheSecurityHeaders() throws Exception {
        String answer = raw("GET /api/geometry?x=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", statusOfJsonErrorWithHeaders(answer));
        assertTrue(answer.endsWith("{\"error\":\"'%zz' in the query is not percent-encoded correctly (% must be"
                + " followed by two hex digits)\",\"argument\":\"query\"}"), answer);
        String path = raw("GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(statusOfJsonErrorWithHeaders(path).startsWith("HTTP/1.1 400"), path);
    }

    @Test
    void requestsJettyRefusesItselfGetJsonErrorsWithTheSecurityHeaders() throws Exception {
        String badLine = raw("GET\u0001/ HTTP/1.1\r\n\r\n");
        assertTrue(statusOfJsonErrorWithHeaders(badLine).startsWith("HTTP/1.1 400"), badLine);
        String badVersion = raw("GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals("HTTP/1.1 505 HTTP Version Not Supported", statusOfJsonErrorWithHeaders(badVersion));
        String hugeHeader = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(ExplainServer.MAX_HEADER_BYTES)
                + "\r\n\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", statusOfJsonErrorWithHeaders(hugeHeader));
        String badLength = raw("POST /api/filter/signal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n");
        assertTrue(statusOfJsonErrorWithHeaders(badLength).startsWith("HTTP/1.1 400"), badLength);
    }

    @Test
    void anAbandonedUploadIsCancelledWithinASecondOfItsClientLeaving() throws Exception {
        // a compute pool kept busy by the test: the upload's work waits in its queue until cancelled
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        pool.submit(() -> {
            busy.await();
            return null;
        });
        try (ExplainServer own = ExplainServer.start(0, pool)) {
            String csv = "1\n2\n3\n";
            try (Socket socket = new Socket(own.uri().getHost(), own.port())) {
                socket.getOutputStream().write(("POST /api/filter/signal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        + ExplainServer.UPLOAD_TYPE + "\r\nContent-Length: " + csv.length() + "\r\n\r\n" + csv)
                        .getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(300); // the upload read and its work queued
            }
            long closed = System.nanoTime();
            while (own.abandonedUploads() == 0 && System.nanoTime() - closed < 3_000_000_000L) {
                Thread.sleep(10);
            }
            long millis = (System.nanoTime() - closed) / 1_000_000;
            assertEquals(1, own.abandonedUploads(), "the upload's work was not cancelled in " + millis + " ms");
            assertTrue(millis < 1000, "cancelled " + millis + " ms after its client left");
        } finally {
            busy.countDown();
        }
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        // 12000^2 RGBA16 cost 3.5 CPU-s to decode; its IHDR is enough to refuse it now
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.write(chunk("IHDR", java.nio.ByteBuffer.allocate(13).putInt(12000).putInt(12000).put((byte) 16)
                .put((byte) 6).array()));
        png.write(chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00}));
        png.write(chunk("IEND", new byte[0]));
        long start = System.nanoTime();
        HttpResponse<String> r = send(to("/api/filter/image").header("Content-Type", ExplainServer.UPLOAD_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("is larger than"), r.body());
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }

    static byte[] chunk(String type, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        return b.putInt((int) crc.getValue()).array();
    }
}
