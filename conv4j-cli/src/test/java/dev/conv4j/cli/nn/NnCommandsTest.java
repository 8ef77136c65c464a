package dev.conv4j.cli.nn;

import static dev.conv4j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conv4j.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NnCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainSaveAndEvaluate() {
        Path model = dir.resolve("model");
        CliRun train = run("train", "--model", "signal-1d", "--data", "signals", "--epochs", "2", "--batch", "32",
                "--limit", "512", "--seed", "3", "--threads", "2", "--output", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        // no terminal in a test: no bar, one line per epoch
        assertFalse(train.err().contains("\r"), train.err());
        assertTrue(train.err().contains("epoch 1/2  512 samples"), train.err());
        assertTrue(train.err().contains("epoch 2/2"), train.err());
        assertTrue(train.err().contains("2 epochs of batch 32, Adam(lr=0.003, decay 0.8/epoch), seed 3, 2 threads"),
                train.err());
        Matcher m = Pattern.compile("test accuracy (0\\.\\d+)").matcher(train.out());
        assertTrue(m.find(), train.out());
        assertTrue(Files.isRegularFile(model.resolve("model.json")));
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));

        CliRun eval = run("evaluate", "--model", model.toString(), "--threads", "2");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("signals/test: accuracy " + m.group(1)), eval.out() + " vs " + train.out());
        assertTrue(eval.out().contains("sawtooth"), eval.out());
    }

    @Test
    void summaryOfTheSeedArchitectures() {
        CliRun lenet = run("summary", "--model", "lenet", "--input", "32,32,1");
        assertEquals(0, lenet.exitCode(), lenet.err());
        assertTrue(lenet.out().contains("(None, 28, 28, 6)") && lenet.out().contains("Total params: 61,706"), lenet.out());

        CliRun c3d = run("summary", "--model", "c3d-block", "--input", "1,16,112,112,3", "--formulas");
        assertEquals(0, c3d.exitCode(), c3d.err());
        assertTrue(c3d.out().contains("conv3d (Conv3D)") && c3d.out().contains("(None, 16, 112, 112, 64)"), c3d.out());
        assertTrue(c3d.out().contains("depth: VALID: out = floor((16 - 1) / 1) + 1 = 16"), c3d.out());
        assertTrue(c3d.out().contains("width: SAME: out = ceil(112 / 1) = 112"), c3d.out());

        CliRun vgg = run("summary", "--model", "vgg-block");
        assertTrue(vgg.out().contains("(None, 112, 112, 64)"), vgg.out());
        CliRun inception = run("summary", "--model", "inception-1x1", "--input", "28,28,192");
        assertTrue(inception.out().contains("reduce_1x1 (Conv2D)"), inception.out());
    }

    @Test
    void errorsAreUsageErrors() {
        CliRun unknown = run("summary", "--model", "resnet");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown model 'resnet'"), unknown.err());
        CliRun rank = run("summary", "--model", "lenet", "--input", "28,28");
        assertEquals(2, rank.exitCode());
        CliRun notTrainable = run("train", "--model", "vgg-block");
        assertEquals(2, notTrainable.exitCode());
        assertTrue(notTrainable.err().contains("not one to train; train one of fashion-cnn, signal-1d, volume-3d"),
                notTrainable.err());
        CliRun trainHelp = run("train", "--help");
        assertTrue(trainHelp.out().contains("fashion-cnn, signal-1d, volume-3d.") && !trainHelp.out().contains("lenet"),
                trainHelp.out());
        CliRun missing = run("evaluate", "--model", dir.resolve("none").toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.err().startsWith("conv4j evaluate: " + dir.resolve("none") + ": no such file or directory"),
                missing.err());
        // refused before any data is read or any epoch runs
        CliRun rate = run("train", "--model", "signal-1d", "--learning-rate", "-1");
        assertEquals(2, rate.exitCode());
        assertTrue(rate.err().startsWith("conv4j train: --learning-rate must be > 0"), rate.err());
        Path nowhere = dir.resolve("no").resolve("model");
        CliRun output = run("train", "--model", "signal-1d", "--output", nowhere.toString());
        assertEquals(1, output.exitCode());
        assertEquals("conv4j train: " + nowhere + ": directory " + nowhere.getParent() + " does not exist (--output)\n",
                output.err());
    }
}
