package org.unet4j.solvers.graphcut;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultDirectedWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;

/**
 * A random grid max-flow instance with everything kept in plain arrays, plus the two ways of solving it that the
 * tests compare: through {@link GridGraphBuilder} and a solver of this package, and through JGraphT's
 * push-relabel max-flow on a graph assembled here from the test's own offset table.
 */
final class GridCase {
    final int[] dims;
    final int[][] offsets;
    final double[] source;
    final double[] sink;
    final double[][] forward;
    final double[][] backward;

    private GridCase(int[] dims, int[][] offsets, double[] source, double[] sink, double[][] forward,
            double[][] backward) {
        this.dims = dims;
        this.offsets = offsets;
        this.source = source;
        this.sink = sink;
        this.forward = forward;
        this.backward = backward;
    }

    /**
     * Random capacities on a grid: about a third of all capacities are zero (so some regions disconnect), the rest
     * uniform in [0, 5], or small integers when {@code integral} (many ties and degenerate cuts).
     */
    static GridCase random(int[] dims, int[][] offsets, boolean directed, boolean integral, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        double[] source = capacities(rng, n, integral);
        double[] sink = capacities(rng, n, integral);
        double[][] forward = new double[offsets.length][];
        double[][] backward = new double[offsets.length][];
        for (int k = 0; k < offsets.length; k++) {
            forward[k] = capacities(rng, n, integral);
            backward[k] = directed ? capacities(rng, n, integral) : forward[k];
        }
        return new GridCase(dims, offsets, source, sink, forward, backward);
    }

    /**
     * SoftCut-like capacities from white-noise scores: {@code p ~ U(-1, 1)} per node gives {@code c(s, i) = max(p, 0)}
     * and {@code c(i, t) = max(-p, 0)}, symmetric n-links uniform in [0, 5]. The scores nearly cancel over the grid,
     * so the last units of flow travel far along long augmenting paths through both search trees.
     */
    static GridCase whiteNoise(int[] dims, int[][] offsets, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        double[] source = new double[n];
        double[] sink = new double[n];
        for (int i = 0; i < n; i++) {
            double p = 2 * rng.nextDouble() - 1;
            source[i] = Math.max(p, 0);
            sink[i] = Math.max(-p, 0);
        }
        double[][] weights = new double[offsets.length][n];
        for (double[] direction : weights) {
            for (int i = 0; i < n; i++) {
                direction[i] = 5 * rng.nextDouble();
            }
        }
        return new GridCase(dims, offsets, source, sink, weights, weights);
    }

    private static double[] capacities(SplittableRandom rng, int n, boolean integral) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(3) > 0) {
                values[i] = integral ? rng.nextInt(1, 4) : 5 * rng.nextDouble();
            }
        }
        return values;
    }

    int nodeCount() {
        return source.length;
    }

    FlowNetwork network(Neighbourhood neighbourhood) {
        GridGraphBuilder builder = new GridGraphBuilder(neighbourhood, dims).terminals(source, sink);
        for (int k = 0; k < offsets.length; k++) {
            builder.edges(k, forward[k], backward[k]);
        }
        return builder.build();
    }

    /** The max-flow value by JGraphT's push-relabel on the same graph, nodes {@code 0..n-1}, s = n, t = n + 1. */
    double jgraphtFlow() {
        int n = nodeCount();
        Graph<Integer, DefaultWeightedEdge> graph = new DefaultDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < n + 2; v++) {
            graph.addVertex(v);
        }
        for (int i = 0; i < n; i++) {
            addArc(graph, n, i, source[i]);
            addArc(graph, i, n + 1, sink[i]);
        }
        int[] coords = new int[dims.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < offsets.length; k++) {
                int j = neighbour(coords, offsets[k]);
                if (j >= 0) {
                    addArc(graph, i, j, forward[k][i]);
                    addArc(graph, j, i, backward[k][i]);
                }
            }
            for (int axis = dims.length - 1; axis >= 0 && ++coords[axis] == dims[axis]; axis--) {
                coords[axis] = 0;
            }
        }
        return new PushRelabelMFImpl<>(graph).getMaximumFlowValue(n, n + 1);
    }

    private int neighbour(int[] coords, int[] offset) {
        int index = 0;
        for (int axis = 0; axis < dims.length; axis++) {
            int c = coords[axis] + offset[axis];
            if (c < 0 || c >= dims[axis]) {
                return -1;
            }
            index = index * dims[axis] + c;
        }
        return index;
    }

    private static void addArc(Graph<Integer, DefaultWeightedEdge> graph, int from, int to, double capacity) {
        if (capacity > 0) {
            graph.setEdgeWeight(graph.addEdge(from, to), capacity);
        }
    }

    @Override
    public String toString() {
        return "grid " + Arrays.toString(dims) + " with " + 2 * offsets.length + " neighbours";
    }
}
