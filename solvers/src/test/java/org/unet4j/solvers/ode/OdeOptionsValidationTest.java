package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.unet4j.autodiff.Tensor;

/** Options are checked before any integration, and each message names the option that is wrong and why. */
class OdeOptionsValidationTest {
    private static final OdeSystem<double[]> DECAY = Problems.exponential(-1);
    private static final double[] FORWARD = {0, 1};
    private static final double[] BACKWARD = {1, 0};

    private static void assertMessage(String expected, Executable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action).getMessage());
    }

    private static void solve(double[] times, OdeOptions options) {
        Odeint.solve(DECAY, new double[] {1}, times, options);
    }

    @Test
    void valuesOutOfRangeAreRejectedWhenSet() {
        assertMessage("rtol must be > 0, got 0", () -> OdeOptions.method("dopri5").rtol(0));
        assertMessage("rtol must be > 0, got -0.00100000", () -> OdeOptions.method("dopri5").rtol(-1e-3));
        assertMessage("atol must be >= 0, got -1", () -> OdeOptions.method("dopri5").atol(-1));
        assertMessage("safety must be in (0, 1], got 1.50000", () -> OdeOptions.method("dopri5").safety(1.5));
        assertMessage("ifactor must be >= 1, got 0.500000", () -> OdeOptions.method("dopri5").ifactor(0.5));
        assertMessage("dfactor must be in (0, 1], got 0", () -> OdeOptions.method("dopri5").dfactor(0));
        assertMessage("maxSteps must be >= 1, got 0", () -> OdeOptions.method("dopri5").maxSteps(0));
        assertMessage("stepSize must be finite and non-zero, got 0", () -> OdeOptions.method("rk4").stepSize(0));
        assertMessage("steps must be >= 1, got 0", () -> OdeOptions.method("rk4").steps(0));
        assertMessage("correctorIterations must be >= 1, got 0",
                () -> OdeOptions.method("abm2").correctorIterations(0));
        assertMessage("checkpointEvery must be >= 1, got -2", () -> OdeOptions.method("rk4").checkpointEvery(-2));
    }

    @Test
    void anUnknownMethodNameListsTheKnownOnes() {
        assertMessage("unknown ODE method 'rk5'; known methods: euler, midpoint, heun, rk4, ab2, abm2, dopri5",
                () -> OdeOptions.method("rk5"));
        assertMessage("unknown gradient mode 'adjoin'; known modes: backprop, adjoint, checkpointed",
                () -> Gradients.named("adjoin"));
    }

    @Test
    void aStepOfTheWrongSignIsRejected() {
        assertMessage("stepSize -0.100000 points backwards but the times run forwards (0.0 to 1.0); give the step the "
                + "sign of the integration direction", () -> solve(FORWARD, OdeOptions.method("rk4").stepSize(-0.1)));
        assertMessage("stepSize 0.100000 points forwards but the times run backwards (1.0 to 0.0); give the step the "
                + "sign of the integration direction", () -> solve(BACKWARD, OdeOptions.method("rk4").stepSize(0.1)));
        assertMessage("firstStep 0.0100000 points forwards but the times run backwards (1.0 to 0.0); give the step "
                + "the sign of the integration direction",
                () -> solve(BACKWARD, OdeOptions.method("dopri5").firstStep(0.01)));
    }

    @Test
    void fixedStepMethodsNeedAnExplicitStepSizeOrStepCount() {
        assertMessage("method 'rk4' takes fixed steps: give stepSize(h) or steps(n) (equal steps per output "
                + "interval); it never takes one step per interval by default",
                () -> solve(FORWARD, OdeOptions.method("rk4")));
        assertMessage("give stepSize or steps, not both (stepSize 0.100000, steps 4)",
                () -> solve(FORWARD, OdeOptions.method("euler").stepSize(0.1).steps(4)));
    }

    @Test
    void optionsOfAnotherKindOfMethodAreRejected() {
        assertMessage("option rtol does not apply to method 'rk4'; it takes stepSize, steps",
                () -> solve(FORWARD, OdeOptions.method("rk4").steps(4).rtol(1e-6)));
        assertMessage("option correctorIterations does not apply to method 'ab2'; it takes stepSize, steps",
                () -> solve(FORWARD, OdeOptions.method("ab2").steps(4).correctorIterations(2)));
        assertMessage("option steps does not apply to method 'dopri5'; it takes rtol, atol, safety, ifactor, "
                + "dfactor, minStep, maxStep, firstStep, maxSteps",
                () -> solve(FORWARD, OdeOptions.method("dopri5").steps(4)));
    }

    @Test
    void stepBoundsMustBeConsistent() {
        assertMessage("minStep 0.100000 exceeds maxStep 0.0100000",
                () -> solve(FORWARD, OdeOptions.method("dopri5").minStep(0.1).maxStep(0.01)));
        assertMessage("firstStep 0.500000 lies outside [minStep, maxStep] = [0, 0.100000]",
                () -> solve(FORWARD, OdeOptions.method("dopri5").maxStep(0.1).firstStep(0.5)));
    }

    @Test
    void timesMustBeStrictlyMonotone() {
        assertMessage("times must hold the initial time and at least one more, got 1 value(s)",
                () -> solve(new double[] {0}, OdeOptions.method("rk4").steps(1)));
        assertMessage("times must be strictly increasing or strictly decreasing: times[2] = 0.5 does not follow "
                + "times[1] = 1.0", () -> solve(new double[] {0, 1, 0.5}, OdeOptions.method("rk4").steps(1)));
        assertMessage("times[1] = NaN is not finite",
                () -> solve(new double[] {0, Double.NaN}, OdeOptions.method("rk4").steps(1)));
    }

    @Test
    void gradientModesAreCheckedAgainstTheStateAndMethod() {
        assertMessage("gradients ADJOINT needs a tensor state and an OdeFunction that names its parameters: use "
                + "Odeint.solve(OdeFunction, Tensor, times, options)",
                () -> solve(FORWARD, OdeOptions.method("rk4").steps(2).gradients("adjoint")));
        assertMessage("checkpointEvery applies to gradients CHECKPOINTED only, the gradients are BACKPROP",
                () -> solve(FORWARD, OdeOptions.method("rk4").steps(2).checkpointEvery(2)));
        OdeFunction field = OdeFunction.of(List.of(), (t, z) -> z.neg());
        Tensor z0 = Tensor.of(new double[] {1}, 1);
        assertMessage("gradients CHECKPOINTED needs checkpointEvery(k), the number of steps between stored states",
                () -> Odeint.solve(field, z0, FORWARD, OdeOptions.method("rk4").steps(2).gradients("checkpointed")));
        assertMessage("gradients CHECKPOINTED needs a one-step method, and 'ab2' carries slopes from earlier steps; "
                + "use BACKPROP or ADJOINT, or one of euler, midpoint, heun, rk4, dopri5",
                () -> Odeint.solve(field, z0, FORWARD,
                        OdeOptions.method("ab2").steps(2).gradients(Gradients.CHECKPOINTED).checkpointEvery(1)));
    }
}
