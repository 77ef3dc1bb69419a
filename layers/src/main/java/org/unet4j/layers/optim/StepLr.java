package org.unet4j.layers.optim;

/** Step decay: {@code lr(t) = initial gamma^floor(t / period)}, the rate multiplied by gamma every period units. */
public record StepLr(double initial, long period, double gamma, ScheduleUnit unit) implements LrSchedule {

    /** Validates the options. */
    public StepLr {
        LrSchedule.checkRate("StepLr: the initial rate", initial);
        if (period <= 0) {
            throw new IllegalArgumentException("StepLr: the period must be positive, got " + period);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("StepLr: gamma must be in (0, 1], got " + gamma);
        }
    }

    @Override
    public double learningRate(long t) {
        LrSchedule.checkCounter(t);
        return initial * Math.pow(gamma, t / period);
    }
}
