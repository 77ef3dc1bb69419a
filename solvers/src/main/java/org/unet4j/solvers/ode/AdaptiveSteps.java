package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;

/**
 * Error control of the adaptive method (see {@link StepSizeController} for how each value is used): relative and
 * absolute tolerance of the local error, the safety factor, the largest growth and smallest shrink factor of a
 * step, the bounds on the step magnitude, the first step (signed; NaN: estimated by the method), and the most step
 * attempts of one solve. Every value and the two bounds together are checked when the record is made.
 *
 * <pre>{@code
 * AdaptiveSteps.DEFAULTS.withRtol(1e-8).withAtol(1e-10)
 * }</pre>
 */
public record AdaptiveSteps(double rtol, double atol, double safety, double ifactor, double dfactor, double minStep,
        double maxStep, double firstStep, int maxSteps) implements StepControl {
    /** The names of these settings, as the options of an adaptive method. */
    static final List<String> NAMES = List.of("rtol", "atol", "safety", "ifactor", "dfactor", "minStep", "maxStep",
            "firstStep", "maxSteps");

    /** rtol 1e-7, atol 1e-9, safety 0.9, ifactor 10, dfactor 0.2, steps unbounded, first step estimated, 100000. */
    public static final AdaptiveSteps DEFAULTS = new AdaptiveSteps(1e-7, 1e-9, 0.9, 10, 0.2, 0,
            Double.POSITIVE_INFINITY, Double.NaN, 100_000);

    /** Checks each value's range, minStep &lt;= maxStep, and a given first step against them. */
    public AdaptiveSteps {
        OptionCheck.require(rtol > 0 && Double.isFinite(rtol), "rtol", rtol, "must be > 0");
        OptionCheck.require(atol >= 0 && Double.isFinite(atol), "atol", atol, "must be >= 0");
        OptionCheck.require(safety > 0 && safety <= 1, "safety", safety, "must be in (0, 1]");
        OptionCheck.require(ifactor >= 1 && Double.isFinite(ifactor), "ifactor", ifactor, "must be >= 1");
        OptionCheck.require(dfactor > 0 && dfactor <= 1, "dfactor", dfactor, "must be in (0, 1]");
        OptionCheck.require(minStep >= 0 && Double.isFinite(minStep), "minStep", minStep, "must be >= 0");
        OptionCheck.require(maxStep > 0, "maxStep", maxStep, "must be > 0");
        OptionCheck.require(Double.isNaN(firstStep) || firstStep != 0 && Double.isFinite(firstStep), "firstStep",
                firstStep, "must be finite and non-zero");
        OptionCheck.require(maxSteps >= 1, "maxSteps", maxSteps, "must be >= 1");
        if (minStep > maxStep) {
            throw new IllegalArgumentException("minStep " + OptionCheck.format(minStep) + " exceeds maxStep "
                    + OptionCheck.format(maxStep));
        }
        if (Math.abs(firstStep) < minStep || Math.abs(firstStep) > maxStep) {
            throw new IllegalArgumentException("firstStep " + OptionCheck.format(firstStep) + " lies outside [minStep, "
                    + "maxStep] = [" + OptionCheck.format(minStep) + ", " + OptionCheck.format(maxStep) + "]");
        }
    }

    /** Whether the first step is left to the method's estimate. */
    public boolean estimatesFirstStep() {
        return Double.isNaN(firstStep);
    }

    /** With relative tolerance {@code rtol}. */
    public AdaptiveSteps withRtol(double rtol) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With absolute tolerance {@code atol}. */
    public AdaptiveSteps withAtol(double atol) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With safety factor {@code safety}. */
    public AdaptiveSteps withSafety(double safety) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With largest growth factor {@code ifactor}. */
    public AdaptiveSteps withIfactor(double ifactor) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With smallest shrink factor {@code dfactor}. */
    public AdaptiveSteps withDfactor(double dfactor) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With smallest step magnitude {@code minStep}. */
    public AdaptiveSteps withMinStep(double minStep) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With largest step magnitude {@code maxStep}. */
    public AdaptiveSteps withMaxStep(double maxStep) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    /** With first step {@code h} (signed); NaN leaves it to the estimate. */
    public AdaptiveSteps withFirstStep(double h) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, h, maxSteps);
    }

    /** With at most {@code maxSteps} step attempts. */
    public AdaptiveSteps withMaxSteps(int maxSteps) {
        return new AdaptiveSteps(rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps);
    }

    @Override
    public AdaptiveSteps reversed() {
        return withFirstStep(-firstStep);
    }

    /** The settings that differ from {@link #DEFAULTS}, as "rtol=1.0E-8, atol=1.0E-10" ("defaults" if none). */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        double[] values = {rtol, atol, safety, ifactor, dfactor, minStep, maxStep, firstStep, maxSteps};
        double[] defaults = {DEFAULTS.rtol, DEFAULTS.atol, DEFAULTS.safety, DEFAULTS.ifactor, DEFAULTS.dfactor,
            DEFAULTS.minStep, DEFAULTS.maxStep, DEFAULTS.firstStep, DEFAULTS.maxSteps};
        for (int i = 0; i < values.length; i++) {
            if (Double.compare(values[i], defaults[i]) != 0) {
                parts.add(NAMES.get(i) + "=" + (i == values.length - 1 ? Integer.toString(maxSteps)
                        : Double.toString(values[i])));
            }
        }
        return parts.isEmpty() ? "defaults" : String.join(", ", parts);
    }
}
