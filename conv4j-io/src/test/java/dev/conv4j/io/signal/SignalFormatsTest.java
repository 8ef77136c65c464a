package dev.conv4j.io.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalFormatsTest {
    @TempDir
    Path dir;

    @Test
    void csvWithHeaderTimeColumnAndComments() throws IOException {
        Path p = dir.resolve("s.csv");
        Files.writeString(p, "# recorded at 4 Hz\ntime,left,right\n0,1,-1\n0.25,2.5,-2\n\n0.5,3,-3\n0.75,4e-1,0\n");
        Signal s = Csv.read(p);
        assertEquals(List.of("left", "right"), s.channelNames());
        assertEquals(4, s.length());
        assertEquals(4.0, s.sampleRate(), 1e-9);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, s.time());
        assertArrayEquals(new float[] {1, 2.5f, 3, 0.4f}, s.channel(0));
        Path out = dir.resolve("o.csv");
        Csv.write(out, s);
        Signal back = Csv.read(out);
        assertArrayEquals(s.samples(), back.samples());
        assertArrayEquals(s.time(), back.time());
        assertEquals("time", back.timeName());
    }

    @Test
    void csvWithoutHeaderSemicolonsAndWhitespace() throws IOException {
        Path p = dir.resolve("n.csv");
        Files.writeString(p, "1;2\n3;4\n");
        Signal s = Csv.read(p);
        assertEquals(List.of("ch0", "ch1"), s.channelNames());
        assertTrue(Double.isNaN(s.sampleRate()));
        assertNull(s.time());
        Files.writeString(p, "  0.5\n  -1.5\n");
        assertArrayEquals(new float[] {0.5f, -1.5f}, Csv.read(p).samples());
    }

    @Test
    void csvErrorsNameTheLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "a,b\n1,2\n3,x\n");
        String m = assertThrows(SignalFormatException.class, () -> Csv.read(p)).getMessage();
        assertTrue(m.contains("line 3, column 2 ('b'): 'x' is not a number"), m);
        Files.writeString(p, "1,2\n3\n");
        assertTrue(assertThrows(SignalFormatException.class, () -> Csv.read(p)).getMessage()
                .contains("line 2 has 1 fields but the first row has 2"));
        Files.writeString(p, "a,b\n");
        assertTrue(assertThrows(SignalFormatException.class, () -> Csv.read(p)).getMessage().contains("no data rows"));
    }

    @Test
    void wavRoundTripsEveryEncoding() throws IOException {
        float[] stereo = {0f, 0.5f, -0.5f, 0.25f, 0.99f, -1f};
        Signal s = Signal.of(List.of("left", "right"), stereo, 8000);
        for (WavEncoding e : WavEncoding.values()) {
            Path p = dir.resolve(e + ".wav");
            assertEquals(0, Wav.write(p, s, e), e.toString());
            WavAudio back = Wav.read(p);
            assertEquals(e, back.encoding());
            assertEquals(8000, back.signal().sampleRate());
            assertEquals(3, back.signal().length());
            assertEquals(List.of("left", "right"), back.signal().channelNames());
            double step = e.isFloat() ? 0 : 1.0 / (1L << (e.bitsPerSample() - 1));
            for (int i = 0; i < stereo.length; i++) {
                assertEquals(stereo[i], back.signal().samples()[i], step, e + " sample " + i);
            }
            assertEquals(44 + 3 * 2 * e.bytesPerSample() + (3 * 2 * e.bytesPerSample()) % 2, Files.size(p));
        }
    }

    @Test
    void wavClipsIntegersAndCountsThem() throws IOException {
        Path p = dir.resolve("loud.wav");
        assertEquals(2, Wav.write(p, Signal.of(List.of("x"), new float[] {1.5f, -2f, 0.5f}, 100), WavEncoding.PCM_16));
        assertArrayEquals(new float[] {32767 / 32768f, -1f, 0.5f}, Wav.read(p).signal().samples());
    }

    @Test
    void wavSkipsUnknownChunksAndReadsExtensible() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 3 + 1 + 8 + 40 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0);
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(44100).putInt(88200)
                .putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4)
                .putShort((short) 1).put(new byte[14]);
        b.put("data".getBytes()).putInt(4).putShort((short) 16384).putShort((short) -32768);
        Path p = dir.resolve("ext.wav");
        Files.write(p, b.array());
        WavAudio a = Wav.read(p);
        assertEquals(WavEncoding.PCM_16, a.encoding());
        assertArrayEquals(new float[] {0.5f, -1f}, a.signal().samples());
    }

    @Test
    void wavErrors() throws IOException {
        Path p = dir.resolve("bad.wav");
        Files.writeString(p, "RIFF....AVI LIST");
        assertTrue(assertThrows(SignalFormatException.class, () -> Wav.read(p)).getMessage().contains("not a WAV file"));
        ByteBuffer b = ByteBuffer.allocate(44 + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(38).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1)
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8).put("data".getBytes()).putInt(2);
        Files.write(p, b.array());
        String m = assertThrows(SignalFormatException.class, () -> Wav.read(p)).getMessage();
        assertTrue(m.contains("mu-law with 8 bits per sample is not supported"), m);
        b.putShort(20, (short) 1).putShort(32, (short) 2).putShort(34, (short) 16).putInt(40, 3);
        Files.write(p, java.util.Arrays.copyOf(b.array(), 47));
        assertTrue(assertThrows(SignalFormatException.class, () -> Wav.read(p)).getMessage()
                .contains("not a whole number of 2-byte frames"));
        b.putInt(40, 1000);
        Files.write(p, b.array());
        assertTrue(assertThrows(SignalFormatException.class, () -> Wav.read(p)).getMessage().contains("truncated"));
    }

    @Test
    void wavSampleRateMustBePositive() throws IOException {
        for (int rate : new int[] {0, -1}) {
            ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
            b.put("RIFF".getBytes()).putInt(40).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                    .putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16)
                    .put("data".getBytes()).putInt(4).putShort((short) 1).putShort((short) 2);
            Path p = dir.resolve("rate.wav");
            Files.write(p, b.array());
            String m = assertThrows(SignalFormatException.class, () -> Wav.read(p)).getMessage();
            assertTrue(m.startsWith(p + ": fmt chunk says a sample rate of " + Integer.toUnsignedString(rate)), m);
        }
    }

    @Test
    void csvNumberGrammarReadsNumpyAndJavaSpellingsAlike() throws IOException {
        Path p = dir.resolve("special.csv");
        Files.writeString(p, "a,b,c,d\nnan,inf,-inf,1e3\nNaN,Infinity,-Infinity,.5\n+NAN,+INF,-inFinity,-2.\n");
        Signal s = Csv.read(p);
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new float[] {Float.NaN, inf, -inf, 1000, Float.NaN, inf, -inf, 0.5f, Float.NaN, inf, -inf, -2},
                s.samples());
        Path back = dir.resolve("back.csv");
        Csv.write(back, s);
        assertArrayEquals(s.samples(), Csv.read(back).samples());
    }

    @Test
    void csvRefusesOverflowHexAndSuffixesAndInvalidUtf8() throws IOException {
        for (String bad : new String[] {"1e400", "0x1p3", "1f", "2d", "in", "nanx"}) {
            Path p = dir.resolve("bad.csv");
            Files.writeString(p, "1\n" + bad + "\n");
            String m = assertThrows(SignalFormatException.class, () -> Csv.read(p)).getMessage();
            assertTrue(m.startsWith(p + ": line 2, column 1: '" + bad + "' is "), m);
        }
        Path p = dir.resolve("latin1.csv");
        Files.write(p, new byte[] {'1', '\n', (byte) 0xe9, '\n'});
        String m = assertThrows(SignalFormatException.class, () -> Csv.read(p)).getMessage();
        assertTrue(m.startsWith(p + ": not valid UTF-8 text"), m);
    }
}
