package dev.conv4j.explain.web;

import dev.conv4j.explain.ConvExplainer;
import dev.conv4j.draw.SvgRenderer;
import dev.conv4j.explain.picture.ConvPictures;
import dev.conv4j.explain.picture.SlideAnimation;
import dev.conv4j.explain.picture.SlideGrid;
import dev.conv4j.plan.Planner;
import dev.conv4j.spec.AxisGeometry;
import dev.conv4j.spec.Boundary;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.DataFormat;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/geometry}: a convolution described by query parameters, answered with what
 * conv4j derives from it: shapes, per-axis formulas and pads, the explanation, the overview and
 * grid pictures as SVG, and the output positions the animation visits.
 *
 * <p>Parameters (all bounded): {@code rank} 1-3; per spatial axis (one value or one per axis)
 * {@code input} 1-4096, {@code kernel} 1-64, {@code strides} 1-16, {@code dilations} 1-16;
 * {@code channels} and {@code filters} 1-4096 (with {@code depthwise=1}, filters is the channel
 * multiplier); {@code groups}; {@code batch} 1-64; {@code layout} {@code last} (NHWC) or
 * {@code first} (NCHW); {@code padding} SAME, VALID, CAUSAL or explicit {@code b0,a0,b1,a1,...}
 * (each 0-64); {@code boundary}.
 */
final class GeometryApi {
    static final int MAX_SIZE = 4096;
    static final int MAX_KERNEL = 64;
    static final int MAX_STRIDE = 16;
    static final int MAX_PAD = 64;
    static final int MAX_BATCH = 64;

    private GeometryApi() {
    }

    static ConvGeometry geometry(Query q) {
        int r = q.integer("rank", 2, 1, 3);
        int batch = q.integer("batch", 1, 1, MAX_BATCH);
        int[] input = q.integers("input", r, 5, 1, MAX_SIZE);
        int[] kernel = q.integers("kernel", r, 3, 1, MAX_KERNEL);
        int channels = q.integer("channels", 1, 1, MAX_SIZE);
        int filters = q.integer("filters", 1, 1, MAX_SIZE);
        int groups = q.integer("groups", 1, 1, MAX_SIZE);
        boolean depthwise = q.text("depthwise", "0").equals("1");
        boolean channelsFirst = q.text("layout", "last").equals("first");
        ConvSpec.Builder builder = ConvSpec.builder(r)
                .strides(q.integers("strides", r, 1, 1, MAX_STRIDE))
                .dilations(q.integers("dilations", r, 1, 1, MAX_STRIDE))
                .padding(padding(q.text("padding", "SAME"), r))
                .dataFormat(channelsFirst ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST)
                .boundary(Boundary.parse(q.text("boundary", "zero")));
        if (depthwise) {
            if (groups != 1) {
                throw ApiException.badRequest("groups", "a depthwise convolution has one group per channel; leave"
                        + " groups at 1");
            }
            builder.depthwise();
        } else {
            builder.groups(groups);
        }
        ConvSpec spec = builder.build();
        if (channels % groups != 0) {
            throw ApiException.badRequest("groups", "channels " + channels + " are not divisible by groups " + groups);
        }
        int[] inputDims = new int[r + 2];
        int[] filterDims = new int[r + 2];
        inputDims[0] = batch;
        System.arraycopy(input, 0, inputDims, channelsFirst ? 2 : 1, r);
        inputDims[channelsFirst ? 1 : r + 1] = channels;
        System.arraycopy(kernel, 0, filterDims, 0, r);
        // depthwise: [k..., channels, multiplier], "filters" being the multiplier
        filterDims[r] = depthwise ? channels : channels / groups;
        filterDims[r + 1] = filters;
        return spec.geometry(Shape.of(inputDims), Shape.of(filterDims));
    }

    private static Padding padding(String text, int rank) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (!upper.equals("SAME") && !upper.equals("VALID") && !upper.equals("CAUSAL")) {
            String[] parts = text.split("[,\\s]+");
            if (parts.length != 1 && parts.length != 2 * rank) {
                throw ApiException.badRequest("padding", "explicit padding '" + text + "' needs before,after for each of "
                        + rank + " axes (" + 2 * rank + " numbers)");
            }
            for (String p : parts) {
                if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > MAX_PAD) {
                    throw ApiException.badRequest("padding", "explicit pad '" + p + "' must be a whole number 0.."
                            + MAX_PAD);
                }
            }
        }
        return Padding.parse(text);
    }

    static Map<String, Object> answer(ConvGeometry g) {
        int r = g.spatialRank();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("problem", g.problem());
        json.put("rank", r);
        json.put("dataFormat", g.spec().dataFormat().code(r));
        json.put("filterFormat", g.spec().filterFormat().code(r));
        json.put("inputShape", g.inputShape().dims());
        json.put("filterShape", g.filterShape().dims());
        json.put("outputShape", g.outputShape().dims());
        json.put("outputShapeText", g.outputShape().toString());
        json.put("padsBefore", g.padsBefore());
        json.put("padsAfter", g.padsAfter());
        json.put("channels", g.inChannels());
        json.put("channelsPerGroup", g.inChannelsPerGroup());
        json.put("filters", g.outChannels());
        json.put("groups", g.groups());
        json.put("boundary", g.spec().boundary().code());
        json.put("multiplyAdds", g.multiplyAdds());
        json.put("parameters", g.parameters(false));
        List<Map<String, Object>> axes = new ArrayList<>();
        for (AxisGeometry a : g.axes()) {
            Map<String, Object> axis = new LinkedHashMap<>();
            axis.put("name", a.name());
            axis.put("input", a.input());
            axis.put("kernel", a.kernel());
            axis.put("stride", a.stride());
            axis.put("dilation", a.dilation());
            axis.put("effectiveKernel", a.effectiveKernel());
            axis.put("padBefore", a.padBefore());
            axis.put("padAfter", a.padAfter());
            axis.put("output", a.output());
            axis.put("formula", a.formula());
            axes.add(axis);
        }
        json.put("axes", axes);
        json.put("explanation", ConvExplainer.explain(g, false, Planner.standard().threads(1)));
        json.put("overviewSvg", SvgRenderer.render(ConvPictures.overview(g, ""), "ov"));
        json.put("gridSvg", SvgRenderer.render(SlideGrid.of(g, "").plain(), "gr"));
        json.put("frames", SlideAnimation.positions(g));
        return json;
    }
}
