package dev.conv4j.explain.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conv4j.spec.ConvShapeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for what the server parses from a request: the query string of the geometry API
 * and the uploads of the filter API. The rule: a refusal the server turns into a 400 with a JSON
 * error ({@link ApiException}, {@link ConvShapeException}, {@link IllegalArgumentException}),
 * never another throwable (which would be a 500), and within the server's own limits (uploads
 * are at most {@link ExplainServer#MAX_UPLOAD_BYTES}, decoding within {@link FilterApi}'s pixel budget).
 */
class RequestParsingFuzzTest {
    /**
     * Before fuzzing (not in regression mode), requests the page itself sends seed each target's
     * corpus: queries of the geometry API, small PNG and JPEG images of several pixel types, a CSV
     * signal. Generated, so no binary file is kept in git.
     */
    @BeforeAll
    static void seedCorpus() throws IOException {
        if (System.getenv("JAZZER_FUZZ") == null) {
            return;
        }
        Path corpus = Path.of(".cifuzz-corpus", RequestParsingFuzzTest.class.getName());
        String[] queries = {
            "rank=2&input=224&kernel=7&strides=2&padding=SAME&channels=3&filters=64",
            "rank=1&input=100&kernel=5&strides=1&dilations=2&padding=CAUSAL&channels=1&filters=4",
            "rank=3&input=16,16,8&kernel=3&strides=1,2,2&padding=VALID&channels=2&filters=8&layout=first&boundary=reflect",
            "rank=2&input=32,20&kernel=3,5&strides=1&padding=2,1,0,3&channels=4&filters=4&groups=2",
            "rank=2&input=28&kernel=3&channels=8&filters=2&depthwise=1&batch=2",
        };
        for (int i = 0; i < queries.length; i++) {
            seed(corpus.resolve("geometryQuery"), "query" + i, queries[i].getBytes(StandardCharsets.UTF_8));
        }
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_USHORT_GRAY};
        for (int type : types) {
            BufferedImage image = new BufferedImage(7, 5, type);
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    image.setRGB(x, y, 0xff000000 | (x * 36 << 16) | (y * 50 << 8) | (x + y) * 20);
                }
            }
            for (String format : type == BufferedImage.TYPE_INT_ARGB || type == BufferedImage.TYPE_USHORT_GRAY
                    ? new String[] {"png"} : new String[] {"png", "jpg"}) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                ImageIO.write(image, format, bytes);
                seed(corpus.resolve("imageUpload"), type + "." + format, bytes.toByteArray());
            }
        }
        seed(corpus.resolve("signalUpload"), "two.csv",
                "left,right\n0,0.5\n-0.5,1\n0.25,-1\n".getBytes(StandardCharsets.UTF_8));
        seed(corpus.resolve("signalUpload"), "one.csv", "0\n1.5\n-2e-3\n4\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void seed(Path directory, String name, byte[] bytes) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("seed-" + name), bytes);
    }

    @FuzzTest(maxDuration = "10s")
    void geometryQuery(FuzzedDataProvider data) {
        try {
            // any string: more than Jetty passes on as a query (it refuses what no URI may hold)
            GeometryApi.answer(GeometryApi.geometry(Query.of(data.consumeRemainingAsString())));
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
