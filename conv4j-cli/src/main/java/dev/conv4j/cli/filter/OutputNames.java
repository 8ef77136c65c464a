package dev.conv4j.cli.filter;

import dev.conv4j.cli.CliFiles;
import java.nio.file.Path;

/** Output file names: {@code OUT.png} for one kernel, {@code OUT-box-5.png} for each of several. */
final class OutputNames {
    private OutputNames() {
    }

    static Path withSuffix(Path file, String suffix, String newExtension) {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - CliFiles.extension(file).length());
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(stem + suffix + newExtension);
    }

    /** {@code file} itself when {@code several} is false, else {@code stem-kernel.ext}. */
    static Path forKernel(Path file, String kernelName, boolean several) {
        if (!several) {
            return file;
        }
        String original = file.getFileName().toString();
        String ext = original.substring(original.length() - CliFiles.extension(file).length());
        return withSuffix(file, "-" + safe(kernelName), ext);
    }

    /** A kernel name fit for a file name: {@code gaussian:1.5} becomes {@code gaussian-1.5}. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    }
}
