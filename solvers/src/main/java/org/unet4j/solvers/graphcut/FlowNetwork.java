package org.unet4j.solvers.graphcut;

import java.util.Arrays;

/**
 * An s-t flow network in compressed sparse row form, on flat arrays only: nodes {@code 0..n-1} plus the two
 * terminals, a source capacity {@code c(s, i)} and a sink capacity {@code c(i, t)} per node, and non-terminal edges
 * each stored as a pair of opposite arcs ({@code i -> j} and its sister {@code j -> i}, each with its own capacity;
 * a symmetric n-link has equal capacities).
 *
 * <p>The arcs leaving node {@code i} are {@code arcStart(i) .. arcStart(i + 1) - 1}; arc {@code a} goes to
 * {@code arcHead(a)}, has capacity {@code arcCapacity(a)}, and {@code arcSister(a)} is the opposite arc. Every
 * capacity is finite and {@code >= 0}; a network is immutable once built.
 *
 * <p>Build one with {@link #fromEdges} (any graph) or with a {@link GridGraphBuilder} (d-dimensional grids);
 * solve it with {@link BoykovKolmogorovMaxFlow#solve(FlowNetwork)}.
 */
public final class FlowNetwork {
    private final double[] sourceCapacity;
    private final double[] sinkCapacity;
    private final int[] arcStart;
    private final int[] arcHead;
    private final int[] arcSister;
    private final double[] arcCapacity;

    private FlowNetwork(double[] sourceCapacity, double[] sinkCapacity, int[] arcStart, int[] arcHead,
            int[] arcSister, double[] arcCapacity) {
        this.sourceCapacity = sourceCapacity;
        this.sinkCapacity = sinkCapacity;
        this.arcStart = arcStart;
        this.arcHead = arcHead;
        this.arcSister = arcSister;
        this.arcCapacity = arcCapacity;
    }

    /**
     * A network on {@code source.length} nodes with terminal capacities {@code source[i] = c(s, i)},
     * {@code sink[i] = c(i, t)}, and edges {@code e} between {@code tails[e]} and {@code heads[e]} with capacity
     * {@code capacities[e]} from tail to head and {@code reverseCapacities[e]} from head to tail. The arrays are
     * copied.
     *
     * @throws IllegalArgumentException on mismatched lengths, a node index out of range, a self-loop, or a
     *         negative, infinite or NaN capacity (the message names the index and the value)
     */
    public static FlowNetwork fromEdges(double[] source, double[] sink, int[] tails, int[] heads,
            double[] capacities, double[] reverseCapacities) {
        int n = source.length;
        if (sink.length != n) {
            throw new IllegalArgumentException("sink capacities have length " + sink.length
                    + " but source capacities have length " + n + "; both need one entry per node");
        }
        int m = tails.length;
        if (heads.length != m || capacities.length != m || reverseCapacities.length != m) {
            throw new IllegalArgumentException("edge arrays differ in length: tails " + m + ", heads " + heads.length
                    + ", capacities " + capacities.length + ", reverse capacities " + reverseCapacities.length);
        }
        for (int i = 0; i < n; i++) {
            if (!isCapacity(source[i]) || !isCapacity(sink[i])) {
                requireCapacity("source capacity of node " + i, source[i]);
                requireCapacity("sink capacity of node " + i, sink[i]);
            }
        }
        int[] degree = new int[n + 1];
        for (int e = 0; e < m; e++) {
            requireEdge(e, tails[e], heads[e], n, capacities[e], reverseCapacities[e]);
            degree[tails[e] + 1]++;
            degree[heads[e] + 1]++;
        }
        int[] arcStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            arcStart[i + 1] = arcStart[i] + degree[i + 1];
        }
        int[] next = Arrays.copyOf(arcStart, n);
        int[] arcHead = new int[2 * m];
        int[] arcSister = new int[2 * m];
        double[] arcCapacity = new double[2 * m];
        for (int e = 0; e < m; e++) {
            int forward = next[tails[e]]++;
            int backward = next[heads[e]]++;
            arcHead[forward] = heads[e];
            arcHead[backward] = tails[e];
            arcSister[forward] = backward;
            arcSister[backward] = forward;
            arcCapacity[forward] = capacities[e];
            arcCapacity[backward] = reverseCapacities[e];
        }
        return new FlowNetwork(source.clone(), sink.clone(), arcStart, arcHead, arcSister, arcCapacity);
    }

    /** The number of non-terminal nodes n. */
    public int nodeCount() {
        return sourceCapacity.length;
    }

    /** The number of non-terminal arcs (twice the number of edges). */
    public int arcCount() {
        return arcHead.length;
    }

    /** The capacity {@code c(s, i)} of the arc from the source to node i. */
    public double sourceCapacity(int node) {
        return sourceCapacity[node];
    }

    /** The capacity {@code c(i, t)} of the arc from node i to the sink. */
    public double sinkCapacity(int node) {
        return sinkCapacity[node];
    }

    /** The first arc leaving {@code node}; the arcs of node i end at {@code arcStart(i + 1)}. */
    public int arcStart(int node) {
        return arcStart[node];
    }

    /** The node arc {@code a} points to. */
    public int arcHead(int arc) {
        return arcHead[arc];
    }

    /** The arc opposite to {@code a}. */
    public int arcSister(int arc) {
        return arcSister[arc];
    }

    /** The capacity of arc {@code a}. */
    public double arcCapacity(int arc) {
        return arcCapacity[arc];
    }

    /**
     * The capacity of the s-t cut whose source side is {@code {i : sourceSide[i]}} plus s:
     * {@code sum_{i in S} c(i, t) + sum_{i in T} c(s, i) + sum_{i in S, j in T} c(i, j)}.
     */
    public double cutCapacity(boolean[] sourceSide) {
        if (sourceSide.length != nodeCount()) {
            throw new IllegalArgumentException("the segmentation has " + sourceSide.length
                    + " entries but the network has " + nodeCount() + " nodes");
        }
        double capacity = 0;
        for (int i = 0; i < nodeCount(); i++) {
            if (!sourceSide[i]) {
                capacity += sourceCapacity[i];
                continue;
            }
            capacity += sinkCapacity[i];
            for (int a = arcStart[i]; a < arcStart[i + 1]; a++) {
                if (!sourceSide[arcHead[a]]) {
                    capacity += arcCapacity[a];
                }
            }
        }
        return capacity;
    }

    /** The size and the terminal totals, e.g. {@code FlowNetwork[65536 nodes, 261120 arcs, sum c(s, i) = ...]}. */
    @Override
    public String toString() {
        double source = 0;
        double sink = 0;
        for (int i = 0; i < nodeCount(); i++) {
            source += sourceCapacity[i];
            sink += sinkCapacity[i];
        }
        return "FlowNetwork[" + nodeCount() + " nodes, " + arcCount() + " arcs, sum c(s, i) = " + source
                + ", sum c(i, t) = " + sink + "]";
    }

    /** A copy of the arc capacities, the residual capacities a max-flow search starts from. */
    double[] arcCapacities() {
        return arcCapacity.clone();
    }

    int[] arcStarts() {
        return arcStart;
    }

    int[] arcHeads() {
        return arcHead;
    }

    int[] arcSisters() {
        return arcSister;
    }

    static boolean isCapacity(double value) {
        return value >= 0 && value < Double.POSITIVE_INFINITY;
    }

    private static void requireCapacity(String what, double value) {
        if (!isCapacity(value)) {
            throw new IllegalArgumentException(what + " is " + value + "; capacities must be finite and >= 0");
        }
    }

    private static void requireEdge(int e, int tail, int head, int nodeCount, double capacity,
            double reverseCapacity) {
        if (tail >= 0 && tail < nodeCount && head >= 0 && head < nodeCount && tail != head
                && isCapacity(capacity) && isCapacity(reverseCapacity)) {
            return;
        }
        requireNode("tail of edge " + e, tail, nodeCount);
        requireNode("head of edge " + e, head, nodeCount);
        if (tail == head) {
            throw new IllegalArgumentException("edge " + e + " is a self-loop at node " + tail);
        }
        requireCapacity("capacity of edge " + e + " (" + tail + " -> " + head + ")", capacity);
        requireCapacity("reverse capacity of edge " + e + " (" + head + " -> " + tail + ")", reverseCapacity);
    }

    private static void requireNode(String what, int node, int nodeCount) {
        if (node < 0 || node >= nodeCount) {
            throw new IllegalArgumentException(what + " is node " + node + ", outside [0, " + nodeCount + ")");
        }
    }
}
