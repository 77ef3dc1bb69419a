package org.unet4j.autodiff;

/**
 * Pooling over NCHW image batches, each forward beside its backward rule. Along an axis of size {@code H} with
 * kernel {@code k}, stride {@code s} and padding {@code p} there are {@code floor((H + 2p - k) / s) + 1} windows;
 * window {@code i} covers rows {@code [i s - p, i s - p + k)}.
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool2d(x, 2);                 // [N, C, H, W] -> [N, C, H/2, W/2]
 * Tensor z = Pooling.adaptiveAvgPool2d(x, 1, 1);      // global average pooling
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
