package org.unet4j.solvers.linear;

/**
 * An iterative solve hit its iteration cap (or a non-finite residual) before meeting its tolerance, and its
 * {@link StoppingRule} asked for an exception rather than a report. The report is attached.
 */
public final class NotConvergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final transient IterativeSolveResult result;

    public NotConvergedException(String solver, IterativeSolveResult result) {
        super(solver + " did not converge: " + result);
        this.result = result;
    }

    /** With {@code remedy}, what the caller can change, appended to the message. */
    public NotConvergedException(String solver, IterativeSolveResult result, String remedy) {
        super(solver + " did not converge: " + result + ". " + remedy);
        this.result = result;
    }

    /** The state the solve stopped in. */
    public IterativeSolveResult result() {
        return result;
    }
}
