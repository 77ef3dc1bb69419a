package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.autodiff.opencl.OpenClGridCg;
import org.unet4j.solvers.linear.IterativeSolveResult;
import org.unet4j.solvers.linear.ResidualNorm;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * The SoftCut op for tensors on an OpenCL device, every vector kept there: the forward solve {@code A x = p} and the
 * adjoint solve {@code A lambda = dL/dx} of the backward pass are each one {@link OpenClGridCg} run over all
 * {@code N C} systems at once, warm-started like the host CG ({@code x_0 = p}, {@code lambda_0 = dL/dx}) and stopped
 * per system by the layer's {@link StoppingRule}. The gradients (Bonfiglio, <i>SoftCut</i>, MSc thesis 2022,
 * eq. 17-20)
 * <pre>
 *   dL/dp = lambda,     dL/dw_e = -(lambda_(e + e_k) - lambda_e)(x_(e + e_k) - x_e)   for the edge e along axis k
 * </pre>
 * are formed by device ops on shifted slices, {@code Delta_k v = v[1:] - v[:-1]} along grid axis k, which lines
 * up with the weight layout ({@code n_k - 1} along axis k). Only per-system scalars reach the host: CG step sizes,
 * and one maximum per weight tensor that checks its weights.
 *
 * <p>Only {@link SoftCut.Solver#CG} has a device path. {@link SoftCut.Solver#EXACT} (sparse Cholesky) and
 * {@link SoftCut.Solver#MGPCG} (multigrid) run on the host and fail here rather than copy the data behind the
 * caller's back: moving it is the caller's explicit choice, and the message says how.
 */
final class DeviceSoftCut {
    private DeviceSoftCut() {
    }

    /** {@code x = (I + L_w)^-1 p} for scores and weights on one OpenCL device, recorded on the tape. */
    static Tensor apply(SoftCut options, SoftCutGeometry geometry, Tensor scores, List<Tensor> weights) {
        Device device = scores.device();
        if (!(device.backend() instanceof OpenClBackend)) {
            throw new UnsupportedOperationException("SoftCut has no path for tensors on " + device + "; move them "
                    + "to Device.CPU or an OpenCL device with to(device)");
        }
        if (options.solver() != SoftCut.Solver.CG) {
            throw new UnsupportedOperationException("SoftCut.Solver." + options.solver() + " runs on the host only, "
                    + "and the scores are on " + device + ". Use SoftCut.Solver.CG, which solves on the device, or "
                    + "move the inputs explicitly: SoftCut.solve(scores.to(Device.CPU), weights moved likewise, "
                    + "Solver." + options.solver() + ").to(" + device + ") (gradients flow back through to)");
        }
        List<Tensor> detached = new ArrayList<>(weights.size());
        try (NoGrad scope = Autograd.noGrad()) {
            for (int k = 0; k < weights.size(); k++) {
                requireAdmissible(k, weights.get(k));
                detached.add(weights.get(k).detach());
            }
        }
        Tensor p = scores.detach();
        Tensor x = solve(options.solutionCheck(), options.stoppingRule(), p, detached, p, device);
        Tensor[] inputs = new Tensor[weights.size() + 1];
        inputs[0] = scores;
        for (int k = 0; k < weights.size(); k++) {
            inputs[k + 1] = weights.get(k);
        }
        return Autograd.record("softCut", x, g -> backward(options, geometry, detached, x, g, device),
                inputs);
    }

    private static Tensor[] backward(SoftCut options, SoftCutGeometry geometry, List<Tensor> weights, Tensor x,
            Tensor gradOutput, Device device) {
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor g = gradOutput.detach();
            Tensor lambda = solve(options.solutionCheck(), options.stoppingRule(), g, weights, g, device);
            Tensor[] grads = new Tensor[geometry.dimensions() + 1];
            grads[0] = lambda;
            for (int k = 0; k < geometry.dimensions(); k++) {
                grads[k + 1] = difference(lambda, k).mul(difference(x, k)).neg();
            }
            return grads;
        }
    }

    /** {@code Delta_k v}: the forward difference along grid axis k (tensor axis {@code 2 + k}). */
    private static Tensor difference(Tensor v, int k) {
        int axis = 2 + k;
        int n = v.dim(axis);
        return v.slice(axis, 1, n).sub(v.slice(axis, 0, n - 1));
    }

    private static Tensor solve(SolutionCheck check, StoppingRule rule, Tensor b, List<Tensor> weights, Tensor start,
            Device device) {
        OpenClGridCg.Stopping stopping = new OpenClGridCg.Stopping(
                rule.norm() == ResidualNorm.EUCLIDEAN ? OpenClGridCg.Norm.EUCLIDEAN : OpenClGridCg.Norm.MEAN_ABSOLUTE,
                rule.relativeTolerance(), rule.absoluteTolerance(), rule.maxIterations());
        OpenClGridCg.Result result = OpenClGridCg.solve(b, weights, start, stopping);
        check.converged("CG on " + device, new IterativeSolveResult(result.iterations(), result.residual(),
                result.threshold(), rule.norm(), result.converged()));
        return result.solution();
    }

    /**
     * Checks on the device that every weight of axis k is finite and {@code >= 0}, with one reduction and one
     * read-back: {@code 0 w - w} is {@code -w} for a finite weight and NaN for an infinite or NaN one
     * ({@code 0 * inf} is NaN), so its maximum, through which a NaN propagates, is {@code <= 0} exactly when every
     * weight is admissible. Only when that fails are the weights read back, for the message naming the first bad one.
     */
    private static void requireAdmissible(int axis, Tensor w) {
        if (w.size() == 0) {
            return;
        }
        double violation = w.mul(0).sub(w).max().item();
        if (!(violation <= 0)) {
            SoftCutGeometry.requireAdmissible(axis, w, w.toDoubleArray());
        }
    }
}
