package org.unet4j.solvers.graphcut;

/**
 * The outcome of a max-flow computation: the maximum flow value and a minimum s-t cut given as the source side.
 * By the max-flow min-cut theorem the capacity of the cut ({@link FlowNetwork#cutCapacity(boolean[])}) equals the
 * flow value.
 *
 * @param flowValue the value of a maximum flow from s to t
 * @param sourceSide per node, true when the node lies on the source side of the minimum cut (for
 *        {@link BoykovKolmogorovMaxFlow}: the nodes still reachable from s in the residual network, the minimal
 *        source side; for {@link PseudoflowMaxFlow}, where several minimum cuts exist, possibly another one); the
 *        rest lie on the sink side
 * @param augmentations the number of times the solver pushed flow along a path: augmenting paths from s to t for
 *        {@link BoykovKolmogorovMaxFlow}, mergers (excess pushed from a strong root to a weak root) for
 *        {@link PseudoflowMaxFlow}
 */
public record MinCut(double flowValue, boolean[] sourceSide, int augmentations) {
    /** Whether {@code node} lies on the source side. */
    public boolean isSource(int node) {
        return sourceSide[node];
    }

    /** The number of nodes on the source side. */
    public int sourceCount() {
        int count = 0;
        for (boolean side : sourceSide) {
            count += side ? 1 : 0;
        }
        return count;
    }

    /** The flow value, the size of each side and the number of augmentations, e.g. for jshell. */
    @Override
    public String toString() {
        int source = sourceCount();
        return "MinCut[flow " + flowValue + ", source side " + source + " of " + sourceSide.length
                + " nodes, sink side " + (sourceSide.length - source) + ", " + augmentations + " augmentation"
                + (augmentations == 1 ? "" : "s") + "]";
    }

    /** The segmentation as one byte per node: 1 on the source side, 0 on the sink side. */
    public byte[] labels() {
        byte[] labels = new byte[sourceSide.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (sourceSide[i] ? 1 : 0);
        }
        return labels;
    }
}
