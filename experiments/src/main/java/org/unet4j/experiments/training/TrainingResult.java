package org.unet4j.experiments.training;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param history      every epoch, including those before a resume
 * @param bestEpoch    the epoch with the best monitored validation score (0 without validation data)
 * @param bestScore    that score (NaN without validation data)
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param steps        optimizer steps taken in all
 */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, double bestScore, boolean stoppedEarly,
        long steps) {
    /** Copies the history. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        return history.get(history.size() - 1);
    }
}
