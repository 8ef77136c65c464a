package dev.conv4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of {@link Sequential#summary}: one row per layer, then the totals. */
final class Summary {
    private Summary() {
    }

    static String of(Sequential model, boolean formulas) {
        List<String[]> rows = new ArrayList<>();
        String[] header = {"Layer (type)", "Output Shape", "Param #", "FLOPs"};
        for (Layer layer : model.layers()) {
            rows.add(new String[] {layer.toString(), layer.outputShapeText(), grouped(layer.parameterCount()),
                grouped(layer.flops())});
        }
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        int total = width[0] + width[1] + width[2] + width[3] + 9;
        StringBuilder sb = new StringBuilder();
        List<String> input = new ArrayList<>();
        input.add("None");
        for (int d : model.inputShape().dims()) {
            input.add(Integer.toString(d));
        }
        sb.append("Model: \"").append(model.name()).append("\"  input (").append(String.join(", ", input)).append(")\n");
        sb.append("─".repeat(total)).append('\n');
        sb.append(row(header, width)).append('\n');
        sb.append("═".repeat(total)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(row(rows.get(i), width)).append('\n');
            if (formulas) {
                for (String f : model.layers().get(i).formulas()) {
                    sb.append("    ").append(f).append('\n');
                }
            }
        }
        sb.append("═".repeat(total)).append('\n');
        long params = model.parameterCount();
        sb.append(String.format(Locale.ROOT, " Total params: %s (%s)%n", grouped(params), bytes(params * Float.BYTES)));
        sb.append(String.format(Locale.ROOT, " Trainable params: %s (%s)%n", grouped(params), bytes(params * Float.BYTES)));
        sb.append(" Non-trainable params: 0 (0.00 B)\n");
        sb.append(String.format(Locale.ROOT, " FLOPs per sample: %s (forward; 2 per multiply-add)%n",
                grouped(model.flops())));
        return sb.toString();
    }

    private static String row(String[] cells, int[] width) {
        return String.format(Locale.ROOT, " %-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s  %" + width[3] + "s",
                (Object[]) cells).stripTrailing();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Keras' readable sizes: powers of 1024, two decimals. */
    static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
