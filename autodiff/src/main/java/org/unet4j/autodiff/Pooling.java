package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * Pooling over NCHW image batches and NCDHW volume batches, each forward beside its backward rule. Along an axis
 * of size {@code H} with kernel {@code k}, stride {@code s} and padding {@code p} there are
 * {@code floor((H + 2p - k) / s) + 1} windows; window {@code i} covers rows {@code [i s - p, i s - p + k)}.
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool2d(x, 2);                 // [N, C, H, W] -> [N, C, H/2, W/2]
 * Tensor z = Pooling.adaptiveAvgPool2d(x, 1, 1);      // global average pooling
 * Tensor v = Pooling.maxPool3d(vol, 1, 2, 2);         // [N, C, D, H, W] -> [N, C, D, H/2, W/2]
 * }</pre>
 */
public final class Pooling {
    private Pooling() {
    }

    /** Max pooling with a square {@code k x k} window and stride {@code k}. */
    public static Tensor maxPool2d(Tensor x, int k) {
        return maxPool2d(x, k, k, k, k, 0, 0);
    }

    /** Max pooling without padding. */
    public static Tensor maxPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW) {
        return maxPool2d(x, kernelH, kernelW, strideH, strideW, 0, 0);
    }

    /**
     * {@code y[n, c, i, j] = max of x[n, c] over window (i, j)}, padded positions never winning (padding at most
     * half the kernel, as in PyTorch). Backward: {@code dx[argmax] += g}, the argmax of each window recorded in
     * the forward pass (the first maximum in row-major order on ties).
     */
    public static Tensor maxPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH,
            int padW) {
        ImagingKernels.Window window = window("maxPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        ImagingKernels.MaxPooled pooled = x.device().backend().imaging().maxPool(x, window);
        int[] argmax = pooled.argmax();
        Shape in = x.shape();
        return Autograd.record("max_pool2d", pooled.values(), g -> new Tensor[] {
                g.device().backend().imaging().maxPoolBackward(g.to(x.dtype()), argmax, in)}, x);
    }

    /** Average pooling with a square {@code k x k} window and stride {@code k}. */
    public static Tensor avgPool2d(Tensor x, int k) {
        return avgPool2d(x, k, k, k, k, 0, 0, true);
    }

    /** Average pooling without padding. */
    public static Tensor avgPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW) {
        return avgPool2d(x, kernelH, kernelW, strideH, strideW, 0, 0, true);
    }

    /**
     * {@code y[n, c, i, j] = (sum of x[n, c] over window (i, j)) / divisor}, the divisor {@code kernelH kernelW}
     * when {@code countPadding} (padding counts as zeros, PyTorch's default) or else the number of input elements
     * the window covers. Backward: each input receives {@code g / divisor} from every window containing it.
     */
    public static Tensor avgPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
            boolean countPadding) {
        ImagingKernels.Window window = window("avgPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        Tensor out = x.device().backend().imaging().avgPool(x, window, countPadding);
        Shape in = x.shape();
        return Autograd.record("avg_pool2d", out, g -> new Tensor[] {
                g.device().backend().imaging().avgPoolBackward(g.to(x.dtype()), in, window, countPadding)}, x);
    }

    /**
     * Average pooling to a fixed output size: along an axis of size {@code H} pooled to {@code outH}, bin
     * {@code i} averages rows {@code [floor(i H / outH), ceil((i + 1) H / outH))} (PyTorch's rule; the output may
     * be larger than the input). Backward: each bin's gradient is shared equally among its elements.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        ImageLayout.requireNchw("adaptiveAvgPool2d", x);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: output size " + outH + "x" + outW + " for input "
                    + x.shape() + " is invalid; output sizes must be >= 1");
        }
        Tensor out = x.device().backend().imaging().adaptiveAvgPool(x, new int[] {outH, outW});
        Shape in = x.shape();
        return Autograd.record("adaptive_avg_pool2d", out, g -> new Tensor[] {
                g.device().backend().imaging().adaptiveAvgPoolBackward(g.to(x.dtype()), in)}, x);
    }

    /** 3-D max pooling with a cubic {@code k x k x k} window and stride {@code k}. */
    public static Tensor maxPool3d(Tensor x, int k) {
        return maxPool3d(x, new int[] {k, k, k}, new int[] {k, k, k}, new int[] {0, 0, 0});
    }

    /** 3-D max pooling with a {@code kD x kH x kW} window, stride equal to the kernel, no padding. */
    public static Tensor maxPool3d(Tensor x, int kernelD, int kernelH, int kernelW) {
        int[] kernel = {kernelD, kernelH, kernelW};
        return maxPool3d(x, kernel, kernel, new int[] {0, 0, 0});
    }

    /**
     * 3-D max pooling of an NCDHW batch: {@code y[n, c, i, j, l] = max of x[n, c] over window (i, j, l)}, with
     * {@code kernel}, {@code stride} and {@code padding} given per axis {@code [depth, height, width]} (anisotropic
     * windows such as {@code (1, 2, 2)} included); padded positions never win. Backward: {@code dx[argmax] += g}.
     */
    public static Tensor maxPool3d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        ImagingKernels.Window window = volumeWindow("maxPool3d", x, kernel, stride, padding);
        ImagingKernels.MaxPooled pooled = x.device().backend().imaging().maxPool(x, window);
        int[] argmax = pooled.argmax();
        Shape in = x.shape();
        return Autograd.record("max_pool3d", pooled.values(), g -> new Tensor[] {
                g.device().backend().imaging().maxPoolBackward(g.to(x.dtype()), argmax, in)}, x);
    }

    /** 3-D average pooling with a cubic {@code k x k x k} window and stride {@code k}. */
    public static Tensor avgPool3d(Tensor x, int k) {
        return avgPool3d(x, new int[] {k, k, k}, new int[] {k, k, k}, new int[] {0, 0, 0}, true);
    }

    /** 3-D average pooling with a {@code kD x kH x kW} window, stride equal to the kernel, no padding. */
    public static Tensor avgPool3d(Tensor x, int kernelD, int kernelH, int kernelW) {
        int[] kernel = {kernelD, kernelH, kernelW};
        return avgPool3d(x, kernel, kernel, new int[] {0, 0, 0}, true);
    }

    /**
     * 3-D average pooling of an NCDHW batch: {@code y = (sum of x over the window) / divisor}, the divisor
     * {@code kD kH kW} when {@code countIncludePad} (padding counts as zeros, PyTorch's default) or else the number
     * of input elements the window covers. Backward: each input receives {@code g / divisor} from every window
     * containing it.
     */
    public static Tensor avgPool3d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        ImagingKernels.Window window = volumeWindow("avgPool3d", x, kernel, stride, padding);
        Tensor out = x.device().backend().imaging().avgPool(x, window, countIncludePad);
        Shape in = x.shape();
        return Autograd.record("avg_pool3d", out, g -> new Tensor[] {
                g.device().backend().imaging().avgPoolBackward(g.to(x.dtype()), in, window, countIncludePad)}, x);
    }

    /**
     * 3-D average pooling to a fixed output size {@code outD x outH x outW}, bins per axis as in
     * {@link #adaptiveAvgPool2d}. Backward: each bin's gradient is shared equally among its elements.
     */
    public static Tensor adaptiveAvgPool3d(Tensor x, int outD, int outH, int outW) {
        ImageLayout.requireNcdhw("adaptiveAvgPool3d", x);
        if (outD < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptiveAvgPool3d: output size " + outD + "x" + outH + "x" + outW
                    + " for input " + x.shape() + " is invalid; output sizes must be >= 1");
        }
        Tensor out = x.device().backend().imaging().adaptiveAvgPool(x, new int[] {outD, outH, outW});
        Shape in = x.shape();
        return Autograd.record("adaptive_avg_pool3d", out, g -> new Tensor[] {
                g.device().backend().imaging().adaptiveAvgPoolBackward(g.to(x.dtype()), in)}, x);
    }

    private static ImagingKernels.Window volumeWindow(String op, Tensor x, int[] kernel, int[] stride,
            int[] padding) {
        ImageLayout.requireNcdhw(op, x);
        String[] axis = {"depth", "height", "width"};
        String[] names = {"kernel", "stride", "padding"};
        int[][] values = {kernel, stride, padding};
        for (int v = 0; v < 3; v++) {
            if (values[v] == null || values[v].length != 3) {
                throw new IllegalArgumentException(op + ": " + names[v] + " must have 3 entries [depth, height, width],"
                        + " got " + (values[v] == null ? "null" : Arrays.toString(values[v])));
            }
        }
        for (int a = 0; a < 3; a++) {
            if (kernel[a] < 1 || stride[a] < 1 || padding[a] < 0) {
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel) + ", stride "
                        + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + " is invalid along the "
                        + axis[a] + "; kernel sizes and strides must be >= 1 and padding >= 0");
            }
            if (2 * padding[a] > kernel[a]) {
                throw new IllegalArgumentException(op + ": padding " + padding[a] + " along the " + axis[a]
                        + " is more than half the kernel size " + kernel[a] + "; padding must be at most kernel / 2");
            }
            int size = x.dim(2 + a);
            if (kernel[a] > size + 2 * padding[a]) {
                throw new ShapeException(op + ": kernel " + Arrays.toString(kernel) + " is larger than the input "
                        + x.shape() + " along the " + axis[a] + " (" + size + " plus padding 2 x " + padding[a]
                        + " < " + kernel[a] + "); the kernel must fit inside the padded input");
            }
        }
        return new ImagingKernels.Window(kernel, stride, padding);
    }

    private static ImagingKernels.Window window(String op, Tensor x, int kernelH, int kernelW, int strideH,
            int strideW, int padH, int padW) {
        ImageLayout.requireNchw(op, x);
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException(op + ": kernel " + kernelH + "x" + kernelW + " is invalid; kernel sizes"
                    + " must be >= 1");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(op + ": stride " + strideH + "x" + strideW + " is invalid; strides must"
                    + " be >= 1");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException(op + ": padding " + padH + "x" + padW + " is invalid; padding must be"
                    + " >= 0");
        }
        int[] kernel = {kernelH, kernelW};
        int[] pad = {padH, padW};
        String[] axis = {"height", "width"};
        for (int a = 0; a < 2; a++) {
            if (2 * pad[a] > kernel[a]) {
                throw new IllegalArgumentException(op + ": padding " + pad[a] + " along " + axis[a] + " is more than "
                        + "half the kernel size " + kernel[a] + "; padding must be at most kernel / 2");
            }
            int size = x.dim(2 + a);
            if (kernel[a] > size + 2 * pad[a]) {
                throw new ShapeException(op + ": kernel " + kernelH + "x" + kernelW + " is larger than the input "
                        + x.shape() + " along " + axis[a] + " (" + size + " plus padding 2 x " + pad[a] + " < "
                        + kernel[a] + "); the kernel must fit inside the padded input");
            }
        }
        return new ImagingKernels.Window(kernel, new int[] {strideH, strideW}, pad);
    }
}
