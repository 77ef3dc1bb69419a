package org.unet4j.layers.optim;

/**
 * A learning rate as a function of training progress: {@code learningRate(t)} with {@code t = 0, 1, ...} counting
 * optimizer steps or completed epochs, as {@link #unit()} says. A schedule holds no state, so resuming from a
 * checkpoint only needs the counters. The training loop calls {@link #apply} before every step:
 *
 * <pre>{@code
 * var schedule = LrSchedule.cosine(1e-3, 1e-5, epochs, ScheduleUnit.EPOCH).withWarmup(2);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (var batch : batches) {
 *         schedule.apply(optimizer, step++, epoch);
 *         ...
 *     }
 * }
 * }</pre>
 */
public interface LrSchedule {

    /** Whether {@code t} counts steps or epochs. */
    ScheduleUnit unit();

    /** The learning rate at {@code t >= 0}. */
    double learningRate(long t);

    /** Sets the optimizer's learning rate for the given global step and epoch (both 0-based); returns the rate. */
    default double apply(Optimizer optimizer, long step, int epoch) {
        double lr = learningRate(unit().pick(step, epoch));
        optimizer.setLearningRate(lr);
        return lr;
    }

    /**
     * This schedule after a linear warm-up of {@code warmup} units: the rate is {@code r(0) (t + 1) / warmup} for
     * {@code t < warmup}, then {@code r(t - warmup)}.
     */
    default LrSchedule withWarmup(long warmup) {
        return new LinearWarmup(this, warmup);
    }

    /** The same rate throughout. */
    static LrSchedule constant(double learningRate) {
        return new ExponentialLr(learningRate, 1, ScheduleUnit.EPOCH);
    }

    /** {@code initial gamma^t}. */
    static LrSchedule exponential(double initial, double gamma, ScheduleUnit unit) {
        return new ExponentialLr(initial, gamma, unit);
    }

    /** {@code initial gamma^floor(t / period)}: multiplied by {@code gamma} every {@code period} units. */
    static LrSchedule step(double initial, long period, double gamma, ScheduleUnit unit) {
        return new StepLr(initial, period, gamma, unit);
    }

    /** Cosine annealing from {@code initial} to {@code minimum} over {@code period} units, then {@code minimum}. */
    static LrSchedule cosine(double initial, double minimum, long period, ScheduleUnit unit) {
        return new CosineAnnealingLr(initial, minimum, period, unit);
    }

    /** Fails unless {@code t >= 0}. */
    static void checkCounter(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("a schedule's counter must be >= 0, got " + t);
        }
    }

    /** Fails unless {@code value} is a valid learning rate (finite, >= 0). */
    static void checkRate(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
        }
    }
}
