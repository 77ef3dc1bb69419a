package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.TensorArbitraries.ShapesWithAnAxis;

/** softmax and log-softmax along a random axis: normalisation, consistency, shift invariance, range, gradients. */
class SoftmaxProperties {

    private static int axisFor(int[] dims, long seed) {
        return new SplittableRandom(seed).nextInt(-dims.length, dims.length);
    }

    /** The sizes of {@code dims} with {@code axis} set to 1: one entry per softmax row. */
    private static int[] rows(int[] dims, int axis) {
        int[] r = dims.clone();
        r[axis < 0 ? axis + dims.length : axis] = 1;
        return r;
    }

    @Property(tries = 40)
    void softmaxRowsArePositiveAndSumToOne(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims, @ForAll long seed,
            @ForAll DType dtype) {
        int axis = axisFor(dims, seed);
        Tensor p = TensorArbitraries.uniform(seed, dtype, -5, 5, dims).softmax(axis);
        double[] ones = new double[LoopReference.size(rows(dims, axis))];
        Arrays.fill(ones, 1);
        assertValues(ones, p.sum(axis, true), LoopReference.tolerance(dtype), "row sums");
        for (double v : p.toDoubleArray()) {
            assertTrue(v > 0, "softmax value " + v + " is not positive");
        }
    }

    @Property(tries = 40)
    void logSoftmaxIsTheLogarithmOfSoftmax(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims, @ForAll long seed,
            @ForAll DType dtype) {
        int axis = axisFor(dims, seed);
        Tensor x = TensorArbitraries.uniform(seed, dtype, -5, 5, dims);
        double[] logOfSoftmax = x.softmax(axis).toDoubleArray();
        for (int i = 0; i < logOfSoftmax.length; i++) {
            logOfSoftmax[i] = Math.log(logOfSoftmax[i]);
        }
        assertValues(dims, logOfSoftmax, x.logSoftmax(axis), "log-softmax");
    }

    @Property(tries = 40)
    void addingAConstantToEachRowChangesNothing(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed) {
        int axis = axisFor(dims, seed);
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -5, 5, dims);
        Tensor shift = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -50, 50, rows(dims, axis));
        assertValues(dims, x.softmax(axis).toDoubleArray(), x.add(shift).softmax(axis), "softmax after a shift");
        assertValues(x.logSoftmax(axis).toDoubleArray(), x.add(shift).logSoftmax(axis), 1e-11,
                "log-softmax after a shift");
    }

    @Property(tries = 30)
    void softmaxAndLogSoftmaxGradientsMatchFiniteDifferences(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed) {
        int axis = axisFor(dims, seed);
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -3, 3, dims);
        GradCheck.assertGradients(in -> in[0].softmax(axis), x);
        GradCheck.assertGradients(in -> in[0].logSoftmax(axis), x);
    }

    @Example
    void extremeLogitsGiveFiniteExactResults() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.wrap(new double[] {1000, -1000, 0, -1000, -1000, -1000}, 2, 3).to(dtype);
            assertArrayEquals(new double[] {1, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, x.softmax(1).toDoubleArray(), 1e-6);
            assertArrayEquals(new double[] {0, -2000, -1000, -Math.log(3), -Math.log(3), -Math.log(3)},
                    x.logSoftmax(-1).toDoubleArray(), 1e-5);
        }
    }

    @Example
    void gradientsStayFiniteAtExtremeLogits() {
        Tensor x = Tensor.wrap(new double[] {1000, -1000, 0}, 1, 3).requiresGrad(true);
        x.logSoftmax(1).mul(Tensor.wrap(new double[] {0, 1, 0}, 1, 3)).sum().backward();
        assertArrayEquals(new double[] {-1, 1, 0}, x.grad().toDoubleArray(), 1e-12);
    }
}
