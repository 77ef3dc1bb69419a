package org.unet4j.layers.optim;

/**
 * Cosine annealing (Loshchilov and Hutter, 2017) without restarts:
 * {@code lr(t) = min + (initial - min) (1 + cos(pi t / T)) / 2} for {@code t <= T}, and {@code min} after that.
 */
public record CosineAnnealingLr(double initial, double minimum, long period, ScheduleUnit unit)
        implements LrSchedule {

    /** Validates the options. */
    public CosineAnnealingLr {
        LrSchedule.checkRate("CosineAnnealingLr: the initial rate", initial);
        LrSchedule.checkRate("CosineAnnealingLr: the minimum rate", minimum);
        if (minimum > initial) {
            throw new IllegalArgumentException("CosineAnnealingLr: the minimum rate " + minimum
                    + " exceeds the initial rate " + initial);
        }
        if (period <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLr: the period must be positive, got " + period);
        }
    }

    @Override
    public double learningRate(long t) {
        LrSchedule.checkCounter(t);
        if (t >= period) {
            return minimum;
        }
        return minimum + (initial - minimum) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }
}
