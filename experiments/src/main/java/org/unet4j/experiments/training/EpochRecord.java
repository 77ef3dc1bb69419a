package org.unet4j.experiments.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch of training achieved.
 *
 * @param epoch        1-based index
 * @param learningRate the learning rate of the epoch's last step
 * @param trainLoss    mean training loss over the epoch's batches
 * @param validation   validation scores by name ({@code loss} and the evaluator's), empty without validation data
 * @param seconds      wall-clock time of the epoch, validation included
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, Map<String, Double> validation,
        double seconds) {
    /** Copies the scores, keeping their order. */
    public EpochRecord {
        validation = new LinkedHashMap<>(validation);
    }

    /** The validation score {@code name}, or NaN when there is none. */
    public double score(String name) {
        return validation.getOrDefault(name, Double.NaN);
    }
}
