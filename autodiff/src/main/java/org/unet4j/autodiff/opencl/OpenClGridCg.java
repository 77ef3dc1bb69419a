package org.unet4j.autodiff.opencl;

import java.util.List;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Conjugate gradients for the SoftCut system {@code (I + L_w) x = p} on a grid of 1 to 3 axes, in float32, with
 * every vector on the OpenCL device: per iteration one matrix-vector product ({@link ArenaKernel#GRID_APPLY}), three
 * vector updates ({@link ArenaKernel#AXPY}) and two dot products ({@link ArenaKernel#DOT}, whose few per-work-group
 * partial sums are the only data that reach the host).
 *
 * <p>The grid is the shape of p, row-major; axis k's weights have p's shape with {@code n_k - 1} along axis k, entry
 * i being the weight {@code w >= 0} of the edge between grid points i and {@code i + e_k}, and
 * {@code ((I + L_w) x)_i = x_i + sum_j w_ij (x_i - x_j)} over the grid neighbours j of i (the CPU reference is the
 * solvers module's {@code GridLaplacianSystem}). The matrix is symmetric positive definite for finite non-negative
 * weights; the weights are not checked on the device.
 *
 * <p>Starting from {@code x_0 = 0}, {@code r_0 = d_0 = p}, iteration k computes
 * <pre>
 *   q = A d,  alpha = (r . r) / (d . q),  x += alpha d,  r -= alpha q,
 *   beta = (r_new . r_new) / (r . r),  d = r + beta d
 * </pre>
 * and stops once the recursively updated residual satisfies {@code ||r||_2 <= tolerance ||p||_2} or after
 * {@code maxIterations} iterations.
 */
public final class OpenClGridCg {
    private OpenClGridCg() {
    }

    /**
     * The outcome of a solve.
     *
     * @param solution   x, a float32 tensor of p's shape on p's device
     * @param iterations CG iterations run
     * @param residual   {@code ||r||_2 / ||p||_2} of the last recursive residual (0 for {@code p = 0})
     * @param converged  whether the residual met the tolerance
     */
    public record Result(Tensor solution, int iterations, double residual, boolean converged) {
    }

    /**
     * Solves {@code (I + L_w) x = p} on p's OpenCL device.
     *
     * @param p             the right-hand side, a float32 tensor of 1 to 3 axes (the grid) on an OpenCL device
     * @param weights       one float32 tensor per axis k on the same device, of p's shape with {@code n_k - 1}
     *                      along axis k
     * @param tolerance     relative Euclidean residual at which to stop, {@code >= 0}
     * @param maxIterations the iteration limit, {@code >= 0}
     * @throws IllegalArgumentException for tensors off an OpenCL device or on different devices, a grid of more than
     *                                  3 axes, weights of the wrong number or shape, or a negative limit
     */
    public static Result solve(Tensor p, List<Tensor> weights, double tolerance, int maxIterations) {
        if (!(p.device().backend() instanceof OpenClBackend backend)) {
            throw new IllegalArgumentException("OpenClGridCg needs p on an OpenCL device, got " + p.device());
        }
        if (!(tolerance >= 0) || maxIterations < 0) {
            throw new IllegalArgumentException("tolerance and maxIterations must be >= 0, got " + tolerance + " and "
                    + maxIterations);
        }
        backend.requireFloat32(p.dtype(), "grid CG");
        Shape grid = p.shape();
        int d = grid.rank();
        if (d < 1 || d > 3 || weights.size() != d) {
            throw new IllegalArgumentException("grid CG needs a grid of 1 to 3 axes and one weight tensor per axis, "
                    + "got grid " + grid + " and " + weights.size() + " weight tensors");
        }
        int[] weightOffsets = new int[d];
        for (int k = 0; k < d; k++) {
            Tensor w = weights.get(k);
            Shape expected = grid.with(k, grid.dim(k) - 1);
            if (!w.shape().equals(expected)) {
                throw new IllegalArgumentException("the weights of axis " + k + " of grid " + grid + " must have shape "
                        + expected + ", got " + w.shape());
            }
            backend.requireFloat32(w.dtype(), "grid CG weights");
            weightOffsets[k] = backend.block(w).offset;
        }
        DeviceBlock rhs = backend.block(p);
        DeviceProgram program = rhs.program;
        int[] sizes = grid.dims();
        Tensor x = backend.allocate(grid);
        DeviceBlock solution = backend.block(x);
        program.fill(solution, 0f);
        double pp = program.dot(rhs, rhs);
        if (pp == 0) {
            return new Result(x, 0, 0, true);
        }
        try (DeviceBlock r = program.allocate(rhs.length);
                DeviceBlock direction = program.allocate(rhs.length);
                DeviceBlock q = program.allocate(rhs.length)) {
            // r_0 = d_0 = p, copied as p + 0 p
            program.axpy(rhs, 0f, rhs, r);
            program.axpy(rhs, 0f, rhs, direction);
            double rr = pp;
            double threshold = tolerance * tolerance * pp;
            int iteration = 0;
            while (rr > threshold && iteration < maxIterations && Double.isFinite(rr)) {
                program.gridApply(sizes, weightOffsets, direction, q);
                double alpha = rr / program.dot(direction, q);
                program.axpy(solution, (float) alpha, direction, solution);
                program.axpy(r, (float) -alpha, q, r);
                double next = program.dot(r, r);
                program.axpy(r, (float) (next / rr), direction, direction);
                rr = next;
                iteration++;
            }
            return new Result(x, iteration, Math.sqrt(rr / pp), rr <= threshold);
        }
    }
}
