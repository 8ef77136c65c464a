package dev.conv4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files all at once or not at all, so a reader (or a crash) never sees half a file.
 *
 * <p>The content goes to a hidden temporary file in the target's directory, is forced to disk,
 * and is then renamed over the target. Renaming within one directory is atomic on the file
 * systems conv4j runs on; where the file system refuses an atomic move, a plain replacing move
 * is used instead. If anything fails, the temporary file is deleted and an existing target is
 * left as it was, and the error names the target, never the temporary file: a missing or
 * unwritable directory, or a full disk, is reported as the target's. A JVM stopped by a signal
 * deletes the temporary file on its way out, and one killed outright ({@code kill -9}, power
 * loss) leaves it for the next write of the same target, which deletes the temporary files of
 * writers no longer running (their process id is in the name).
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    /** Keeps the temporary name within the 255-byte name limit of common file systems. */
    private static final int MAX_NAME_CHARS_IN_TEMP = 100;
    private static final int MAX_NAME_ATTEMPTS = 16;

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with what {@code writer} writes to the stream it is given.
     *
     * <p>The stream is buffered; the writer need not close it (closing it only flushes).
     *
     * @throws IOException whatever the writer or the file system threw; the target is then
     *     unchanged and no temporary file remains
     */
    public static void write(Path target, IoConsumer<? super OutputStream> writer) throws IOException {
        Path absoluteTarget = target.toAbsolutePath();
        deleteStaleSiblings(absoluteTarget);
        Path temporary;
        try {
            temporary = createSibling(absoluteTarget);
        } catch (IOException e) {
            throw asTargets(e, target);
        }
        temporary.toFile().deleteOnExit();
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                writer.accept(new CloseFlushes(buffered));
                buffered.flush();
                // without this, a crash shortly after the rename can leave an empty target
                channel.force(true);
            }
            moveOver(temporary, absoluteTarget);
        } catch (IOException failure) {
            deleteAfterFailure(temporary, failure);
            boolean aboutTemporary = failure instanceof FileSystemException fse && temporary.toString().equals(fse.getFile());
            throw aboutTemporary || noSpace(failure) ? asTargets(failure, target) : failure;
        } catch (Throwable failure) {
            deleteAfterFailure(temporary, failure);
            throw failure;
        }
    }

    /** The file system's complaint about the temporary file, said of {@code target}, with the reason in words. */
    private static IOException asTargets(IOException e, Path target) {
        Path directory = target.toAbsolutePath().getParent();
        String name = target.toString();
        IOException named;
        if (noSpace(e)) {
            named = new FileSystemException(name, null, "disk full (no space left on device)");
        } else if (e instanceof NoSuchFileException) {
            named = new NoSuchFileException(name, null, "directory " + directory + " does not exist");
        } else if (e instanceof AccessDeniedException) {
            named = new AccessDeniedException(name, null, "permission denied: cannot create files in " + directory);
        } else if (e instanceof FileSystemException fse) {
            named = new FileSystemException(name, null, fse.getReason() != null ? fse.getReason() : "cannot be written");
        } else {
            return e;
        }
        named.initCause(e);
        return named;
    }

    private static boolean noSpace(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("No space left on device");
    }

    /**
     * Creates an empty hidden file next to {@code target}. Unlike {@link Files#createTempFile}
     * it gets the default permissions, which the renamed file keeps.
     */
    private static Path createSibling(Path target) throws IOException {
        Path directory = target.getParent();
        if (directory == null) {
            throw new IOException(target + " is not a file path");
        }
        String prefix = temporaryPrefix(target);
        for (int attempt = 1; ; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(directory.resolve(prefix + ProcessHandle.current().pid() + "." + random + ".tmp"));
            } catch (FileAlreadyExistsException collision) {
                if (attempt == MAX_NAME_ATTEMPTS) {
                    throw collision;
                }
            }
        }
    }

    /** Temporary files for {@code target} are named this, then the writer's process id, a random part and {@code .tmp}. */
    private static String temporaryPrefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > MAX_NAME_CHARS_IN_TEMP ? name.substring(0, MAX_NAME_CHARS_IN_TEMP) : name) + ".";
    }

    /**
     * Deletes the temporary files an earlier, killed writer of {@code target} left: those whose
     * process is no longer running. Files of live writers (another conv4j writing the same
     * target) are left alone.
     */
    private static void deleteStaleSiblings(Path target) throws IOException {
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        String prefix = temporaryPrefix(target);
        Pattern ours = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,19})\\.[0-9a-f]{16}\\.tmp");
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory,
                path -> ours.matcher(path.getFileName().toString()).matches())) {
            for (Path candidate : candidates) {
                Matcher m = ours.matcher(candidate.getFileName().toString());
                if (m.matches() && !isRunning(m.group(1))) {
                    Files.deleteIfExists(candidate);
                }
            }
        }
    }

    private static boolean isRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notSupported) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException | RuntimeException cleanupFailure) {
            failure.addSuppressed(cleanupFailure);
        }
    }

    /**
     * The stream handed to writers: closing it must not close the file before it is forced to
     * disk, and writers that close what they are given are common.
     */
    private static final class CloseFlushes extends FilterOutputStream {
        CloseFlushes(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            // FilterOutputStream would write one byte at a time
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
