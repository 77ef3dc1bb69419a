package org.unet4j.solvers.ode;

/**
 * Listens to the accepted steps of a solve and to where each requested time falls among them; the checkpointed
 * gradient mode uses this to replay segments of the solve.
 */
interface StepObserver<S> {
    /** Accepted step {@code index} (counted from 0) went from {@code t} by {@code h}, starting at {@code start}. */
    void stepAccepted(int index, double t, double h, S start);

    /**
     * Output {@code output} (1 for the first time after the initial one) is the state at fraction {@code theta} of
     * accepted step {@code step}; 1 is the step's end.
     */
    void outputPlaced(int output, int step, double theta);

    /** An observer that ignores everything. */
    static <S> StepObserver<S> none() {
        return new StepObserver<>() {
            @Override
            public void stepAccepted(int index, double t, double h, S start) {
            }

            @Override
            public void outputPlaced(int output, int step, double theta) {
            }
        };
    }
}
