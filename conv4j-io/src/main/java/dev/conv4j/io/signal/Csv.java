package dev.conv4j.io.signal;

import dev.conv4j.io.AtomicFiles;
import dev.conv4j.io.HeapBudget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Signals as CSV: one row per sample, one column per channel.
 *
 * <p>Reading: the separator is a comma, semicolon, tab or whitespace (told from the first data
 * line); a first line with a field that is not a number is the header; lines starting with
 * {@code #} and blank lines are skipped. A column named {@code time}, {@code t}, {@code seconds}
 * or starting with {@code time} is the time axis: it is not filtered, it is written back as it
 * was, and when evenly spaced it gives the sample rate. Every other column must be numeric in
 * every row. Writing: comma-separated, a header, floats in their shortest exact form.
 *
 * <p>Numbers: a decimal number ({@code 12}, {@code -0.5}, {@code .5}, {@code 1e-3}, with an
 * optional sign), or, in any letter case and with an optional sign, {@code nan}, {@code inf} or
 * {@code infinity} (so both NumPy's {@code nan}/{@code inf} and Java's {@code NaN}/{@code Infinity},
 * which {@link #write} produces, read back). A decimal number too large for float32 (such as
 * {@code 1e400}) is refused rather than silently made infinite; hexadecimal floats and Java's
 * {@code f}/{@code d} suffixes are refused.
 */
public final class Csv {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOT_A_NUMBER = Pattern.compile("[+-]?nan", Pattern.CASE_INSENSITIVE);
    private static final Pattern INFINITE = Pattern.compile("[+-]?inf(inity)?", Pattern.CASE_INSENSITIVE);
    /** Rows are held as doubles until the end; the heap is checked each time this much more is held. */
    private static final long HEAP_CHECK_BYTES = 8L << 20;

    private Csv() {
    }

    public static Signal read(Path file) throws IOException {
        String source = file.toString();
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        String separator = null;
        int columns = -1;
        long heldBytes = 0;
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String stripped = line.strip();
                if (lineNumber == 1 && stripped.startsWith("\uFEFF")) {
                    stripped = stripped.substring(1);
                }
                if (stripped.isEmpty() || stripped.startsWith("#")) {
                    continue;
                }
                if (separator == null) {
                    separator = separatorOf(stripped);
                }
                String[] fields = split(stripped, separator);
                if (header == null && rows.isEmpty() && !allNumeric(fields)) {
                    header = new ArrayList<>();
                    for (String f : fields) {
                        header.add(unquote(f.strip()));
                    }
                    columns = fields.length;
                    continue;
                }
                if (columns < 0) {
                    columns = fields.length;
                }
                if (fields.length != columns) {
                    throw new SignalFormatException(source, "line " + lineNumber + " has " + fields.length
                            + " fields but " + (header != null ? "the header has " : "the first row has ") + columns);
                }
                double[] row = new double[columns];
                for (int c = 0; c < columns; c++) {
                    String f = unquote(fields[c].strip());
                    String where = "line " + lineNumber + ", column " + (c + 1)
                            + (header != null ? " ('" + header.get(c) + "')" : "") + ": '" + f + "' ";
                    if (!isNumber(f)) {
                        throw new SignalFormatException(source, where + "is not a number");
                    }
                    row[c] = parse(f);
                    if (Float.isInfinite((float) row[c]) && !INFINITE.matcher(f).matches()) {
                        throw new SignalFormatException(source, where + "is outside float32's range"
                                + " (magnitude up to 3.4e38); write inf for an infinite value");
                    }
                }
                rows.add(row);
                long rowBytes = 16L + 8L * columns + 8;
                if ((heldBytes + rowBytes) / HEAP_CHECK_BYTES != heldBytes / HEAP_CHECK_BYTES) {
                    HeapBudget.require(HEAP_CHECK_BYTES, source, "the rows read so far");
                }
                heldBytes += rowBytes;
            }
        } catch (CharacterCodingException e) {
            // the reader decodes ahead of the lines it hands out, so the line is only a lower bound
            throw new SignalFormatException(source, "not valid UTF-8 text" + (lineNumber > 0 ? " (after line "
                    + lineNumber + ")" : ""));
        }
        if (rows.isEmpty()) {
            throw new SignalFormatException(source, "no data rows: a signal CSV has one numeric row per sample");
        }
        if (header == null) {
            header = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                header.add(columns == 1 ? "signal" : "ch" + c);
            }
        }
        int timeColumn = -1;
        for (int c = 0; c < columns && columns > 1; c++) {
            if (isTimeName(header.get(c))) {
                timeColumn = c;
                break;
            }
        }
        int n = rows.size();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c != timeColumn) {
                names.add(header.get(c));
            }
        }
        float[] samples = new float[n * names.size()];
        double[] time = timeColumn >= 0 ? new double[n] : null;
        for (int t = 0; t < n; t++) {
            double[] row = rows.get(t);
            int k = 0;
            for (int c = 0; c < columns; c++) {
                if (c == timeColumn) {
                    time[t] = row[c];
                } else {
                    samples[t * names.size() + k++] = (float) row[c];
                }
            }
        }
        double rate = time == null ? Double.NaN : evenRate(time);
        return new Signal(names, n, samples, rate, time, timeColumn >= 0 ? header.get(timeColumn) : null);
    }

    private static boolean isTimeName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals("t") || n.equals("seconds") || n.equals("sec") || n.startsWith("time");
    }

    /** Samples per second when the time column is evenly spaced (to 1e-6 of a step), else NaN. */
    private static double evenRate(double[] time) {
        if (time.length < 2) {
            return Double.NaN;
        }
        double step = (time[time.length - 1] - time[0]) / (time.length - 1);
        if (!(step > 0)) {
            return Double.NaN;
        }
        for (int i = 1; i < time.length; i++) {
            if (Math.abs(time[i] - time[i - 1] - step) > 1e-6 * step + 1e-9 * Math.abs(time[i])) {
                return Double.NaN;
            }
        }
        return 1 / step;
    }

    private static String separatorOf(String line) {
        if (line.contains(",")) {
            return ",";
        }
        if (line.contains(";")) {
            return ";";
        }
        if (line.contains("\t")) {
            return "\t";
        }
        return " ";
    }

    private static String[] split(String line, String separator) {
        return separator.equals(" ") ? WHITESPACE.split(line) : line.split(Pattern.quote(separator), -1);
    }

    private static String unquote(String f) {
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
    }

    private static boolean allNumeric(String[] fields) {
        for (String f : fields) {
            if (!isNumber(unquote(f.strip()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code field} follows the number grammar in the class comment. */
    private static boolean isNumber(String field) {
        return DECIMAL.matcher(field).matches() || NOT_A_NUMBER.matcher(field).matches()
                || INFINITE.matcher(field).matches();
    }

    /** The value of a field that {@link #isNumber} accepts. */
    private static double parse(String field) {
        if (NOT_A_NUMBER.matcher(field).matches()) {
            return Double.NaN;
        }
        if (INFINITE.matcher(field).matches()) {
            return field.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(field);
    }

    /** Writes the time column (if any) and every channel, with a header; atomically. */
    public static void write(Path file, Signal signal) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            if (signal.time() != null) {
                line.append(quote(signal.timeName() == null ? "time" : signal.timeName()));
            }
            for (String name : signal.channelNames()) {
                line.append(line.isEmpty() ? "" : ",").append(quote(name));
            }
            w.write(line.append('\n').toString());
            int c = signal.channels();
            for (int t = 0; t < signal.length(); t++) {
                line.setLength(0);
                if (signal.time() != null) {
                    line.append(signal.time()[t]).append(',');
                }
                for (int k = 0; k < c; k++) {
                    line.append(k == 0 ? "" : ",").append(signal.samples()[t * c + k]);
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
