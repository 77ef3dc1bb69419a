package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.unet4j.autodiff.LoopReference.assertValues;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * GELU in both of PyTorch's forms: erf against SciPy's values, each form against a direct loop, the two forms within
 * the tanh approximation's known error, gradients against finite differences, the same bits on any thread count.
 */
class GeluProperties {

    /** x and scipy.special.erf(x) (SciPy 1.x, float64), printed once. */
    private static final double[][] SCIPY_ERF = {
            {-7.0, -1.0}, {-3.2, -0.9999939742388483}, {-2.5, -0.999593047982555}, {-1.0, -0.8427007929497148},
            {-0.3, -0.3286267594591274}, {0.0, 0.0}, {1e-3, 0.0011283787909692363}, {0.7, 0.6778011938374183},
            {2.4999, 0.9995928300996666}, {2.5, 0.999593047982555}, {4.0, 0.9999999845827421},
            {5.9, 0.9999999999999999}};

    @Example
    void erfAgreesWithScipyToAFewUlps() {
        for (double[] pair : SCIPY_ERF) {
            assertEquals(pair[1], ErrorFunction.erf(pair[0]), 3e-16 + 4 * Math.ulp(pair[1]), "erf(" + pair[0] + ")");
        }
        assertEquals(1, ErrorFunction.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1, ErrorFunction.erf(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, ErrorFunction.erf(Double.NaN));
    }

    @Property(tries = 200)
    void erfIsOddAndBounded(@ForAll @DoubleRange(min = -12, max = 12) double x) {
        assertEquals(-ErrorFunction.erf(x), ErrorFunction.erf(-x), 0);
        assertEquals(true, Math.abs(ErrorFunction.erf(x)) <= 1, "|erf| <= 1");
    }

    @Example
    void bothFormsMatchPyTorchFloat64() {
        // torch.nn.functional.gelu(t) and gelu(t, approximate='tanh') in float64 (PyTorch 1.13), printed once
        double[] x = {-4.0, -1.5, -0.2, 0.0, 0.3, 1.0, 2.7};
        double[] exact = {-0.00012668496733247991, -0.10021080190328704, -0.0841480581121794, 0.0,
                0.1853734266566858, 0.841344746068543, 2.6906391707317905};
        double[] tanh = {-7.024594819227126e-05, -0.10042842301976707, -0.08414857021789374, 0.0,
                0.18537092354275922, 0.8411919906082768, 2.6911124053605326};
        Tensor t = Tensor.wrap(x, x.length);
        assertArrayEquals(exact, t.gelu().toDoubleArray(), 1e-15);
        assertArrayEquals(tanh, t.gelu(GeluApproximation.TANH).toDoubleArray(), 1e-15);
    }

    @Property(tries = 40)
    void eachFormMatchesADirectLoop(@ForAll(supplier = TensorArbitraries.SmallShapes.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -6, 6, dims);
        double[] v = x.toDoubleArray();
        double[] exact = new double[v.length];
        double[] tanh = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            exact[i] = 0.5 * v[i] * (1 + ErrorFunction.erf(v[i] / Math.sqrt(2)));
            tanh[i] = 0.5 * v[i] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v[i] + 0.044715 * v[i] * v[i] * v[i])));
        }
        assertValues(dims, exact, x.gelu(GeluApproximation.NONE), "gelu");
        assertValues(dims, tanh, x.gelu(GeluApproximation.TANH), "gelu tanh");
    }

    @Property(tries = 30)
    void theTanhFormIsWithinItsKnownErrorOfTheExactOne(@ForAll long seed) {
        // PyTorch float64 on [-10, 10]: max |gelu - gelu_tanh| = 4.7e-4
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -10, 10, 500);
        double[] gap = x.gelu().sub(x.gelu(GeluApproximation.TANH)).abs().toDoubleArray();
        for (double g : gap) {
            assertEquals(0, g, 5e-4);
        }
    }

    @Property(tries = 30)
    void gradientsMatchFiniteDifferences(@ForAll(supplier = TensorArbitraries.SmallShapes.class) int[] dims,
            @ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -4, 4, dims);
        GradCheck.assertGradients(in -> in[0].gelu(), x);
        GradCheck.assertGradients(in -> in[0].gelu(GeluApproximation.TANH), x);
    }

    @Example
    void theResultDoesNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(3, DType.FLOAT32, 4, 64, 33);
        for (GeluApproximation form : GeluApproximation.values()) {
            float[] one = ImageTensors.withThreads(1, () -> x.gelu(form).toFloatArray());
            float[] two = ImageTensors.withThreads(2, () -> x.gelu(form).toFloatArray());
            assertArrayEquals(one, two, form.toString());
        }
    }

    @Example
    void pyTorchNamesSelectTheForm() {
        assertEquals(GeluApproximation.NONE, GeluApproximation.of("none"));
        assertEquals(GeluApproximation.TANH, GeluApproximation.of("tanh"));
        String message = assertThrows(IllegalArgumentException.class, () -> GeluApproximation.of("erf")).getMessage();
        assertEquals(true, message.contains("'none' or 'tanh'"), message);
    }
}
