package org.unet4j.layers.optim;

/** Exponential decay: {@code lr(t) = initial gamma^t}, per step or per epoch. */
public record ExponentialLr(double initial, double gamma, ScheduleUnit unit) implements LrSchedule {

    /** Validates the rates. */
    public ExponentialLr {
        LrSchedule.checkRate("ExponentialLr: the initial rate", initial);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("ExponentialLr: gamma must be in (0, 1], got " + gamma);
        }
    }

    @Override
    public double learningRate(long t) {
        LrSchedule.checkCounter(t);
        return initial * Math.pow(gamma, t);
    }
}
