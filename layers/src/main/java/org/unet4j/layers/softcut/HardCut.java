package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.graphcut.BoykovKolmogorovMaxFlow;
import org.unet4j.solvers.graphcut.GridGraphBuilder;
import org.unet4j.solvers.graphcut.MinCut;
import org.unet4j.solvers.graphcut.Neighbourhood;

/**
 * The exact (binary) graph cut SoftCut relaxes, used at inference in place of the layer (Bonfiglio, <i>SoftCut</i>,
 * MSc thesis 2022, Section 3, "inference time graph cut", done there with PyMaxflow): the s-t graph of problem (1)
 * on the grid, solved by Boykov-Kolmogorov max-flow, per sample and channel.
 *
 * <h2>Capacities</h2>
 * The thesis learns one score per pixel where problem (1) has two terminal weights {@code f_i, b_i}, and does not
 * say how it maps one to the other at inference. We take
 * <pre>
 *   c(s, i) = f_i = max(p_i, 0),     c(i, t) = b_i = max(-p_i, 0),     c(i, j) = w_ij,
 * </pre>
 * the source side being the foreground {@code F}. This is the binary restriction of the energy SoftCut minimises:
 * {@code x = A^-1 p} minimises {@code E(x) = 1/2 |x|^2 - p^T x + 1/2 sum w_ij (x_i - x_j)^2}, and on labelings
 * {@code x in {-1, +1}^n} (the sign encoding of Appendix A)
 * <pre>
 *   E(x) + sum_i |p_i| - n/2 = 2 [ sum_(i in F) max(-p_i, 0) + sum_(i in B) max(p_i, 0) + sum_(cut edges) w_ij ],
 * </pre>
 * twice the cut capacity above. Hence the limiting cases agree with thresholding the relaxed output at 0: with zero
 * weights both give the sign of {@code p}; a component joined by infinite weights and cut off by zero weights is one
 * label in both, the sign of its score sum. Ties ({@code p_i = 0}, zero flow) fall on the sink side, as
 * {@code x_i > 0} fails for {@code x_i = 0}.
 *
 * <p>The solver is Boykov-Kolmogorov rather than {@code PseudoflowMaxFlow}: it returns the minimal source side,
 * which puts those ties on the sink side, and on the structured score maps a trained network produces (compact
 * foreground, weak n-links along its border) its augmenting paths are short; pseudoflow, whose work stays local,
 * pays off on unstructured, white-noise-like scores, where paths must cross the grid.
 *
 * <p>A batch of several systems is cut in parallel, one system per thread and each as one region; a single system
 * is cut with the max-flow's default regions, its own parallel search.
 */
final class HardCut {
    private HardCut() {
    }

    static Tensor segment(Tensor scores, List<Tensor> weights) {
        SoftCutGeometry geometry = SoftCutGeometry.of(scores, weights);
        int d = geometry.dimensions();
        double[] p = scores.toDoubleArray();
        double[][] w = SoftCutGeometry.admissibleWeights(weights);
        int points = geometry.points();
        double[] labels = new double[p.length];
        Neighbourhood neighbourhood = Neighbourhood.axes(d);
        int regions = geometry.systems() == 1 ? BoykovKolmogorovMaxFlow.defaultRegions(points) : 1;
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                double[] ps = geometry.systemPoints(p, s);
                double[] source = new double[points];
                double[] sink = new double[points];
                for (int i = 0; i < points; i++) {
                    source[i] = Math.max(ps[i], 0);
                    sink[i] = Math.max(-ps[i], 0);
                }
                GridGraphBuilder graph = new GridGraphBuilder(neighbourhood, geometry.sizes()).terminals(source, sink);
                double[][] ws = geometry.systemWeights(w, s);
                for (int k = 0; k < d; k++) {
                    graph.axisEdges(k, ws[k]);
                }
                MinCut cut = BoykovKolmogorovMaxFlow.solve(graph.build(), regions);
                for (int i = 0; i < points; i++) {
                    labels[s * points + i] = cut.isSource(i) ? 1 : 0;
                }
            }
        });
        return Tensor.wrap(labels, scores.dims()).to(scores.dtype()).to(scores.device());
    }
}
