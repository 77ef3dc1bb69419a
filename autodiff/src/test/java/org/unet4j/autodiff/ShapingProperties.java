package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.TensorArbitraries.BroadcastPairs;
import org.unet4j.autodiff.TensorArbitraries.ShapePair;
import org.unet4j.autodiff.TensorArbitraries.ShapesWithAnAxis;
import org.unet4j.autodiff.TensorArbitraries.SmallShapes;

/**
 * Reshape, permute, transpose, slice, crop, centerCrop, pad, concat, stack, squeeze/unsqueeze and expand: each
 * forward checked element by element against the index arithmetic that defines it, each backward by finite
 * differences. Offsets and sizes come from a generator seeded by the property's seed.
 */
class ShapingProperties {

    /** {@code expected[i] = x[sourceOf(index i of dims)]} for every element of {@code dims}. */
    private static double[] gather(Tensor x, int[] dims, IntFunction<int[]> sourceOf) {
        Tensor host = x.to(Device.CPU);
        double[] out = new double[LoopReference.size(dims)];
        for (int i = 0; i < out.length; i++) {
            out[i] = host.get(sourceOf.apply(i));
        }
        return out;
    }

    @Property(tries = 40)
    void reshapeWithAnInferredSizeKeepsTheRowMajorOrder(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, dims);
        int[] reversed = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reversed[i] = dims[dims.length - 1 - i];
        }
        int[] request = reversed.clone();
        request[new SplittableRandom(seed).nextInt(dims.length)] = -1;
        Tensor y = x.reshape(request);
        assertValues(reversed, x.toDoubleArray(), y, "reshape " + Arrays.toString(request));
        GradCheck.assertGradients(in -> in[0].reshape(request), x.to(Device.CPU).toFloat64());
    }

    @Property(tries = 40)
    void permuteMovesEveryElementToItsPermutedIndex(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(rng.nextLong()));
        int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
        int[] permuted = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            permuted[i] = dims[perm[i]];
        }
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, dims);
        double[] expected = gather(x, permuted, flat -> {
            int[] out = LoopReference.unravel(flat, permuted);
            int[] in = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                in[perm[i]] = out[i];
            }
            return in;
        });
        assertValues(permuted, expected, x.permute(perm), "permute " + Arrays.toString(perm));
        GradCheck.assertGradients(in -> in[0].permute(perm), x.to(Device.CPU).toFloat64());
    }

    @Property(tries = 30)
    void transposeSwapsTwoIndices(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int a = rng.nextInt(dims.length);
        int b = rng.nextInt(dims.length) - dims.length;
        int bb = b + dims.length;
        int[] swapped = dims.clone();
        swapped[a] = dims[bb];
        swapped[bb] = dims[a];
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, dims);
        double[] expected = gather(x, swapped, flat -> {
            int[] index = LoopReference.unravel(flat, swapped);
            int t = index[a];
            index[a] = index[bb];
            index[bb] = t;
            return index;
        });
        assertValues(swapped, expected, x.transpose(a, b), "transpose(" + a + ", " + b + ")");
        GradCheck.assertGradients(in -> in[0].transpose(a, b), x);
    }

    @Property(tries = 40)
    void cropReadsTheBoxAtItsOffset(@ForAll(supplier = SmallShapes.class) int[] dims, @ForAll long seed,
            @ForAll DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] start = new int[dims.length];
        int[] sizes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            start[i] = rng.nextInt(dims[i]);
            sizes[i] = 1 + rng.nextInt(dims[i] - start[i]);
        }
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, dims);
        double[] expected = gather(x, sizes, flat -> {
            int[] index = LoopReference.unravel(flat, sizes);
            for (int i = 0; i < index.length; i++) {
                index[i] += start[i];
            }
            return index;
        });
        assertValues(sizes, expected, x.crop(start, sizes), "crop");
        GradCheck.assertGradients(in -> in[0].crop(start, sizes), x.to(Device.CPU).toFloat64());
    }

    @Property(tries = 40)
    void sliceKeepsTheRangeAlongOneAxis(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(dims.length);
        int from = rng.nextInt(dims[axis] + 1);
        int to = from + rng.nextInt(dims[axis] - from + 1);
        int[] sliced = dims.clone();
        sliced[axis] = to - from;
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, dims);
        double[] expected = gather(x, sliced, flat -> {
            int[] index = LoopReference.unravel(flat, sliced);
            index[axis] += from;
            return index;
        });
        assertValues(sliced, expected, x.slice(axis - dims.length, from, to), "slice");
        GradCheck.assertGradients(in -> in[0].slice(axis, from, to), x);
    }

    @Property(tries = 30)
    void centerCropTakesTheMiddleOfTheTrailingAxes(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int trailing = 1 + rng.nextInt(dims.length);
        int[] target = new int[trailing];
        int[] cropped = dims.clone();
        for (int i = 0; i < trailing; i++) {
            target[i] = 1 + rng.nextInt(dims[dims.length - trailing + i]);
            cropped[dims.length - trailing + i] = target[i];
        }
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, dims);
        double[] expected = gather(x, cropped, flat -> {
            int[] index = LoopReference.unravel(flat, cropped);
            for (int i = 0; i < index.length; i++) {
                index[i] += (dims[i] - cropped[i]) / 2;
            }
            return index;
        });
        assertValues(cropped, expected, x.centerCrop(target), "centerCrop");
        GradCheck.assertGradients(in -> in[0].centerCrop(target), x);
    }

    @Property(tries = 40)
    void padSurroundsTheInputWithTheValueAndCropUndoesIt(@ForAll(supplier = SmallShapes.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] before = new int[dims.length];
        int[] after = new int[dims.length];
        int[] padded = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            before[i] = rng.nextInt(3);
            after[i] = rng.nextInt(3);
            padded[i] += before[i] + after[i];
        }
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, dims);
        Tensor host = x.to(Device.CPU);
        double[] expected = new double[LoopReference.size(padded)];
        for (int flat = 0; flat < expected.length; flat++) {
            int[] index = LoopReference.unravel(flat, padded);
            boolean inside = true;
            for (int i = 0; i < index.length; i++) {
                index[i] -= before[i];
                inside &= index[i] >= 0 && index[i] < dims[i];
            }
            expected[flat] = inside ? host.get(index) : 7.5;
        }
        Tensor y = x.pad(before, after, 7.5);
        assertValues(padded, expected, y, "pad");
        assertValues(dims, x.toDoubleArray(), y.crop(before, dims), "crop after pad");
        GradCheck.assertGradients(in -> in[0].pad(before, after, 7.5), x.to(Device.CPU).toFloat64());
    }

    @Property(tries = 40)
    void concatOfConsecutivePiecesRebuildsTheWhole(@ForAll(supplier = ShapesWithAnAxis.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(dims.length);
        Tensor whole = TensorArbitraries.uniform(seed, dtype, -1, 1, dims);
        List<Tensor> pieces = new ArrayList<>();
        for (int from = 0; from < dims[axis];) {
            int to = from + 1 + rng.nextInt(dims[axis] - from);
            pieces.add(whole.slice(axis, from, to));
            from = to;
        }
        pieces.add(whole.slice(axis, dims[axis], dims[axis]));
        assertValues(dims, whole.toDoubleArray(), Tensor.concat(pieces, axis), "concat of " + pieces.size());
        Tensor[] inputs = pieces.stream().map(p -> p.to(Device.CPU).toFloat64()).toArray(Tensor[]::new);
        GradCheck.assertGradients(in -> Tensor.concat(axis - dims.length, in), inputs);
    }

    @Property(tries = 30)
    void stackPutsEachPartAtItsIndexOfTheNewAxis(@ForAll(supplier = SmallShapes.class) int[] dims,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(dims.length + 1);
        int count = 1 + rng.nextInt(3);
        List<Tensor> parts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            parts.add(TensorArbitraries.uniform(seed + k, DType.FLOAT64, -1, 1, dims));
        }
        int[] stacked = new int[dims.length + 1];
        for (int i = 0, j = 0; i < stacked.length; i++) {
            stacked[i] = i == axis ? count : dims[j++];
        }
        double[] expected = new double[LoopReference.size(stacked)];
        for (int flat = 0; flat < expected.length; flat++) {
            int[] index = LoopReference.unravel(flat, stacked);
            int[] inPart = new int[dims.length];
            for (int i = 0, j = 0; i < index.length; i++) {
                if (i != axis) {
                    inPart[j++] = index[i];
                }
            }
            expected[flat] = parts.get(index[axis]).get(inPart);
        }
        assertValues(stacked, expected, Tensor.stack(parts, axis), "stack along " + axis);
        GradCheck.assertGradients(in -> Tensor.stack(List.of(in), axis), parts.toArray(new Tensor[0]));
    }

    @Property(tries = 30)
    void unsqueezeThenSqueezeIsTheIdentity(@ForAll(supplier = SmallShapes.class) int[] dims, @ForAll long seed) {
        int axis = new SplittableRandom(seed).nextInt(dims.length + 1);
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, dims);
        Tensor y = x.unsqueeze(axis);
        assertEquals(1, y.dim(axis), "size of the new axis");
        assertValues(dims, x.toDoubleArray(), y.squeeze(axis), "squeeze(unsqueeze)");
        GradCheck.assertGradients(in -> in[0].unsqueeze(axis).mul(2).squeeze(axis - dims.length - 1), x);
    }

    @Property(tries = 40)
    void expandRepeatsAlongTheBroadcastAxes(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed, @ForAll DType dtype) {
        int[] full = LoopReference.broadcast(shapes.left(), shapes.right());
        int[] small = shapes.left();
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, small);
        double[] values = x.toDoubleArray();
        double[] expected = new double[LoopReference.size(full)];
        for (int flat = 0; flat < expected.length; flat++) {
            expected[flat] = values[LoopReference.source(LoopReference.unravel(flat, full), small)];
        }
        assertValues(full, expected, x.expand(full), "expand to " + Arrays.toString(full));
        GradCheck.assertGradients(in -> in[0].expand(full), x.to(Device.CPU).toFloat64());
    }

    @Example
    void reshapeSharesStorageAndReturnsItselfForTheSameShape() {
        Tensor x = Tensor.arange(6).reshape(2, 3).to(Device.CPU);
        assertSame(x, x.reshape(2, 3));
        x.reshape(3, 2).set(-1, 2, 1);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, -1}, x.toDoubleArray());
    }

    @Example
    void reshapeToTheWrongNumberOfElementsFailsNamingBothShapes() {
        Tensor x = Tensor.zeros(2, 3);
        ShapeException wrongCount = assertThrows(ShapeException.class, () -> x.reshape(4, 2));
        assertTrue(wrongCount.getMessage().contains("reshape") && wrongCount.getMessage().contains("[2, 3]")
                && wrongCount.getMessage().contains("[4, 2]"), wrongCount.getMessage());
        ShapeException indivisible = assertThrows(ShapeException.class, () -> x.reshape(4, -1));
        assertTrue(indivisible.getMessage().contains("reshape") && indivisible.getMessage().contains("[4, -1]"),
                indivisible.getMessage());
    }

    @Example
    void expandToAShapeTheTensorDoesNotBroadcastToFails() {
        Tensor x = Tensor.zeros(3);
        ShapeException e = assertThrows(ShapeException.class, () -> x.expand(2, 1));
        assertTrue(e.getMessage().contains("expand") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[2, 1]"), e.getMessage());
        assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).expand(3));
    }

    @Example
    void sliceOutsideTheAxisFailsNamingSlice() {
        Tensor x = Tensor.zeros(2, 3);
        ShapeException backwards = assertThrows(ShapeException.class, () -> x.slice(1, 2, 1));
        assertTrue(backwards.getMessage().contains("slice") && backwards.getMessage().contains("[2, 3]"),
                backwards.getMessage());
        assertThrows(ShapeException.class, () -> x.slice(0, 1, 3));
    }

    @Example
    void concatOfMismatchedPartsFailsNamingTheAxis() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("concat") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Example
    void squeezeOfAnAxisLargerThanOneAndPermuteWithARepeatedAxisFail() {
        Tensor x = Tensor.zeros(2, 1, 3);
        assertThrows(ShapeException.class, () -> x.squeeze(0));
        assertThrows(ShapeException.class, () -> x.permute(0, 0, 1));
        assertArrayEquals(new int[] {2, 3}, x.squeeze(-2).dims());
    }
}
