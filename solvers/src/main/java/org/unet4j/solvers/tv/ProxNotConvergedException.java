package org.unet4j.solvers.tv;

/**
 * An iterative total-variation proximal solve reached its iteration cap before its certified distance to the
 * exact solution fell below the tolerance. The message names the iterations, the bound reached and the fix.
 */
public final class ProxNotConvergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int iterations;
    private final double distanceBound;

    ProxNotConvergedException(String solver, int iterations, double distanceBound, double tolerance) {
        super(solver + " did not converge: after " + iterations + " iterations the certified distance to the exact "
                + "solution is " + distanceBound + " > tolerance " + tolerance + "; raise maxIterations or the "
                + "tolerance");
        this.iterations = iterations;
        this.distanceBound = distanceBound;
    }

    /** Iterations run. */
    public int iterations() {
        return iterations;
    }

    /** The certified bound {@code sqrt(2 gap)} on {@code |x - x*|_2} when the solve stopped. */
    public double distanceBound() {
        return distanceBound;
    }
}
