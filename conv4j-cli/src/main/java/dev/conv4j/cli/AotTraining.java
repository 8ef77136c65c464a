package dev.conv4j.cli;

import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training run of {@code conv4j aot-cache}: one JVM runs the one-off commands a user starts
 * most ({@code filter image}, {@code conv}, {@code shape}, {@code explain}) on data it generates,
 * while the JDK records the classes they load and link and their methods' profiles into an AOT
 * cache (JEP 483, 514, 515) that later runs of the launcher start from. The data are small, so
 * the run takes seconds; their outputs are checked, so a cache is never trained on a failure.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("conv4j-aot-training");
        try {
            Random random = new Random(1);
            float[] pixels = new float[240 * 320 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(256);
            }
            Images.write(work.resolve("image.png"), new ImageData(320, 240, 3, 8, pixels, null));
            float[] x = new float[64 * 64 * 3];
            float[] w = new float[7 * 7 * 3 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() - 0.5f;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextFloat() - 0.5f;
            }
            Npy.write(work.resolve("x.npy"), Tensor.wrap(Shape.of(1, 64, 64, 3), x));
            Npy.write(work.resolve("w.npy"), Tensor.wrap(Shape.of(7, 7, 3, 16), w));
            String dir = work.toString();
            for (List<String> command : List.of(
                    List.of("filter", "image", dir + "/image.png", "--kernel", "edge", "-o", dir + "/edge.png"),
                    List.of("filter", "image", dir + "/image.png", "--kernel", "gaussian:1.5", "-o", dir + "/blur.png"),
                    List.of("conv", "-i", dir + "/x.npy", "--filter", dir + "/w.npy", "--strides", "2", "--padding", "SAME",
                            "-o", dir + "/y.npy"),
                    List.of("shape", "-i", "1,224,224,3", "--filter", "7,7,3,64", "--strides", "2", "--padding", "SAME"),
                    List.of("explain", "-i", "1,8,8,1", "--filter", "3,3,1,1", "--png", dir + "/explain.png"))) {
                run(command.toArray(String[]::new));
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(String... args) {
        picocli.CommandLine cli = Conv4j.commandLine(args);
        StringWriter output = new StringWriter();
        cli.setOut(new PrintWriter(output));
        cli.setErr(new PrintWriter(output));
        int code = Conv4j.execute(cli, args);
        if (code != 0) {
            throw new IllegalStateException("training run of conv4j " + String.join(" ", args) + " failed (exit "
                    + code + "): " + output);
        }
    }
}
