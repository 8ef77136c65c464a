package dev.conv4j.io.zarr;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * How a chunk's bytes are compressed: not at all, zlib, gzip or zstd (pure Java, from
 * aircompressor). Other Zarr codecs (blosc, lz4, ...) are refused by name when the metadata is
 * read, so a chunk is never decoded as garbage.
 *
 * @param kind the compression
 * @param level the compression level used when writing (ignored for {@link Kind#NONE})
 */
public record ZarrCodec(Kind kind, int level) {
    /** The compressions conv4j implements. */
    public enum Kind {
        NONE, ZLIB, GZIP, ZSTD;

        /** The Zarr name: numcodecs' {@code id} in v2, the codec {@code name} in v3. */
        public String zarrName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ZarrCodec NONE = new ZarrCodec(Kind.NONE, 0);

    public ZarrCodec {
        int max = switch (kind) {
            case NONE -> 0;
            case ZLIB, GZIP -> 9;
            case ZSTD -> 22;
        };
        int min = kind == Kind.ZSTD ? -131072 : kind == Kind.NONE ? 0 : -1;
        if (level < min || level > max) {
            throw new IllegalArgumentException("codec " + kind.zarrName() + ": level " + level + " is not in " + min + ".." + max);
        }
    }

    /** {@code none}, {@code zlib}, {@code gzip}, {@code zstd}, each optionally with {@code :LEVEL}. */
    public static ZarrCodec parse(String spec) {
        String[] parts = spec.strip().toLowerCase(Locale.ROOT).split(":", 2);
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.zarrName().equals(parts[0])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--codec '" + spec
                        + "' is not one of none, zlib, gzip, zstd (optionally :LEVEL)"));
        int level = kind == Kind.NONE ? 0 : kind == Kind.ZSTD ? 3 : 5;
        if (parts.length == 2) {
            try {
                level = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--codec '" + spec + "': level '" + parts[1] + "' is not a whole number");
            }
        }
        return new ZarrCodec(kind, level);
    }

    byte[] encode(byte[] raw) throws IOException {
        return switch (kind) {
            case NONE -> raw;
            case ZLIB -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
                Deflater deflater = new Deflater(level);
                try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
                    z.write(raw);
                } finally {
                    deflater.end();
                }
                yield out.toByteArray();
            }
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
                try (GZIPOutputStream z = new GZIPOutputStream(out) {
                    {
                        def.setLevel(level);
                    }
                }) {
                    z.write(raw);
                }
                yield out.toByteArray();
            }
            case ZSTD -> {
                ZstdCompressor compressor = new ZstdCompressor();
                byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
                int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
                yield Arrays.copyOf(out, n);
            }
        };
    }

    /** Decodes a chunk that must hold exactly {@code expected} bytes. */
    byte[] decode(byte[] stored, int expected, String source) throws IOException {
        byte[] raw = new byte[expected];
        int n;
        try {
            n = switch (kind) {
                case NONE -> {
                    System.arraycopy(stored, 0, raw, 0, Math.min(stored.length, expected));
                    yield stored.length;
                }
                case ZLIB -> inflate(stored, raw);
                case GZIP -> readFully(new GZIPInputStream(new ByteArrayInputStream(stored)), raw);
                case ZSTD -> {
                    long declared = ZstdDecompressor.getDecompressedSize(stored, 0, stored.length);
                    if (declared >= 0 && declared != expected) {
                        yield (int) Math.min(declared, Integer.MAX_VALUE);
                    }
                    yield new ZstdDecompressor().decompress(stored, 0, stored.length, raw, 0, raw.length);
                }
            };
        } catch (IOException | DataFormatException | RuntimeException e) {
            throw new ZarrFormatException(source, "corrupt " + kind.zarrName() + " chunk: " + e.getMessage());
        }
        if (n != expected) {
            throw new ZarrFormatException(source, "chunk decodes to " + n + " bytes, but the metadata's chunk shape and"
                    + " dtype need " + expected);
        }
        return raw;
    }

    private static int inflate(byte[] stored, byte[] raw) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            int n = 0;
            while (n < raw.length && !inflater.finished()) {
                int got = inflater.inflate(raw, n, raw.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n == raw.length && !inflater.finished()) {
                byte[] probe = new byte[1];
                n += inflater.inflate(probe);
            }
            return n;
        } finally {
            inflater.end();
        }
    }

    private static int readFully(InputStream in, byte[] raw) throws IOException {
        try (in) {
            int n = in.readNBytes(raw, 0, raw.length);
            return n == raw.length && in.read() >= 0 ? n + 1 : n;
        }
    }
}
