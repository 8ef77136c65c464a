package dev.conv4j.cli.nn;

import dev.conv4j.cli.nn.PredictionColumns.Column;
import dev.conv4j.nn.predict.Prediction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Where predictions go, one row at a time: a CSV file, a Parquet file or an aligned table on stdout. */
interface PredictionSink {
    void write(Prediction p) throws IOException;

    /** Flushes what is buffered and writes what a format puts at the end. */
    void finish() throws IOException;

    /** RFC 4180 CSV with a header row; probabilities as Java prints a float (shortest exact). */
    static PredictionSink csv(OutputStream out, List<Column> columns) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", columns.stream().map(c -> quoted(c.name())).toList()) + "\n");
        return new PredictionSink() {
            @Override
            public void write(Prediction p) throws IOException {
                w.write(String.join(",", columns.stream().map(c -> quoted(String.valueOf(c.value().apply(p)))).toList()));
                w.write('\n');
            }

            @Override
            public void finish() throws IOException {
                w.flush();
            }
        };
    }

    private static String quoted(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Columns padded to their header or to {@code widths}; probabilities to 4 places. */
    static PredictionSink table(PrintWriter out, List<Column> columns, int idWidth, int nameWidth) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            Column c = columns.get(i);
            int content = switch (c.type()) {
                case FLOAT -> 6;
                case INT -> 5;
                case STRING -> c.name().equals("id") ? idWidth : nameWidth;
            };
            widths[i] = Math.max(c.name().length(), content);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            header.append(cell(columns.get(i).name(), widths[i], columns.get(i).type(), i == widths.length - 1));
        }
        out.println(header.toString().stripTrailing());
        return new PredictionSink() {
            @Override
            public void write(Prediction p) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    Column c = columns.get(i);
                    Object v = c.value().apply(p);
                    String text = c.type() == PredictionColumns.Type.FLOAT
                            ? String.format(Locale.ROOT, "%.4f", (Float) v) : String.valueOf(v);
                    row.append(cell(text, widths[i], c.type(), i == widths.length - 1));
                }
                out.println(row.toString().stripTrailing());
            }

            @Override
            public void finish() {
                out.flush();
            }
        };
    }

    private static String cell(String text, int width, PredictionColumns.Type type, boolean last) {
        String padded = type == PredictionColumns.Type.STRING ? String.format("%-" + width + "s", text)
                : String.format("%" + width + "s", text);
        return last ? padded : padded + "  ";
    }
}
