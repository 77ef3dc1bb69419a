package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A solve that cannot finish fails with the time reached, the step size and the number of steps. */
class IntegrationFailureTest {
    /** y' = y^2, y(0) = 1 has the solution 1 / (1 - t), which blows up at t = 1. */
    private static final OdeSystem<double[]> BLOW_UP = (t, y) -> new double[] {y[0] * y[0]};

    @Test
    void runningOutOfStepsReportsWhereTheSolveStopped() {
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(Problems.forcedRotation(0.3, 2), new double[] {1, 0}, new double[] {0, 100},
                        OdeOptions.method("dopri5").rtol(1e-10).maxSteps(50)));
        assertEquals(50, e.steps());
        assertTrue(e.time() > 0 && e.time() < 100, "time reached " + e.time());
        assertTrue(e.stepSize() > 0, "step size " + e.stepSize());
        assertTrue(e.getMessage().startsWith("maximum number of steps (maxSteps = 50) exceeded at t = "),
                e.getMessage());
    }

    @Test
    void aSingularityMakesTheStepSizeUnderflowJustBeforeIt() {
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(BLOW_UP, new double[] {1}, new double[] {0, 2},
                        OdeOptions.method("dopri5").minStep(1e-8)));
        assertTrue(e.getMessage().startsWith("step size underflow"), e.getMessage());
        assertTrue(Math.abs(e.time() - 1) < 1e-3, "stopped at t = " + e.time());
        assertTrue(Math.abs(e.stepSize()) < 1e-8, "step size " + e.stepSize());
        assertTrue(e.steps() > 0);
    }

    @Test
    void withoutAMinimumStepTheSolveStopsAtTheResolutionOfTime() {
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(BLOW_UP, new double[] {1}, new double[] {0, 2}, OdeOptions.method("dopri5")));
        assertTrue(e.getMessage().startsWith("step size underflow"), e.getMessage());
        assertTrue(Math.abs(e.time() - 1) < 1e-3, "stopped at t = " + e.time());
        assertTrue(Math.abs(e.stepSize()) <= Math.ulp(2.0), "step size " + e.stepSize());
    }

    @Test
    void aRightHandSideUndefinedBeyondSomeTimeEndsTheSolveThereAfterFewAttempts() {
        OdeSystem<double[]> undefinedAfterHalf = (t, y) -> new double[] {1 / Math.sqrt(0.5 - t)};
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(undefinedAfterHalf, new double[] {0}, new double[] {0, 1},
                        OdeOptions.method("dopri5")));
        assertTrue(e.getMessage().startsWith("step size underflow"), e.getMessage());
        assertTrue(e.time() < 0.5 && e.time() > 0.49, "stopped at t = " + e.time());
        assertTrue(e.steps() < 1000, "gave up after " + e.steps() + " attempts");
    }

    @Test
    void aRightHandSideNotFiniteAtTheStartLeavesNoStartingStep() {
        OdeSystem<double[]> overflowing = (t, y) -> new double[] {y[0] * 1e300};
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(overflowing, new double[] {1e10}, new double[] {0, 1}, OdeOptions.method("dopri5")));
        assertTrue(e.getMessage().startsWith("no starting step: the right-hand side is not finite near the initial "
                + "state at t = 0"), e.getMessage());
        assertEquals(0, e.steps());
    }
}
