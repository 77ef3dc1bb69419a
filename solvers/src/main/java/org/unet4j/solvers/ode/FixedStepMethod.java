package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the fixed-step methods. Each output interval [t_i, t_{i+1}] is split into n_i equal steps of size
 * h_i = (t_{i+1} - t_i) / n_i, with n_i from the {@link FixedSteps} grid, so every
 * requested time is a grid point: outputs are never interpolated, and a step never crosses a requested time. Step
 * j of interval i starts at t_i + j h_i. Subclasses supply the {@link Stepper} that advances one step. A state
 * that turns NaN or infinite fails the solve with an {@link OdeIntegrationException} naming the step.
 */
abstract class FixedStepMethod extends OdeMethod {
    /** Advances a state by one step; may keep history (slopes of earlier steps) between calls of one solve. */
    interface Stepper<S> {
        /** The state at t + h from the state y at t. */
        S advance(double t, double h, S y);
    }

    /** A fresh stepper for one solve. */
    abstract <S> Stepper<S> stepper(OdeSystem<S> f, StateSpace<S> space);

    @Override
    List<String> acceptedOptions() {
        return List.of("stepSize", "steps");
    }

    @Override
    final <S> OdeSolution<S> integrate(OdeSystem<S> f, S y0, double[] times, StateSpace<S> space,
            OdeOptions options, StepObserver<S> observer) {
        FiniteStates.requireFiniteStart(space, y0);
        CountingSystem<S> counted = new CountingSystem<>(f, space);
        Stepper<S> stepper = stepper(counted, space);
        FixedSteps grid = options.fixedSteps();
        List<S> states = new ArrayList<>(times.length);
        states.add(y0);
        S y = y0;
        int step = 0;
        for (int i = 0; i + 1 < times.length; i++) {
            int n = grid.stepsOver(times[i], times[i + 1]);
            double h = (times[i + 1] - times[i]) / n;
            for (int j = 0; j < n; j++) {
                double t = times[i] + j * h;
                observer.stepAccepted(step, t, h, y);
                y = stepper.advance(t, h, y);
                step++;
                FiniteStates.requireFiniteAfterStep(space, y, t, h, step);
            }
            observer.outputPlaced(i + 1, step - 1, 1);
            states.add(y);
        }
        return new OdeSolution<>(times, states, new OdeStatistics(counted.evaluations(), step, 0));
    }
}
