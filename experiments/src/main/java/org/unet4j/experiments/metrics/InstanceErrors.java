package org.unet4j.experiments.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Instance-level errors of a predicted mask against the true one, from their 8-connected components: a true object
 * covered by k >= 2 predicted components counts k - 1 false splits; a predicted component covering k >= 2 true
 * objects counts k - 1 false merges. Components touch when they share a pixel.
 *
 * <p>Empty-mask policy: with no true objects there are no splits, and with no predicted components no merges, so
 * two empty masks give (0, 0).
 *
 * @param falseSplits extra pieces true objects were cut into
 * @param falseMerges extra objects that predicted components glued together
 */
public record InstanceErrors(int falseSplits, int falseMerges) {
    /** The errors of {@code prediction} against {@code truth}. */
    public static InstanceErrors of(BinaryMask prediction, BinaryMask truth) {
        prediction.requireSameSize(truth);
        ConnectedComponents predicted = ConnectedComponents.of(prediction, ConnectedComponents.Connectivity.EIGHT);
        ConnectedComponents actual = ConnectedComponents.of(truth, ConnectedComponents.Connectivity.EIGHT);
        return of(predicted, actual);
    }

    /** The errors of the labelled objects {@code predicted} against the labelled objects {@code truth}. */
    static InstanceErrors of(ConnectedComponents predicted, ConnectedComponents truth) {
        return new InstanceErrors(extraPartners(truth, predicted), extraPartners(predicted, truth));
    }

    /** The sum over the components of {@code of} of (number of components of {@code among} they touch - 1)+. */
    private static int extraPartners(ConnectedComponents of, ConnectedComponents among) {
        List<Set<Integer>> partners = new ArrayList<>();
        for (int i = 0; i <= of.count(); i++) {
            partners.add(new HashSet<>());
        }
        for (int p = 0; p < of.labels().length; p++) {
            int a = of.labels()[p];
            int b = among.labels()[p];
            if (a != 0 && b != 0) {
                partners.get(a).add(b);
            }
        }
        int extra = 0;
        for (int i = 1; i <= of.count(); i++) {
            extra += Math.max(0, partners.get(i).size() - 1);
        }
        return extra;
    }
}
