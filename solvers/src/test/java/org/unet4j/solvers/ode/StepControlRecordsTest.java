package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The options are typed records: a fixed-step method holds a {@link FixedSteps} grid, the adaptive method
 * {@link AdaptiveSteps}, every solve {@link GradientOptions}; the fluent setters and the records describe the same
 * solve, and a record of the wrong kind is refused when it is set.
 */
class StepControlRecordsTest {
    private static final OdeSystem<double[]> DECAY = Problems.exponential(-1);

    private static double[] solve(OdeOptions options) {
        return Odeint.solve(DECAY, new double[] {1}, new double[] {0, 0.5, 1}, options).last();
    }

    @Test
    void theFluentSettersFillTheRecords() {
        assertEquals(Optional.of(FixedSteps.count(8)), OdeOptions.method("rk4").steps(8).stepControl());
        assertEquals(Optional.of(FixedSteps.size(0.25)), OdeOptions.method("euler").stepSize(0.25).stepControl());
        assertEquals(Optional.empty(), OdeOptions.method("heun").stepControl());
        assertEquals(Optional.of(AdaptiveSteps.DEFAULTS.withRtol(1e-8).withMaxSteps(70)),
                OdeOptions.method("dopri5").rtol(1e-8).maxSteps(70).stepControl());
        assertEquals(GradientOptions.checkpointed(3),
                OdeOptions.method("rk4").steps(6).gradients("checkpointed").checkpointEvery(3).gradientOptions());
        assertEquals(OptionalInt.empty(), OdeOptions.method("rk4").gradients(Gradients.ADJOINT).checkpointEvery());
    }

    @Test
    void aRecordGivenWholeSolvesAsTheSettersDo() {
        assertArrayEquals(solve(OdeOptions.method("rk4").steps(5)),
                solve(OdeOptions.method("rk4").stepControl(FixedSteps.count(5))), 0);
        assertArrayEquals(solve(OdeOptions.method("dopri5").rtol(1e-9).atol(1e-12)),
                solve(OdeOptions.method("dopri5").stepControl(AdaptiveSteps.DEFAULTS.withRtol(1e-9).withAtol(1e-12))),
                0);
    }

    @Test
    void aRecordOfTheWrongKindIsRefused() {
        assertEquals("method 'rk4' takes fixed steps (stepSize, steps), not rtol=1.0E-6",
                assertThrows(IllegalArgumentException.class, () -> OdeOptions.method("rk4")
                        .stepControl(AdaptiveSteps.DEFAULTS.withRtol(1e-6))).getMessage());
        assertEquals("checkpointEvery must not be null; give OptionalInt.empty() for none", assertThrows(
                IllegalArgumentException.class, () -> new GradientOptions(Gradients.ADJOINT, null)).getMessage());
        assertEquals("method 'dopri5' takes adaptive steps (rtol, atol, safety, ifactor, dfactor, minStep, maxStep, "
                + "firstStep, maxSteps), not steps=4", assertThrows(IllegalArgumentException.class,
                        () -> OdeOptions.method("dopri5").stepControl(FixedSteps.count(4))).getMessage());
    }

    @Test
    void aGridCountsItsStepsAndReversesItsSign() {
        assertEquals(4, FixedSteps.size(0.25).stepsOver(0, 1));
        assertEquals(5, FixedSteps.size(0.24).stepsOver(0, 1));
        assertEquals(FixedSteps.size(-0.25), FixedSteps.size(0.25).reversed());
        assertEquals(-0.01, AdaptiveSteps.DEFAULTS.withFirstStep(0.01).reversed().firstStep());
    }

    @Test
    void correctorIterationsBelongToThePredictorCorrector() {
        assertEquals("OdeOptions[method=abm2(correctorIterations=3), steps=4]",
                OdeOptions.method("abm2").correctorIterations(3).steps(4).toString());
        assertEquals("OdeOptions[method=dopri5, rtol=1.0E-8, gradients=ADJOINT]",
                OdeOptions.method("dopri5").rtol(1e-8).gradients(Gradients.ADJOINT).toString());
    }
}
