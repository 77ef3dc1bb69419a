package org.unet4j.solvers.ode;

/**
 * How a method chooses its steps: a fixed grid ({@link FixedSteps}) for the fixed-step methods, error control
 * ({@link AdaptiveSteps}) for the adaptive one. Each record checks its values when it is made.
 */
public sealed interface StepControl permits FixedSteps, AdaptiveSteps {
    /** The same control for integrating the other way: signed step sizes change sign. */
    StepControl reversed();
}
