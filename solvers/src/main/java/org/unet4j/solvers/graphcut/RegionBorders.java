package org.unet4j.solvers.graphcut;

/** How the max-flow solvers split a network's nodes into regions of consecutive indices for their parallel phase. */
final class RegionBorders {
    private RegionBorders() {
    }

    /**
     * Rejects a region count outside {@code [1, max(1, n)]}, naming the range.
     *
     * @throws IllegalArgumentException when {@code regions} is outside that range
     */
    static void requireRegionCount(int regions, int n) {
        if (regions < 1 || regions > Math.max(1, n)) {
            throw new IllegalArgumentException("regions is " + regions + " but must lie in [1, " + Math.max(1, n)
                    + "] for a network of " + n + " nodes; use 1 for the sequential search");
        }
    }

    /**
     * The first node of each region and, last, the node count. Each inner border lies within a quarter of a region
     * of the even split, at the node where the net terminal capacity {@code sum (c(s, i) - c(i, t))} of the nodes
     * before it is closest to its share of the total: then every region holds about as much surplus source or sink
     * capacity, relative to its size, as the whole network, so its own run routes nearly all of it and little
     * flow is left to cross the borders in the merge.
     */
    static int[] balanced(FlowNetwork network, int regions) {
        int n = network.nodeCount();
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + network.sourceCapacity(i) - network.sinkCapacity(i);
        }
        int[] borders = new int[regions + 1];
        borders[regions] = n;
        int slack = n / regions / 4;
        for (int k = 1; k < regions; k++) {
            int even = (int) ((long) n * k / regions);
            int best = even;
            for (int b = Math.max(borders[k - 1] + 1, even - slack); b <= even + slack; b++) {
                if (Math.abs(prefix[b] - prefix[n] * b / n) < Math.abs(prefix[best] - prefix[n] * best / n)) {
                    best = b;
                }
            }
            borders[k] = best;
        }
        return borders;
    }
}
