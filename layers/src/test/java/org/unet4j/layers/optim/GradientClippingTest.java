package org.unet4j.layers.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

class GradientClippingTest {

    /** Parameters a, b with gradients (3, 0) and (0, 4): global norm 5. */
    private static List<Parameter> withGradients() {
        Parameter a = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        Parameter b = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        Tensor loss = a.tensor().mul(Tensor.of(new double[] {3, 0}, 2)).sum()
                .add(b.tensor().mul(Tensor.of(new double[] {0, 4}, 2)).sum());
        loss.backward();
        return List.of(a, b, new Parameter(Tensor.zeros(3)));
    }

    @Test
    void clipByNormScalesToTheMaximumAndReturnsTheNormBefore() {
        List<Parameter> ps = withGradients();
        assertEquals(5, GradientClipping.clipByNorm(ps, 1), 1e-12);
        double scale = 1 / (5 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 0}, ps.get(0).grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 4 * scale}, ps.get(1).grad().toDoubleArray(), 1e-15);
        assertEquals(1, GradientClipping.globalNorm(ps), 1e-6);
    }

    @Test
    void clipByNormLeavesSmallGradientsAlone() {
        List<Parameter> ps = withGradients();
        assertEquals(5, GradientClipping.clipByNorm(ps, 10), 1e-12);
        assertArrayEquals(new double[] {3, 0}, ps.get(0).grad().toDoubleArray());
    }

    @Test
    void clipByValueClampsEachElement() {
        List<Parameter> ps = withGradients();
        assertEquals(5, GradientClipping.clipByValue(ps, 3.5), 1e-12);
        assertArrayEquals(new double[] {3, 0}, ps.get(0).grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 3.5}, ps.get(1).grad().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByValue(ps, 0));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByNorm(ps, -1));
    }

    @Test
    void gradientsSharedByTwoParametersAreScaledOnce() {
        Parameter a = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        Parameter b = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        a.tensor().add(b.tensor()).mul(Tensor.of(new double[] {3, 4}, 2)).sum().backward();
        List<Parameter> ps = List.of(a, b);
        double norm = GradientClipping.clipByNorm(ps, 1);
        assertEquals(Math.sqrt(50), norm, 1e-12);
        assertEquals(1, GradientClipping.globalNorm(ps), 1e-6);
    }

    @Property(tries = 20)
    void afterClippingTheNormIsAtMostTheMaximum(@ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @DoubleRange(min = 0.01, max = 10) double maxNorm, @ForAll long seed) {
        Parameter p = new Parameter(Tensor.zeros(DType.FLOAT64, n));
        Tensor v = Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, n).mul(5);
        p.tensor().mul(v).sum().backward();
        double before = GradientClipping.clipByNorm(List.of(p), maxNorm);
        double after = GradientClipping.globalNorm(List.of(p));
        assertTrue(after <= maxNorm + 1e-9, after + " > " + maxNorm);
        assertEquals(Math.min(before, after), after, 1e-9);
    }
}
