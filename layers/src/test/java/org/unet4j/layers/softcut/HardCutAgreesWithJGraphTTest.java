package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/**
 * {@link SoftCut#hardCut} is a minimum s-t cut: on small random 2-D and 3-D inputs, the capacity of the cut its
 * labels define ({@code c(s, i) = max(p_i, 0)} paid by sink-side points, {@code c(i, t) = max(-p_i, 0)} by
 * source-side points, {@code w_ij} by every edge across) equals the maximum flow JGraphT's push-relabel finds on the
 * same graph, for every (sample, channel) system.
 */
class HardCutAgreesWithJGraphTTest {

    @Property(tries = 30)
    void twoDimensionalCutsAreMinimal(@ForAll @IntRange(min = 1, max = 7) int rows,
                                      @ForAll @IntRange(min = 1, max = 7) int cols,
                                      @ForAll @DoubleRange(min = 0.05, max = 3) double weightScale,
                                      @ForAll long seed) {
        assertMinimal(new int[] {rows, cols}, weightScale, seed);
    }

    @Property(tries = 20)
    void threeDimensionalCutsAreMinimal(@ForAll @IntRange(min = 1, max = 4) int depth,
                                        @ForAll @IntRange(min = 1, max = 4) int rows,
                                        @ForAll @IntRange(min = 1, max = 4) int cols,
                                        @ForAll @DoubleRange(min = 0.05, max = 3) double weightScale,
                                        @ForAll long seed) {
        assertMinimal(new int[] {depth, rows, cols}, weightScale, seed);
    }

    /** Two samples by two channels of {@code sizes}, scores N(0, 1), weights uniform in [0, weightScale]. */
    private static void assertMinimal(int[] sizes, double weightScale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] dims = new int[sizes.length + 2];
        dims[0] = 2;
        dims[1] = 2;
        System.arraycopy(sizes, 0, dims, 2, sizes.length);
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, dims);
        List<Tensor> weights = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            int[] axisDims = dims.clone();
            axisDims[k + 2]--;
            weights.add(Tensor.uniform(rng, DType.FLOAT64, 0, weightScale, axisDims));
        }
        double[] labels = SoftCut.hardCut(scores, weights).toDoubleArray();
        double[] p = scores.toDoubleArray();
        double[][] w = weights.stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
        Grid grid = new Grid(sizes);
        for (int s = 0; s < 4; s++) {
            double[] ps = slice(p, s, grid.points());
            double[] ls = slice(labels, s, grid.points());
            double[][] ws = new double[sizes.length][];
            for (int k = 0; k < sizes.length; k++) {
                ws[k] = slice(w[k], s, grid.edges(k));
            }
            double maxFlow = grid.maxFlow(ps, ws);
            assertEquals(maxFlow, grid.cutCapacity(ps, ws, ls), 1e-9 * (1 + maxFlow), "system " + s);
        }
    }

    private static double[] slice(double[] data, int system, int length) {
        double[] out = new double[length];
        System.arraycopy(data, system * length, out, 0, length);
        return out;
    }

    /** A row-major grid: its points, and the edge {@code e} along axis {@code k} joining two of them. */
    private record Grid(int[] sizes) {
        int points() {
            int n = 1;
            for (int size : sizes) {
                n *= size;
            }
            return n;
        }

        int edges(int axis) {
            return points() / sizes[axis] * (sizes[axis] - 1);
        }

        /** The point at the start of edge {@code e} along {@code axis}; its end is one stride further. */
        int edgeStart(int axis, int e) {
            int point = 0;
            int stride = 1;
            int rest = e;
            for (int k = sizes.length - 1; k >= 0; k--) {
                int extent = k == axis ? sizes[k] - 1 : sizes[k];
                point += rest % extent * stride;
                rest /= extent;
                stride *= sizes[k];
            }
            return point;
        }

        int stride(int axis) {
            int stride = 1;
            for (int k = sizes.length - 1; k > axis; k--) {
                stride *= sizes[k];
            }
            return stride;
        }

        /** JGraphT's maximum s-t flow, source {@code n}, sink {@code n + 1}. */
        double maxFlow(double[] p, double[][] w) {
            int n = points();
            SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> graph =
                    new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
            for (int v = 0; v < n + 2; v++) {
                graph.addVertex(v);
            }
            for (int i = 0; i < n; i++) {
                graph.setEdgeWeight(graph.addEdge(n, i), Math.max(p[i], 0));
                graph.setEdgeWeight(graph.addEdge(i, n + 1), Math.max(-p[i], 0));
            }
            for (int k = 0; k < sizes.length; k++) {
                for (int e = 0; e < w[k].length; e++) {
                    int i = edgeStart(k, e);
                    int j = i + stride(k);
                    graph.setEdgeWeight(graph.addEdge(i, j), w[k][e]);
                    graph.setEdgeWeight(graph.addEdge(j, i), w[k][e]);
                }
            }
            return new PushRelabelMFImpl<>(graph).getMaximumFlowValue(n, n + 1);
        }

        /** The capacity of the s-t cut whose source side is the points labelled 1. */
        double cutCapacity(double[] p, double[][] w, double[] labels) {
            double capacity = 0;
            for (int i = 0; i < p.length; i++) {
                capacity += labels[i] == 1 ? Math.max(-p[i], 0) : Math.max(p[i], 0);
            }
            for (int k = 0; k < sizes.length; k++) {
                for (int e = 0; e < w[k].length; e++) {
                    int i = edgeStart(k, e);
                    if (labels[i] != labels[i + stride(k)]) {
                        capacity += w[k][e];
                    }
                }
            }
            return capacity;
        }
    }
}
