package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Images as token sequences and back, and UNeXt's token shift against a direct loop and finite differences. */
class TokensProperties {

    @Property(tries = 30)
    void tokenIsThePositionInRowMajorOrderAndToImageUndoesIt(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 4) int channels, @ForAll @IntRange(min = 1, max = 4) int h,
            @ForAll @IntRange(min = 1, max = 4) int w, @ForAll long seed, @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, batch, channels, h, w);
        double[] v = x.toDoubleArray();
        double[] expected = new double[v.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < h * w; p++) {
                    expected[(n * h * w + p) * channels + c] = v[(n * channels + c) * h * w + p];
                }
            }
        }
        Tensor tokens = Tokens.fromImage(x);
        assertValues(new int[] {batch, h * w, channels}, expected, tokens, "tokens");
        assertArrayEquals(v, Tokens.toImage(tokens, h, w).toDoubleArray(), 0);
    }

    /** y[n, c, i, j] = x[n, c, i - s, j] (axis 2) or x[n, c, i, j - s] (axis 3), s the shift of c's chunk. */
    private static double[] shiftLoop(double[] x, int batch, int channels, int h, int w, int axis, int shiftSize) {
        int chunk = (channels + shiftSize - 1) / shiftSize;
        double[] y = new double[x.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int s = c / chunk - shiftSize / 2;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int si = axis == 2 ? i - s : i;
                        int sj = axis == 3 ? j - s : j;
                        boolean inside = si >= 0 && si < h && sj >= 0 && sj < w;
                        y[((n * channels + c) * h + i) * w + j] = inside ? x[((n * channels + c) * h + si) * w + sj]
                                : 0;
                    }
                }
            }
        }
        return y;
    }

    @Property(tries = 50)
    void shiftMovesEachChannelChunkByItsOffsetWithZerosFillingIn(@ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 12) int channels, @ForAll @IntRange(min = 1, max = 6) int h,
            @ForAll @IntRange(min = 1, max = 6) int w, @ForAll @IntRange(min = 2, max = 3) int axis,
            @ForAll @IntRange(min = 1, max = 7) int shiftSize, @ForAll long seed, @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -1, 1, batch, channels, h, w);
        double[] expected = shiftLoop(x.toDoubleArray(), batch, channels, h, w, axis, shiftSize);
        assertValues(x.dims(), expected, Tokens.shift(x, axis, shiftSize), "token shift");
    }

    @Example
    void shiftMatchesUNeXtsReferenceOnSixteenChannels() {
        // torch.chunk(16 channels, 5) gives 4 chunks of 4, shifted by -2, -1, 0, 1 (the reference code zips them
        // with range(-2, 3)); along the width of a 1x16x1x5 ramp the first chunk moves left by 2, the last right by 1.
        // Expected values printed once by the reference code's pad/chunk/roll/narrow in PyTorch 1.13.
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 80, 1).reshape(1, 16, 1, 5);
        double[] y = Tokens.shift(x, 3, 5).toDoubleArray();
        assertArrayEquals(new double[] {2, 3, 4, 0, 0}, java.util.Arrays.copyOfRange(y, 0, 5), 0);
        assertArrayEquals(new double[] {0, 60, 61, 62, 63}, java.util.Arrays.copyOfRange(y, 60, 65), 0);
        assertArrayEquals(new double[] {0, 75, 76, 77, 78}, java.util.Arrays.copyOfRange(y, 75, 80), 0);
    }

    @Property(tries = 20)
    void shiftGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 6) int channels,
            @ForAll @IntRange(min = 2, max = 3) int axis, @ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, 1, channels, 3, 4);
        GradCheck.assertGradients(in -> Tokens.shift(in[0], axis, 3), x);
        GradCheck.assertGradients(in -> Tokens.fromImage(in[0]), x);
    }

    @Example
    void shiftAlongTheChannelAxisAndBadLayoutsAreRejected() {
        Tensor x = Tensor.ones(1, 4, 3, 3);
        String m = assertThrows(IllegalArgumentException.class, () -> Tokens.shift(x, 1, 5)).getMessage();
        assertTrue(m.contains("spatial"), m);
        String t = assertThrows(ShapeException.class, () -> Tokens.toImage(Tensor.ones(1, 9, 4), 2, 4)).getMessage();
        assertTrue(t.contains("product of the sizes"), t);
    }
}
