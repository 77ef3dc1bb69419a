package org.unet4j.solvers.linear;

import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.GridKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Conjugate gradients for a batch of SoftCut systems {@code (I + L_w) x = b} on grids of {@code d >= 1} axes, with
 * every vector a tensor on b's device, computed by that device's {@link GridKernels} in b's type: per iteration one
 * matrix-vector product, three vector updates and two or three segmented sums, of which only per-system scalars
 * reach the host. On an OpenCL device the whole solve stays there; on the host the primitives are plain loops.
 *
 * <p>Layout: b has shape {@code [m_0, ..., m_(a-1), n_0, ..., n_(d-1)]}; its last d axes are the grid and every
 * index of the leading axes (none, or for SoftCut sample and channel) is one independent system. Axis k's weights
 * have b's shape with {@code n_k - 1} along grid axis k, entry e being the weight {@code w >= 0} of the edge between
 * grid points e and {@code e + e_k}: the matrix of each system is {@link GridLaplacianSystem}'s.
 *
 * <p>Each system runs {@link ConjugateGradient}'s iteration (Hestenes and Stiefel, no preconditioner), from the
 * initial guess {@code x_0} with {@code r_0 = d_0 = b - A x_0}:
 * <pre>
 *   q = A d,  alpha = (r . r) / (d . q),  x += alpha d,  r -= alpha q,
 *   beta = (r_new . r_new) / (r . r),  d = r + beta d
 * </pre>
 * and stops by its {@link StoppingRule} on the recursively updated residual,
 * {@code norm(r) <= max(rtol norm(b), atol)}; a stopped system keeps its x (its step sizes are 0) while the others
 * go on, until all have stopped or {@code maxIterations} iterations have run.
 */
public final class GridConjugateGradient {
    private static final String NAME = "conjugate gradient";
    private final StoppingRule rule;

    /** A solver that stops each system by {@code rule}. */
    public GridConjugateGradient(StoppingRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rule must not be null");
        }
        this.rule = rule;
    }

    /**
     * The outcome of a batched solve.
     *
     * @param solution x, a tensor of b's shape, type and device
     * @param summary  iterations run (by the system that ran longest), and the final residual and threshold of the
     *                 system furthest from its tolerance; converged when every system met its tolerance
     */
    public record Result(Tensor solution, IterativeSolveResult summary) {
    }

    /**
     * Solves every system of the batch on b's device.
     *
     * @param b       the right-hand sides, a tensor whose last {@code weights.size()} axes are the grid
     * @param weights one tensor per grid axis, of b's type and device (shapes in the class comment)
     * @param start   the initial guess {@code x_0}, of b's shape, type and device (b itself for the SoftCut thesis's
     *                warm start); not modified
     * @throws IllegalArgumentException     for tensors on different devices, no weights, more grid axes than b has,
     *                                      or tensors of the wrong shape or of different types
     * @throws NotPositiveDefiniteException if a direction with {@code d . A d <= 0} shows a matrix is not positive
     *                                      definite (a negative or non-finite weight)
     * @throws NotConvergedException        if a system did not meet its tolerance and the rule says to throw
     */
    public Result solve(Tensor b, List<Tensor> weights, Tensor start) {
        Shape shape = b.shape();
        int d = weights.size();
        int lead = shape.rank() - d;
        if (d < 1 || lead < 0) {
            throw new IllegalArgumentException("grid CG needs at least one weight tensor and a grid axis of b for "
                    + "each, got " + d + " weight tensors for b of shape " + shape);
        }
        requireLike(b, start, "the initial guess", shape);
        int[] sizes = Arrays.copyOfRange(shape.dims(), lead, shape.rank());
        for (int k = 0; k < d; k++) {
            requireLike(b, weights.get(k), "the weights of grid axis " + k, shape.with(lead + k, sizes[k] - 1));
        }
        Backend backend = b.device().backend();
        GridKernels grid = backend.grid();
        int points = Shape.of(sizes).size();
        int systems = points == 0 ? 0 : shape.size() / points;
        Tensor x = copy(backend, start);
        Tensor r = backend.zeros(shape, b.dtype());
        Tensor direction = backend.zeros(shape, b.dtype());
        Tensor q = backend.zeros(shape, b.dtype());
        grid.apply(x, weights, q);
        grid.axpy(b, filled(systems, -1), q, r);
        backend.assign(direction, new int[shape.rank()], r);
        double[] threshold = norms(grid, b, null, points);
        for (int s = 0; s < systems; s++) {
            threshold[s] = rule.threshold(threshold[s]);
        }
        double[] rr = grid.dots(r, r, points);
        double[] norm = norms(grid, r, rr, points);
        boolean[] active = new boolean[systems];
        boolean anyActive = update(active, norm, threshold);
        int iteration = 0;
        while (anyActive && iteration < rule.maxIterations()) {
            grid.apply(direction, weights, q);
            double[] curvature = grid.dots(direction, q, points);
            double[] alpha = new double[systems];
            for (int s = 0; s < systems; s++) {
                if (active[s]) {
                    if (!(curvature[s] > 0)) {
                        throw new NotPositiveDefiniteException("grid conjugate gradient on " + b.device()
                                + " found d . A d = " + curvature[s] + " in system " + s + " at iteration "
                                + (iteration + 1) + ": the matrix is not positive definite; edge weights must be "
                                + "finite and >= 0");
                    }
                    alpha[s] = rr[s] / curvature[s];
                }
            }
            grid.axpy(x, alpha, direction, x);
            grid.axpy(r, negated(alpha), q, r);
            iteration++;
            double[] next = grid.dots(r, r, points);
            norm = norms(grid, r, next, points);
            anyActive = update(active, norm, threshold);
            double[] beta = new double[systems];
            for (int s = 0; s < systems; s++) {
                beta[s] = active[s] ? next[s] / rr[s] : 0;
            }
            grid.axpy(r, beta, direction, direction);
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
        IterativeSolveResult summary = systems == 0 ? new IterativeSolveResult(0, 0, 0, rule.norm(), true)
                : new IterativeSolveResult(iteration, norm[worst], threshold[worst], rule.norm(), converged);
        return new Result(x, rule.finish(NAME + " on " + b.device(), summary));
    }

    /** The stopping rule. */
    public StoppingRule rule() {
        return rule;
    }

    @Override
    public String toString() {
        return "GridConjugateGradient[" + rule + "]";
    }

    private static void requireLike(Tensor b, Tensor t, String what, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException("grid CG: " + what + " must have shape " + expected + " for b of shape "
                    + b.shape() + ", got " + t.shape());
        }
        if (t.device() != b.device()) {
            throw new IllegalArgumentException("grid CG: " + what + " is on " + t.device() + ", b on " + b.device()
                    + "; move them to one device with to(device)");
        }
        if (t.dtype() != b.dtype()) {
            throw new IllegalArgumentException("grid CG: " + what + " is " + t.dtype() + ", b is " + b.dtype()
                    + "; convert them to one type with to(DType)");
        }
    }

    private static Tensor copy(Backend backend, Tensor t) {
        Tensor out = backend.zeros(t.shape(), t.dtype());
        backend.assign(out, new int[t.shape().rank()], t);
        return out;
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

    /**
     * Per system, the stopping rule's norm of v, whose squared 2-norms are {@code squares} when already known
     * (else null).
     */
    private double[] norms(GridKernels grid, Tensor v, double[] squares, int points) {
        if (rule.norm() == ResidualNorm.MEAN_ABSOLUTE) {
            double[] sums = grid.absoluteSums(v, points);
            for (int s = 0; s < sums.length; s++) {
                sums[s] /= points;
            }
            return sums;
        }
        double[] out = squares == null ? grid.dots(v, v, points) : squares.clone();
        for (int s = 0; s < out.length; s++) {
            out[s] = Math.sqrt(out[s]);
        }
        return out;
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
