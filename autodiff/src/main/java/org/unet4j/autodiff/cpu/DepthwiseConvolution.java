package org.unet4j.autodiff.cpu;

import java.util.Arrays;
import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Depthwise image convolutions (groups = input channels = output channels, so each channel meets its own
 * {@code kH x kW} kernel), computed plane by plane with no patch matrix: per group the lowered product would be one
 * row of {@code kH kW} taps, too thin to repay lowering and packing. With {@code i(o, k) = s o + d k - p} per axis
 * and taps outside the input reading zero:
 * <pre>
 *   forward          y[n, c, o]      = b[c] + sum_k w[c, k] x[n, c, i(o, k)]
 *   backward input   dx[n, c, i]     = sum_{o, k : i(o, k) = i} w[c, k] gy[n, c, o]
 *   backward weight  dw[c, k]        = sum_n sum_o gy[n, c, o] x[n, c, i(o, k)]
 * </pre>
 * Each (sample, channel) plane of the forward and input-gradient passes, and each channel's weight gradient (its
 * samples summed in order), is one task that sums in a fixed order, so results do not depend on the thread count.
 * Planes are summed in float64 and float32 results rounded once.
 */
final class DepthwiseConvolution {
    /** About this many multiply-adds per parallel task. */
    private static final int GRAIN_WORK = 1 << 15;

    private DepthwiseConvolution() {
    }

    /** True when these kernels handle geometry g: an image convolution with one input and one output per group. */
    static boolean applies(Geometry g) {
        return g.axes() == 2 && g.groups() > 1 && g.inChannels() == g.groups() && g.outChannels() == g.groups();
    }

    /** {@code y = conv(x, w) + bias}. */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        Object xs = x.storage();
        Object ys = y.storage();
        double[] w = weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        Taps taps = new Taps(g);
        int channels = g.inChannels();
        Parallel.forRange(g.batch() * channels, taps.grain(), (from, to) -> {
            double[] xp = new double[taps.inVolume];
            double[] yp = new double[taps.outVolume];
            for (int t = from; t < to; t++) {
                int c = t % channels;
                read(xs, t * taps.inVolume, xp);
                Arrays.fill(yp, b == null ? 0 : b[c]);
                taps.forward(w, c * taps.volume, xp, yp);
                write(yp, ys, t * taps.outVolume);
            }
        });
        return y;
    }

    /** {@code dx}: the adjoint of the forward pass applied to {@code gy}. */
    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g) {
        Tensor dx = CpuBackend.allocate(g.inputShape(), gy.dtype());
        Object gs = gy.storage();
        Object dxs = dx.storage();
        double[] w = weight.toDoubleArray();
        Taps taps = new Taps(g);
        int channels = g.inChannels();
        Parallel.forRange(g.batch() * channels, taps.grain(), (from, to) -> {
            double[] gp = new double[taps.outVolume];
            double[] dp = new double[taps.inVolume];
            for (int t = from; t < to; t++) {
                read(gs, t * taps.outVolume, gp);
                Arrays.fill(dp, 0);
                taps.adjoint(w, (t % channels) * taps.volume, gp, dp);
                write(dp, dxs, t * taps.inVolume);
            }
        });
        return dx;
    }

    /** {@code dw[c, k] = sum_n sum_o gy[n, c, o] x[n, c, i(o, k)]}. */
    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g) {
        Tensor dw = CpuBackend.allocate(g.weightShape(), gy.dtype());
        Object gs = gy.storage();
        Object xs = x.storage();
        Object dws = dw.storage();
        Taps taps = new Taps(g);
        int channels = g.inChannels();
        int batch = g.batch();
        Parallel.forRange(channels, Math.max(1, taps.grain() / batch), (from, to) -> {
            double[] xp = new double[taps.inVolume];
            double[] gp = new double[taps.outVolume];
            double[] acc = new double[taps.volume];
            for (int c = from; c < to; c++) {
                Arrays.fill(acc, 0);
                for (int n = 0; n < batch; n++) {
                    int plane = n * channels + c;
                    read(xs, plane * taps.inVolume, xp);
                    read(gs, plane * taps.outVolume, gp);
                    taps.correlate(gp, xp, acc);
                }
                write(acc, dws, c * taps.volume);
            }
        });
        return dw;
    }

    /**
     * The taps of one plane: for tap {@code (ky, kx)} and output row {@code oy}, the input row {@code iy} and the
     * output columns {@code [lo, hi)} whose input column {@code ix = sx ox + dx kx - px} lies inside the input.
     */
    private static final class Taps {
        final int inH;
        final int inW;
        final int outH;
        final int outW;
        final int kH;
        final int kW;
        final int sy;
        final int sx;
        final int dy;
        final int dx;
        final int py;
        final int px;
        final int inVolume;
        final int outVolume;
        final int volume;

        Taps(Geometry g) {
            inH = g.input(0);
            inW = g.input(1);
            outH = g.output(0);
            outW = g.output(1);
            kH = g.kernel(0);
            kW = g.kernel(1);
            sy = g.stride(0);
            sx = g.stride(1);
            dy = g.dilation(0);
            dx = g.dilation(1);
            py = g.padBefore(0);
            px = g.padBefore(1);
            inVolume = inH * inW;
            outVolume = outH * outW;
            volume = kH * kW;
        }

        /** Planes per parallel task. */
        int grain() {
            return Math.max(1, GRAIN_WORK / Math.max(1, outVolume * volume));
        }

        /** The first output column whose tap {@code kx} reads inside the input. */
        private int lo(int kx) {
            int shift = px - dx * kx;
            return shift <= 0 ? 0 : Math.min(outW, (shift + sx - 1) / sx);
        }

        /** One past the last output column whose tap {@code kx} reads inside the input. */
        private int hi(int kx) {
            int last = inW - 1 + px - dx * kx;
            return last < 0 ? 0 : Math.min(outW, last / sx + 1);
        }

        /** {@code y += sum_k w[k] x[i(o, k)]}, taps in order. */
        void forward(double[] w, int wOff, double[] x, double[] y) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ky = 0; ky < kH; ky++) {
                    int iy = sy * oy + dy * ky - py;
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    for (int kx = 0; kx < kW; kx++) {
                        double wk = w[wOff + ky * kW + kx];
                        int in = iy * inW + dx * kx - px;
                        int out = oy * outW;
                        int end = hi(kx);
                        if (sx == 1) {
                            for (int ox = lo(kx); ox < end; ox++) {
                                y[out + ox] += wk * x[in + ox];
                            }
                        } else {
                            for (int ox = lo(kx); ox < end; ox++) {
                                y[out + ox] += wk * x[in + sx * ox];
                            }
                        }
                    }
                }
            }
        }

        /** {@code dx[i(o, k)] += w[k] gy[o]}, outputs and taps in order. */
        void adjoint(double[] w, int wOff, double[] gy, double[] dxPlane) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ky = 0; ky < kH; ky++) {
                    int iy = sy * oy + dy * ky - py;
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    for (int kx = 0; kx < kW; kx++) {
                        double wk = w[wOff + ky * kW + kx];
                        int in = iy * inW + dx * kx - px;
                        int out = oy * outW;
                        int end = hi(kx);
                        if (sx == 1) {
                            for (int ox = lo(kx); ox < end; ox++) {
                                dxPlane[in + ox] += wk * gy[out + ox];
                            }
                        } else {
                            for (int ox = lo(kx); ox < end; ox++) {
                                dxPlane[in + sx * ox] += wk * gy[out + ox];
                            }
                        }
                    }
                }
            }
        }

        /** {@code acc[k] += sum_o gy[o] x[i(o, k)]}, outputs in order. */
        void correlate(double[] gy, double[] x, double[] acc) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ky = 0; ky < kH; ky++) {
                    int iy = sy * oy + dy * ky - py;
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    for (int kx = 0; kx < kW; kx++) {
                        int in = iy * inW + dx * kx - px;
                        int out = oy * outW;
                        double s = 0;
                        for (int ox = lo(kx), end = hi(kx); ox < end; ox++) {
                            s += gy[out + ox] * x[in + sx * ox];
                        }
                        acc[ky * kW + kx] += s;
                    }
                }
            }
        }
    }

    /** Copies {@code to.length} values from {@code storage} at {@code off} into {@code to}. */
    private static void read(Object storage, int off, double[] to) {
        if (storage instanceof float[] f) {
            for (int i = 0; i < to.length; i++) {
                to[i] = f[off + i];
            }
        } else {
            System.arraycopy((double[]) storage, off, to, 0, to.length);
        }
    }

    /** Copies {@code from} into {@code storage} at {@code off}, rounding to float32 where the storage is. */
    private static void write(double[] from, Object storage, int off) {
        if (storage instanceof float[] f) {
            for (int i = 0; i < from.length; i++) {
                f[off + i] = (float) from[i];
            }
        } else {
            System.arraycopy(from, 0, (double[]) storage, off, from.length);
        }
    }
}
