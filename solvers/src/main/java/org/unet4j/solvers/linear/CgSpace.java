package org.unet4j.solvers.linear;

/**
 * The vectors of a batch of independent systems {@code A_s x_s = b_s} and the operations {@link ConjugateGradient}'s
 * iteration performs on them, so that one iteration serves every kind of storage: {@code double[]} on the host
 * (one system, the loops of {@link VectorOps}) and tensors on any device (a batch of grid systems, the device's
 * {@code GridKernels}). Per-system scalars cross as {@code double[]} of length {@link #systems()}.
 *
 * @param <V> a vector of the batch (all systems)
 */
interface CgSpace<V> {

    /** Number of systems in the batch. */
    int systems();

    /** Unknowns per system. */
    int size();

    /** {@code out = A v}; out is distinct from v. */
    void apply(V v, V out);

    /** {@code r = b - q}. */
    void residual(V b, V q, V r);

    /** Whether there is a preconditioner; without one, z is r itself. */
    boolean preconditioned();

    /** {@code z = M^-1 r}. */
    void precondition(V r, V z);

    /** {@code to = from}. */
    void copy(V from, V to);

    /** Per system, {@code a . b}. */
    double[] dots(V a, V b);

    /** Per system, {@code sum |v_i|}. */
    double[] absoluteSums(V v);

    /** Per system, {@code x += alpha p} and {@code r -= alpha q}, returning the new {@code r . r}. */
    double[] updateSolutionAndResidual(double[] alpha, V p, V q, V x, V r);

    /** Per system, {@code p = z + beta p}. */
    void updateDirection(V z, double[] beta, V p);

    /**
     * The systems still iterating, called before each iteration. A system once stopped stays stopped: its step sizes
     * are 0 and its scalars are not read again, so a space may skip it in every operation from now on. By default
     * every system is still computed.
     */
    default void restrictTo(boolean[] active) {
    }

    /** Where the systems live, for messages (e.g. {@code opencl:0}); empty on the host. */
    String where();
}
