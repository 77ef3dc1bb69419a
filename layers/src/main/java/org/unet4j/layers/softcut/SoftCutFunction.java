package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.linear.GridConjugateGradient;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * The SoftCut op on the tape: forward {@code x = A^-1 p} for every (sample, channel) system, backward with one
 * adjoint solve per system (Bonfiglio, <i>SoftCut</i>, MSc thesis 2022, eq. 17-20, with {@code A} symmetric by
 * Theorem 2.1):
 * <pre>
 *   lambda = A^-1 dL/dx,     dL/dp = lambda,     dL/dw_ij = -(lambda_i - lambda_j)(x_i - x_j)
 * </pre>
 * The thesis's {@code dL/dA = -lambda x^T} (eq. 20) is never formed: each weight {@code w_ij} enters {@code A} at
 * {@code A_ii, A_jj} with {@code +1} and at {@code A_ij, A_ji} with {@code -1}, which contracts the outer product to
 * the edge difference above. Systems are independent and run on the engine's {@link Parallel} pool, each with its
 * own solver; the forward keeps each system's prepared solver (Cholesky factor, multigrid hierarchy) and solution
 * for the backward pass. Computation is in float64 on the host; results take the dtype of the inputs.
 *
 * <p>Scores on another device (OpenCL) keep every vector there: the forward solve and the adjoint solve are each one
 * {@link GridConjugateGradient} run over all {@code N C} systems at once on the device's grid primitives,
 * warm-started like the host CG ({@code x_0 = p}, {@code lambda_0 = dL/dx}) and stopped per system by the layer's
 * {@link StoppingRule}; the weight gradients are device ops on shifted slices,
 * {@code Delta_k v = v[1:] - v[:-1]} along grid axis k, which lines up with the weight layout ({@code n_k - 1}
 * along axis k). Only per-system scalars reach the host: CG step sizes, and one maximum per weight tensor that
 * checks its weights. Only {@link SoftCut.Solver#CG} has a device path: {@link SoftCut.Solver#EXACT} (sparse
 * Cholesky) and {@link SoftCut.Solver#MGPCG} (multigrid) run on the host and fail there rather than copy the data
 * behind the caller's back; the message says how to move it.
 */
final class SoftCutFunction {
    private final SoftCut options;

    SoftCutFunction(SoftCut options) {
        this.options = options;
    }

    Tensor apply(Tensor scores, List<Tensor> weights) {
        SoftCutGeometry geometry = SoftCutGeometry.of(scores, weights);
        if (scores.device() != Device.CPU) {
            requireFiniteOnDevice(scores);
            requireConditionedOnDevice(options.solutionCheck(), scores, weights);
            return applyOnDevice(geometry, scores, weights);
        }
        return new PerSystem(options, geometry).apply(scores, weights);
    }

    /**
     * Checks device scores with one reduction and one read-back: {@code 0 * s} is 0 for a finite score and NaN for a
     * NaN or infinite one, and the maximum propagates NaN; only on failure are the scores read back for the message.
     */
    private static void requireFiniteOnDevice(Tensor scores) {
        if (scores.size() == 0) {
            return;
        }
        try (NoGrad scope = Autograd.noGrad()) {
            if (!(scores.detach().mul(0).max().item() == 0)) {
                SoftCutGeometry.requireFiniteScores(scores, scores.toDoubleArray());
            }
        }
    }

    /**
     * The device solve runs in the scores' dtype and its residual is not re-checked, so the weight range is checked
     * a priori (one reduction and one read-back per weight tensor); weights that are negative or not finite pass
     * here and are named by the device path's own check.
     */
    private static void requireConditionedOnDevice(SolutionCheck check, Tensor scores, List<Tensor> weights) {
        double largest = 0;
        try (NoGrad scope = Autograd.noGrad()) {
            for (Tensor w : weights) {
                if (w.size() > 0) {
                    double m = w.detach().max().item();
                    largest = Double.isFinite(m) ? Math.max(largest, m) : largest;
                }
            }
        }
        double unitRoundoff = scores.dtype() == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        check.requireConditioned("CG on " + scores.device(), weights.size(), largest, unitRoundoff);
    }

    /** {@code x = (I + L_w)^-1 p} for scores and weights on one device other than the host, recorded on the tape. */
    private Tensor applyOnDevice(SoftCutGeometry geometry, Tensor scores, List<Tensor> weights) {
        Device device = scores.device();
        if (options.solver() != SoftCut.Solver.CG) {
            throw new UnsupportedOperationException("SoftCut.Solver." + options.solver() + " runs on the host only, "
                    + "and the scores are on " + device + ". Use SoftCut.Solver.CG, which solves on the device, or "
                    + "move the inputs explicitly: SoftCut.solve(scores.to(Device.CPU), weights moved likewise, "
                    + "Solver." + options.solver() + ").to(" + device + ") (gradients flow back through to)");
        }
        List<Tensor> detached = new ArrayList<>(weights.size());
        try (NoGrad scope = Autograd.noGrad()) {
            for (int k = 0; k < weights.size(); k++) {
                requireAdmissibleOnDevice(k, weights.get(k));
                detached.add(weights.get(k).detach());
            }
        }
        SolutionCheck check = options.solutionCheck();
        GridConjugateGradient cg = new GridConjugateGradient(check.iterationRule());
        Tensor p = scores.detach();
        Tensor x = solveChecked(cg, check, p, detached);
        return Autograd.record("softCut", x, g -> backwardOnDevice(cg, check, geometry, detached, x, g),
                SoftCutGeometry.tapeInputs(scores, weights));
    }

    private static Tensor[] backwardOnDevice(GridConjugateGradient cg, SolutionCheck check, SoftCutGeometry geometry,
            List<Tensor> weights, Tensor x, Tensor gradOutput) {
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor g = gradOutput.detach();
            Tensor lambda = solveChecked(cg, check, g, weights);
            Tensor[] grads = new Tensor[geometry.dimensions() + 1];
            grads[0] = lambda;
            for (int k = 0; k < geometry.dimensions(); k++) {
                grads[k + 1] = difference(lambda, k).mul(difference(x, k)).neg();
            }
            return grads;
        }
    }

    /** {@code A x = b} from the warm start b on b's device; the layer's check throws or warns if it did not converge. */
    private static Tensor solveChecked(GridConjugateGradient cg, SolutionCheck check, Tensor b, List<Tensor> weights) {
        GridConjugateGradient.Result result = cg.solve(b, weights, b);
        check.converged("CG on " + b.device(), result.summary());
        return result.solution();
    }

    /** {@code Delta_k v}: the forward difference along grid axis k (tensor axis {@code 2 + k}). */
    private static Tensor difference(Tensor v, int k) {
        int axis = 2 + k;
        int n = v.dim(axis);
        return v.slice(axis, 1, n).sub(v.slice(axis, 0, n - 1));
    }

    /**
     * Checks on the device that every weight of axis k is finite and {@code >= 0}, with one reduction and one
     * read-back: {@code 0 w - w} is {@code -w} for a finite weight and NaN for an infinite or NaN one
     * ({@code 0 * inf} is NaN), so its maximum, through which a NaN propagates, is {@code <= 0} exactly when every
     * weight is admissible. Only when that fails are the weights read back, for the message naming the first bad one.
     */
    private static void requireAdmissibleOnDevice(int axis, Tensor w) {
        if (w.size() == 0) {
            return;
        }
        double violation = w.mul(0).sub(w).max().item();
        if (!(violation <= 0)) {
            SoftCutGeometry.requireAdmissible(axis, w, w.toDoubleArray());
        }
    }

    /** The host path: one system per (sample, channel), its own weights and one right-hand side. */
    private static final class PerSystem extends HostSoftCut {
        PerSystem(SoftCut options, SoftCutGeometry geometry) {
            super(options, geometry);
        }

        @Override
        void solve(int s, LinearSolve a, double[] b, double[] out) {
            System.arraycopy(a.solve(geometry.systemPoints(b, s)), 0, out, s * geometry.points(), geometry.points());
        }

        @Override
        void addWeightGradients(int s, GridLaplacianSystem grid, double[] lambda, double[] x, double[][] dw,
                                double[][] products) {
            grid.edgeDifferenceProducts(geometry.systemPoints(lambda, s), geometry.systemPoints(x, s), products);
            for (int k = 0; k < products.length; k++) {
                int offset = s * geometry.edges(k);
                for (int e = 0; e < products[k].length; e++) {
                    dw[k][offset + e] = -products[k][e];
                }
            }
        }
    }
}
