package org.unet4j.experiments.equivariance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How well predicted instance labels (e.g. mean-shift clusters of embeddings) separate the true objects. Each true
 * object (label &gt; 0; 0 is the background) gets the predicted label covering most of its pixels. False merges:
 * objects minus the number of distinct such labels (objects sharing a cluster). False splits: over all objects, the
 * predicted labels covering at least 10% of an object beyond its first.
 *
 * @param objects     true objects
 * @param distinct    distinct majority labels over the objects, the instances the network told apart
 * @param falseMerges objects - distinct
 * @param falseSplits extra clusters within objects
 */
public record InstanceCounts(int objects, int distinct, int falseMerges, int falseSplits) {
    private static final double SPLIT_SHARE = 0.1;

    /** The counts of {@code predicted} against {@code truth}, two labellings of the same pixels. */
    public static InstanceCounts of(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("labellings of " + predicted.length + " and " + truth.length
                    + " pixels");
        }
        Map<Integer, Map<Integer, Integer>> overlap = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] > 0) {
                overlap.computeIfAbsent(truth[i], k -> new HashMap<>()).merge(predicted[i], 1, Integer::sum);
            }
        }
        Set<Integer> majority = new HashSet<>();
        int splits = 0;
        for (Map<Integer, Integer> counts : overlap.values()) {
            int size = counts.values().stream().mapToInt(Integer::intValue).sum();
            majority.add(counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
            long parts = counts.values().stream().filter(c -> c >= SPLIT_SHARE * size).count();
            splits += (int) Math.max(0, parts - 1);
        }
        return new InstanceCounts(overlap.size(), majority.size(), overlap.size() - majority.size(), splits);
    }
}
