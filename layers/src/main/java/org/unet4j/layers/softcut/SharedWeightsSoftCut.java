package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.linear.GridLaplacianSystem;

/**
 * SoftCut for {@code K} class channels that share one set of edge weights per sample (the multiclass layer of
 * {@link MulticlassCut}), on the host: each sample's matrix {@code A_n = I + L_(w_n)} is prepared once (one sparse
 * Cholesky factor for {@link SoftCut.Solver#EXACT}, one multigrid hierarchy for {@link SoftCut.Solver#MGPCG}) and
 * serves the {@code K} forward solves {@code A_n x^k = p^k} and the {@code K} adjoint solves
 * {@code A_n lambda^k = dL/dx^k}, each set as one {@link LinearSolve#solveAll} (for {@link SoftCut.Solver#CG} and
 * {@code MGPCG} one CG per class in lockstep, sharing each iteration's pass over the weights). The gradients are those of {@link SoftCutFunction} with the weight gradient summed
 * over the classes that share the weight: {@code dL/dw_ij = -sum_k (lambda^k_i - lambda^k_j)(x^k_i - x^k_j)}.
 */
final class SharedWeightsSoftCut {
    private SharedWeightsSoftCut() {
    }

    /**
     * @param scores  {@code N x K x spatial} on the host
     * @param weights one tensor per spatial axis of channel size 1, otherwise shaped as {@link SoftCut} requires
     */
    static Tensor apply(SoftCut options, Tensor scores, List<Tensor> weights) {
        SoftCutGeometry geometry = SoftCutGeometry.of(scores.slice(1, 0, 1), weights);
        int classes = scores.dim(1);
        int d = geometry.dimensions();
        double[] p = scores.toDoubleArray();
        SoftCutGeometry.requireFiniteScores(scores, p);
        double[][] w = SoftCutGeometry.admissibleWeights(weights);
        int samples = geometry.systems();
        int points = geometry.points();
        LinearSolveFactory factory = options.solver().factory(geometry.sizes(), options.solutionCheck());
        LinearSolve[] solves = new LinearSolve[samples];
        GridLaplacianSystem[] grids = new GridLaplacianSystem[samples];
        double[] x = new double[p.length];
        Parallel.forRange(samples, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                grids[n] = new GridLaplacianSystem(geometry.sizes(), geometry.systemWeights(w, n));
                solves[n] = factory.prepare(grids[n]);
                double[][] solutions = solves[n].solveAll(columns(p, n, classes, points));
                for (int c = 0; c < classes; c++) {
                    System.arraycopy(solutions[c], 0, x, (n * classes + c) * points, points);
                }
            }
        });
        Tensor out = Tensor.wrap(x, scores.dims()).to(scores.dtype());
        Tensor[] inputs = new Tensor[d + 1];
        inputs[0] = scores;
        for (int k = 0; k < d; k++) {
            inputs[k + 1] = weights.get(k);
        }
        return Autograd.record("softCut", out,
                g -> backward(geometry, classes, grids, solves, x, g, inputs), inputs);
    }

    private static Tensor[] backward(SoftCutGeometry geometry, int classes, GridLaplacianSystem[] grids,
                                     LinearSolve[] solves, double[] x, Tensor gradOutput, Tensor[] inputs) {
        int d = geometry.dimensions();
        int points = geometry.points();
        double[] g = gradOutput.toDoubleArray();
        double[] dp = new double[g.length];
        double[][] dw = new double[d][];
        for (int k = 0; k < d; k++) {
            dw[k] = new double[geometry.systems() * geometry.edges(k)];
        }
        Parallel.forRange(geometry.systems(), 1, (from, to) -> {
            double[][] products = new double[d][];
            for (int k = 0; k < d; k++) {
                products[k] = new double[geometry.edges(k)];
            }
            for (int n = from; n < to; n++) {
                double[][] lambdas = solves[n].solveAll(columns(g, n, classes, points));
                for (int c = 0; c < classes; c++) {
                    int s = n * classes + c;
                    double[] lambda = lambdas[c];
                    System.arraycopy(lambda, 0, dp, s * points, points);
                    grids[n].edgeDifferenceProducts(lambda, slice(x, s, points), products);
                    for (int k = 0; k < d; k++) {
                        int offset = n * geometry.edges(k);
                        for (int e = 0; e < products[k].length; e++) {
                            dw[k][offset + e] -= products[k][e];
                        }
                    }
                }
            }
        });
        Tensor[] grads = new Tensor[d + 1];
        grads[0] = Tensor.wrap(dp, inputs[0].dims()).to(inputs[0].dtype());
        for (int k = 0; k < d; k++) {
            grads[k + 1] = Tensor.wrap(dw[k], inputs[k + 1].dims()).to(inputs[k + 1].dtype());
        }
        return grads;
    }

    /** The {@code K} class vectors of sample {@code n}. */
    private static double[][] columns(double[] all, int n, int classes, int points) {
        double[][] out = new double[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = slice(all, n * classes + c, points);
        }
        return out;
    }

    private static double[] slice(double[] all, int system, int points) {
        return Arrays.copyOfRange(all, system * points, (system + 1) * points);
    }
}
