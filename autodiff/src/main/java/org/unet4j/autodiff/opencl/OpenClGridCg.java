package org.unet4j.autodiff.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Conjugate gradients for a batch of SoftCut systems {@code (I + L_w) x = b} on grids of {@code d >= 1} axes, in
 * b's type (float32, or float64 where the device reports fp64), with every vector on the OpenCL device: per
 * iteration one matrix-vector product
 * ({@link ArenaKernel#GRID_APPLY}), three vector updates ({@link ArenaKernel#AXPY}) and two or three segmented sums
 * ({@link ArenaKernel#DOT}), whose few per-work-group partial sums are the only data that reach the host; the
 * per-system step sizes go back as one number each.
 *
 * <p>Layout: b has shape {@code [m_0, ..., m_(a-1), n_0, ..., n_(d-1)]}; its last d axes are the grid and every
 * index of the leading axes (none, or for SoftCut sample and channel) is one independent system. Axis k's weights
 * have b's shape with {@code n_k - 1} along grid axis k, entry e being the weight {@code w >= 0} of the edge between
 * grid points e and {@code e + e_k}, and {@code ((I + L_w) x)_i = x_i + sum_j w_ij (x_i - x_j)} over the grid
 * neighbours j of i (the host reference is the solvers module's {@code GridLaplacianSystem}). The matrix is
 * symmetric positive definite for finite non-negative weights; the weights are not checked here.
 *
 * <p>Each system runs its own CG (Hestenes and Stiefel), from the initial guess {@code x_0} with
 * {@code r_0 = d_0 = b - A x_0}:
 * <pre>
 *   q = A d,  alpha = (r . r) / (d . q),  x += alpha d,  r -= alpha q,
 *   beta = (r_new . r_new) / (r . r),  d = r + beta d
 * </pre>
 * and stops, as the host's {@code ConjugateGradient} does, once its recursively updated residual satisfies
 * {@code norm(r) <= max(rtol norm(b), atol)} ({@link Stopping}); a stopped system keeps its x (its step sizes are
 * 0) while the others go on, until all have stopped or {@code maxIterations} iterations have run.
 */
public final class OpenClGridCg {
    private OpenClGridCg() {
    }

    /** How residuals are measured. */
    public enum Norm {
        /** {@code ||r||_2}. */
        EUCLIDEAN,
        /** {@code sum |r_i| / n}, the SoftCut thesis's rule. */
        MEAN_ABSOLUTE
    }

    /**
     * When a system stops: {@code norm(r) <= max(relativeTolerance norm(b), absoluteTolerance)}, or after
     * {@code maxIterations} iterations.
     *
     * @throws IllegalArgumentException for a null norm, a negative or non-finite tolerance, both tolerances 0, or a
     *                                  negative iteration limit
     */
    public record Stopping(Norm norm, double relativeTolerance, double absoluteTolerance, int maxIterations) {
        public Stopping {
            if (norm == null) {
                throw new IllegalArgumentException("grid CG: the residual norm must not be null");
            }
            if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0) || Double.isInfinite(relativeTolerance)
                    || Double.isInfinite(absoluteTolerance)) {
                throw new IllegalArgumentException("grid CG: tolerances must be finite and >= 0, got relative "
                        + relativeTolerance + " and absolute " + absoluteTolerance);
            }
            if (relativeTolerance == 0 && absoluteTolerance == 0) {
                throw new IllegalArgumentException("grid CG: relative and absolute tolerance are both 0; no "
                        + "floating-point iteration can promise a zero residual");
            }
            if (maxIterations < 0) {
                throw new IllegalArgumentException("grid CG: maxIterations must be >= 0, got " + maxIterations);
            }
        }

        /** {@code ||r||_2 <= tolerance ||b||_2}. */
        public static Stopping relative(double tolerance, int maxIterations) {
            return new Stopping(Norm.EUCLIDEAN, tolerance, 0, maxIterations);
        }
    }

    /**
     * The outcome of a solve.
     *
     * @param solution   x, a tensor of b's shape, type and device
     * @param iterations CG iterations run (by the system that ran longest)
     * @param residual   the final residual norm, in the stopping rule's norm, of the system furthest from its
     *                   tolerance (largest residual over threshold)
     * @param threshold  that system's tolerance {@code max(rtol norm(b), atol)}
     * @param converged  whether every system met its tolerance
     */
    public record Result(Tensor solution, int iterations, double residual, double threshold, boolean converged) {
    }

    /**
     * Solves every system of the batch on b's OpenCL device.
     *
     * @param b        the right-hand sides, a tensor whose last {@code weights.size()} axes are the grid
     * @param weights  one tensor per grid axis, of b's type and device (shapes in the class comment)
     * @param start    the initial guess {@code x_0}, of b's shape, type and device (b itself for the thesis's warm
     *                 start); not modified
     * @param stopping when each system stops
     * @throws IllegalArgumentException for tensors off an OpenCL device or on different devices, no weights, more
     *                                  grid axes than b has, or tensors of the wrong shape or of different types
     * @throws UnsupportedOperationException for float64 tensors on a device without fp64
     * @throws IllegalStateException    if a direction with {@code d . A d <= 0} shows a matrix is not positive
     *                                  definite (a negative or non-finite weight)
     */
    public static Result solve(Tensor b, List<Tensor> weights, Tensor start, Stopping stopping) {
        if (!(b.device().backend() instanceof OpenClBackend backend)) {
            throw new IllegalArgumentException("OpenClGridCg needs b on an OpenCL device, got " + b.device());
        }
        Shape shape = b.shape();
        int d = weights.size();
        int lead = shape.rank() - d;
        if (d < 1 || lead < 0) {
            throw new IllegalArgumentException("grid CG needs at least one weight tensor and a grid axis of b for "
                    + "each, got " + d + " weight tensors for b of shape " + shape);
        }
        if (!start.shape().equals(shape)) {
            throw new IllegalArgumentException("grid CG: the initial guess has shape " + start.shape() + ", b has "
                    + shape);
        }
        int[] sizes = Arrays.copyOfRange(shape.dims(), lead, shape.rank());
        int[] weightOffsets = new int[d];
        for (int k = 0; k < d; k++) {
            Tensor w = weights.get(k);
            Shape expected = shape.with(lead + k, sizes[k] - 1);
            if (!w.shape().equals(expected)) {
                throw new IllegalArgumentException("the weights of grid axis " + k + " must have shape " + expected
                        + " for b of shape " + shape + ", got " + w.shape());
            }
            weightOffsets[k] = backend.block(w).offset;
        }
        List<Tensor> operands = new ArrayList<>(weights);
        operands.add(b);
        operands.add(start);
        DeviceProgram program = backend.program("grid CG", operands.toArray(new Tensor[0]));
        int points = Shape.of(sizes).size();
        DeviceBlock rhs = backend.block(b);
        Tensor x = backend.allocate(shape, b.dtype());
        DeviceBlock solution = backend.block(x);
        int systems = points == 0 ? 0 : rhs.length / points;
        program.copy(backend.block(start), solution);
        try (DeviceBlock r = program.allocate(rhs.length);
                DeviceBlock direction = program.allocate(rhs.length);
                DeviceBlock q = program.allocate(rhs.length)) {
            program.gridApply(sizes, weightOffsets, solution, q);
            program.axpy(rhs, filled(systems, -1), q, r);
            program.copy(r, direction);
            double[] threshold = norms(program, rhs, points, stopping.norm());
            for (int s = 0; s < systems; s++) {
                threshold[s] = Math.max(stopping.relativeTolerance() * threshold[s], stopping.absoluteTolerance());
            }
            double[] rr = program.segmentSums(r, r, points);
            double[] norm = measure(program, r, rr, points, stopping.norm());
            boolean[] active = new boolean[systems];
            boolean anyActive = update(active, norm, threshold);
            int iteration = 0;
            while (anyActive && iteration < stopping.maxIterations()) {
                program.gridApply(sizes, weightOffsets, direction, q);
                double[] curvature = program.segmentSums(direction, q, points);
                double[] alpha = new double[systems];
                for (int s = 0; s < systems; s++) {
                    if (active[s]) {
                        if (!(curvature[s] > 0)) {
                            throw new IllegalStateException("grid CG found d . A d = " + curvature[s] + " in system "
                                    + s + " at iteration " + (iteration + 1) + ": the matrix is not positive "
                                    + "definite; edge weights must be finite and >= 0");
                        }
                        alpha[s] = rr[s] / curvature[s];
                    }
                }
                program.axpy(solution, alpha, direction, solution);
                program.axpy(r, negated(alpha), q, r);
                iteration++;
                double[] next = program.segmentSums(r, r, points);
                norm = measure(program, r, next, points, stopping.norm());
                anyActive = update(active, norm, threshold);
                double[] beta = new double[systems];
                for (int s = 0; s < systems; s++) {
                    beta[s] = active[s] ? next[s] / rr[s] : 0;
                }
                program.axpy(r, beta, direction, direction);
                rr = next;
            }
            int worst = 0;
            boolean converged = true;
            for (int s = 0; s < systems; s++) {
                converged &= norm[s] <= threshold[s];
                if (!(norm[s] * threshold[worst] <= norm[worst] * threshold[s])) {
                    worst = s;
                }
            }
            return systems == 0 ? new Result(x, 0, 0, 0, true)
                    : new Result(x, iteration, norm[worst], threshold[worst], converged);
        }
    }

    /** Marks the systems still above their threshold (finite residuals only); returns whether any is. */
    private static boolean update(boolean[] active, double[] norm, double[] threshold) {
        boolean any = false;
        for (int s = 0; s < active.length; s++) {
            active[s] = norm[s] > threshold[s] && Double.isFinite(norm[s]);
            any |= active[s];
        }
        return any;
    }

    /** Per system, the norm of v whose squared 2-norms are {@code squares}. */
    private static double[] measure(DeviceProgram program, DeviceBlock v, double[] squares, int points, Norm norm) {
        if (norm == Norm.MEAN_ABSOLUTE) {
            return norms(program, v, points, norm);
        }
        double[] out = new double[squares.length];
        for (int s = 0; s < out.length; s++) {
            out[s] = Math.sqrt(squares[s]);
        }
        return out;
    }

    /** Per system, the norm of v. */
    private static double[] norms(DeviceProgram program, DeviceBlock v, int points, Norm norm) {
        double[] sums = program.segmentSums(v, norm == Norm.EUCLIDEAN ? v : null, points);
        for (int s = 0; s < sums.length; s++) {
            sums[s] = norm == Norm.EUCLIDEAN ? Math.sqrt(sums[s]) : sums[s] / points;
        }
        return sums;
    }

    private static double[] filled(int length, double value) {
        double[] out = new double[length];
        Arrays.fill(out, value);
        return out;
    }

    private static double[] negated(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
