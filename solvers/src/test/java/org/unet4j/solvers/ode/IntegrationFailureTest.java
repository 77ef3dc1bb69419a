package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

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

    /**
     * rk4 on y' = y^2 from 1 over [0, 2] with 8 steps jumps past the blow-up at t = 1: the state overflows in the
     * step from t = 1.5 and the solve used to return Infinity; it now fails there. (With 4 steps the state stays
     * finite, 4.3e172: a fixed-step method has no error estimate to notice that, only Dopri5 does.)
     */
    @Test
    void aFixedStepStateThatOverflowsFailsTheSolveAtThatStep() {
        for (String method : List.of("euler", "midpoint", "heun", "rk4", "ab2", "abm2")) {
            OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                    () -> Odeint.solve(BLOW_UP, new double[] {1}, new double[] {0, 2},
                            OdeOptions.method(method).steps(64)), method);
            assertTrue(e.getMessage().startsWith("the state became non-finite (component 0 = Infinity) in the step at "
                    + "t = "), e.getMessage());
            assertTrue(e.time() >= 1 - 0.25 && e.time() < 2, method + " failed at t = " + e.time());
            assertEquals(2.0 / 64, e.stepSize(), method);
        }
        OdeIntegrationException rk4 = assertThrows(OdeIntegrationException.class, () -> Odeint.solve(BLOW_UP,
                new double[] {1}, new double[] {0, 2}, OdeOptions.method("rk4").steps(8)));
        assertEquals(1.5, rk4.time());
        assertEquals(7, rk4.steps());
    }

    /** Euler on y' = log y from 0.5 with h = 0.5 steps to y < 0, where log is NaN: it used to return NaN. */
    @Test
    void aFixedStepStateThatTurnsNaNFailsTheSolve() {
        OdeSystem<double[]> logarithm = (t, y) -> new double[] {Math.log(y[0])};
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class, () -> Odeint.solve(logarithm,
                new double[] {0.5}, new double[] {0, 2}, OdeOptions.method("euler").stepSize(0.5)));
        assertEquals("the state became non-finite (component 0 = NaN) in the step at t = 1.0000000000000000 with step "
                + "size h = 5.000e-01 after 3 steps", e.getMessage());
    }

    /** The same check on a float32 tensor state, made on the tensor's device. */
    @Test
    void aTensorStateThatOverflowsFailsTheSolve() {
        OdeFunction square = OdeFunction.of(List.of(), (t, z) -> z.mul(z));
        Tensor z0 = Tensor.of(new float[] {0.5f, 1, 0.25f}, 3);
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> Odeint.solve(square, z0, new double[] {0, 2}, OdeOptions.method("rk4").steps(16)));
        assertTrue(e.getMessage().startsWith("the state became non-finite (component 1 = "), e.getMessage());
        assertTrue(e.time() >= 0.75 && e.time() < 2, "failed at t = " + e.time());
    }

    @Test
    void aNonFiniteInitialStateIsRefused() {
        for (String method : List.of("rk4", "dopri5")) {
            OdeOptions options = method.equals("rk4") ? OdeOptions.method(method).steps(2) : OdeOptions.method(method);
            assertEquals("the initial state is not finite (component 1 = NaN)",
                    assertThrows(IllegalArgumentException.class, () -> Odeint.solve(Problems.exponential(-1),
                            new double[] {1, Double.NaN}, new double[] {0, 1}, options)).getMessage());
        }
    }
}
