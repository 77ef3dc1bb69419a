package org.unet4j.experiments.metrics;

import java.util.Arrays;

/**
 * Object-level scores of a predicted binary mask against true instance ids (GlaS glands, DS Bowl nuclei: 0 the
 * background, 1..N one object each), with the predicted objects the 8-connected components of the prediction:
 * <ul>
 *   <li>merges: a predicted component overlapping k &gt;= 2 true instances counts k - 1;</li>
 *   <li>splits: a true instance covered by k &gt;= 2 predicted components counts k - 1 (both as
 *       {@link InstanceErrors}, with the true objects the instances rather than the components of the truth, so
 *       two touching glands are two objects);</li>
 *   <li>per-object AHD: each true instance is matched to the predicted component that overlaps it most (ties: the
 *       lower component label); the average Hausdorff distance ({@link HausdorffDistance#average}) of the pair is
 *       averaged over the matched instances; an instance no component touches is unmatched and counted in
 *       {@link #unmatched()}, not in the AHD.</li>
 * </ul>
 * Scores of several images add up with {@link #plus}; {@link #meanObjectAhd} is then the mean over all matched
 * objects of all images.
 *
 * @param objects   true instances
 * @param matched   true instances with a matched predicted component
 * @param ahdSum    the sum of the matched instances' AHD, in pixels
 * @param splits    extra pieces true instances were cut into
 * @param merges    extra instances predicted components glued together
 */
public record ObjectScores(int objects, int matched, double ahdSum, int splits, int merges) {
    /** No objects. */
    public static final ObjectScores NONE = new ObjectScores(0, 0, 0, 0, 0);

    /**
     * The scores of {@code prediction} against {@code instanceIds} (row-major, the prediction's size; ids not
     * present are allowed, so 1..N need not all occur; negative ids are background).
     */
    public static ObjectScores of(BinaryMask prediction, int[] instanceIds) {
        if (instanceIds.length != prediction.pixels().length) {
            throw new IllegalArgumentException("instance ids of " + instanceIds.length + " pixels for a "
                    + prediction.height() + "x" + prediction.width() + " prediction");
        }
        int[] ids = Arrays.stream(instanceIds).map(v -> Math.max(v, 0)).toArray();
        int largest = Arrays.stream(ids).max().orElse(0);
        ConnectedComponents predicted = ConnectedComponents.of(prediction, ConnectedComponents.Connectivity.EIGHT);
        ConnectedComponents truth = new ConnectedComponents(ids, largest);
        InstanceErrors errors = InstanceErrors.of(predicted, truth);
        long[][] overlap = new long[largest + 1][predicted.count() + 1];
        int[] area = new int[largest + 1];
        for (int p = 0; p < ids.length; p++) {
            area[ids[p]]++;
            overlap[ids[p]][predicted.labels()[p]]++;
        }
        int objects = 0;
        int matched = 0;
        double ahdSum = 0;
        for (int id = 1; id <= largest; id++) {
            if (area[id] == 0) {
                continue;
            }
            objects++;
            int best = 0;
            for (int c = 1; c <= predicted.count(); c++) {
                if (overlap[id][c] > overlap[id][best] || best == 0 && overlap[id][c] > 0) {
                    best = c;
                }
            }
            if (best == 0) {
                continue;
            }
            matched++;
            ahdSum += HausdorffDistance.average(labelled(predicted.labels(), best, prediction),
                    labelled(ids, id, prediction));
        }
        return new ObjectScores(objects, matched, ahdSum, errors.falseSplits(), errors.falseMerges());
    }

    private static BinaryMask labelled(int[] labels, int label, BinaryMask size) {
        boolean[] pixels = new boolean[labels.length];
        for (int p = 0; p < labels.length; p++) {
            pixels[p] = labels[p] == label;
        }
        return new BinaryMask(size.height(), size.width(), pixels);
    }

    /** The scores of two sets of images together. */
    public ObjectScores plus(ObjectScores other) {
        return new ObjectScores(objects + other.objects, matched + other.matched, ahdSum + other.ahdSum,
                splits + other.splits, merges + other.merges);
    }

    /** The mean AHD over the matched objects, in pixels; NaN when no object was matched (then nothing to average). */
    public double meanObjectAhd() {
        return matched == 0 ? Double.NaN : ahdSum / matched;
    }

    /** True instances no predicted component touches. */
    public int unmatched() {
        return objects - matched;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "ObjectScores[%d objects, %d matched, object AHD %.3f, %d splits,"
                + " %d merges]", objects, matched, meanObjectAhd(), splits, merges);
    }
}
