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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
 * paths and methods); uploads are limited to {@link #MAX_UPLOAD_BYTES}.
 */
public final class ExplainServer implements AutoCloseable {
    public static final int MAX_UPLOAD_BYTES = 4 << 20;
    /** Past this, an oversized upload is cut off rather than read to its end. */
    private static final long DISCARD_LIMIT = 64L << 20;
    private static final Logger LOG = Logger.getLogger(ExplainServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer http;
    private final ExecutorService handlers;
    private final ExecutorService compute;
    private final FilterApi filters;
    /** The network view's model ({@code serve --model DIR}), or null. */
    private volatile NetworkApi network;

    private ExplainServer(HttpServer http, ExecutorService handlers, ExecutorService compute) {
        this.http = http;
        this.handlers = handlers;
        this.compute = compute;
        this.filters = new FilterApi(compute);
    }

    /** Starts on 127.0.0.1 at {@code port} (0: any free port). */
    public static ExplainServer start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService handlers = Executors.newFixedThreadPool(4, daemon("conv4j-serve"));
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
        try (exchange) {
            try {
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
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        checkHost(exchange);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Query query = Query.of(exchange.getRequestURI());
        switch (path) {
            case "/", "/index.html" -> resource(exchange, method, "index.html", "text/html; charset=utf-8");
            case "/app.js" -> resource(exchange, method, "app.js", "text/javascript; charset=utf-8");
            case "/app.css" -> resource(exchange, method, "app.css", "text/css; charset=utf-8");
            case "/view3d.js", "/vendor/three.module.min.js", "/vendor/three.core.min.js" -> resource(exchange, method,
                    path.substring(1), "text/javascript; charset=utf-8");
            case "/api/geometry" -> {
                requireMethod(method, "GET");
                json(exchange, 200, GeometryApi.answer(GeometryApi.geometry(query)));
            }
            case "/api/backward" -> {
                requireMethod(method, "GET");
                json(exchange, 200, BackwardApi.answer(query));
            }
            case "/api/network/model", "/api/network", "/api/network/window" -> networkRoute(exchange, path, method,
                    query);
            case "/api/filter/image" -> {
                requireMethod(method, "POST");
                json(exchange, 200, filters.image(body(exchange), query));
            }
            case "/api/filter/signal" -> {
                requireMethod(method, "POST");
                json(exchange, 200, filters.signal(body(exchange), query));
            }
            case "/api/sample/image" -> {
                requireMethod(method, "GET");
                send(exchange, 200, "image/png", dev.conv4j.explain.draw.RasterRenderer.png(Samples.image()));
            }
            case "/api/sample/signal" -> {
                requireMethod(method, "GET");
                send(exchange, 200, "text/csv; charset=utf-8", Samples.signalCsv().getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new ApiException(404, "path", "no such page or API: " + path);
        }
    }

    private void networkRoute(HttpExchange exchange, String path, String method, Query query) throws IOException {
        NetworkApi api = network;
        if (api == null) {
            throw new ApiException(404, "model", "no model is served; start with conv4j serve --model DIR");
        }
        requireMethod(method, path.equals("/api/network") ? "POST" : "GET");
        json(exchange, 200, switch (path) {
            case "/api/network" -> api.run(body(exchange), query);
            case "/api/network/window" -> api.window(query);
            default -> api.model();
        });
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

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new ApiException(405, "method", method + " is not allowed here; use " + expected);
        }
    }

    /**
     * The request body, refusing more than {@link #MAX_UPLOAD_BYTES}. An oversized body is read
     * and discarded (up to {@link #DISCARD_LIMIT}) before the refusal, so that the client, still
     * sending, receives the JSON error rather than a reset connection.
     */
    private static byte[] body(HttpExchange exchange) throws IOException {
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
            byte[] bytes = in.readNBytes(MAX_UPLOAD_BYTES + 1);
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

    /** Reads and drops what is left of a body, up to {@link #DISCARD_LIMIT} bytes. */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while (total < DISCARD_LIMIT && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    private static void resource(HttpExchange exchange, String method, String name, String type) throws IOException {
        requireMethod(method, "GET");
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
