package org.unet4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks backward rules against central finite differences in float64. For a random projection v (fixed seed),
 * the analytic gradient of {@code L = sum(v * f(x))} from the tape is compared, element by element, with
 * {@code (L(x + eps e_j) - L(x - eps e_j)) / (2 eps)}; an element passes when
 * {@code |analytic - numeric| <= atol + rtol |numeric|}. The check runs on the host, whatever the default device:
 * the leaves are host copies of the inputs, and tensors {@code f} creates with the factories land on the host too.
 *
 * <pre>{@code
 * GradCheck.assertGradients(in -> in[0].sigmoid().mul(in[1]), x, y);   // throws AssertionError with a report
 * }</pre>
 */
public final class GradCheck {
    private double eps = 1e-6;
    private double atol = 1e-6;
    private double rtol = 1e-5;
    private long seed = 12345;

    private GradCheck() {
    }

    /** A check with default tolerances (eps 1e-6, atol 1e-6, rtol 1e-5). */
    public static GradCheck withDefaults() {
        return new GradCheck();
    }

    /** Finite-difference step. */
    public GradCheck eps(double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be > 0, got " + eps);
        }
        this.eps = eps;
        return this;
    }

    /** Absolute and relative tolerance. */
    public GradCheck tolerance(double atol, double rtol) {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got atol " + atol + ", rtol " + rtol);
        }
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    /** Seed of the random projection vector. */
    public GradCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Checks {@code f} at {@code inputs} with default settings, throwing an AssertionError with a report. */
    public static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        withDefaults().verify(f, inputs);
    }

    /** Runs the check and throws an AssertionError naming every input whose gradient disagrees. */
    public void verify(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Report report = check(f, inputs);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
    }

    /** Runs the check and returns its report. */
    public Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Device.withDefault(Device.CPU, () -> checkOnHost(f, inputs));
    }

    private Report checkOnHost(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck needs float64 inputs, input " + i + " is "
                        + inputs[i].dtype() + "; call toFloat64() first");
            }
            leaves[i] = inputs[i].detach().to(Device.CPU).toFloat64();
            leaves[i] = Tensor.wrap(leaves[i].doubles().clone(), leaves[i].dims()).requiresGrad(true);
        }
        Tensor y = Autograd.withGrad(() -> f.apply(leaves));
        Tensor v = y.size() == 1 ? y.fullLike(1) : Tensor.randn(new SplittableRandom(seed), y.dtype(), y.dims());
        Tensor[] analytic = Autograd.grad(y, Arrays.asList(leaves), v);
        List<Mismatch> mismatches = new ArrayList<>();
        int checked = 0;
        try (NoGrad scope = Autograd.noGrad()) {
            for (int i = 0; i < leaves.length; i++) {
                double[] x = leaves[i].doubles();
                Tensor a = analytic[i].toFloat64();
                for (int j = 0; j < x.length; j++) {
                    double saved = x[j];
                    x[j] = saved + eps;
                    double plus = project(f, leaves, v);
                    x[j] = saved - eps;
                    double minus = project(f, leaves, v);
                    x[j] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    double an = a.flatGet(j);
                    checked++;
                    if (!(Math.abs(an - numeric) <= atol + rtol * Math.abs(numeric))) {
                        mismatches.add(new Mismatch(i, leaves[i].shape(), unravel(j, leaves[i].shape()), an, numeric));
                    }
                }
            }
        }
        return new Report(checked, mismatches, atol, rtol);
    }

    private static double project(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor v) {
        Tensor y = f.apply(inputs).toFloat64();
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += y.flatGet(i) * v.flatGet(i);
        }
        return s;
    }

    private static int[] unravel(int flat, Shape shape) {
        int[] idx = new int[shape.rank()];
        for (int a = shape.rank() - 1; a >= 0; a--) {
            idx[a] = flat % shape.dim(a);
            flat /= shape.dim(a);
        }
        return idx;
    }

    /** One element whose analytic and numeric gradients disagree. */
    public record Mismatch(int input, Shape shape, int[] index, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "input %d %s, element %s: analytic %.8g vs numeric %.8g (diff %.3g)",
                    input, shape, Arrays.toString(index), analytic, numeric, Math.abs(analytic - numeric));
        }
    }

    /** Outcome of a check: how many elements were compared and which disagreed. */
    public record Report(int checked, List<Mismatch> mismatches, double atol, double rtol) {
        /** True when every element agreed. */
        public boolean passed() {
            return mismatches.isEmpty();
        }

        @Override
        public String toString() {
            if (passed()) {
                return "GradCheck passed: " + checked + " elements";
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "GradCheck failed: %d of %d elements disagree (atol %.1e, rtol %.1e)", mismatches.size(), checked,
                    atol, rtol));
            mismatches.stream().limit(10).forEach(m -> s.append("\n  ").append(m));
            if (mismatches.size() > 10) {
                s.append("\n  ... and ").append(mismatches.size() - 10).append(" more");
            }
            return s.toString();
        }
    }
}
