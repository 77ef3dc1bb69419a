package org.unet4j.solvers.ode;

/**
 * The grid of a fixed-step method: each output interval [t_i, t_{i+1}] is split into n_i equal steps, n_i given
 * ({@link Count}) or n_i = ceil(|t_{i+1} - t_i| / |h|) for a largest step h ({@link Size}).
 */
public sealed interface FixedSteps extends StepControl permits FixedSteps.Count, FixedSteps.Size {
    /** {@code steps} equal steps in each output interval. */
    static FixedSteps count(int steps) {
        return new Count(steps);
    }

    /** Steps of at most |h| (h signed: positive when the times increase) in each output interval. */
    static FixedSteps size(double h) {
        return new Size(h);
    }

    /** The number of equal steps n_i that cover [from, to]. */
    int stepsOver(double from, double to);

    @Override
    FixedSteps reversed();

    /** n equal steps per output interval, n &gt;= 1. */
    record Count(int steps) implements FixedSteps {
        /** Checks n &gt;= 1. */
        public Count {
            OptionCheck.require(steps >= 1, "steps", steps, "must be >= 1");
        }

        @Override
        public int stepsOver(double from, double to) {
            return steps;
        }

        @Override
        public Count reversed() {
            return this;
        }

        @Override
        public String toString() {
            return "steps=" + steps;
        }
    }

    /** Steps of at most |h| per output interval; h finite, non-zero, with the sign of the integration direction. */
    record Size(double stepSize) implements FixedSteps {
        /** Checks that h is finite and non-zero. */
        public Size {
            OptionCheck.require(stepSize != 0 && Double.isFinite(stepSize), "stepSize", stepSize,
                    "must be finite and non-zero");
        }

        @Override
        public int stepsOver(double from, double to) {
            double ratio = Math.abs((to - from) / stepSize);
            return (int) Math.max(1, Math.ceil(ratio * (1 - 1e-12)));
        }

        @Override
        public Size reversed() {
            return new Size(-stepSize);
        }

        @Override
        public String toString() {
            return "stepSize=" + stepSize;
        }
    }
}
