package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.TensorArbitraries.BroadcastPairs;
import org.unet4j.autodiff.TensorArbitraries.ShapePair;

/**
 * sum, mean, max and var over random subsets of axes (written as positive or negative axis numbers), with and
 * without keepDims: forward against loops that visit every element and its group, backward by finite differences.
 */
class ReductionProperties {

    /** A shape, the axes to reduce (in the caller's spelling) and whether to keep them. */
    record Reduction(int[] dims, int[] axes, boolean keepDims) {
        boolean[] reduced() {
            boolean[] r = new boolean[dims.length];
            for (int axis : axes) {
                r[axis < 0 ? axis + dims.length : axis] = true;
            }
            return r;
        }

        /** The result's shape: reduced axes become 1 or disappear. */
        int[] resultDims() {
            boolean[] r = reduced();
            return keepDims ? keptDims() : IntStream.range(0, dims.length).filter(i -> !r[i])
                    .map(i -> dims[i]).toArray();
        }

        int[] keptDims() {
            boolean[] r = reduced();
            int[] kept = dims.clone();
            for (int i = 0; i < kept.length; i++) {
                kept[i] = r[i] ? 1 : kept[i];
            }
            return kept;
        }

        /** The row-major position in the result of the group that element {@code flat} of the input belongs to. */
        int group(int flat) {
            int[] index = LoopReference.unravel(flat, dims);
            boolean[] r = reduced();
            for (int i = 0; i < index.length; i++) {
                index[i] = r[i] ? 0 : index[i];
            }
            return LoopReference.ravel(index, keptDims());
        }

        @Override
        public String toString() {
            return Arrays.toString(dims) + " over " + Arrays.toString(axes) + (keepDims ? " keeping dims" : "");
        }
    }

    @Provide
    Arbitrary<Reduction> reductions() {
        return TensorArbitraries.shapes(1, 4, 4).flatMap(dims -> Combinators.combine(
                Arbitraries.integers().between(0, (1 << dims.length) - 1),
                Arbitraries.integers().between(0, (1 << dims.length) - 1),
                Arbitraries.of(true, false)).as((subset, negative, keep) -> {
                    int[] axes = IntStream.range(0, dims.length).filter(i -> (subset >> i & 1) == 1)
                            .map(i -> (negative >> i & 1) == 1 ? i - dims.length : i).toArray();
                    return new Reduction(dims, axes, keep);
                }));
    }

    /** Per-group sums, counts, maxima and biased/unbiased variances computed by visiting every element. */
    private static final class GroupStatistics {
        final double[] sum;
        final double[] count;
        final double[] max;
        final double[] squaredDeviations;

        GroupStatistics(Tensor x, Reduction r) {
            int groups = LoopReference.size(r.keptDims());
            sum = new double[groups];
            count = new double[groups];
            max = new double[groups];
            squaredDeviations = new double[groups];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            double[] values = x.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                int g = r.group(i);
                sum[g] += values[i];
                count[g]++;
                max[g] = Math.max(max[g], values[i]);
            }
            for (int i = 0; i < values.length; i++) {
                int g = r.group(i);
                double d = values[i] - sum[g] / count[g];
                squaredDeviations[g] += d * d;
            }
        }

        double[] mean() {
            double[] m = new double[sum.length];
            for (int g = 0; g < m.length; g++) {
                m[g] = sum[g] / count[g];
            }
            return m;
        }

        double[] variance(boolean unbiased) {
            double[] v = new double[sum.length];
            for (int g = 0; g < v.length; g++) {
                v[g] = squaredDeviations[g] / (unbiased ? count[g] - 1 : count[g]);
            }
            return v;
        }
    }

    @Property(tries = 60)
    void sumMeanMaxAndVarianceMatchLoopsOverEachGroup(@ForAll("reductions") Reduction r, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -3, 3, r.dims());
        GroupStatistics expected = new GroupStatistics(x, r);
        assertValues(r.resultDims(), expected.sum, x.sum(r.axes(), r.keepDims()), "sum " + r);
        assertValues(r.resultDims(), expected.mean(), x.mean(r.axes(), r.keepDims()), "mean " + r);
        assertValues(r.resultDims(), expected.max, x.max(r.axes(), r.keepDims()), "max " + r);
        assertValues(r.resultDims(), expected.variance(false), x.var(r.axes(), r.keepDims(), false), "var " + r);
        if (Arrays.stream(expected.count).allMatch(c -> c >= 2)) {
            assertValues(r.resultDims(), expected.variance(true), x.var(r.axes(), r.keepDims(), true),
                    "unbiased var " + r);
        }
    }

    @Property(tries = 30)
    void reductionGradientsMatchFiniteDifferences(@ForAll("reductions") Reduction r, @ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -3, 3, r.dims());
        GradCheck.assertGradients(in -> in[0].sum(r.axes(), r.keepDims()), x);
        GradCheck.assertGradients(in -> in[0].mean(r.axes(), r.keepDims()), x);
        GradCheck.assertGradients(in -> in[0].var(r.axes(), r.keepDims(), false), x);
        // max is differentiable only where each group's maximum leads by more than the step (1e-6), which uniform
        // draws miss (a [4, 4, 4, 4] draw in ~2e4 has two values 3e-7 apart): distinct values 0.1 apart keep to it
        Tensor distinct = ImageTensors.distinct(seed, r.dims());
        GradCheck.assertGradients(in -> in[0].max(r.axes(), r.keepDims()), distinct);
    }

    @Property(tries = 40)
    void sumOfBroadcastProductEqualsLoopReference(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor a = TensorArbitraries.uniform(seed, dtype, -2, 2, shapes.left());
        Tensor b = TensorArbitraries.uniform(seed + 1, dtype, -2, 2, shapes.right());
        double expected = Arrays.stream(LoopReference.binary(a, b, (x, y) -> x * y)).sum();
        Tensor sum = a.mul(b).sum();
        assertValues(new int[0], new double[] {expected}, sum, "sum of the product of " + shapes);
    }

    @Property(tries = 30)
    void wholeTensorReductionsAgreeWithReductionsOverEveryAxis(@ForAll("reductions") Reduction r, @ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -3, 3, r.dims());
        int[] all = IntStream.range(0, x.rank()).toArray();
        assertEquals(x.sum(all, false).item(), x.sum().item(), 1e-12);
        assertEquals(x.mean(all, false).item(), x.mean().item(), 1e-12);
        assertEquals(x.max(all, false).item(), x.max().item());
        assertEquals(x.var(all, false, false).item(), x.var().item(), 1e-12);
        assertEquals(0, x.sum().rank());
    }

    @Example
    void maxSharesTheGradientEquallyAmongTiedMaxima() {
        Tensor x = Tensor.wrap(new double[] {1, 3, 3, 2, 5, 0}, 2, 3).requiresGrad(true);
        x.max(new int[] {1}, false).sum().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 1, 0}, x.grad().toDoubleArray());
    }

    @Example
    void sumOverAnEmptyAxisIsZeroAndItsMeanFails() {
        Tensor x = Tensor.wrap(new double[0], 0, 3);
        assertArrayEquals(new double[] {0, 0, 0}, x.sum(0, false).toDoubleArray());
        ShapeException e = assertThrows(ShapeException.class, () -> x.mean(new int[] {0}, false));
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("[0, 3]"), e.getMessage());
    }

    @Example
    void unbiasedVarianceOfSingleElementsFailsNamingTheGroupSize() {
        Tensor x = Tensor.wrap(new double[] {1, 1, 1}, 3, 1);
        ShapeException e = assertThrows(ShapeException.class, () -> x.var(new int[] {1}, false, true));
        assertTrue(e.getMessage().contains("var") && e.getMessage().contains("has 1"), e.getMessage());
    }

    @Example
    void listingAnAxisTwiceFails() {
        Tensor x = Tensor.ones(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.sum(new int[] {1, -1}, false));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("twice"), e.getMessage());
    }
}
