package dev.conv4j.explain.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conv4j.spec.ConvShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The interactive explainer ({@code conv4j serve}): a page and a JSON API, on the loopback
 * address only, using the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code GET /}, {@code /app.js}, {@code /app.css}: the page; it loads nothing else, and
 *       its Content-Security-Policy forbids it to.</li>
 *   <li>{@code GET /api/geometry?rank=2&input=224&kernel=7&strides=2&padding=SAME&channels=3&filters=64}:
 *       shapes, formulas, pads, explanation, pictures ({@link GeometryApi}); {@code GET /api/backward?op=...}
 *       with the same parameters: its transposed convolution or gradients, worked ({@link BackwardApi}).</li>
 *   <li>{@code /api/network/...}: a saved model run on the user's sample, layer by layer, when one is
 *       served ({@link #withModel}, {@link NetworkApi}).</li>
 *   <li>{@code POST /api/filter/image?kernels=edge,blur} with a PNG/JPEG body, {@code POST
 *       /api/filter/signal?kernels=uniform} with a CSV body: feature maps computed by conv4j
 *       ({@link FilterApi}).</li>
 *   <li>{@code GET /api/sample/image}, {@code /api/sample/signal}: built-in data.</li>
 * </ul>
 *
 * Every refusal is a JSON {@code {"error", "argument"}} with status 400 (404/405 for unknown
 * paths and methods, 403 for a foreign origin, 415 for another upload type, 503 when busy);
 * uploads are limited to {@link #MAX_UPLOAD_BYTES}.
 *
 * <p>Hardened against clients that stall or burn it (a web page the user visits is one):
 * <ul>
 *   <li>every exchange runs on its own virtual thread, so a client that sends slowly holds a
 *       cheap blocked thread, never one of a few workers;</li>
 *   <li>the JDK server closes a connection whose request is not read within
 *       {@link #REQUEST_SECONDS} s or whose response is not taken within {@link #RESPONSE_SECONDS} s,
 *       and accepts at most {@link #MAX_CONNECTIONS} connections at once;</li>
 *   <li>each client address may have {@link #MAX_REQUESTS_PER_CLIENT} requests in progress and
 *       all clients together {@link #MAX_UPLOADS} uploads being decoded and convolved and
 *       {@link #MAX_BUFFERED_UPLOAD_BYTES} bytes of bodies being received (counted as they
 *       arrive, so a slow sender holds only what it sent); beyond that the answer is 503;</li>
 *   <li>an upload is decoded and convolved inside one time limit ({@link FilterApi#COMPUTE_SECONDS}
 *       s, the decoder aborted when it passes) and pixel budget;</li>
 *   <li>POSTs must carry the page's own content type ({@value #UPLOAD_TYPE}), which a page of
 *       another site cannot send without a CORS preflight this server never grants, and, when the
 *       browser names one, the server's own origin;</li>
 *   <li>every response this server writes, errors included, carries the security headers;
 *       {@code HEAD} is answered as {@code GET} without a body; a 405 says what is {@code Allow}ed.</li>
 * </ul>
 */
public final class ExplainServer implements AutoCloseable {
    public static final int MAX_UPLOAD_BYTES = 4 << 20;
    /** The content type the page sends its uploads with; POSTs without it are refused. */
    public static final String UPLOAD_TYPE = "application/vnd.conv4j.upload";
    static final int REQUEST_SECONDS = 5;
    static final int RESPONSE_SECONDS = 10;
    static final int MAX_CONNECTIONS = 256;
    /** Half the connections: on the loopback address every client is the same address, so this only stops one from taking all. */
    static final int MAX_REQUESTS_PER_CLIENT = MAX_CONNECTIONS / 2;
    /** Uploads decoded and convolved at once (after their bodies are read): the heap decoding takes is bounded. */
    static final int MAX_UPLOADS = 4;
    static final int UPLOAD_WAIT_SECONDS = 2;
    /** What the bodies being received (or waiting for a slot) may hold together. */
    static final long MAX_BUFFERED_UPLOAD_BYTES = 32L << 20;
    /** Past this, an oversized upload is cut off rather than read to its end. */
    private static final long DISCARD_LIMIT = 64L << 20;
    private static final Logger LOG = Logger.getLogger(ExplainServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static {
        // The JDK server reads its limits once, from these documented properties (module
        // jdk.httpserver), when its first instance is made; a value the user set wins.
        limit("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        limit("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        limit("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private final HttpServer http;
    private final ExecutorService handlers;
    private final ExecutorService compute;
    private final FilterApi filters;
    private final Map<InetAddress, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Semaphore uploads = new Semaphore(MAX_UPLOADS);
    private final AtomicLong bufferedUploadBytes = new AtomicLong();
    /** The network view's model ({@code serve --model DIR}), or null. */
    private volatile NetworkApi network;

    private ExplainServer(HttpServer http, ExecutorService handlers, ExecutorService compute) {
        this.http = http;
        this.handlers = handlers;
        this.compute = compute;
        this.filters = new FilterApi(compute);
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }

    /** Starts on 127.0.0.1 at {@code port} (0: any free port). */
    public static ExplainServer start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("conv4j-serve-", 1)
                .factory());
        ExecutorService compute = Executors.newFixedThreadPool(2, daemon("conv4j-compute"));
        ExplainServer server = new ExplainServer(http, handlers, compute);
        http.createContext("/", server::handle);
        http.setExecutor(handlers);
        http.start();
        return server;
    }

    /** Serves the network view of a saved model ({@link NetworkApi}) besides the single convolution. */
    public ExplainServer withModel(dev.conv4j.explain.network.NetworkView.Saved model) {
        this.network = new NetworkApi(model);
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return URI.create("http://" + http.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
    }

    /** Stops accepting, lets running requests finish for up to a second, and stops the threads. */
    @Override
    public void close() {
        http.stop(1);
        handlers.shutdownNow();
        compute.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        InetAddress client = exchange.getRemoteAddress().getAddress();
        AtomicInteger mine = inProgress.computeIfAbsent(client, c -> new AtomicInteger());
        try (exchange) {
            try {
                if (mine.incrementAndGet() > MAX_REQUESTS_PER_CLIENT) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    throw new ApiException(503, "server", "more than " + MAX_REQUESTS_PER_CLIENT
                            + " requests from one client at once; try again");
                }
                route(exchange);
            } catch (ApiException e) {
                error(exchange, e.status(), e.argument(), e.getMessage());
            } catch (ConvShapeException e) {
                error(exchange, 400, e.argument(), e.getMessage());
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "request", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + exchange.getRequestURI() + " failed", e);
                error(exchange, 500, "server", "internal error: " + e);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client went away", e);
        } finally {
            if (mine.decrementAndGet() == 0) {
                inProgress.remove(client, mine);
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        checkHost(exchange);
        String path = exchange.getRequestURI().getPath();
        Query query = Query.of(exchange.getRequestURI());
        switch (path) {
            case "/", "/index.html" -> resource(exchange, "index.html", "text/html; charset=utf-8");
            case "/app.js" -> resource(exchange, "app.js", "text/javascript; charset=utf-8");
            case "/app.css" -> resource(exchange, "app.css", "text/css; charset=utf-8");
            case "/view3d.js", "/vendor/three.module.min.js", "/vendor/three.core.min.js" -> resource(exchange,
                    path.substring(1), "text/javascript; charset=utf-8");
            case "/api/geometry" -> {
                requireGet(exchange);
                json(exchange, 200, GeometryApi.answer(GeometryApi.geometry(query)));
            }
            case "/api/backward" -> {
                requireGet(exchange);
                json(exchange, 200, BackwardApi.answer(query));
            }
            case "/api/network/model", "/api/network", "/api/network/window" -> networkRoute(exchange, path, query);
            case "/api/filter/image" -> upload(exchange, bytes -> filters.image(bytes, query));
            case "/api/filter/signal" -> upload(exchange, bytes -> filters.signal(bytes, query));
            case "/api/sample/image" -> {
                requireGet(exchange);
                send(exchange, 200, "image/png", dev.conv4j.draw.RasterRenderer.png(Samples.image()));
            }
            case "/api/sample/signal" -> {
                requireGet(exchange);
                send(exchange, 200, "text/csv; charset=utf-8", Samples.signalCsv().getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new ApiException(404, "path", "no such page or API: " + path);
        }
    }

    /**
     * A POST of the page's own upload type and origin, answered with {@code filter}'s JSON while
     * at most {@link #MAX_UPLOADS} uploads are decoded and convolved at once.
     */
    private void upload(HttpExchange exchange, Function<byte[], Map<String, Object>> filter) throws IOException {
        requireMethod(exchange, "POST");
        checkOrigin(exchange);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.strip().toLowerCase(Locale.ROOT).startsWith(UPLOAD_TYPE)) {
            throw new ApiException(415, "upload", "uploads must be sent as Content-Type " + UPLOAD_TYPE
                    + " (as the page sends them), not " + (type == null ? "none" : "'" + type + "'"));
        }
        long[] held = {0};
        try {
            byte[] bytes = body(exchange, held);
            if (!acquireUploadSlot()) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                throw new ApiException(503, "server", "the server is busy with " + MAX_UPLOADS
                        + " uploads; try again in a moment");
            }
            try {
                json(exchange, 200, filter.apply(bytes));
            } finally {
                uploads.release();
            }
        } finally {
            bufferedUploadBytes.addAndGet(-held[0]);
        }
    }

    /**
     * Waits up to {@link #UPLOAD_WAIT_SECONDS} for one of the {@link #MAX_UPLOADS} slots: a
     * moment's queue (holding a body already counted) rather than an immediate refusal.
     */
    private boolean acquireUploadSlot() {
        try {
            return uploads.tryAcquire(UPLOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Refuses a request a browser made for a page of another origin: the {@code Origin} header,
     * when there is one, must be this server's, and {@code Sec-Fetch-Site}, when there is one,
     * same-origin or none (typed in by the user).
     */
    private void checkOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            String own = origin.toLowerCase(Locale.ROOT);
            int port = port();
            if (!own.equals("http://127.0.0.1:" + port) && !own.equals("http://localhost:" + port)) {
                throw new ApiException(403, "origin", "requests from pages of " + origin + " are refused");
            }
        }
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "origin", "requests from " + site + " pages are refused");
        }
    }

    private void networkRoute(HttpExchange exchange, String path, Query query) throws IOException {
        NetworkApi api = network;
        if (api == null) {
            throw new ApiException(404, "model", "no model is served; start with conv4j serve --model DIR");
        }
        if (path.equals("/api/network")) {
            upload(exchange, bytes -> api.run(bytes, query));
            return;
        }
        requireGet(exchange);
        json(exchange, 200, path.equals("/api/network/window") ? api.window(query) : api.model());
    }

    /** Refuses requests addressed to another host name (DNS rebinding): only the loopback names. */
    private void checkHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return;
        }
        String name = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
            throw ApiException.badRequest("host", "this server answers requests for 127.0.0.1 or localhost only, not "
                    + host);
        }
    }

    /** GET, or HEAD, which {@link #send} answers with the headers alone. */
    private static void requireGet(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("HEAD")) {
            requireMethod(exchange, "GET");
        }
    }

    private static void requireMethod(HttpExchange exchange, String expected) {
        String method = exchange.getRequestMethod();
        if (!method.equals(expected)) {
            exchange.getResponseHeaders().set("Allow", expected.equals("GET") ? "GET, HEAD" : expected);
            throw new ApiException(405, "method", method + " is not allowed here; use " + expected);
        }
    }

    /**
     * The request body, refusing more than {@link #MAX_UPLOAD_BYTES}. An oversized body is read
     * and discarded (up to {@link #DISCARD_LIMIT}) before the refusal, so that the client, still
     * sending, receives the JSON error rather than a reset connection.
     */
    private byte[] body(HttpExchange exchange, long[] held) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null) {
                long length;
                try {
                    length = Long.parseLong(declared.strip());
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("upload", "Content-Length '" + declared + "' is not a number");
                }
                if (length > MAX_UPLOAD_BYTES) {
                    discard(in);
                    throw ApiException.badRequest("upload", "upload of " + length
                            + " bytes is larger than the limit of " + MAX_UPLOAD_BYTES + " bytes (4 MiB)");
                }
            }
            byte[] bytes = readHeld(in, held);
            if (bytes.length > MAX_UPLOAD_BYTES) {
                discard(in);
                throw ApiException.badRequest("upload", "upload is larger than the limit of " + MAX_UPLOAD_BYTES
                        + " bytes (4 MiB)");
            }
            if (bytes.length == 0) {
                throw ApiException.badRequest("upload", "the request has no body: send the file's bytes");
            }
            return bytes;
        }
    }

    /**
     * Reads up to one byte more than {@link #MAX_UPLOAD_BYTES}, counting every chunk as it
     * arrives against what all uploads together may hold ({@link #MAX_BUFFERED_UPLOAD_BYTES}):
     * a client that sends slowly holds only what it has sent, and the server's heap for bodies
     * stays bounded however many connections are open.
     */
    private byte[] readHeld(InputStream in, long[] held) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        int n;
        while (bytes.size() <= MAX_UPLOAD_BYTES
                && (n = in.read(chunk, 0, Math.min(chunk.length, MAX_UPLOAD_BYTES + 1 - bytes.size()))) > 0) {
            held[0] += n;
            if (bufferedUploadBytes.addAndGet(n) > MAX_BUFFERED_UPLOAD_BYTES) {
                throw new ApiException(503, "server", "the server holds " + (MAX_BUFFERED_UPLOAD_BYTES >> 20)
                        + " MiB of uploads already; try again in a moment");
            }
            bytes.write(chunk, 0, n);
        }
        // holding the array and the stream's buffer together for a moment
        return bytes.toByteArray();
    }

    /** Reads and drops what is left of a body, up to {@link #DISCARD_LIMIT} bytes. */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while (total < DISCARD_LIMIT && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    private static void resource(HttpExchange exchange, String name, String type) throws IOException {
        requireGet(exchange);
        try (InputStream in = ExplainServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void error(HttpExchange exchange, int status, String argument, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("argument", argument);
        try {
            json(exchange, status, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cross-Origin-Resource-Policy", "same-origin");
        exchange.getResponseHeaders().set("Cross-Origin-Opener-Policy", "same-origin");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
