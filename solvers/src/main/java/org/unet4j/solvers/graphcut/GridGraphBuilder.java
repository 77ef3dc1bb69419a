package org.unet4j.solvers.graphcut;

import java.util.Arrays;

/**
 * Builds the {@link FlowNetwork} of a d-dimensional grid graph: one node per grid point in row-major order
 * (the last axis varies fastest), terminal capacities per node, and n-link capacities per direction of a
 * {@link Neighbourhood}.
 *
 * <pre>{@code
 * FlowNetwork g = new GridGraphBuilder(Neighbourhood.FOUR, 256, 256)
 *         .terminals(sourceCaps, sinkCaps)      // length 256*256 each
 *         .axisEdges(0, rowWeights)             // 255 x 256: edge (r, c) -- (r+1, c)
 *         .axisEdges(1, columnWeights)          // 256 x 255: edge (r, c) -- (r, c+1)
 *         .build();
 * MinCut cut = BoykovKolmogorovMaxFlow.solve(g);
 * }</pre>
 *
 * <p>Edge capacities come in two layouts. The node layout ({@link #edges(int, double[])},
 * {@link #edges(int, double[], double[])}) has one entry per node {@code i} for the edge from {@code i} to
 * {@code i + offset}; entries whose neighbour falls outside the grid are ignored. The compact axis layout
 * ({@link #axisEdges(int, double[])}) is the grid shape with size {@code n_k - 1} along axis k, the layout of the
 * SoftCut edge-weight tensors. Every direction of the neighbourhood must be given exactly once; zero capacities
 * are allowed and create no arcs.
 */
public final class GridGraphBuilder {
    private final Neighbourhood neighbourhood;
    private final int[] dims;
    private final int[] strides;
    private final int nodeCount;
    private final double[][] forward;
    private final double[][] backward;
    private double[] source;
    private double[] sink;

    /** A builder for a grid of the given sizes, one per axis of the neighbourhood. */
    public GridGraphBuilder(Neighbourhood neighbourhood, int... dims) {
        if (dims.length != neighbourhood.dimension()) {
            throw new IllegalArgumentException("the " + neighbourhood + " needs " + neighbourhood.dimension()
                    + " grid sizes, got " + Arrays.toString(dims));
        }
        long count = 1;
        for (int size : dims) {
            if (size < 1) {
                throw new IllegalArgumentException("grid sizes must be >= 1, got " + Arrays.toString(dims));
            }
            count *= size;
        }
        if (count > Integer.MAX_VALUE / (2 * neighbourhood.directionCount())) {
            throw new IllegalArgumentException("grid " + Arrays.toString(dims) + " has too many arcs for int indices");
        }
        this.neighbourhood = neighbourhood;
        this.dims = dims.clone();
        this.nodeCount = (int) count;
        this.strides = new int[dims.length];
        int stride = 1;
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= dims[axis];
        }
        this.forward = new double[neighbourhood.directionCount()][];
        this.backward = new double[neighbourhood.directionCount()][];
    }

    /** The number of grid nodes, the product of the sizes. */
    public int nodeCount() {
        return nodeCount;
    }

    /** The terminal capacities {@code c(s, i)} and {@code c(i, t)}, one entry per node (copied). */
    public GridGraphBuilder terminals(double[] sourceCapacity, double[] sinkCapacity) {
        requireNodeLayout("source capacities", sourceCapacity);
        requireNodeLayout("sink capacities", sinkCapacity);
        for (int i = 0; i < nodeCount; i++) {
            requireCapacity("source capacity", i, sourceCapacity[i]);
            requireCapacity("sink capacity", i, sinkCapacity[i]);
        }
        this.source = sourceCapacity.clone();
        this.sink = sinkCapacity.clone();
        return this;
    }

    /**
     * Symmetric n-links of direction k of the neighbourhood ({@code o = neighbourhood.offset(k)}) in the node
     * layout: {@code c(i, i+o) = c(i+o, i) = capacity[i]}.
     */
    public GridGraphBuilder edges(int direction, double[] capacity) {
        return edges(direction, capacity, capacity);
    }

    /**
     * Directed n-link pairs of direction k of the neighbourhood ({@code o = neighbourhood.offset(k)}) in the node
     * layout: {@code c(i, i+o) = forwardCapacity[i]} and {@code c(i+o, i) = backwardCapacity[i]}.
     */
    public GridGraphBuilder edges(int direction, double[] forwardCapacity, double[] backwardCapacity) {
        int[] offset = neighbourhood.offset(direction);
        if (forward[direction] != null) {
            throw new IllegalStateException("edge capacities of direction " + direction + " (offset "
                    + Arrays.toString(offset) + ") were already given");
        }
        requireNodeLayout("forward capacities of direction " + direction, forwardCapacity);
        requireNodeLayout("backward capacities of direction " + direction, backwardCapacity);
        int[] coords = new int[dims.length];
        for (int i = 0; i < nodeCount; i++) {
            boolean valid = FlowNetwork.isCapacity(forwardCapacity[i]) && FlowNetwork.isCapacity(backwardCapacity[i]);
            if (!valid && hasNeighbour(coords, offset)) {
                requireCapacity("forward capacity of direction " + direction, i, forwardCapacity[i]);
                requireCapacity("backward capacity of direction " + direction, i, backwardCapacity[i]);
            }
            advance(coords);
        }
        forward[direction] = forwardCapacity.clone();
        backward[direction] = backwardCapacity.clone();
        return this;
    }

    /**
     * Symmetric n-links along {@code axis} in the compact layout: an array of the grid shape with size
     * {@code n_axis - 1} along the axis, entry {@code c} being the capacity of the edge between the nodes at
     * coordinates {@code c} and {@code c + e_axis}.
     */
    public GridGraphBuilder axisEdges(int axis, double[] capacity) {
        if (axis < 0 || axis >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " is not in [0, " + dims.length + ")");
        }
        int[] compactDims = dims.clone();
        compactDims[axis]--;
        long expected = Arrays.stream(compactDims).asLongStream().reduce(1, (a, b) -> a * b);
        if (capacity.length != expected) {
            throw new IllegalArgumentException("edge capacities along axis " + axis + " have length "
                    + capacity.length + " but the grid " + Arrays.toString(dims) + " has "
                    + Arrays.toString(compactDims) + " = " + expected + " such edges");
        }
        double[] nodeLayout = new double[nodeCount];
        int[] coords = new int[dims.length];
        for (int i = 0, c = 0; i < nodeCount; i++) {
            if (coords[axis] < dims[axis] - 1) {
                double value = capacity[c];
                if (!FlowNetwork.isCapacity(value)) {
                    throw new IllegalArgumentException("edge capacity along axis " + axis + " at compact index " + c
                            + " (between nodes " + describe(i) + " and " + describe(i + strides[axis]) + ") is "
                            + value + "; capacities must be finite and >= 0");
                }
                nodeLayout[i] = value;
                c++;
            }
            advance(coords);
        }
        return edges(axis, nodeLayout);
    }

    /**
     * The flow network.
     *
     * @throws IllegalStateException if the terminal capacities or the capacities of some direction are missing
     */
    public FlowNetwork build() {
        if (source == null) {
            throw new IllegalStateException("terminal capacities were not given; call terminals(source, sink)");
        }
        int directions = neighbourhood.directionCount();
        for (int k = 0; k < directions; k++) {
            if (forward[k] == null) {
                throw new IllegalStateException("edge capacities of direction " + k + " (offset "
                        + Arrays.toString(neighbourhood.offset(k)) + ") of the " + neighbourhood + " were not given");
            }
        }
        int capacity = nodeCount * directions;
        int[] tails = new int[capacity];
        int[] heads = new int[capacity];
        double[] forwardCapacity = new double[capacity];
        double[] backwardCapacity = new double[capacity];
        int edges = 0;
        for (int k = 0; k < directions; k++) {
            int[] offset = neighbourhood.offset(k);
            int linearOffset = 0;
            for (int axis = 0; axis < dims.length; axis++) {
                linearOffset += offset[axis] * strides[axis];
            }
            int[] coords = new int[dims.length];
            for (int i = 0; i < nodeCount; i++) {
                double f = forward[k][i];
                double b = backward[k][i];
                if ((f > 0 || b > 0) && hasNeighbour(coords, offset)) {
                    tails[edges] = i;
                    heads[edges] = i + linearOffset;
                    forwardCapacity[edges] = f;
                    backwardCapacity[edges] = b;
                    edges++;
                }
                advance(coords);
            }
        }
        return FlowNetwork.fromEdges(source, sink, Arrays.copyOf(tails, edges), Arrays.copyOf(heads, edges),
                Arrays.copyOf(forwardCapacity, edges), Arrays.copyOf(backwardCapacity, edges));
    }

    private boolean hasNeighbour(int[] coords, int[] offset) {
        for (int axis = 0; axis < dims.length; axis++) {
            int c = coords[axis] + offset[axis];
            if (c < 0 || c >= dims[axis]) {
                return false;
            }
        }
        return true;
    }

    private void advance(int[] coords) {
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            if (++coords[axis] < dims[axis]) {
                return;
            }
            coords[axis] = 0;
        }
    }

    private void requireCapacity(String what, int node, double value) {
        if (!FlowNetwork.isCapacity(value)) {
            throw new IllegalArgumentException(what + " at node " + describe(node) + " is " + value
                    + "; capacities must be finite and >= 0");
        }
    }

    private void requireNodeLayout(String what, double[] values) {
        if (values.length != nodeCount) {
            throw new IllegalArgumentException(what + " have length " + values.length + " but the grid "
                    + Arrays.toString(dims) + " has " + nodeCount + " nodes");
        }
    }

    private String describe(int node) {
        int[] coords = new int[dims.length];
        for (int axis = 0; axis < dims.length; axis++) {
            coords[axis] = node / strides[axis] % dims[axis];
        }
        return node + " " + Arrays.toString(coords);
    }
}
