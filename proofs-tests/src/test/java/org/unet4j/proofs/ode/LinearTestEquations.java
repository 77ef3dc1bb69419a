package org.unet4j.proofs.ode;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.commons.math3.complex.Complex;

/**
 * Random instances of {@link LinearTestEquation}: lambda negative real in [-3, -1] or complex with that real part
 * and imaginary part in [-4, 4]; one to three forcing terms with amplitudes in [-2, 2] + i [-2, 2] and
 * frequencies of magnitude 0.5 to 4. The ranges keep |lambda| h and |omega| h small at the coarsest step, so the
 * error is in its asymptotic regime, and |lambda| &gt;= 1 and |omega| &gt;= 0.5 keep the error at the finest step
 * far above float64 round-off (a constant forcing, omega = 0, with the right amplitude would make the exact
 * solution constant, which every method reproduces exactly, leaving no error to measure).
 */
final class LinearTestEquations {
    private LinearTestEquations() {
    }

    static Arbitrary<LinearTestEquation> any() {
        Arbitrary<Double> decay = Arbitraries.doubles().between(-3, -1);
        Arbitrary<Complex> negativeReal = decay.map(re -> new Complex(re, 0));
        Arbitrary<Complex> complex = Combinators.combine(decay, Arbitraries.doubles().between(-4, 4)).as(Complex::new);
        Arbitrary<Double> amplitude = Arbitraries.doubles().between(-2, 2);
        Arbitrary<Double> frequency = Combinators.combine(Arbitraries.doubles().between(0.5, 4),
                Arbitraries.of(-1.0, 1.0)).as((magnitude, sign) -> sign * magnitude);
        Arbitrary<LinearTestEquation.Forcing> term = Combinators.combine(amplitude, amplitude, frequency)
                .as((re, im, omega) -> new LinearTestEquation.Forcing(new Complex(re, im), omega));
        Arbitrary<List<LinearTestEquation.Forcing>> forcing = term.list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(Arbitraries.oneOf(negativeReal, complex), forcing).as(LinearTestEquation::new);
    }
}
