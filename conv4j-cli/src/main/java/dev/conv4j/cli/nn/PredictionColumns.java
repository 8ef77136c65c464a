package dev.conv4j.cli.nn;

import dev.conv4j.nn.predict.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of a predictions table, the same in every format: {@code id}, {@code class}, the
 * class name where the model has names, then either one probability per class ({@code p_NAME})
 * or, with {@code --top K}, the K most probable classes and their probabilities.
 */
final class PredictionColumns {
    enum Type { STRING, INT, FLOAT }

    record Column(String name, Type type, Function<Prediction, Object> value) {
    }

    private PredictionColumns() {
    }

    static List<Column> of(List<String> classNames, int classes, Integer top) {
        boolean named = !classNames.isEmpty();
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("id", Type.STRING, Prediction::id));
        columns.add(new Column("class", Type.INT, Prediction::classIndex));
        if (named) {
            columns.add(new Column("class_name", Type.STRING, Prediction::className));
        }
        if (top == null) {
            for (int c = 0; c < classes; c++) {
                int index = c;
                columns.add(new Column("p_" + (named ? classNames.get(c) : Integer.toString(c)), Type.FLOAT,
                        p -> p.probabilities()[index]));
            }
            return columns;
        }
        for (int k = 0; k < top; k++) {
            int rank = k;
            columns.add(new Column("top" + (k + 1), named ? Type.STRING : Type.INT, p -> {
                int c = p.top(rank + 1)[rank];
                return named ? classNames.get(c) : c;
            }));
            columns.add(new Column("top" + (k + 1) + "_p", Type.FLOAT, p -> p.probabilities()[p.top(rank + 1)[rank]]));
        }
        return columns;
    }
}
