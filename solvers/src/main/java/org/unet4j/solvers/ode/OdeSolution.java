package org.unet4j.solvers.ode;

import java.util.List;
import java.util.Optional;

/**
 * The result of a solve: the state at each requested time (the first being the initial state) and what the solve
 * cost. Solves whose gradients come from a backward solve ({@link Gradients#ADJOINT},
 * {@link Gradients#CHECKPOINTED}) also report the cost of the latest backward pass once one has run.
 *
 * @param <S> the state type
 */
public final class OdeSolution<S> {
    private final double[] times;
    private final List<S> states;
    private final OdeStatistics statistics;
    private volatile OdeStatistics backwardStatistics;

    OdeSolution(double[] times, List<S> states, OdeStatistics statistics) {
        this.times = times.clone();
        this.states = List.copyOf(states);
        this.statistics = statistics;
    }

    /** The requested times, in the order given. */
    public double[] times() {
        return times.clone();
    }

    /** The states at {@link #times()}, one per time. */
    public List<S> states() {
        return states;
    }

    /** The state at {@code times()[i]}. */
    public S state(int i) {
        return states.get(i);
    }

    /** The state at the last requested time. */
    public S last() {
        return states.get(states.size() - 1);
    }

    /** Evaluations and steps of the forward solve. */
    public OdeStatistics statistics() {
        return statistics;
    }

    /** Evaluations and steps of the latest backward pass, for the adjoint and checkpointed modes. */
    public Optional<OdeStatistics> backwardStatistics() {
        return Optional.ofNullable(backwardStatistics);
    }

    void recordBackward(OdeStatistics cost) {
        backwardStatistics = cost;
    }

    @Override
    public String toString() {
        return "OdeSolution[" + states.size() + " times from " + times[0] + " to " + times[times.length - 1] + "; "
                + statistics + "]";
    }
}
