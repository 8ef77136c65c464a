package dev.conv4j.io.signal;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.HeapBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RIFF/WAVE files: reads integer PCM (8, 16, 24, 32 bits) and IEEE float (32, 64 bits), also
 * inside {@code WAVE_FORMAT_EXTENSIBLE}, any number of channels; skips chunks it does not need
 * (LIST, fact, ...). Writes the same encodings, atomically, clipping integer samples to their
 * range.
 */
public final class Wav {
    private static final int EXTENSIBLE = 0xFFFE;

    private Wav() {
    }

    public static WavAudio read(Path file) throws IOException {
        String source = file.toString();
        long fileBytes = Files.size(file);
        if (fileBytes > Integer.MAX_VALUE - 8) {
            throw new SignalFormatException(source, fileBytes + " bytes is larger than conv4j reads as one WAV signal"
                    + " (at most 2 GiB)");
        }
        // the file's bytes and up to four bytes of float per byte of it are alive together
        HeapBudget.require(HeapBudget.saturatedProduct(fileBytes, 5), source, "the WAV file and its samples");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) {
            String what = bytes.length >= 4 && ascii(bytes, 0, "RIFX") ? " (RIFX, big-endian WAV, is not supported)"
                    : bytes.length >= 4 && ascii(bytes, 0, "RF64") ? " (RF64 is not supported)" : "";
            throw new SignalFormatException(source, "not a WAV file: it does not start with RIFF....WAVE" + what);
        }
        int formatTag = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        int dataStart = -1;
        long dataSize = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = new String(bytes, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new SignalFormatException(source, "fmt chunk of " + size + " bytes is too short (16 needed)");
                }
                formatTag = Short.toUnsignedInt(b.getShort(body));
                channels = Short.toUnsignedInt(b.getShort(body + 2));
                rate = b.getInt(body + 4);
                blockAlign = Short.toUnsignedInt(b.getShort(body + 12));
                bits = Short.toUnsignedInt(b.getShort(body + 14));
                if (formatTag == EXTENSIBLE) {
                    if (size < 40 || body + 26 > bytes.length) {
                        throw new SignalFormatException(source, "WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                                + " bytes is too short (40 needed)");
                    }
                    formatTag = Short.toUnsignedInt(b.getShort(body + 24));
                }
            } else if (id.equals("data")) {
                dataStart = body;
                dataSize = Math.min(size, bytes.length - body);
                if (size > bytes.length - body && size != 0xFFFFFFFFL) {
                    throw new SignalFormatException(source, "truncated: the data chunk says " + size + " bytes but "
                            + (bytes.length - body) + " follow");
                }
                break;
            }
            pos = Math.toIntExact(Math.min(bytes.length, body + size + (size & 1)));
        }
        if (formatTag < 0) {
            throw new SignalFormatException(source, "no fmt chunk before the data: not a valid WAV file");
        }
        if (dataStart < 0) {
            throw new SignalFormatException(source, "no data chunk");
        }
        WavEncoding encoding = WavEncoding.of(formatTag, bits);
        if (encoding == null) {
            String name = switch (formatTag) {
                case 2 -> "ADPCM";
                case 6 -> "A-law";
                case 7 -> "mu-law";
                case 0x55 -> "MP3";
                default -> "format " + formatTag;
            };
            throw new SignalFormatException(source, name + " with " + bits + " bits per sample is not supported;"
                    + " conv4j reads PCM 8/16/24/32-bit and IEEE float 32/64-bit WAV");
        }
        if (channels < 1) {
            throw new SignalFormatException(source, "fmt chunk says " + channels + " channels");
        }
        if (rate < 1) {
            throw new SignalFormatException(source, "fmt chunk says a sample rate of " + Integer.toUnsignedString(rate)
                    + " Hz; it must be 1 to " + Integer.MAX_VALUE);
        }
        if (blockAlign != channels * encoding.bytesPerSample()) {
            throw new SignalFormatException(source, "block align " + blockAlign + " does not match " + channels
                    + " channels of " + bits + " bits");
        }
        if (dataSize % blockAlign != 0) {
            throw new SignalFormatException(source, "data chunk of " + dataSize + " bytes is not a whole number of "
                    + blockAlign + "-byte frames");
        }
        int frames = Math.toIntExact(dataSize / blockAlign);
        float[] samples = new float[Math.multiplyExact(frames, channels)];
        b.position(dataStart);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = readSample(b, encoding);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add(channels == 1 ? "signal" : channels == 2 ? (c == 0 ? "left" : "right") : "ch" + c);
        }
        return new WavAudio(new Signal(names, frames, samples, rate, null, null), encoding);
    }

    private static float readSample(ByteBuffer b, WavEncoding e) {
        return switch (e) {
            case PCM_U8 -> (Byte.toUnsignedInt(b.get()) - 128) / 128f;
            case PCM_16 -> b.getShort() / 32768f;
            case PCM_24 -> {
                int v = Byte.toUnsignedInt(b.get()) | Byte.toUnsignedInt(b.get()) << 8 | b.get() << 16;
                yield v / 8388608f;
            }
            case PCM_32 -> (float) (b.getInt() / 2147483648.0);
            case FLOAT_32 -> b.getFloat();
            case FLOAT_64 -> (float) b.getDouble();
        };
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code signal} with {@code encoding} at its sample rate (rounded; 1 Hz when unknown).
     *
     * @return how many integer samples were clipped to the encoding's range
     */
    public static long write(Path file, Signal signal, WavEncoding encoding) throws IOException {
        int channels = signal.channels();
        int blockAlign = channels * encoding.bytesPerSample();
        long dataBytes = (long) signal.length() * blockAlign;
        if (dataBytes > 0xFFFFFFFFL - 36) {
            throw new IllegalArgumentException("signal of " + signal.length() + " frames is too long for a WAV file (4 GiB)");
        }
        int rate = Double.isNaN(signal.sampleRate()) ? 1 : (int) Math.round(signal.sampleRate());
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(44 + dataBytes + (dataBytes & 1))).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt((int) (36 + dataBytes + (dataBytes & 1)));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(16);
        b.putShort((short) encoding.formatTag()).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) encoding.bitsPerSample());
        b.put("data".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt((int) dataBytes);
        long clipped = 0;
        for (float v : signal.samples()) {
            clipped += writeSample(b, encoding, v);
        }
        AtomicFiles.write(file, out -> out.write(b.array()));
        return clipped;
    }

    /** Writes one sample; returns 1 when it was clipped. */
    private static int writeSample(ByteBuffer b, WavEncoding e, float v) {
        switch (e) {
            case FLOAT_32 -> {
                b.putFloat(v);
                return 0;
            }
            case FLOAT_64 -> {
                b.putDouble(v);
                return 0;
            }
            default -> {
                double scale = switch (e) {
                    case PCM_U8 -> 128.0;
                    case PCM_16 -> 32768.0;
                    case PCM_24 -> 8388608.0;
                    default -> 2147483648.0;
                };
                double q = Math.rint(v * scale);
                int clipped = 0;
                if (q > scale - 1) {
                    q = scale - 1;
                    clipped = 1;
                } else if (q < -scale || Double.isNaN(q)) {
                    q = -scale;
                    clipped = 1;
                }
                long s = (long) q;
                switch (e) {
                    case PCM_U8 -> b.put((byte) (s + 128));
                    case PCM_16 -> b.putShort((short) s);
                    case PCM_24 -> b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    default -> b.putInt((int) s);
                }
                return clipped;
            }
        }
    }
}
