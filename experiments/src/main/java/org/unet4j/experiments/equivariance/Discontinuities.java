package org.unet4j.experiments.equivariance;

/**
 * Label changes between 4-neighbouring pixels of one true object in a stitched labelling, split into pairs that
 * straddle a stitching line (the boundaries between output tiles of side T, at multiples of T) and all other pairs
 * (the control: changes that would happen without stitching).
 *
 * @param acrossPairs   neighbour pairs inside one object that straddle a stitching line
 * @param across        of those, pairs with different predicted labels: the discontinuities
 * @param elsewherePairs neighbour pairs inside one object within a tile
 * @param elsewhere     of those, pairs with different predicted labels
 */
public record Discontinuities(int acrossPairs, int across, int elsewherePairs, int elsewhere) {

    /**
     * The counts for {@code predicted} and {@code truth} labellings (0 = background) of a {@code side} x {@code side}
     * output stitched from tiles of side {@code tile}.
     */
    public static Discontinuities of(int[] predicted, int[] truth, int side, int tile) {
        if (predicted.length != side * side || truth.length != side * side) {
            throw new IllegalArgumentException("labellings of " + predicted.length + " and " + truth.length
                    + " pixels for a " + side + " x " + side + " output");
        }
        int[] counts = new int[4];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = y * side + x;
                if (x + 1 < side) {
                    count(counts, predicted, truth, i, i + 1, (x + 1) % tile == 0);
                }
                if (y + 1 < side) {
                    count(counts, predicted, truth, i, i + side, (y + 1) % tile == 0);
                }
            }
        }
        return new Discontinuities(counts[0], counts[1], counts[2], counts[3]);
    }

    private static void count(int[] counts, int[] predicted, int[] truth, int a, int b, boolean acrossLine) {
        if (truth[a] == 0 || truth[a] != truth[b]) {
            return;
        }
        int slot = acrossLine ? 0 : 2;
        counts[slot]++;
        if (predicted[a] != predicted[b]) {
            counts[slot + 1]++;
        }
    }

    /** The share of pairs across stitching lines whose labels change (0 when there are none). */
    public double acrossRate() {
        return acrossPairs == 0 ? 0 : (double) across / acrossPairs;
    }

    /** The share of the other pairs whose labels change (0 when there are none). */
    public double elsewhereRate() {
        return elsewherePairs == 0 ? 0 : (double) elsewhere / elsewherePairs;
    }
}
