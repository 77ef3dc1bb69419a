package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.complex.Complex;

/**
 * On the test equation y' = lambda y (lambda complex, written as a real 2x2 system), n steps of size h turn y_0 = 1
 * into a known polynomial or recurrence in z = h lambda: the stability function R(z)^n for the Runge-Kutta methods,
 * the two-step recurrences for the Adams methods (after an RK4 first step). Matching these to round-off pins down
 * every coefficient of every method.
 */
class AmplificationFactorTest {
    private static Complex solve(OdeOptions options, double re, double im, double h, int n) {
        OdeSystem<double[]> rotation = (t, y) -> new double[] {re * y[0] - im * y[1], im * y[0] + re * y[1]};
        double[] y = Odeint.solve(rotation, new double[] {1, 0}, new double[] {0, n * h}, options.steps(n)).last();
        return new Complex(y[0], y[1]);
    }

    private static Complex taylor(Complex z, int terms) {
        Complex sum = Complex.ONE;
        Complex term = Complex.ONE;
        for (int k = 1; k <= terms; k++) {
            term = term.multiply(z).divide(k);
            sum = sum.add(term);
        }
        return sum;
    }

    private static void assertClose(Complex expected, Complex actual, String what) {
        double gap = expected.subtract(actual).abs();
        assertTrue(gap <= 1e-13 * Math.max(1, expected.abs()), what + ": expected " + expected + ", got " + actual);
    }

    /** y_0 = 1, y_1 = R_rk4(z), then y_{k+1} = next(y_k, y_{k-1}). */
    private static Complex twoStep(Complex z, int n, BinaryOperator<Complex> next) {
        Complex previous = Complex.ONE;
        Complex current = taylor(z, 4);
        for (int k = 1; k < n; k++) {
            Complex following = next.apply(current, previous);
            previous = current;
            current = following;
        }
        return current;
    }

    @Property(tries = 40)
    void eachMethodReproducesItsAmplification(@ForAll @DoubleRange(min = -2, max = 0.5) double re,
            @ForAll @DoubleRange(min = -2, max = 2) double im, @ForAll @DoubleRange(min = 0.01, max = 0.2) double h,
            @ForAll @IntRange(min = 1, max = 20) int n) {
        Complex z = new Complex(re * h, im * h);
        UnaryOperator<Complex> power = r -> r.pow(n);
        assertClose(power.apply(taylor(z, 1)), solve(OdeOptions.method("euler"), re, im, h, n), "euler");
        assertClose(power.apply(taylor(z, 2)), solve(OdeOptions.method("midpoint"), re, im, h, n),
                "midpoint");
        assertClose(power.apply(taylor(z, 2)), solve(OdeOptions.method("heun"), re, im, h, n), "heun");
        assertClose(power.apply(taylor(z, 4)), solve(OdeOptions.method("rk4"), re, im, h, n), "rk4");

        Complex ab2 = twoStep(z, n,
                (y, yPrevious) -> y.add(z.multiply(y.multiply(1.5).subtract(yPrevious.multiply(0.5)))));
        assertClose(ab2, solve(OdeOptions.method("ab2"), re, im, h, n), "ab2");

        Complex abm2 = twoStep(z, n, (y, yPrevious) -> {
            Complex predicted = y.add(z.multiply(y.multiply(1.5).subtract(yPrevious.multiply(0.5))));
            return y.add(z.multiply(0.5).multiply(y.add(predicted)));
        });
        assertClose(abm2, solve(OdeOptions.method("abm2"), re, im, h, n), "abm2, one corrector");
    }

    @Property(tries = 40)
    void iteratedCorrectorConvergesToTheTrapezoidalRule(@ForAll @DoubleRange(min = -2, max = 0.5) double re,
            @ForAll @DoubleRange(min = -2, max = 2) double im, @ForAll @DoubleRange(min = 0.01, max = 0.1) double h,
            @ForAll @IntRange(min = 1, max = 20) int n) {
        Complex z = new Complex(re * h, im * h);
        Complex trapezoid = Complex.ONE.add(z.divide(2)).divide(Complex.ONE.subtract(z.divide(2)));
        Complex expected = taylor(z, 4).multiply(trapezoid.pow(n - 1));
        assertClose(expected, solve(OdeOptions.method("abm2").correctorIterations(40), re, im, h, n),
                "abm2, corrector iterated to convergence");
    }
}
