package org.unet4j.solvers.linear;

/** How an iterative solver measures a residual {@code r} of length {@code n} against its tolerance. */
public enum ResidualNorm {
    /** {@code ||r||_2}, the usual choice (SciPy's {@code cg} uses it, relative to {@code ||b||_2}). */
    EUCLIDEAN,
    /**
     * {@code (1/n) sum_i |r_i|}. The SoftCut thesis stops CG when {@code sum |r| < 1e-6 b h w} over a batch of
     * {@code b} images of {@code h x w} pixels (Section 3), i.e. when this mean is below {@code 1e-6}; here it is
     * applied to each system on its own, so no image of a batch can hide behind the others.
     */
    MEAN_ABSOLUTE
}
