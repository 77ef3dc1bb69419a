package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The method and its settings for one solve; immutable, each setter returns a copy. Every value is checked when it
 * is set, and the combination is checked against the method and the requested times before integrating, with a
 * message that names the offending option.
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
    private static final double DEFAULT_RTOL = 1e-7;
    private static final double DEFAULT_ATOL = 1e-9;
    private static final double DEFAULT_SAFETY = 0.9;
    private static final double DEFAULT_IFACTOR = 10;
    private static final double DEFAULT_DFACTOR = 0.2;
    private static final int DEFAULT_MAX_STEPS = 100_000;

    private final OdeMethod method;
    private Double stepSize;
    private Integer steps;
    private Double rtol;
    private Double atol;
    private Double safety;
    private Double ifactor;
    private Double dfactor;
    private Double minStep;
    private Double maxStep;
    private Double firstStep;
    private Integer maxSteps;
    private Integer correctorIterations;
    private Gradients gradients;
    private Integer checkpointEvery;

    private OdeOptions(OdeMethod method) {
        this.method = method;
    }

    /** Options for the method of this name (see {@link OdeMethods#names()}), everything else at its default. */
    public static OdeOptions method(String name) {
        return new OdeOptions(OdeMethods.named(name));
    }

    private OdeOptions copy() {
        OdeOptions o = new OdeOptions(method);
        o.stepSize = stepSize;
        o.steps = steps;
        o.rtol = rtol;
        o.atol = atol;
        o.safety = safety;
        o.ifactor = ifactor;
        o.dfactor = dfactor;
        o.minStep = minStep;
        o.maxStep = maxStep;
        o.firstStep = firstStep;
        o.maxSteps = maxSteps;
        o.correctorIterations = correctorIterations;
        o.gradients = gradients;
        o.checkpointEvery = checkpointEvery;
        return o;
    }

    // ---------------------------------------------------------------- setters

    /** Fixed-step methods: each output interval is split into ceil(|interval| / |h|) equal steps of at most |h|. */
    public OdeOptions stepSize(double h) {
        require(h != 0 && Double.isFinite(h), "stepSize", h, "must be finite and non-zero");
        OdeOptions o = copy();
        o.stepSize = h;
        return o;
    }

    /** Fixed-step methods: the number of equal steps in each output interval. */
    public OdeOptions steps(int n) {
        require(n >= 1, "steps", n, "must be >= 1");
        OdeOptions o = copy();
        o.steps = n;
        return o;
    }

    /** Adaptive methods: relative tolerance of the local error. */
    public OdeOptions rtol(double rtol) {
        require(rtol > 0 && Double.isFinite(rtol), "rtol", rtol, "must be > 0");
        OdeOptions o = copy();
        o.rtol = rtol;
        return o;
    }

    /** Adaptive methods: absolute tolerance of the local error. */
    public OdeOptions atol(double atol) {
        require(atol >= 0 && Double.isFinite(atol), "atol", atol, "must be >= 0");
        OdeOptions o = copy();
        o.atol = atol;
        return o;
    }

    /** Adaptive methods: the factor applied to the optimal step, in (0, 1]. */
    public OdeOptions safety(double safety) {
        require(safety > 0 && safety <= 1, "safety", safety, "must be in (0, 1]");
        OdeOptions o = copy();
        o.safety = safety;
        return o;
    }

    /** Adaptive methods: the largest factor a step may grow by, at least 1. */
    public OdeOptions ifactor(double ifactor) {
        require(ifactor >= 1 && Double.isFinite(ifactor), "ifactor", ifactor, "must be >= 1");
        OdeOptions o = copy();
        o.ifactor = ifactor;
        return o;
    }

    /** Adaptive methods: the smallest factor a step may shrink by, in (0, 1]. */
    public OdeOptions dfactor(double dfactor) {
        require(dfactor > 0 && dfactor <= 1, "dfactor", dfactor, "must be in (0, 1]");
        OdeOptions o = copy();
        o.dfactor = dfactor;
        return o;
    }

    /** Adaptive methods: the smallest step magnitude; a rejected step that would go below it fails the solve. */
    public OdeOptions minStep(double minStep) {
        require(minStep >= 0 && Double.isFinite(minStep), "minStep", minStep, "must be >= 0");
        OdeOptions o = copy();
        o.minStep = minStep;
        return o;
    }

    /** Adaptive methods: the largest step magnitude. */
    public OdeOptions maxStep(double maxStep) {
        require(maxStep > 0, "maxStep", maxStep, "must be > 0");
        OdeOptions o = copy();
        o.maxStep = maxStep;
        return o;
    }

    /** Adaptive methods: the first step (signed); without it the method estimates one. */
    public OdeOptions firstStep(double h) {
        require(h != 0 && Double.isFinite(h), "firstStep", h, "must be finite and non-zero");
        OdeOptions o = copy();
        o.firstStep = h;
        return o;
    }

    /** Adaptive methods: the most step attempts (accepted and rejected) a solve may make. */
    public OdeOptions maxSteps(int maxSteps) {
        require(maxSteps >= 1, "maxSteps", maxSteps, "must be >= 1");
        OdeOptions o = copy();
        o.maxSteps = maxSteps;
        return o;
    }

    /** Predictor-corrector methods: corrector evaluations per step. */
    public OdeOptions correctorIterations(int iterations) {
        require(iterations >= 1, "correctorIterations", iterations, "must be >= 1");
        OdeOptions o = copy();
        o.correctorIterations = iterations;
        return o;
    }

    /** Tensor solves: how gradients flow through the solve (default {@link Gradients#BACKPROP}). */
    public OdeOptions gradients(Gradients mode) {
        if (mode == null) {
            throw new IllegalArgumentException("gradients must not be null; known modes: backprop, adjoint, "
                    + "checkpointed");
        }
        OdeOptions o = copy();
        o.gradients = mode;
        return o;
    }

    /** Tensor solves: the gradient mode of this name ("backprop", "adjoint", "checkpointed"). */
    public OdeOptions gradients(String mode) {
        return gradients(Gradients.named(mode));
    }

    /** {@link Gradients#CHECKPOINTED}: keep the state of every k-th step. */
    public OdeOptions checkpointEvery(int k) {
        require(k >= 1, "checkpointEvery", k, "must be >= 1");
        OdeOptions o = copy();
        o.checkpointEvery = k;
        return o;
    }

    private static void require(boolean ok, String option, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + rule + ", got " + format(value));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
    }

    // ---------------------------------------------------------------- effective values

    /** The method. */
    public OdeMethod method() {
        return method;
    }

    /** Relative tolerance (default 1e-7). */
    public double rtol() {
        return rtol != null ? rtol : DEFAULT_RTOL;
    }

    /** Absolute tolerance (default 1e-9). */
    public double atol() {
        return atol != null ? atol : DEFAULT_ATOL;
    }

    /** Safety factor (default 0.9). */
    public double safety() {
        return safety != null ? safety : DEFAULT_SAFETY;
    }

    /** Largest step growth factor (default 10). */
    public double ifactor() {
        return ifactor != null ? ifactor : DEFAULT_IFACTOR;
    }

    /** Smallest step shrink factor (default 0.2). */
    public double dfactor() {
        return dfactor != null ? dfactor : DEFAULT_DFACTOR;
    }

    /** Smallest step magnitude (default 0). */
    public double minStep() {
        return minStep != null ? minStep : 0;
    }

    /** Largest step magnitude (default unbounded). */
    public double maxStep() {
        return maxStep != null ? maxStep : Double.POSITIVE_INFINITY;
    }

    /** The first step, or NaN when the method should estimate it. */
    public double firstStep() {
        return firstStep != null ? firstStep : Double.NaN;
    }

    /** Most step attempts (default 100000). */
    public int maxSteps() {
        return maxSteps != null ? maxSteps : DEFAULT_MAX_STEPS;
    }

    /** Corrector evaluations per step (default 1). */
    public int correctorIterations() {
        return correctorIterations != null ? correctorIterations : 1;
    }

    /** The gradient mode (default BACKPROP). */
    public Gradients gradients() {
        return gradients != null ? gradients : Gradients.BACKPROP;
    }

    /** The checkpoint spacing, or 0 when none was given. */
    public int checkpointEvery() {
        return checkpointEvery != null ? checkpointEvery : 0;
    }

    /** Fixed-step methods: the number of equal steps that cover [from, to]. */
    int stepsOver(double from, double to) {
        if (steps != null) {
            return steps;
        }
        double ratio = Math.abs((to - from) / stepSize);
        return (int) Math.max(1, Math.ceil(ratio * (1 - 1e-12)));
    }

    /** The same options for integrating the other way: signed steps change sign. */
    OdeOptions reversed() {
        OdeOptions o = copy();
        o.stepSize = stepSize == null ? null : -stepSize;
        o.firstStep = firstStep == null ? null : -firstStep;
        return o;
    }

    /** The options given explicitly, by name, in a fixed order. */
    Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "stepSize", stepSize);
        put(m, "steps", steps);
        put(m, "rtol", rtol);
        put(m, "atol", atol);
        put(m, "safety", safety);
        put(m, "ifactor", ifactor);
        put(m, "dfactor", dfactor);
        put(m, "minStep", minStep);
        put(m, "maxStep", maxStep);
        put(m, "firstStep", firstStep);
        put(m, "maxSteps", maxSteps);
        put(m, "correctorIterations", correctorIterations);
        put(m, "gradients", gradients);
        put(m, "checkpointEvery", checkpointEvery);
        return m;
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    // ---------------------------------------------------------------- validation

    /** Checks the options against the method and the requested times; throws naming the first wrong option. */
    void validate(double[] times) {
        validateTimes(times);
        double direction = Math.signum(times[times.length - 1] - times[0]);
        String runs = direction > 0 ? "forwards" : "backwards";
        List<String> accepted = method.acceptedOptions();
        for (String name : given().keySet()) {
            if (!accepted.contains(name) && !name.equals("gradients") && !name.equals("checkpointEvery")) {
                throw new IllegalArgumentException("option " + name + " does not apply to method '" + method.name()
                        + "'; it takes " + String.join(", ", accepted));
            }
        }
        if (method instanceof FixedStepMethod) {
            if (stepSize == null && steps == null) {
                throw new IllegalArgumentException("method '" + method.name() + "' takes fixed steps: give stepSize(h) "
                        + "or steps(n) (equal steps per output interval); it never takes one step per interval by "
                        + "default");
            }
            if (stepSize != null && steps != null) {
                throw new IllegalArgumentException("give stepSize or steps, not both (stepSize " + format(stepSize)
                        + ", steps " + steps + ")");
            }
        }
        requireDirection("stepSize", stepSize, direction, runs, times);
        requireDirection("firstStep", firstStep, direction, runs, times);
        if (minStep() > maxStep()) {
            throw new IllegalArgumentException("minStep " + format(minStep()) + " exceeds maxStep "
                    + format(maxStep()));
        }
        if (firstStep != null && (Math.abs(firstStep) < minStep() || Math.abs(firstStep) > maxStep())) {
            throw new IllegalArgumentException("firstStep " + format(firstStep) + " lies outside [minStep, maxStep] = ["
                    + format(minStep()) + ", " + format(maxStep()) + "]");
        }
        if (stepSize != null) {
            for (int i = 0; i + 1 < times.length; i++) {
                if (Math.abs((times[i + 1] - times[i]) / stepSize) >= Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("stepSize " + format(stepSize) + " needs more than "
                            + Integer.MAX_VALUE + " steps to cover [" + times[i] + ", " + times[i + 1] + "]");
                }
            }
        }
        if (gradients() == Gradients.CHECKPOINTED) {
            if (checkpointEvery == null) {
                throw new IllegalArgumentException("gradients CHECKPOINTED needs checkpointEvery(k), the number of "
                        + "steps between stored states");
            }
            if (!(method instanceof OneStepMethod)) {
                throw new IllegalArgumentException("gradients CHECKPOINTED needs a one-step method, and '"
                        + method.name() + "' carries slopes from earlier steps; use BACKPROP or ADJOINT, or one of "
                        + OdeMethods.oneStepNames());
            }
        } else if (checkpointEvery != null) {
            throw new IllegalArgumentException("checkpointEvery applies to gradients CHECKPOINTED only, the gradients "
                    + "are " + gradients());
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

    private static void requireDirection(String option, Double h, double direction, String runs, double[] times) {
        if (h != null && Math.signum(h) != direction) {
            throw new IllegalArgumentException(option + " " + format(h) + " points "
                    + (h > 0 ? "forwards" : "backwards") + " but the times run " + runs + " (" + times[0] + " to "
                    + times[times.length - 1] + "); give the step the sign of the integration direction");
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("method=" + method.name());
        given().forEach((name, value) -> parts.add(name + "=" + value));
        return "OdeOptions[" + String.join(", ", parts) + "]";
    }
}
