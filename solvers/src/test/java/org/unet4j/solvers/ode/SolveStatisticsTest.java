package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every solve reports what it cost, and the counts follow from each method's stages and steps. */
class SolveStatisticsTest {
    private static final OdeSystem<double[]> F = Problems.forcedRotation(0.3, 2);
    private static final double[] TIMES = {0, 0.5, 1.5};

    private static OdeStatistics cost(OdeOptions options) {
        return Odeint.solve(F, new double[] {1, 0}, TIMES, options).statistics();
    }

    @Property(tries = 20)
    void fixedStepMethodsCostTheirStagesTimesTheirSteps(@ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 4) int correctors) {
        int steps = 2 * n;
        assertEquals(new OdeStatistics(steps, steps, 0), cost(OdeOptions.method("euler").steps(n)));
        assertEquals(new OdeStatistics(2 * steps, steps, 0), cost(OdeOptions.method("midpoint").steps(n)));
        assertEquals(new OdeStatistics(2 * steps, steps, 0), cost(OdeOptions.method("heun").steps(n)));
        assertEquals(new OdeStatistics(4 * steps, steps, 0), cost(OdeOptions.method("rk4").steps(n)));
        assertEquals(new OdeStatistics(4 + (steps - 1), steps, 0), cost(OdeOptions.method("ab2").steps(n)));
        assertEquals(new OdeStatistics(4 + (steps - 1) * (correctors + 1), steps, 0),
                cost(OdeOptions.method("abm2").steps(n).correctorIterations(correctors)));
    }

    @Test
    void aStepSizeSplitsEachIntervalIntoEqualStepsNoLargerThanIt() {
        // [0, 0.5] takes ceil(0.5 / 0.15) = 4 steps, [0.5, 1.5] takes ceil(1 / 0.15) = 7
        assertEquals(new OdeStatistics(11, 11, 0), cost(OdeOptions.method("euler").stepSize(0.15)));
        // 0.5 / 0.1 and 1 / 0.1 are 5 and 10 up to rounding, which must not add a step
        assertEquals(new OdeStatistics(15, 15, 0), cost(OdeOptions.method("euler").stepSize(0.1)));
    }

    @Test
    void dormandPrinceCostsSixEvaluationsPerAttemptPlusItsStart() {
        OdeStatistics estimated = cost(OdeOptions.method("dopri5").rtol(1e-8));
        assertEquals(2 + 6 * (estimated.acceptedSteps() + estimated.rejectedSteps()),
                estimated.functionEvaluations(), "f(t0, y0), the starting-step trial, six per attempt");
        OdeStatistics given = cost(OdeOptions.method("dopri5").rtol(1e-8).firstStep(0.01));
        assertEquals(1 + 6 * (given.acceptedSteps() + given.rejectedSteps()), given.functionEvaluations());
    }
}
