package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Volume convolutions with few channels as sums of image convolutions on {@link DirectConvolution}'s kernels: a
 * kernel of depth {@code kD} is {@code kD} image kernels, and tap {@code kd} meets, at output depth {@code z}, the
 * input slice {@code iz = z sD + kd dD - padBefore_D}. With the output slices of every sample stacked as a batch of
 * {@code N outD} images ({@code X_kd[n outD + z] = x[n, :, iz]}, zero where iz falls outside) and
 * {@code W_kd = w[:, :, kd]}:
 * <pre>
 *   forward          y[n, :, z]    = sum_kd conv2d(X_kd, W_kd)[n outD + z]           (+ bias)
 *   backward input   dx[n, :, iz] += conv2d_input_grad(GY, W_kd)[n outD + z]          for every kd, z with iz inside
 *   backward weight  dw[:, :, kd]  = conv2d_weight_grad(GY, X_kd)                     GY[n outD + z] = gy[n, :, z]
 * </pre>
 * Depth may have any stride, dilation and padding; the image sub-geometry (height, width, one group) must be one
 * {@link DirectConvolution} handles. The slices are gathered and scattered by plain copies, one {@code kd} at a time
 * in order, so the result is the same for any thread count.
 */
final class DepthSlicedConvolution {
    private DepthSlicedConvolution() {
    }

    /** The image geometry of one depth tap: the batch of output slices over height and width. */
    static Geometry planes(Geometry g) {
        return new Geometry(g.batch() * g.output(0), g.inChannels(), g.outChannels(), g.groups(),
                new int[] {g.input(1), g.input(2)}, new int[] {g.kernel(1), g.kernel(2)},
                new int[] {g.output(1), g.output(2)}, new int[] {g.stride(1), g.stride(2)},
                new int[] {g.dilation(1), g.dilation(2)}, new int[] {g.padBefore(1), g.padBefore(2)});
    }

    /** True for a volume geometry whose image sub-geometry the direct kernels handle. */
    static boolean applies(Geometry g) {
        return g.axes() == 3 && DirectConvolution.applies(planes(g));
    }

    /** The input slice tap {@code kd} reads at output depth {@code z}, or -1 outside the input. */
    private static int slice(Geometry g, int z, int kd) {
        int iz = z * g.stride(0) + kd * g.dilation(0) - g.padBefore(0);
        return iz >= 0 && iz < g.input(0) ? iz : -1;
    }

    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        Geometry p = planes(g);
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        for (int kd = 0; kd < g.kernel(0); kd++) {
            Tensor part = DirectConvolution.forward(gatherInput(x, g, kd), weightTap(weight, g, kd),
                    kd == 0 ? bias : null, p);
            int plane = g.output(1) * g.output(2);
            for (int n = 0; n < g.batch(); n++) {
                for (int z = 0; z < g.output(0); z++) {
                    for (int o = 0; o < g.outChannels(); o++) {
                        add(part.storage(), ((n * g.output(0) + z) * g.outChannels() + o) * plane, y.storage(),
                                ((n * g.outChannels() + o) * g.output(0) + z) * plane, plane);
                    }
                }
            }
        }
        return y;
    }

    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g) {
        Geometry p = planes(g);
        Tensor stacked = stackOutput(gy, g);
        Tensor dx = CpuBackend.allocate(g.inputShape(), gy.dtype());
        int plane = g.input(1) * g.input(2);
        for (int kd = 0; kd < g.kernel(0); kd++) {
            Tensor part = DirectConvolution.backwardInput(stacked, weightTap(weight, g, kd), p);
            for (int n = 0; n < g.batch(); n++) {
                for (int z = 0; z < g.output(0); z++) {
                    int iz = slice(g, z, kd);
                    if (iz < 0) {
                        continue;
                    }
                    for (int c = 0; c < g.inChannels(); c++) {
                        add(part.storage(), ((n * g.output(0) + z) * g.inChannels() + c) * plane, dx.storage(),
                                ((n * g.inChannels() + c) * g.input(0) + iz) * plane, plane);
                    }
                }
            }
        }
        return dx;
    }

    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g) {
        Geometry p = planes(g);
        Tensor stacked = stackOutput(gy, g);
        Tensor dw = CpuBackend.allocate(g.weightShape(), gy.dtype());
        int taps = g.kernel(1) * g.kernel(2);
        int pairs = g.outChannels() * g.inChannels();
        for (int kd = 0; kd < g.kernel(0); kd++) {
            Tensor part = DirectConvolution.backwardWeight(stacked, gatherInput(x, g, kd), p);
            for (int pair = 0; pair < pairs; pair++) {
                copy(part.storage(), pair * taps, dw.storage(), (pair * g.kernel(0) + kd) * taps, taps);
            }
        }
        return dw;
    }

    /** {@code X_kd}: {@code [N outD, Cin, H, W]}, slice {@code n outD + z} the input slice tap kd reads at z. */
    private static Tensor gatherInput(Tensor x, Geometry g, int kd) {
        int plane = g.input(1) * g.input(2);
        Tensor out = CpuBackend.allocate(Shape.of(g.batch() * g.output(0), g.inChannels(), g.input(1), g.input(2)),
                x.dtype());
        for (int n = 0; n < g.batch(); n++) {
            for (int z = 0; z < g.output(0); z++) {
                int iz = slice(g, z, kd);
                if (iz < 0) {
                    continue;
                }
                for (int c = 0; c < g.inChannels(); c++) {
                    copy(x.storage(), ((n * g.inChannels() + c) * g.input(0) + iz) * plane, out.storage(),
                            ((n * g.output(0) + z) * g.inChannels() + c) * plane, plane);
                }
            }
        }
        return out;
    }

    /** {@code GY}: {@code [N outD, Cout, outH, outW]}, slice {@code n outD + z} being {@code gy[n, :, z]}. */
    private static Tensor stackOutput(Tensor gy, Geometry g) {
        int plane = g.output(1) * g.output(2);
        Tensor out = CpuBackend.allocate(Shape.of(g.batch() * g.output(0), g.outChannels(), g.output(1),
                g.output(2)), gy.dtype());
        for (int n = 0; n < g.batch(); n++) {
            for (int z = 0; z < g.output(0); z++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    copy(gy.storage(), ((n * g.outChannels() + o) * g.output(0) + z) * plane, out.storage(),
                            ((n * g.output(0) + z) * g.outChannels() + o) * plane, plane);
                }
            }
        }
        return out;
    }

    /** {@code W_kd = w[:, :, kd]}: {@code [Cout, Cin, kH, kW]}. */
    private static Tensor weightTap(Tensor w, Geometry g, int kd) {
        int taps = g.kernel(1) * g.kernel(2);
        int pairs = g.outChannels() * g.inChannels();
        Tensor out = CpuBackend.allocate(Shape.of(g.outChannels(), g.inChannels(), g.kernel(1), g.kernel(2)),
                w.dtype());
        for (int pair = 0; pair < pairs; pair++) {
            copy(w.storage(), (pair * g.kernel(0) + kd) * taps, out.storage(), pair * taps, taps);
        }
        return out;
    }

    private static void copy(Object src, int from, Object dst, int to, int length) {
        System.arraycopy(src, from, dst, to, length);
    }

    private static void add(Object src, int from, Object dst, int to, int length) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < length; i++) {
                d[to + i] += s[from + i];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < length; i++) {
                d[to + i] += s[from + i];
            }
        }
    }
}
