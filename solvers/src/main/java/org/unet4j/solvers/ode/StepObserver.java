package org.unet4j.solvers.ode;

/**
 * Listens to the accepted steps of a solve and to where each requested time falls among them; the checkpointed
 * gradient mode uses this to replay segments of the solve.
 */
interface StepObserver<S> {
    /** Step {@code index} (counting accepted steps from 0) went from {@code t} by {@code h}, starting at {@code start}. */
    void stepAccepted(int index, double t, double h, S start);

    /** Output {@code output} (1 for the first time after the initial one) is the state at fraction {@code theta} of step {@code step}; 1 is its end. */
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
