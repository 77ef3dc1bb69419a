package org.unet4j.solvers.ode;

/**
 * What a solve cost: right-hand side evaluations (for the adjoint's backward solve, evaluations of the augmented
 * system, each one f and one vector-Jacobian product), accepted steps and rejected step attempts.
 */
public record OdeStatistics(int functionEvaluations, int acceptedSteps, int rejectedSteps) {
    /** The costs of two solves added together. */
    public OdeStatistics plus(OdeStatistics other) {
        return new OdeStatistics(functionEvaluations + other.functionEvaluations, acceptedSteps + other.acceptedSteps,
                rejectedSteps + other.rejectedSteps);
    }

    @Override
    public String toString() {
        return functionEvaluations + " evaluations, " + acceptedSteps + " accepted steps, " + rejectedSteps
                + " rejected";
    }
}
