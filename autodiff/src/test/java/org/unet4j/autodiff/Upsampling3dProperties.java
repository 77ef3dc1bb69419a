package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Nearest and trilinear up-sampling of NCDHW volumes (by per-axis scale factors, anisotropic included, or to a
 * size; {@code alignCorners} true and false) against direct loops over every output element with PyTorch's source
 * coordinates; their gradients by finite differences; independence of the thread count; the argument checks.
 */
class Upsampling3dProperties {

    private static int flat(int[] d, int n, int c, int i, int j, int l) {
        return (((n * d[1] + c) * d[2] + i) * d[3] + j) * d[4] + l;
    }

    /** PyTorch's source coordinate of output {@code o} along an axis resized from {@code in} to {@code out}. */
    private static double source(int o, int in, int out, boolean alignCorners) {
        if (alignCorners) {
            return out == 1 ? 0 : (double) o * (in - 1) / (out - 1);
        }
        return Math.max(0, (o + 0.5) * in / out - 0.5);
    }

    /** {@code y[o] = sum over the 8 corners of the product of the per-axis weights times x at the corner}. */
    static double[] directTrilinear(int[] d, int[] out, double[] x, boolean alignCorners) {
        double[] y = new double[d[0] * d[1] * out[0] * out[1] * out[2]];
        int at = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int c = 0; c < d[1]; c++) {
                for (int i = 0; i < out[0]; i++) {
                    for (int j = 0; j < out[1]; j++) {
                        for (int l = 0; l < out[2]; l++) {
                            int[] o = {i, j, l};
                            int[] lo = new int[3];
                            int[] hi = new int[3];
                            double[] t = new double[3];
                            for (int a = 0; a < 3; a++) {
                                double src = source(o[a], d[2 + a], out[a], alignCorners);
                                lo[a] = (int) Math.floor(src);
                                hi[a] = Math.min(lo[a] + 1, d[2 + a] - 1);
                                t[a] = src - lo[a];
                            }
                            double sum = 0;
                            for (int corner = 0; corner < 8; corner++) {
                                double weight = 1;
                                int[] at3 = new int[3];
                                for (int a = 0; a < 3; a++) {
                                    boolean upper = (corner >> a & 1) == 1;
                                    weight *= upper ? t[a] : 1 - t[a];
                                    at3[a] = upper ? hi[a] : lo[a];
                                }
                                sum += weight * x[flat(d, n, c, at3[0], at3[1], at3[2])];
                            }
                            y[at++] = sum;
                        }
                    }
                }
            }
        }
        return y;
    }

    /** {@code y[o] = x[floor(o in / out)]} along each axis. */
    static double[] directNearest(int[] d, int[] out, double[] x) {
        double[] y = new double[d[0] * d[1] * out[0] * out[1] * out[2]];
        int at = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int c = 0; c < d[1]; c++) {
                for (int i = 0; i < out[0]; i++) {
                    for (int j = 0; j < out[1]; j++) {
                        for (int l = 0; l < out[2]; l++) {
                            y[at++] = x[flat(d, n, c, i * d[2] / out[0], j * d[3] / out[1], l * d[4] / out[2])];
                        }
                    }
                }
            }
        }
        return y;
    }

    private static int[] dims(Random r, int max) {
        return new int[] {1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(max), 1 + r.nextInt(max),
                1 + r.nextInt(max)};
    }

    private static int[] outDims(int[] d, int[] out) {
        return new int[] {d[0], d[1], out[0], out[1], out[2]};
    }

    @Property(tries = 50)
    void trilinearToSizeInterpolatesWithPyTorchsSourceCoordinates(@ForAll long seed, @ForAll DType dtype,
            @ForAll boolean alignCorners) {
        Random r = new Random(seed);
        int[] d = dims(r, 6);
        int[] out = {1 + r.nextInt(9), 1 + r.nextInt(9), 1 + r.nextInt(9)};
        Tensor x = ImageTensors.random(seed, dtype, d);
        Tensor y = Upsampling.trilinearToSize(x, out[0], out[1], out[2], alignCorners);
        ImageTensors.assertClose(outDims(d, out), directTrilinear(d, out, x.toDoubleArray(), alignCorners), y,
                10 * ImageTensors.tolerance(dtype), Arrays.toString(d) + " -> " + Arrays.toString(out));
    }

    @Property(tries = 40)
    void trilinearByAnisotropicScalesIsTrilinearToTheScaledSize(@ForAll long seed, @ForAll boolean alignCorners) {
        Random r = new Random(seed);
        int[] d = dims(r, 5);
        int[] s = {1 + r.nextInt(2), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        int[] out = {d[2] * s[0], d[3] * s[1], d[4] * s[2]};
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, d);
        Tensor y = Upsampling.trilinear(x, s[0], s[1], s[2], alignCorners);
        ImageTensors.assertClose(outDims(d, out), directTrilinear(d, out, x.toDoubleArray(), alignCorners), y,
                1e-12, Arrays.toString(d) + " by " + Arrays.toString(s));
    }

    @Property(tries = 50)
    void nearestCopiesTheInputEachOutputFallsIn(@ForAll long seed, @ForAll DType dtype) {
        Random r = new Random(seed);
        int[] d = dims(r, 6);
        int[] out = {1 + r.nextInt(11), 1 + r.nextInt(11), 1 + r.nextInt(11)};
        Tensor x = ImageTensors.random(seed, dtype, d);
        ImageTensors.assertClose(outDims(d, out), directNearest(d, out, x.toDoubleArray()),
                Upsampling.nearest3dToSize(x, out[0], out[1], out[2]), 0, Arrays.toString(out));
        int[] s = {1, 2, 3};
        ImageTensors.assertClose(outDims(d, new int[] {d[2], 2 * d[3], 3 * d[4]}),
                directNearest(d, new int[] {d[2], 2 * d[3], 3 * d[4]}, x.toDoubleArray()),
                Upsampling.nearest3d(x, s[0], s[1], s[2]), 0, "scale (1, 2, 3)");
    }

    @Property(tries = 25)
    void gradientsMatchFiniteDifferences(@ForAll long seed, @ForAll boolean alignCorners) {
        Random r = new Random(seed);
        int[] d = dims(r, 4);
        int[] out = {1 + r.nextInt(6), 1 + r.nextInt(6), 1 + r.nextInt(6)};
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, d);
        GradCheck.assertGradients(t -> Upsampling.trilinearToSize(t[0], out[0], out[1], out[2], alignCorners), x);
        GradCheck.assertGradients(t -> Upsampling.nearest3dToSize(t[0], out[0], out[1], out[2]), x);
    }

    @Example
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(4, DType.FLOAT32, 2, 3, 5, 11, 9);
        double[][] one = ImageTensors.withThreads(1, () -> upsampledAndGradients(x));
        double[][] two = ImageTensors.withThreads(2, () -> upsampledAndGradients(x));
        double[][] four = ImageTensors.withThreads(4, () -> upsampledAndGradients(x));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "part " + i + " with 1 and 2 threads");
            assertArrayEquals(one[i], four[i], "part " + i + " with 1 and 4 threads");
        }
    }

    private static double[][] upsampledAndGradients(Tensor input) {
        Tensor x = input.detach().requiresGrad(true);
        Tensor t = Upsampling.trilinear(x, 1, 2, 2, false);
        Tensor u = Upsampling.trilinearToSize(x, 7, 13, 4, true);
        Tensor v = Upsampling.nearest3d(x, 2, 2, 1);
        t.mul(t).sum().add(u.mul(u).sum()).add(v.mul(v).sum()).backward();
        return new double[][] {t.toDoubleArray(), u.toDoubleArray(), v.toDoubleArray(), x.grad().toDoubleArray()};
    }

    @Example
    void badArgumentsAreRejectedNamingTheRule() {
        ShapeException layout = assertThrows(ShapeException.class,
                () -> Upsampling.trilinear(Tensor.zeros(1, 1, 4, 4), 1, 2, 2, false));
        assertTrue(layout.getMessage().contains("NCDHW"), layout.getMessage());
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class,
                () -> Upsampling.nearest3d(Tensor.zeros(1, 1, 2, 2, 2), 1, 0, 2));
        assertTrue(scale.getMessage().contains("integers >= 1"), scale.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Upsampling.trilinearToSize(Tensor.zeros(1, 1, 2, 2, 2), 3, 3, 0, true));
        assertTrue(size.getMessage().contains(">= 1"), size.getMessage());
    }
}
