package dev.conv4j.explain.web;

import dev.conv4j.explain.BackwardExplainer;
import dev.conv4j.explain.BackwardExplainer.Worked;
import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.explain.picture.BackwardPictures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/backward?op=transpose&...}: the backward operation of the convolution the
 * geometry parameters describe ({@link GeometryApi}), worked with numbers computed by conv4j:
 * the derivation text, the two-row picture (1D and 2D, up to {@link BackwardPictures#MAX_CELLS}
 * cells an axis; otherwise a note saying why there is none) lighting result value {@code at}
 * (default: the one the text works out), and the result's values.
 */
final class BackwardApi {
    /** Results past this many values are described, not listed. */
    static final int MAX_VALUES = 4096;

    private BackwardApi() {
    }

    static Map<String, Object> answer(Query q) {
        BackwardExplainer.Op op = op(q.text("op", "transpose"));
        Worked w = BackwardExplainer.work(op, GeometryApi.geometry(q));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("op", op.code());
        json.put("problem", w.forward().problem());
        json.put("text", BackwardExplainer.explain(w));
        json.put("resultShape", w.result().shape().dims());
        if (w.result().data().length <= MAX_VALUES) {
            json.put("result", w.result().data());
        }
        int[] at = q.text("at", "").isEmpty() ? BackwardExplainer.workedPosition(w)
                : q.integers("at", w.forward().spatialRank(), 0, 0, GeometryApi.MAX_SIZE);
        json.put("position", at);
        try {
            json.put("svg", SvgRenderer.render(BackwardPictures.picture(w, at, ""), "bw"));
        } catch (IllegalArgumentException e) {
            json.put("pictureNote", e.getMessage());
        }
        return json;
    }

    private static BackwardExplainer.Op op(String text) {
        try {
            return BackwardExplainer.Op.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("op", "op '" + text + "' is not one of transpose, grad-input, grad-filter");
        }
    }
}
