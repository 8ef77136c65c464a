package dev.conv4j.explain.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conv4j.spec.ConvShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The interactive explainer ({@code conv4j serve}): a page and a JSON API, on the loopback
 * address only, served by Jetty (its core handler API).
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
 * paths and methods, 403 for a foreign origin, 408 for an upload that does not arrive in time,
 * 415 for another upload type, 503 when busy); uploads are limited to {@link #MAX_UPLOAD_BYTES}.
 * Requests Jetty refuses before any handler sees them (a request line or URI it cannot parse,
 * headers over {@link #MAX_HEADER_BYTES}) get the same JSON and headers from this server's
 * {@link ErrorHandler}.
 *
 * <p>Hardened against clients that stall or burn it (a web page the user visits is one):
 * <ul>
 *   <li>Jetty reads requests without a thread and runs each handler on its own virtual thread,
 *       so a client that sends slowly holds a connection and at most a cheap blocked thread;</li>
 *   <li>a connection silent for {@link #IDLE_SECONDS} s is closed, and so is one that sends
 *       a request's headers for longer than {@link #REQUEST_SECONDS} s; an upload body must have
 *       arrived {@link #REQUEST_SECONDS} s after its request began (408); at most
 *       {@link #MAX_CONNECTIONS} connections are accepted at once;</li>
 *   <li>each client address may have {@link #MAX_REQUESTS_PER_CLIENT} requests in progress and
 *       all clients together {@link #MAX_UPLOADS} uploads being decoded and convolved and
 *       {@link #MAX_BUFFERED_UPLOAD_BYTES} bytes of bodies being received (counted as they
 *       arrive, so a slow sender holds only what it sent); beyond that the answer is 503;</li>
 *   <li>an upload is worked on the compute pool within {@link #COMPUTE_SECONDS} s, its image
 *       decoded within {@link FilterApi}'s pixel budget and one CPU-second
 *       ({@link FilterApi#DECODE_CPU_NANOS}), and the work is cancelled (the decoder aborted at its
 *       next row) when the time is up or within {@link #CLIENT_CHECK_MILLIS} ms of its client
 *       closing the connection;</li>
 *   <li>POSTs must carry the page's own content type ({@value #UPLOAD_TYPE}), which a page of
 *       another site cannot send without a CORS preflight this server never grants, and, when the
 *       browser names one, the server's own origin;</li>
 *   <li>every response, errors included (Jetty's own), carries the security headers; {@code HEAD}
 *       is answered as {@code GET} without a body; a 405 says what is {@code Allow}ed.</li>
 * </ul>
 */
public final class ExplainServer implements AutoCloseable {
    public static final int MAX_UPLOAD_BYTES = 4 << 20;
    /** The content type the page sends its uploads with; POSTs without it are refused. */
    public static final String UPLOAD_TYPE = "application/vnd.conv4j.upload";
    /** A connection that sends and takes nothing for this long is closed. */
    static final int IDLE_SECONDS = 5;
    /** An upload's body must have arrived this long after its request began. */
    static final int REQUEST_SECONDS = 5;
    static final int MAX_CONNECTIONS = 256;
    /** Half the connections: on the loopback address every client is the same address, so this only stops one from taking all. */
    static final int MAX_REQUESTS_PER_CLIENT = MAX_CONNECTIONS / 2;
    static final int MAX_HEADER_BYTES = 8 << 10;
    /** Uploads decoded and convolved at once (after their bodies are read): the heap decoding takes is bounded. */
    static final int MAX_UPLOADS = 4;
    static final int UPLOAD_WAIT_SECONDS = 2;
    /** What the bodies being received (or waiting for a slot) may hold together. */
    static final long MAX_BUFFERED_UPLOAD_BYTES = 32L << 20;
    /** Decoding and convolving one upload must finish within this time, or it is stopped. */
    static final int COMPUTE_SECONDS = 5;
    /** How often a handler waiting for its upload's work checks that its client is still there. */
    static final int CLIENT_CHECK_MILLIS = 100;
    /** Past this, an oversized upload is cut off rather than read to its end. */
    private static final long DISCARD_LIMIT = 64L << 20;
    private static final Logger LOG = Logger.getLogger(ExplainServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Server jetty;
    private final ServerConnector connector;
    private final ExecutorService compute;
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Semaphore uploads = new Semaphore(MAX_UPLOADS);
    private final AtomicLong bufferedUploadBytes = new AtomicLong();
    /** Uploads whose work was cancelled because their client left (read by the tests). */
    private final AtomicLong abandonedUploads = new AtomicLong();
    /** The network view's model ({@code serve --model DIR}), or null. */
    private volatile NetworkApi network;

    private ExplainServer(int port, ExecutorService compute) {
        this.compute = compute;
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("conv4j-serve");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("conv4j-serve-", 1).factory()));
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        connector.setAcceptQueueSize(64);
        connector.addBean(new RequestDeadline(connector.getScheduler()));
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        jetty.setErrorHandler(new JsonErrors());
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ExplainServer.this.handle(request, response, callback);
                return true;
            }
        });
    }

    /** Starts on 127.0.0.1 at {@code port} (0: any free port). */
    public static ExplainServer start(int port) throws IOException {
        return start(port, Executors.newFixedThreadPool(2, daemon("conv4j-compute")));
    }

    /** Starts with {@code compute} as the pool that works on uploads (the server shuts it down when closed). */
    static ExplainServer start(int port, ExecutorService compute) throws IOException {
        ExplainServer server = new ExplainServer(port, compute);
        try {
            server.jetty.start();
        } catch (IOException e) {
            server.close();
            throw e;
        } catch (Exception e) {
            server.close();
            throw new IOException("cannot start the server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** Serves the network view of a saved model ({@link NetworkApi}) besides the single convolution. */
    public ExplainServer withModel(dev.conv4j.explain.network.NetworkView.Saved model) {
        this.network = new NetworkApi(model);
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return URI.create("http://" + connector.getHost() + ":" + port() + "/");
    }

    long abandonedUploads() {
        return abandonedUploads.get();
    }

    /** Stops accepting, lets running requests finish for up to a second, and stops the threads. */
    @Override
    public void close() {
        jetty.setStopTimeout(1000);
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the server", e);
        }
        compute.shutdownNow();
    }

    private void handle(Request request, Response response, Callback callback) {
        String client = Request.getRemoteAddr(request);
        AtomicInteger mine = inProgress.computeIfAbsent(client, c -> new AtomicInteger());
        try {
            try {
                if (mine.incrementAndGet() > MAX_REQUESTS_PER_CLIENT) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                    throw new ApiException(503, "server", "more than " + MAX_REQUESTS_PER_CLIENT
                            + " requests from one client at once; try again");
                }
                route(request, response);
            } catch (ApiException e) {
                error(request, response, e.status(), e.argument(), e.getMessage());
            } catch (ConvShapeException e) {
                error(request, response, 400, e.argument(), e.getMessage());
            } catch (IllegalArgumentException e) {
                error(request, response, 400, "request", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + request.getHttpURI() + " failed", e);
                error(request, response, 500, "server", "internal error: " + e);
            }
            callback.succeeded();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client went away", e);
            callback.failed(e);
        } finally {
            if (mine.decrementAndGet() == 0) {
                inProgress.remove(client, mine);
            }
        }
    }

    private void route(Request request, Response response) throws IOException {
        checkHost(request);
        String path = request.getHttpURI().getDecodedPath();
        Query query = Query.of(request.getHttpURI().getQuery());
        switch (path) {
            case "/", "/index.html" -> resource(request, response, "index.html", "text/html; charset=utf-8");
            case "/app.js" -> resource(request, response, "app.js", "text/javascript; charset=utf-8");
            case "/app.css" -> resource(request, response, "app.css", "text/css; charset=utf-8");
            case "/view3d.js", "/vendor/three.module.min.js", "/vendor/three.core.min.js" -> resource(request,
                    response, path.substring(1), "text/javascript; charset=utf-8");
            case "/api/geometry" -> {
                requireGet(request, response);
                json(request, response, 200, GeometryApi.answer(GeometryApi.geometry(query)));
            }
            case "/api/backward" -> {
                requireGet(request, response);
                json(request, response, 200, BackwardApi.answer(query));
            }
            case "/api/network/model", "/api/network", "/api/network/window" -> networkRoute(request, response, path,
                    query);
            case "/api/filter/image" -> upload(request, response, bytes -> FilterApi.image(bytes, query));
            case "/api/filter/signal" -> upload(request, response, bytes -> FilterApi.signal(bytes, query));
            case "/api/sample/image" -> {
                requireGet(request, response);
                send(request, response, 200, "image/png", dev.conv4j.draw.RasterRenderer.png(Samples.image()));
            }
            case "/api/sample/signal" -> {
                requireGet(request, response);
                send(request, response, 200, "text/csv; charset=utf-8",
                        Samples.signalCsv().getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new ApiException(404, "path", "no such page or API: " + path);
        }
    }

    /**
     * A POST of the page's own upload type and origin, answered with {@code work}'s JSON while
     * at most {@link #MAX_UPLOADS} uploads are worked on at once.
     */
    private void upload(Request request, Response response, Function<byte[], Map<String, Object>> work)
            throws IOException {
        requireMethod(request, response, "POST");
        checkOrigin(request);
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.strip().toLowerCase(Locale.ROOT).startsWith(UPLOAD_TYPE)) {
            throw new ApiException(415, "upload", "uploads must be sent as Content-Type " + UPLOAD_TYPE
                    + " (as the page sends them), not " + (type == null ? "none" : "'" + type + "'"));
        }
        long[] held = {0};
        try {
            byte[] bytes = body(request, held);
            if (!acquireUploadSlot()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                throw new ApiException(503, "server", "the server is busy with " + MAX_UPLOADS
                        + " uploads; try again in a moment");
            }
            try {
                json(request, response, 200, compute(request, response, () -> work.apply(bytes)));
            } finally {
                uploads.release();
            }
        } finally {
            bufferedUploadBytes.addAndGet(-held[0]);
        }
    }

    /**
     * Runs {@code work} on the compute pool, giving up after {@link #COMPUTE_SECONDS} and
     * cancelling it within {@link #CLIENT_CHECK_MILLIS} ms of its client leaving: the task is
     * interrupted, which stops an image decoder at its next row.
     */
    private Map<String, Object> compute(Request request, Response response, Callable<Map<String, Object>> work)
            throws IOException {
        Future<Map<String, Object>> future = compute.submit(work);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMPUTE_SECONDS);
        try {
            while (true) {
                try {
                    return future.get(CLIENT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (clientGone(request, response)) {
                        future.cancel(true);
                        abandonedUploads.incrementAndGet();
                        throw new IOException("the client left; its upload was abandoned");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        future.cancel(true);
                        throw ApiException.badRequest("upload", "decoding and convolving took longer than "
                                + COMPUTE_SECONDS + " s and were stopped; try a smaller input");
                    }
                }
            }
        } catch (InterruptedException e) {
            // the handler was interrupted (the server is stopping): stop the work too
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw ApiException.badRequest("upload", bad.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Whether the client has closed its connection, read from the connection itself: Jetty does
     * not read an HTTP/1.1 connection while its request is handled, so it learns of a client
     * gone only when it next writes or the idle timeout passes. The body has been read to its
     * end by now, so the connection holds nothing more unless the client pipelines a next
     * request; those bytes cannot be handed back to Jetty, so the connection is then closed
     * after this answer, and the client sends that request again as HTTP/1.1 expects.
     */
    private static boolean clientGone(Request request, Response response) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        try {
            int read = endPoint.fill(BufferUtil.allocate(256));
            if (read > 0) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            return read < 0 || !endPoint.isOpen();
        } catch (IOException e) {
            return true;
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
    private void checkOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            String own = origin.toLowerCase(Locale.ROOT);
            int port = port();
            if (!own.equals("http://127.0.0.1:" + port) && !own.equals("http://localhost:" + port)) {
                throw new ApiException(403, "origin", "requests from pages of " + origin + " are refused");
            }
        }
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "origin", "requests from " + site + " pages are refused");
        }
    }

    private void networkRoute(Request request, Response response, String path, Query query) throws IOException {
        NetworkApi api = network;
        if (api == null) {
            throw new ApiException(404, "model", "no model is served; start with conv4j serve --model DIR");
        }
        if (path.equals("/api/network")) {
            upload(request, response, bytes -> api.run(bytes, query));
            return;
        }
        requireGet(request, response);
        json(request, response, 200, path.equals("/api/network/window") ? api.window(query) : api.model());
    }

    /** Refuses requests addressed to another host name (DNS rebinding): only the loopback names. */
    private static void checkHost(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
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
    private static void requireGet(Request request, Response response) {
        if (!request.getMethod().equals("HEAD")) {
            requireMethod(request, response, "GET");
        }
    }

    private static void requireMethod(Request request, Response response, String expected) {
        String method = request.getMethod();
        if (!method.equals(expected)) {
            response.getHeaders().put(HttpHeader.ALLOW, expected.equals("GET") ? "GET, HEAD" : expected);
            throw new ApiException(405, "method", method + " is not allowed here; use " + expected);
        }
    }

    /**
     * The request body, refusing more than {@link #MAX_UPLOAD_BYTES}. An oversized body is read
     * and discarded (up to {@link #DISCARD_LIMIT}) before the refusal, so that the client, still
     * sending, receives the JSON error rather than a reset connection.
     */
    private byte[] body(Request request, long[] held) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Request.asInputStream(request)) {
            if (declared > MAX_UPLOAD_BYTES) {
                discard(in);
                throw ApiException.badRequest("upload", "upload of " + declared
                        + " bytes is larger than the limit of " + MAX_UPLOAD_BYTES + " bytes (4 MiB)");
            }
            byte[] bytes = readHeld(request, in, held);
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
     * stays bounded however many connections are open. A body still arriving
     * {@link #REQUEST_SECONDS} after its request began is refused: the idle timeout alone would
     * let a client that sends a byte a second hold its connection for good.
     */
    private byte[] readHeld(Request request, InputStream in, long[] held) throws IOException {
        long deadline = request.getBeginNanoTime() + TimeUnit.SECONDS.toNanos(REQUEST_SECONDS);
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
            if (System.nanoTime() - deadline > 0) {
                throw new ApiException(408, "upload", "the upload did not arrive within " + REQUEST_SECONDS + " s");
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

    private static void resource(Request request, Response response, String name, String type) throws IOException {
        requireGet(request, response);
        try (InputStream in = ExplainServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            send(request, response, 200, type, in.readAllBytes());
        }
    }

    private static void error(Request request, Response response, int status, String argument, String message)
            throws IOException {
        if (response.isCommitted()) {
            throw new IOException("cannot answer " + status + " (" + message + "): the answer has begun");
        }
        send(request, response, status, "application/json; charset=utf-8", errorJson(argument, message));
    }

    private static byte[] errorJson(String argument, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("argument", argument);
        return jsonBytes(body);
    }

    private static void json(Request request, Response response, int status, Object body) throws IOException {
        send(request, response, status, "application/json; charset=utf-8", jsonBytes(body));
    }

    private static byte[] jsonBytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    private static void send(Request request, Response response, int status, String type, byte[] body)
            throws IOException {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, type);
        secure(headers);
        // a body not read (a refusal before it was needed) and not yet all arrived makes Jetty
        // close the connection after this answer: say so, or the client sends its next request
        // on the closing connection and that request goes unanswered
        if (!request.consumeAvailable()) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        boolean head = request.getMethod().equals("HEAD");
        if (!head) {
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        }
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), written);
            written.block();
        }
    }

    private static void secure(HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("X-Frame-Options", "DENY");
    }

    /**
     * Jetty's own refusals (a request line, URI or headers it cannot parse or accept, and any
     * error it raises outside the handler) in this server's JSON shape and with its headers.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : 500;
            String message = request.getAttribute(ERROR_MESSAGE) instanceof String text && !text.isBlank() ? text
                    : org.eclipse.jetty.http.HttpStatus.getMessage(status);
            response.setStatus(status);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            secure(headers);
            response.write(true, ByteBuffer.wrap(errorJson("request", message)), callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            secure(fields);
            return ByteBuffer.wrap(errorJson("request", reason == null || reason.isBlank()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : reason));
        }
    }

    /**
     * Closes a connection that completes no request's headers within {@link #REQUEST_SECONDS} s
     * while none of its requests is being answered: the idle timeout alone would let a client
     * that sends a header byte a second hold its connection, one of {@link #MAX_CONNECTIONS}, for
     * good.
     */
    private static final class RequestDeadline implements Connection.Listener {
        private final Scheduler scheduler;
        private final Map<Connection, Scheduler.Task> checks = new ConcurrentHashMap<>();

        RequestDeadline(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void onOpened(Connection connection) {
            checkLater(connection, 0);
        }

        @Override
        public void onClosed(Connection connection) {
            Scheduler.Task check = checks.remove(connection);
            if (check != null) {
                check.cancel();
            }
        }

        private void checkLater(Connection connection, long requestsBefore) {
            checks.put(connection, scheduler.schedule(() -> {
                long requests = connection.getMessagesIn();
                boolean answering = requests > connection.getMessagesOut();
                if (!connection.getEndPoint().isOpen()) {
                    checks.remove(connection);
                } else if (!answering && requests == requestsBefore) {
                    connection.getEndPoint().close();
                } else {
                    checkLater(connection, requests);
                }
            }, REQUEST_SECONDS, TimeUnit.SECONDS));
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
