package dev.conv4j.tfcompare;

import dev.conv4j.bench.BenchCase;
import dev.conv4j.bench.CaseResult;
import dev.conv4j.bench.Roofline;
import dev.conv4j.bench.SpotCheck;
import dev.conv4j.bench.Timer;

/**
 * One case of the comparison.
 *
 * @param benchCase the case
 * @param conv4j    conv4j's result (a skipped one renders as such; every suite op is computed now)
 * @param tf        TensorFlow's timed runs
 * @param tfCheck   TensorFlow's output against the reference; null when not checked
 * @param maxAbsDiff the largest |conv4j - TF| over the whole output; NaN when conv4j skipped the case
 * @param failure   what went wrong when the case could not be measured (the other fields are then null); else null
 */
record CompareRow(BenchCase benchCase, CaseResult conv4j, Timer.Timing tf, SpotCheck.Result tfCheck,
                  double maxAbsDiff, String failure) {

    static CompareRow failed(BenchCase c, String failure) {
        return new CompareRow(c, null, null, null, Double.NaN, failure);
    }

    /** The same row with the probes' figures attached to conv4j's result. */
    CompareRow withRoofline(Roofline roofline) {
        return conv4j == null ? this : new CompareRow(benchCase, conv4j.withRoofline(roofline), tf, tfCheck, maxAbsDiff,
                failure);
    }

    double tfGflops() {
        return tf.gflops(benchCase.flops());
    }

    /** conv4j's speed over TensorFlow's (both at the median); NaN when conv4j skipped. */
    double ratio() {
        return conv4j.gflops() / tfGflops();
    }
}
