package org.unet4j.solvers.linear;

/**
 * A symmetric positive definite approximation {@code M} of an operator {@code A}, applied as {@code z = M^-1 r}.
 * {@link ConjugateGradient} needs {@code M^-1} symmetric and positive definite (a fixed linear map): a
 * non-symmetric or iteration-dependent preconditioner breaks the conjugacy the method relies on.
 *
 * <p>The three of this package: {@link #IDENTITY} (plain CG), {@link JacobiPreconditioner} (the diagonal) and
 * {@link GridMultigrid} (one symmetric V-cycle).
 */
public interface Preconditioner {

    /** {@code M = I}: conjugate gradient without preconditioning. */
    Preconditioner IDENTITY = new Preconditioner() {
        @Override
        public void apply(double[] r, double[] z) {
            System.arraycopy(r, 0, z, 0, r.length);
        }

        @Override
        public String toString() {
            return "identity";
        }
    };

    /**
     * Writes {@code z = M^-1 r}; {@code r} and {@code z} are distinct arrays and {@code r} is left unchanged. An
     * implementation allocates nothing here (it sits in the inner loop of {@link ConjugateGradient}).
     */
    void apply(double[] r, double[] z);
}
