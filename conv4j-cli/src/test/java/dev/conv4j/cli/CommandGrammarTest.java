package dev.conv4j.cli;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.io.Npy;
import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.image.Images;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One grammar for every command: help, version, usage errors, file errors, nothing overwritten. */
class CommandGrammarTest {
    @TempDir
    Path dir;

    /** Every command's path, e.g. {@code [filter, image]}. */
    private static List<List<String>> everyCommand() {
        List<List<String>> out = new ArrayList<>();
        collect(Conv4j.commandLine(), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                out.add(p);
                collect(sub, p, out);
            }
        });
    }

    @Test
    void everyCommandTakesHelpAndVersion() {
        List<List<String>> commands = everyCommand();
        assertTrue(commands.size() >= 19, commands.toString());
        for (List<String> command : commands) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(help);
                CliRun r = run(args.toArray(String[]::new));
                assertEquals(0, r.exitCode(), command + " " + help + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: conv4j " + String.join(" ", command)), command + ": " + r.out());
            }
            List<String> args = new ArrayList<>(command);
            args.add("--version");
            CliRun v = run(args.toArray(String[]::new));
            assertEquals("conv4j 0.1.0\n", v.out(), command.toString());
        }
    }

    @Test
    void everyThreadsOptionHasTheSameDefault() {
        for (List<String> command : everyCommand()) {
            CommandLine cli = Conv4j.commandLine();
            for (String name : command) {
                cli = cli.getSubcommands().get(name);
            }
            CommandLine.Model.OptionSpec threads = cli.getCommandSpec().findOption("--threads");
            if (threads != null && !command.getFirst().equals("bench")) {
                assertEquals("Threads (default: all processors).", String.join(" ", threads.description()), command.toString());
            }
        }
    }

    @Test
    void aMissingOrUnknownCommandIsAUsageErrorWithSuggestions() {
        CliRun bare = run();
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().startsWith("conv4j: missing command: expected one of "), bare.err());
        assertTrue(bare.err().contains("Usage: conv4j"), bare.err());
        assertEquals("", bare.out());

        CliRun filter = run("filter");
        assertEquals(2, filter.exitCode());
        assertTrue(filter.err().startsWith("conv4j filter: missing command: expected one of image, signal, volume"),
                filter.err());

        CliRun typo = run("predictt", "--model", "m");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().startsWith("conv4j: unknown command 'predictt'; did you mean predict?"), typo.err());
        CliRun nested = run("filter", "imag", "x.png");
        assertEquals(2, nested.exitCode());
        assertTrue(nested.err().startsWith("conv4j filter: unknown command 'imag'; did you mean image?"), nested.err());
        CliRun gradient = run("grad", "x");
        assertTrue(gradient.err().startsWith("conv4j: unknown command 'grad'; did you mean grad-filter or grad-input?"),
                gradient.err());
    }

    @Test
    void errorsNameTheFullCommandAndTheReason() throws IOException {
        CliRun missing = run("conv", "--input", dir.resolve("nope.npy").toString(), "--filter", "w.npy", "-o", "y.npy");
        assertEquals(1, missing.exitCode());
        assertEquals("conv4j conv: " + dir.resolve("nope.npy") + ": no such file (--input)\n", missing.err());

        Path x = save("x.npy", Shape.of(1, 4, 4, 1));
        Path w = save("w.npy", Shape.of(3, 3, 1, 1));
        CliRun isDirectory = run("conv", "--input", dir.toString(), "--filter", w.toString(), "-o", "y.npy");
        assertEquals("conv4j conv: " + dir + ": is a directory, --input takes a file\n", isDirectory.err());

        Path noDirectory = dir.resolve("nodir").resolve("y.npy");
        CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "-o", noDirectory.toString());
        assertEquals(1, r.exitCode());
        assertEquals("conv4j conv: " + noDirectory + ": directory " + noDirectory.getParent() + " does not exist (--output)\n",
                r.err());

        Path image = greyImage("cam.png");
        CliRun filter = run("filter", "image", image.toString(), "--kernel", "sharpen", "-o", dir.resolve("cam.npy").toString());
        assertEquals(2, filter.exitCode());
        assertEquals("", filter.out(), "refused before convolving");
        assertTrue(filter.err().startsWith("conv4j filter image: --output " + dir.resolve("cam.npy")
                + ": the name must end in .png, .jpg or .jpeg"), filter.err());
    }

    @Test
    void explainChecksItsPicturesBeforePrintingAnything() {
        Path nowhere = dir.resolve("nodir").resolve("x.png");
        CliRun png = run("explain", "--input", "1,5,5,1", "--filter", "3,3,1,1", "--png", nowhere.toString());
        assertEquals(1, png.exitCode());
        assertEquals("", png.out());
        assertTrue(png.err().contains("directory " + nowhere.getParent() + " does not exist (--png)"), png.err());
        CliRun view = run("explain", "--input", "1,5,5,1", "--filter", "3,3,1,1", "--view", "grids",
                "--svg", dir.resolve("x.svg").toString());
        assertEquals(2, view.exitCode());
        assertEquals("", view.out());
        assertTrue(view.err().contains("view 'grids' is not overview, grid or both"), view.err());
    }

    @Test
    void noCommandOverwritesItsInputBySameNameSymlinkOrHardLink() throws IOException {
        Path x = save("x.npy", Shape.of(1, 4, 4, 1));
        Path w = save("w.npy", Shape.of(3, 3, 1, 1));
        byte[] before = Files.readAllBytes(x);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.npy"), x);
        Path hardLink = Files.createLink(dir.resolve("hard.npy"), x);
        for (Path output : List.of(x, symlink, hardLink, w)) {
            CliRun r = run("conv", "--input", x.toString(), "--filter", w.toString(), "-o", output.toString());
            assertEquals(2, r.exitCode(), output + ": " + r.err());
            assertTrue(r.err().contains("conv4j never overwrites what it reads"), r.err());
        }
        CliRun depthwise = run("depthwise", "--input", x.toString(), "--filter", w.toString(), "-o", hardLink.toString());
        assertTrue(depthwise.err().contains("is the same file as the input " + x), depthwise.err());
        assertArrayEquals(before, Files.readAllBytes(x));

        Path image = greyImage("cam.png");
        byte[] picture = Files.readAllBytes(image);
        CliRun filter = run("filter", "image", image.toString(), "--kernel", "sharpen", "-o", image.toString());
        assertEquals(2, filter.exitCode());
        assertTrue(filter.err().startsWith("conv4j filter image: --output " + image + " is the input " + image), filter.err());
        assertArrayEquals(picture, Files.readAllBytes(image));

        Path volume = save("vol.npy", Shape.of(6, 6, 6));
        byte[] voxels = Files.readAllBytes(volume);
        CliRun vol = run("filter", "volume", volume.toString(), "--kernel", "gaussian3d:1", "-o", volume.toString());
        assertEquals(2, vol.exitCode());
        assertArrayEquals(voxels, Files.readAllBytes(volume));

        CliRun gradInput = run("grad-input", "--filter", w.toString(), "--grad-output", x.toString(), "--input-shape",
                "1,4,4,1", "-o", x.toString());
        assertEquals(2, gradInput.exitCode());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void depthwiseHelpDocumentsItsOwnFilterLayout() {
        CliRun help = run("depthwise", "--help");
        assertTrue(help.out().contains("[k..., channels, multiplier]"), help.out());
        assertTrue(help.out().contains("[3,3,3,2]"), help.out());
        assertFalse(help.out().contains("--groups"), help.out());
        assertFalse(help.out().contains("in_channels/groups"), help.out());
        CliRun gradInput = run("grad-input", "--help");
        assertTrue(gradInput.out().contains("--threads") && gradInput.out().contains("--depthwise"), gradInput.out());
    }

    @Test
    void depthwiseSaysWhatTheUserGaveNotTheInternalProblem() throws IOException {
        Path x = save("x.npy", Shape.of(1, 5, 5, 3));
        Path w = save("w.npy", Shape.of(3, 3, 3, 2));
        CliRun r = run("depthwise", "--input", x.toString(), "--filter", w.toString(), "-o", dir.resolve("y.npy").toString(),
                "--padding", "SAME");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("depthwise: input NHWC [1,5,5,3], filter [3,3,3,2] (3 channels x multiplier 2)"
                + " -> output NHWC [1,5,5,6]"), r.out());
        assertFalse(r.out().contains("g3"), r.out());
    }

    @Test
    void aMissingBatchAxisIsPointedOut() {
        CliRun r = run("shape", "--input", "224,224,3", "--filter", "7,7,3,64");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("input rank 3 is read as [batch, width, channels]; did you mean 1,224,224,3?"), r.err());
    }

    @Test
    void demoPrintsItsSectionsInOrder() {
        CliRun r = run("demo");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("^\\[(\\w+)\\]", Pattern.MULTILINE).matcher(r.out());
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertEquals(List.of("1", "1b", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"), rows);
        assertFalse(r.out().toLowerCase(java.util.Locale.ROOT).contains("seed"), r.out());
    }

    private Path save(String name, Shape shape) throws IOException {
        Path file = dir.resolve(name);
        float[] values = new float[Math.toIntExact(shape.elementCount())];
        java.util.Arrays.fill(values, 1);
        Npy.write(file, Tensor.wrap(shape, values));
        return file;
    }

    private Path greyImage(String name) throws IOException {
        Path file = dir.resolve(name);
        float[] pixels = new float[16 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 256;
        }
        Images.write(file, new ImageData(16, 16, 1, 8, pixels, null));
        return file;
    }
}
