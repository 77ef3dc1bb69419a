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
    void withoutAMinimumStepTheSolveStopsWhenTheStepNoLongerMovesTime() {
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(BLOW_UP, new double[] {1}, new double[] {0, 2}, OdeOptions.method("dopri5")));
        assertTrue(Math.abs(e.time() - 1) < 1e-3, "stopped at t = " + e.time());
        assertTrue(e.time() + e.stepSize() == e.time() || e.getMessage().contains("maxSteps"), e.getMessage());
    }
}
