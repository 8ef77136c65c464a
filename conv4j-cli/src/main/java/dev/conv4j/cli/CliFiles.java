package dev.conv4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The checks every command makes on its files before any work: an input must be there and
 * readable; an output must have a name the command writes, a directory that exists and takes
 * files, and must not be one of the inputs (same path, symlink or hard link), so that no
 * command ever replaces what it reads. Each refusal names the file and the reason.
 */
public final class CliFiles {
    private CliFiles() {
    }

    /** An input file: there, a file, readable. */
    public static void checkInput(Path file, String option) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file (" + option + ")");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, " + option + " takes a file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "permission denied (" + option + ")");
        }
    }

    /** An input that may be a file or a directory: there and readable. */
    public static void checkInputFileOrDirectory(Path path, String option) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or directory (" + option + ")");
        }
        if (!Files.isReadable(path)) {
            throw new AccessDeniedException(path.toString(), null, "permission denied (" + option + ")");
        }
    }

    /**
     * An output file: its name ends in one of {@code extensions} (any name when empty), its
     * directory exists and is writable, it is not a directory and not one of {@code inputs}.
     */
    public static void checkOutput(Path output, String option, List<String> extensions, Collection<Path> inputs)
            throws IOException {
        checkExtension(output, option, extensions);
        if (Files.isDirectory(output)) {
            throw new FileSystemException(output.toString(), null, "is a directory, " + option + " takes a file name");
        }
        checkWritableDirectory(output.toAbsolutePath().getParent(), output, option);
        refuseOverwrite(output, option, inputs);
    }

    /** Refuses an output whose name does not end in one of {@code extensions} (any name when empty). */
    public static void checkExtension(Path output, String option, List<String> extensions) {
        if (!extensions.isEmpty() && extensions.stream().noneMatch(e -> extension(output).equals(e))) {
            throw new IllegalArgumentException(option + " " + output + ": the name must end in "
                    + String.join(", ", extensions.subList(0, extensions.size() - 1))
                    + (extensions.size() > 1 ? " or " : "") + extensions.getLast());
        }
    }

    /** An output directory: created if missing (its parent must exist), writable, and none of {@code inputs}. */
    public static void checkOutputDirectory(Path directory, String option, Collection<Path> inputs) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new FileSystemException(directory.toString(), null, "is a file, " + option + " takes a directory");
        }
        if (Files.isDirectory(directory)) {
            checkWritableDirectory(directory, directory, option);
        } else {
            checkWritableDirectory(directory.toAbsolutePath().getParent(), directory, option);
        }
        refuseOverwrite(directory, option, inputs);
    }

    private static void checkWritableDirectory(Path directory, Path output, String option) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            throw new NoSuchFileException(output.toString(), null, "directory " + directory + " does not exist ("
                    + option + ")");
        }
        if (!Files.isWritable(directory)) {
            throw new AccessDeniedException(output.toString(), null, "permission denied: cannot create files in "
                    + directory + " (" + option + ")");
        }
    }

    /** Refuses an output that is (or, through a link, resolves to) one of {@code inputs}. */
    public static void refuseOverwrite(Path output, String option, Collection<Path> inputs) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        for (Path input : inputs) {
            if (input != null && Files.exists(input) && Files.isSameFile(output, input)) {
                String how = output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())
                        ? "is the input" : "is the same file as the input";
                throw new IllegalArgumentException(option + " " + output + " " + how + " " + input
                        + ": conv4j never overwrites what it reads; choose another name");
            }
        }
    }

    /** The extension including double ones ({@code .nii.gz}), lower case, or "". */
    public static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii.gz")) {
            return ".nii.gz";
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
