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
        int points = Shape.of(sizes).size();
        TensorSpace space = new TensorSpace(backend, weights, shape, points, b);
        Tensor x = copy(backend, start);
        Tensor r = backend.zeros(shape, b.dtype());
        Tensor direction = backend.zeros(shape, b.dtype());
        Tensor q = backend.zeros(shape, b.dtype());
        IterativeSolveResult summary = ConjugateGradient.iterate(rule, space, b, x, r, r, direction, q);
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

    /** The batch on b's device: the device's grid primitives, every vector a tensor of b's shape there. */
    private record TensorSpace(Backend backend, List<Tensor> weights, Shape shape, int size, Tensor b)
            implements CgSpace<Tensor> {

        private GridKernels grid() {
            return backend.grid();
        }

        @Override
        public int systems() {
            return size == 0 ? 0 : shape.size() / size;
        }

        @Override
        public void apply(Tensor v, Tensor out) {
            grid().apply(v, weights, out);
        }

        @Override
        public void residual(Tensor rhs, Tensor q, Tensor r) {
            grid().axpy(rhs, filled(systems(), -1), q, r);
        }

        @Override
        public boolean preconditioned() {
            return false;
        }

        @Override
        public void precondition(Tensor r, Tensor z) {
            throw new UnsupportedOperationException("the grid CG has no preconditioner");
        }

        @Override
        public void copy(Tensor from, Tensor to) {
            backend.assign(to, new int[shape.rank()], from);
        }

        @Override
        public double[] dots(Tensor u, Tensor v) {
            return grid().dots(u, v, size);
        }

        @Override
        public double[] absoluteSums(Tensor v) {
            return grid().absoluteSums(v, size);
        }

        @Override
        public double[] updateSolutionAndResidual(double[] alpha, Tensor p, Tensor q, Tensor x, Tensor r) {
            grid().axpy(x, alpha, p, x);
            grid().axpy(r, negated(alpha), q, r);
            return grid().dots(r, r, size);
        }

        @Override
        public void updateDirection(Tensor z, double[] beta, Tensor p) {
            grid().axpy(z, beta, p, p);
        }

        @Override
        public String where() {
            return " on " + b.device();
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
}
