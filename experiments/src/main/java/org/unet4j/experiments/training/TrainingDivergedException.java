package org.unet4j.experiments.training;

/**
 * Thrown by the {@link Trainer} at the first optimisation step whose loss or parameter gradient is not finite (NaN
 * or infinity), before that step changes the model: it names the epoch, the batch and the first parameter, in the
 * model's order, whose gradient holds a non-finite value. The checkpoints of the epochs before stay as they were.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final String parameter;

    /**
     * A divergence at {@code batch} (1-based) of {@code epoch}; {@code parameter} is the first with a non-finite
     * gradient, or null when every gradient is finite.
     */
    public TrainingDivergedException(String message, int epoch, int batch, String parameter, Throwable cause) {
        super(message, cause);
        this.epoch = epoch;
        this.batch = batch;
        this.parameter = parameter;
    }

    /** The epoch (1-based) of the step. */
    public int epoch() {
        return epoch;
    }

    /** The batch (1-based) of the epoch. */
    public int batch() {
        return batch;
    }

    /** The first parameter whose gradient is not finite, or null when every gradient was finite. */
    public String parameter() {
        return parameter;
    }
}
