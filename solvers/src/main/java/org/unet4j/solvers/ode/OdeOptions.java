package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The method and its settings for one solve: the method, its {@link StepControl} ({@link FixedSteps} for a
 * fixed-step method, {@link AdaptiveSteps} for the adaptive one) and the {@link GradientOptions}. Immutable; each
 * setter returns a copy. A value is checked when it is set, and so is whether the method takes it; what depends on
 * the requested times (the sign of a step) or on settings still to come (a fixed grid, a checkpoint spacing) is
 * checked by {@link Odeint#solve} before integrating. Every message names the offending option.
 *
 * <pre>{@code
 * OdeOptions.method("rk4").steps(8)                              // 8 RK4 steps per output interval
 * OdeOptions.method("abm2").stepSize(0.01).correctorIterations(2)
 * OdeOptions.method("dopri5").rtol(1e-8).atol(1e-10).gradients(Gradients.ADJOINT)
 * }</pre>
 *
 * <p>Step sizes ({@code stepSize}, {@code firstStep}) are signed: positive when the times increase, negative when
 * they decrease. {@code minStep} and {@code maxStep} bound the magnitude. Fixed-step methods need exactly one of
 * {@code stepSize} and {@code steps}; adaptive methods take neither.
 */
public final class OdeOptions {
    private final OdeMethod method;
    /** FixedSteps or AdaptiveSteps as the method needs; null while a fixed-step method has no grid yet. */
    private final StepControl steps;
    private final GradientOptions gradients;

    private OdeOptions(OdeMethod method, StepControl steps, GradientOptions gradients) {
        if (gradients.mode() == Gradients.CHECKPOINTED && !(method instanceof OneStepMethod)) {
            throw new IllegalArgumentException("gradients CHECKPOINTED needs a one-step method, and '" + method.name()
                    + "' carries slopes from earlier steps; use BACKPROP or ADJOINT, or one of "
                    + OdeMethods.oneStepNames());
        }
        this.method = method;
        this.steps = steps;
        this.gradients = gradients;
    }

    /** Options for the method of this name (see {@link OdeMethods#names()}), everything else at its default. */
    public static OdeOptions method(String name) {
        OdeMethod m = OdeMethods.named(name);
        return new OdeOptions(m, m instanceof FixedStepMethod ? null : AdaptiveSteps.DEFAULTS,
                GradientOptions.BACKPROP);
    }

    // ---------------------------------------------------------------- setters

    /** The step control as a whole: {@link FixedSteps} for a fixed-step method, {@link AdaptiveSteps} otherwise. */
    public OdeOptions stepControl(StepControl control) {
        if (control == null) {
            throw new IllegalArgumentException("the step control must not be null");
        }
        boolean fixed = method instanceof FixedStepMethod;
        if ((control instanceof FixedSteps) != fixed) {
            throw new IllegalArgumentException("method '" + method.name() + "' takes " + (fixed ? "fixed" : "adaptive")
                    + " steps (" + String.join(", ", method.acceptedOptions()) + "), not " + control);
        }
        return new OdeOptions(method, control, gradients);
    }

    /** Fixed-step methods: each output interval is split into ceil(|interval| / |h|) equal steps of at most |h|. */
    public OdeOptions stepSize(double h) {
        return grid(FixedSteps.size(h), "stepSize");
    }

    /** Fixed-step methods: the number of equal steps in each output interval. */
    public OdeOptions steps(int n) {
        return grid(FixedSteps.count(n), "steps");
    }

    /** Adaptive methods: relative tolerance of the local error. */
    public OdeOptions rtol(double rtol) {
        return adaptive("rtol", a -> a.withRtol(rtol));
    }

    /** Adaptive methods: absolute tolerance of the local error. */
    public OdeOptions atol(double atol) {
        return adaptive("atol", a -> a.withAtol(atol));
    }

    /** Adaptive methods: the factor applied to the optimal step, in (0, 1]. */
    public OdeOptions safety(double safety) {
        return adaptive("safety", a -> a.withSafety(safety));
    }

    /** Adaptive methods: the largest factor a step may grow by, at least 1. */
    public OdeOptions ifactor(double ifactor) {
        return adaptive("ifactor", a -> a.withIfactor(ifactor));
    }

    /** Adaptive methods: the smallest factor a step may shrink by, in (0, 1]. */
    public OdeOptions dfactor(double dfactor) {
        return adaptive("dfactor", a -> a.withDfactor(dfactor));
    }

    /** Adaptive methods: the smallest step magnitude; a rejected step that would go below it fails the solve. */
    public OdeOptions minStep(double minStep) {
        return adaptive("minStep", a -> a.withMinStep(minStep));
    }

    /** Adaptive methods: the largest step magnitude. */
    public OdeOptions maxStep(double maxStep) {
        return adaptive("maxStep", a -> a.withMaxStep(maxStep));
    }

    /** Adaptive methods: the first step (signed); without it the method estimates one. */
    public OdeOptions firstStep(double h) {
        OptionCheck.require(h != 0 && Double.isFinite(h), "firstStep", h, "must be finite and non-zero");
        return adaptive("firstStep", a -> a.withFirstStep(h));
    }

    /** Adaptive methods: the most step attempts (accepted and rejected) a solve may make. */
    public OdeOptions maxSteps(int maxSteps) {
        return adaptive("maxSteps", a -> a.withMaxSteps(maxSteps));
    }

    /** Predictor-corrector methods ("abm2"): corrector evaluations per step. */
    public OdeOptions correctorIterations(int iterations) {
        OptionCheck.require(iterations >= 1, "correctorIterations", iterations, "must be >= 1");
        if (!(method instanceof AdamsBashforthMoulton2 abm)) {
            throw notTaken("correctorIterations");
        }
        return new OdeOptions(abm.withCorrectorIterations(iterations), steps, gradients);
    }

    /** Tensor solves: how gradients flow through the solve (default {@link Gradients#BACKPROP}). */
    public OdeOptions gradients(Gradients mode) {
        if (mode == null) {
            throw new IllegalArgumentException("gradients must not be null; known modes: backprop, adjoint, "
                    + "checkpointed");
        }
        return new OdeOptions(method, steps, gradients.withMode(mode));
    }

    /** Tensor solves: the gradient mode of this name ("backprop", "adjoint", "checkpointed"). */
    public OdeOptions gradients(String mode) {
        return gradients(Gradients.named(mode));
    }

    /** {@link Gradients#CHECKPOINTED} (set first): keep the state of every k-th step. */
    public OdeOptions checkpointEvery(int k) {
        return new OdeOptions(method, steps, new GradientOptions(gradients.mode(), OptionalInt.of(k)));
    }

    private OdeOptions grid(FixedSteps grid, String option) {
        requireFixed(option);
        if (steps != null && steps.getClass() != grid.getClass()) {
            FixedSteps.Size size = (FixedSteps.Size) (grid instanceof FixedSteps.Size ? grid : steps);
            FixedSteps.Count count = (FixedSteps.Count) (grid instanceof FixedSteps.Count ? grid : steps);
            throw new IllegalArgumentException("give stepSize or steps, not both (stepSize "
                    + OptionCheck.format(size.stepSize()) + ", steps " + count.steps() + ")");
        }
        return new OdeOptions(method, grid, gradients);
    }

    private OdeOptions adaptive(String option, UnaryOperator<AdaptiveSteps> change) {
        AdaptiveSteps changed = change.apply(steps instanceof AdaptiveSteps a ? a : AdaptiveSteps.DEFAULTS);
        requireAdaptive(option);
        return new OdeOptions(method, changed, gradients);
    }

    private void requireFixed(String option) {
        if (!(method instanceof FixedStepMethod)) {
            throw notTaken(option);
        }
    }

    private void requireAdaptive(String option) {
        if (method instanceof FixedStepMethod) {
            throw notTaken(option);
        }
    }

    private IllegalArgumentException notTaken(String option) {
        return new IllegalArgumentException("option " + option + " does not apply to method '" + method.name()
                + "'; it takes " + String.join(", ", method.acceptedOptions()));
    }

    // ---------------------------------------------------------------- values

    /** The method (with its own settings, such as the corrector iterations of "abm2"). */
    public OdeMethod method() {
        return method;
    }

    /** The step control; empty while a fixed-step method has no grid yet. */
    public Optional<StepControl> stepControl() {
        return Optional.ofNullable(steps);
    }

    /** The gradient mode and its checkpoint spacing. */
    public GradientOptions gradientOptions() {
        return gradients;
    }

    /** The gradient mode (default BACKPROP). */
    public Gradients gradients() {
        return gradients.mode();
    }

    /** The checkpoint spacing of {@link Gradients#CHECKPOINTED}, if given. */
    public OptionalInt checkpointEvery() {
        return gradients.checkpointEvery();
    }

    /** The grid of a fixed-step method; the options have been validated. */
    FixedSteps fixedSteps() {
        return (FixedSteps) steps;
    }

    /** The error control of an adaptive method. */
    AdaptiveSteps adaptiveSteps() {
        return (AdaptiveSteps) steps;
    }

    /** The same options for integrating the other way: signed steps change sign. */
    OdeOptions reversed() {
        return new OdeOptions(method, steps == null ? null : steps.reversed(), gradients);
    }

    // ---------------------------------------------------------------- validation

    /**
     * Checks what could not be checked when the options were set: the requested times, the sign of the steps
     * against their direction, a fixed-step method's grid, and the checkpoint spacing.
     */
    void validate(double[] times) {
        validateTimes(times);
        double direction = Math.signum(times[times.length - 1] - times[0]);
        String runs = direction > 0 ? "forwards" : "backwards";
        if (steps == null) {
            throw new IllegalArgumentException("method '" + method.name() + "' takes fixed steps: give stepSize(h) "
                    + "or steps(n) (equal steps per output interval); it never takes one step per interval by "
                    + "default");
        }
        if (steps instanceof FixedSteps.Size size) {
            requireDirection("stepSize", size.stepSize(), direction, runs, times);
            for (int i = 0; i + 1 < times.length; i++) {
                if (Math.abs((times[i + 1] - times[i]) / size.stepSize()) >= Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("stepSize " + OptionCheck.format(size.stepSize())
                            + " needs more than " + Integer.MAX_VALUE + " steps to cover [" + times[i] + ", "
                            + times[i + 1] + "]");
                }
            }
        }
        if (steps instanceof AdaptiveSteps a && !a.estimatesFirstStep()) {
            requireDirection("firstStep", a.firstStep(), direction, runs, times);
        }
        if (gradients.mode() == Gradients.CHECKPOINTED && gradients.checkpointEvery().isEmpty()) {
            throw new IllegalArgumentException("gradients CHECKPOINTED needs checkpointEvery(k), the number of "
                    + "steps between stored states");
        }
    }

    private static void validateTimes(double[] times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException("times must hold the initial time and at least one more, got "
                    + (times == null ? "null" : times.length + " value(s)"));
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("times[" + i + "] = " + times[i] + " is not finite");
            }
        }
        double direction = Math.signum(times[1] - times[0]);
        for (int i = 0; i + 1 < times.length; i++) {
            if (Math.signum(times[i + 1] - times[i]) != direction || direction == 0) {
                throw new IllegalArgumentException("times must be strictly increasing or strictly decreasing: times["
                        + (i + 1) + "] = " + times[i + 1] + " does not follow times[" + i + "] = " + times[i]);
            }
        }
    }

    private static void requireDirection(String option, double h, double direction, String runs, double[] times) {
        if (Math.signum(h) != direction) {
            throw new IllegalArgumentException(option + " " + OptionCheck.format(h) + " points "
                    + (h > 0 ? "forwards" : "backwards") + " but the times run " + runs + " (" + times[0] + " to "
                    + times[times.length - 1] + "); give the step the sign of the integration direction");
        }
    }

    /** "OdeOptions[method=rk4, steps=8, gradients=ADJOINT]": the method and what differs from the defaults. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("method=" + method);
        if (steps != null && !steps.equals(AdaptiveSteps.DEFAULTS)) {
            parts.add(steps.toString());
        }
        if (!gradients.equals(GradientOptions.BACKPROP)) {
            parts.add(gradients.toString());
        }
        return "OdeOptions[" + String.join(", ", parts) + "]";
    }
}
