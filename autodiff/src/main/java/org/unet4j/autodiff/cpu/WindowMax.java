package org.unet4j.autodiff.cpu;

import java.util.Arrays;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.ImagingKernels.MaxPooled;
import org.unet4j.autodiff.ImagingKernels.Window;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Max pooling over windows on three spatial axes (depth, height, width; images have depth 1), recording for every
 * output the flat input index of its maximum, and the backward pass that routes each gradient to that index.
 *
 * <p>The loops run offset by offset: for each kernel offset {@code (u, v, t)}, in row-major order, every output
 * whose window holds that offset inside the input compares one candidate, so the inner loop runs along an output
 * row without bounds tests or unpredictable branches. The value is the running {@code Math.max} (a NaN in the
 * window propagates); the argmax moves only to a strictly greater candidate, so ties keep the first maximum in
 * row-major order. Planes are independent, so any thread count gives the same result.
 */
final class WindowMax {
    private WindowMax() {
    }

    /** One spatial axis: input and output sizes, kernel, stride and padding. */
    private record Axis(int in, int out, int kernel, int stride, int pad) {
        /** First output whose window reads input {@code o stride - pad + u} inside the input. */
        int from(int u) {
            return Math.max(0, Math.floorDiv(pad - u + stride - 1, stride));
        }

        /** One past the last such output. */
        int to(int u) {
            return Math.min(out, Math.floorDiv(in - 1 + pad - u, stride) + 1);
        }

        /** The first input index inside window {@code o}. */
        int firstInside(int o) {
            return Math.max(0, o * stride - pad);
        }
    }

    private static Axis[] axes(Shape input, Window window) {
        Axis[] axes = new Axis[3];
        int missing = 3 - window.axes();
        for (int a = 0; a < 3; a++) {
            int k = a - missing;
            axes[a] = k < 0 ? new Axis(1, 1, 1, 1, 0)
                    : new Axis(input.dim(2 + k), window.outputSize(k, input.dim(2 + k)), window.kernel()[k],
                            window.stride()[k], window.padding()[k]);
        }
        return axes;
    }

    /** The maxima of {@code x} over the windows, with their argmax. */
    static MaxPooled forward(Tensor x, Window window) {
        Axis[] ax = axes(x.shape(), window);
        int planes = x.dim(0) * x.dim(1);
        int inVolume = ax[0].in * ax[1].in * ax[2].in;
        int outVolume = ax[0].out * ax[1].out * ax[2].out;
        Tensor y = CpuBackend.allocate(window.outputShape(x.shape()), x.dtype());
        int[] argmax = new int[y.size()];
        int grain = Math.max(1, (1 << 15) / Math.max(1, inVolume));
        RowMax rowMax = x.dtype() == DType.FLOAT32 ? WindowMax::rowMaxF : WindowMax::rowMaxD;
        Object in = x.storage();
        Object out = y.storage();
        Parallel.forRange(planes, grain, (from, to) -> {
            for (int p = from; p < to; p++) {
                start(ax, p * inVolume, argmax, p * outVolume);
                fillNegativeInfinity(out, p * outVolume, (p + 1) * outVolume);
                plane(ax, rowMax, in, p * inVolume, out, argmax, p * outVolume);
            }
        });
        return new MaxPooled(y, argmax);
    }

    /** Points every output at the first input element inside its window (the answer if all are -infinity). */
    private static void start(Axis[] ax, int xOff, int[] argmax, int yOff) {
        int o = yOff;
        for (int od = 0; od < ax[0].out; od++) {
            for (int oh = 0; oh < ax[1].out; oh++) {
                int row = xOff + (ax[0].firstInside(od) * ax[1].in + ax[1].firstInside(oh)) * ax[2].in;
                for (int ow = 0; ow < ax[2].out; ow++) {
                    argmax[o++] = row + ax[2].firstInside(ow);
                }
            }
        }
    }

    private static void fillNegativeInfinity(Object values, int from, int to) {
        if (values instanceof float[] f) {
            Arrays.fill(f, from, to, Float.NEGATIVE_INFINITY);
        } else {
            Arrays.fill((double[]) values, from, to, Double.NEGATIVE_INFINITY);
        }
    }

    /**
     * Folds candidates {@code x[row + ow stride]} into outputs {@code y[outRow + ow]} for ow in [from, to): the
     * running maximum, and the argmax moved to a strictly greater candidate. One implementation per element type.
     */
    @FunctionalInterface
    private interface RowMax {
        void fold(Object x, int row, int stride, Object y, int[] argmax, int outRow, int from, int to);
    }

    /** Visits, offset by offset, every output row whose windows hold that offset inside the input. */
    private static void plane(Axis[] ax, RowMax rowMax, Object x, int xOff, Object y, int[] argmax, int yOff) {
        Axis d = ax[0];
        Axis h = ax[1];
        Axis w = ax[2];
        for (int u = 0; u < d.kernel; u++) {
            for (int v = 0; v < h.kernel; v++) {
                for (int t = 0; t < w.kernel; t++) {
                    int owFrom = w.from(t);
                    int owTo = w.to(t);
                    for (int od = d.from(u); od < d.to(u); od++) {
                        int id = od * d.stride - d.pad + u;
                        for (int oh = h.from(v); oh < h.to(v); oh++) {
                            int row = xOff + (id * h.in + oh * h.stride - h.pad + v) * w.in - w.pad + t;
                            int outRow = yOff + (od * h.out + oh) * w.out;
                            rowMax.fold(x, row, w.stride, y, argmax, outRow, owFrom, owTo);
                        }
                    }
                }
            }
        }
    }

    private static void rowMaxF(Object xs, int row, int stride, Object ys, int[] argmax, int outRow, int from,
            int to) {
        float[] x = (float[]) xs;
        float[] y = (float[]) ys;
        for (int ow = from; ow < to; ow++) {
            int i = row + ow * stride;
            float candidate = x[i];
            float best = y[outRow + ow];
            argmax[outRow + ow] = candidate > best ? i : argmax[outRow + ow];
            y[outRow + ow] = Math.max(best, candidate);
        }
    }

    private static void rowMaxD(Object xs, int row, int stride, Object ys, int[] argmax, int outRow, int from,
            int to) {
        double[] x = (double[]) xs;
        double[] y = (double[]) ys;
        for (int ow = from; ow < to; ow++) {
            int i = row + ow * stride;
            double candidate = x[i];
            double best = y[outRow + ow];
            argmax[outRow + ow] = candidate > best ? i : argmax[outRow + ow];
            y[outRow + ow] = Math.max(best, candidate);
        }
    }

    /** {@code dx[argmax[o]] += g[o]}: each plane's outputs point into the same plane, so planes run in parallel. */
    static Tensor backward(Tensor grad, int[] argmax, Shape inputShape) {
        Tensor dx = CpuBackend.allocate(inputShape, grad.dtype());
        int planes = inputShape.dim(0) * inputShape.dim(1);
        int outVolume = planes == 0 ? 0 : grad.size() / planes;
        int grain = Math.max(1, (1 << 15) / Math.max(1, outVolume));
        if (grad.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] d = dx.floats();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int o = from * outVolume; o < to * outVolume; o++) {
                    d[argmax[o]] += g[o];
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] d = dx.doubles();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int o = from * outVolume; o < to * outVolume; o++) {
                    d[argmax[o]] += g[o];
                }
            });
        }
        return dx;
    }
}
