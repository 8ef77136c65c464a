package dev.conv4j.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learning rate at each step (Keras' {@code LearningRateSchedule}); a constant or Keras'
 * {@code ExponentialDecay}: {@code initial · rate^(step / decaySteps)}, with the exponent floored
 * when {@code staircase}.
 */
public interface LearningRate {
    /** The rate for the update after {@code step} updates (0-based, Keras' {@code iterations}). */
    double at(long step);

    /** Keras' description of the schedule. */
    Map<String, Object> config();

    static LearningRate constant(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("learning rate " + rate + " must be > 0");
        }
        return new LearningRate() {
            @Override
            public double at(long step) {
                return rate;
            }

            @Override
            public Map<String, Object> config() {
                return Map.of("learning_rate", rate);
            }
        };
    }

    static LearningRate exponentialDecay(double initial, long decaySteps, double rate, boolean staircase) {
        if (!(initial > 0) || decaySteps < 1 || !(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("exponential decay needs initial > 0, decay steps >= 1 and rate in (0, 1],"
                    + " got " + initial + ", " + decaySteps + ", " + rate);
        }
        return new LearningRate() {
            @Override
            public double at(long step) {
                double p = (double) step / decaySteps;
                return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
            }

            @Override
            public Map<String, Object> config() {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class_name", "ExponentialDecay");
                c.put("initial_learning_rate", initial);
                c.put("decay_steps", decaySteps);
                c.put("decay_rate", rate);
                c.put("staircase", staircase);
                return c;
            }
        };
    }
}
