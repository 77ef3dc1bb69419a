package org.unet4j.layers.optim;

/**
 * A linear warm-up in front of another schedule, counted in the same unit: {@code lr(t) = r(0) (t + 1) / W} for
 * {@code t < W}, so the rate climbs to {@code r(0)} in W units, then {@code lr(t) = r(t - W)}.
 */
public record LinearWarmup(LrSchedule after, long warmup) implements LrSchedule {

    /** Validates the warm-up length. */
    public LinearWarmup {
        if (warmup <= 0) {
            throw new IllegalArgumentException("LinearWarmup: the warm-up length must be positive, got " + warmup);
        }
    }

    @Override
    public ScheduleUnit unit() {
        return after.unit();
    }

    @Override
    public double learningRate(long t) {
        LrSchedule.checkCounter(t);
        return t < warmup ? after.learningRate(0) * (t + 1) / warmup : after.learningRate(t - warmup);
    }
}
