package dev.conv4j.cli.explain;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.cli.CliRun;
import dev.conv4j.explain.examples.WorkedExample;
import dev.conv4j.explain.examples.WorkedExamples;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainPicturesCommandsTest {
    @TempDir
    Path dir;

    @Test
    void explainDrawsTheConvolutionAsSvgPngAndGif() throws IOException {
        Path svg = dir.resolve("x.svg");
        Path png = dir.resolve("x.png");
        Path gif = dir.resolve("x.gif");
        CliRun r = run("explain", "--input", "1,8,8,1", "--filter", "3,3,1,4", "--strides", "2", "--padding", "SAME",
                "--svg", svg.toString(), "--png", png.toString(), "--gif", gif.toString(), "--title", "stride 2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Output shape  NHWC [1,8,8,1] -> NHWC [1,4,4,4]"), r.out());
        assertTrue(r.out().contains("wrote " + svg), r.out());
        String text = Files.readString(svg);
        assertTrue(text.contains("HWIO [3,3,1,4]") && text.contains("pad-extra"), "overview and grid, both");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 300 && image.getHeight() > 300);
        assertEquals(16, frames(gif), "4x4 outputs, one frame each");
    }

    private static int frames(Path gif) throws IOException {
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void explainWithAnUnknownViewFailsWithUsageError() {
        CliRun r = run("explain", "--input", "1,5,1", "--filter", "3,1,1", "--svg", dir.resolve("a.svg").toString(),
                "--view", "sideways");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("view 'sideways' is not overview, grid or both"), r.err());
        assertTrue(Files.notExists(dir.resolve("a.svg")));
    }

    @Test
    void explainAllWritesEveryCaseAndAnIndex() throws IOException {
        Path out = dir.resolve("explain");
        CliRun r = run("explain-all", "--output", out.toString(), "--threads", "2", "-q");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), "-q: only the closing line: " + r.out());
        String index = Files.readString(out.resolve("README.md"));
        for (WorkedExample c : WorkedExamples.all()) {
            for (String suffix : new String[] {".txt", ".overview.svg", ".overview.png", ".grid.svg", ".grid.png",
                    ".slide.gif"}) {
                assertTrue(Files.size(out.resolve(c.id() + suffix)) > 100, c.id() + suffix);
                assertTrue(index.contains("(" + c.id() + suffix + ")"), c.id() + suffix + " linked");
            }
        }
        String stem = Files.readString(out.resolve("12-stride-same.txt"));
        assertTrue(stem.contains("SAME: out = ceil(224 / 2) = 112; pad_total = max((112 - 1)*2 + 7 - 224, 0) = 5"
                + " -> before 2, after 3"), stem);
        assertTrue(stem.contains("Algorithm (2 thread(s))"), stem);
    }

    @Test
    void serveRefusesAPortOutOfRange() {
        CliRun r = run("serve", "--port", "70000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--port 70000 is outside 0..65535"), r.err());
    }
}
