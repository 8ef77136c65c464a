package dev.conv4j.explain.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conv4j.spec.ConvShapeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for what the server parses from a request: the query string of the geometry API
 * and the uploads of the filter API. The rule: a refusal the server turns into a 400 with a JSON
 * error ({@link ApiException}, {@link ConvShapeException}, {@link IllegalArgumentException}),
 * never another throwable (which would be a 500), and within the server's own limits (uploads
 * are at most {@link ExplainServer#MAX_UPLOAD_BYTES}, decoding within {@link FilterApi}'s pixel budget).
 */
class RequestParsingFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void geometryQuery(FuzzedDataProvider data) {
        URI uri;
        try {
            uri = URI.create("/api/geometry?" + data.consumeRemainingAsString());
        } catch (IllegalArgumentException notAUri) {
            return; // not a request line a client can send
        }
        try {
            GeometryApi.answer(GeometryApi.geometry(Query.of(uri.getRawQuery())));
        } catch (ApiException | ConvShapeException refused) {
            requireMessage(refused);
        } catch (IllegalArgumentException refused) {
            requireMessage(refused);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void imageUpload(byte[] upload) {
        try {
            FilterApi.downscaledGrey(upload);
        } catch (ApiException refused) {
            requireMessage(refused);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void signalUpload(byte[] upload) {
        try {
            FilterApi.parseSignal(new String(upload, StandardCharsets.UTF_8));
        } catch (ApiException refused) {
            requireMessage(refused);
        }
    }

    private static void requireMessage(RuntimeException refused) {
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message", refused);
        }
    }
}
