package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Inverted dropout: kept elements scaled by 1 / (1 - p), zeros elsewhere, about a fraction p dropped; the mask
 * reproducible from the seed and reused by the backward pass; the identity in evaluation; p checked.
 */
class RegularizationTest {

    @Property(tries = 30)
    void everyElementIsDroppedOrScaledByOneOverOneMinusP(@ForAll @DoubleRange(min = 0, max = 0.95) double p,
            @ForAll boolean float64, @ForAll long seed) {
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x = ImageTensors.random(seed, dtype, 2, 3, 7, 5);
        Tensor y = Regularization.dropout(x, p, true, new SplittableRandom(seed));
        double[] in = x.toDoubleArray();
        double[] values = y.toDoubleArray();
        for (int i = 0; i < in.length; i++) {
            double out = values[i];
            double kept = in[i] / (1 - p);
            assertTrue(out == 0 || Math.abs(out - kept) <= 1e-6 * (1 + Math.abs(kept)),
                    "element " + i + " is " + out + ", neither 0 nor " + kept);
        }
    }

    @Property(tries = 20)
    void aboutAFractionPOfTheElementsIsDropped(@ForAll @DoubleRange(min = 0.05, max = 0.9) double p,
            @ForAll long seed) {
        int n = 20_000;
        double[] y = Regularization.dropout(Tensor.ones(n), p, true, new SplittableRandom(seed)).toDoubleArray();
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            dropped += y[i] == 0 ? 1 : 0;
        }
        double sigma = Math.sqrt(p * (1 - p) / n);
        assertEquals(p, (double) dropped / n, 6 * sigma, "fraction dropped");
    }

    @Property(tries = 20)
    void elementIIsDroppedWhenTheGeneratorsIthDoubleIsBelowP(@ForAll @DoubleRange(min = 0, max = 0.95) double p,
            @ForAll long seed) {
        Tensor ones = Tensor.wrap(new double[500], 500).fill(1);
        Tensor y = Regularization.dropout(ones, p, true, new SplittableRandom(seed));
        SplittableRandom reference = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            assertEquals(reference.nextDouble() < p ? 0 : 1 / (1 - p), y.flatGet(i), "element " + i);
        }
    }

    @Example
    void theSameSeedDropsTheSameElements() {
        Tensor x = ImageTensors.random(1, DType.FLOAT32, 4, 8, 16, 16);
        Tensor a = Regularization.dropout(x, 0.3, true, new SplittableRandom(42));
        Tensor b = ImageTensors.withThreads(1, () -> Regularization.dropout(x, 0.3, true, new SplittableRandom(42)));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }

    @Example
    void theGradientPassesThroughTheKeptElementsWithTheSameScale() {
        Tensor x = ImageTensors.random(2, DType.FLOAT64, 3, 4, 5, 6).requiresGrad(true);
        Tensor y = Regularization.dropout(x, 0.4, true, new SplittableRandom(9));
        y.sum().backward();
        double[] grad = x.grad().toDoubleArray();
        for (int i = 0; i < grad.length; i++) {
            double expected = y.flatGet(i) == 0 ? 0 : 1 / 0.6;
            assertEquals(expected, grad[i], 1e-12, "gradient of element " + i);
        }
    }

    @Example
    void backwardMatchesFiniteDifferencesForAFixedMask() {
        Tensor x = ImageTensors.random(3, DType.FLOAT64, 2, 2, 3, 3);
        GradCheck.assertGradients(in -> Regularization.dropout(in[0], 0.5, true, new SplittableRandom(5)), x);
    }

    @Example
    void evaluationAndPZeroAreTheIdentity() {
        Tensor x = ImageTensors.random(4, DType.FLOAT32, 2, 3, 4, 4);
        assertSame(x, Regularization.dropout(x, 0.5, false, null));
        assertSame(x, Regularization.dropout(x, 0, true, new SplittableRandom(1)));
    }

    @Example
    void pOutsideZeroToOneIsRejected() {
        Tensor x = Tensor.ones(2, 2);
        for (double p : new double[] {1, 1.5, -0.1, Double.NaN}) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Regularization.dropout(x, p, true, new SplittableRandom(1))).getMessage();
            assertTrue(message.contains("dropout") && message.contains("[0, 1)"), message);
        }
        assertThrows(IllegalArgumentException.class, () -> Regularization.dropout(x, 1, false, null));
    }

    @Example
    void trainingWithoutAGeneratorIsRejected() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Regularization.dropout(Tensor.ones(3), 0.2, true, null)).getMessage();
        assertTrue(message.contains("rng is null"), message);
    }

    @Property(tries = 20)
    void dropPathKeepsOrDropsWholeSamples(@ForAll @DoubleRange(min = 0.1, max = 0.9) double p, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 16, 3, 4, 5);
        Tensor y = Regularization.dropPath(x, p, true, new SplittableRandom(seed));
        SplittableRandom reference = new SplittableRandom(seed);
        double[] in = x.toDoubleArray();
        double[] out = y.toDoubleArray();
        int perSample = 60;
        for (int n = 0; n < 16; n++) {
            double scale = reference.nextDouble() < p ? 0 : 1 / (1 - p);
            for (int i = n * perSample; i < (n + 1) * perSample; i++) {
                assertEquals(in[i] * scale, out[i], 1e-12, "sample " + n + ", element " + i);
            }
        }
    }

    @Example
    void dropPathBackwardMatchesFiniteDifferencesAndIsTheIdentityInEvaluation() {
        Tensor x = ImageTensors.random(7, DType.FLOAT64, 4, 2, 3);
        GradCheck.assertGradients(in -> Regularization.dropPath(in[0], 0.5, true, new SplittableRandom(2)), x);
        assertSame(x, Regularization.dropPath(x, 0.5, false, null));
        String message = assertThrows(IllegalArgumentException.class,
                () -> Regularization.dropPath(x, 1, true, new SplittableRandom(1))).getMessage();
        assertTrue(message.contains("dropPath") && message.contains("[0, 1)"), message);
    }
}
