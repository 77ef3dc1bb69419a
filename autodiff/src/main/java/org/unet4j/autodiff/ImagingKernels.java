package org.unet4j.autodiff;

/**
 * Pooling and upsampling primitives a backend provides, each with its backward pass.
 *
 * <p>Tensors are laid out {@code [N, C, spatial...]}: two spatial axes for images (NCHW), three for volumes
 * (NCDHW). Per-axis arguments are arrays with one entry per spatial axis, in axis order. Every primitive maps each
 * plane (one sample, one channel) on its own, so a backend may process planes in parallel and still give the same
 * result for any thread count. Arguments are validated by the ops before they arrive here; a backward pass returns
 * a tensor of {@code inputShape} with the gradient's dtype.
 */
public interface ImagingKernels {

    /**
     * A pooling window: per spatial axis the kernel size, the stride and the padding added on both sides. Along an
     * axis of size {@code in} there are {@code floor((in + 2 padding - kernel) / stride) + 1} windows; window
     * {@code o} covers input indices {@code [o stride - padding, o stride - padding + kernel)}.
     */
    record Window(int[] kernel, int[] stride, int[] padding) {
        public Window {
            kernel = kernel.clone();
            stride = stride.clone();
            padding = padding.clone();
        }

        /** Number of spatial axes. */
        public int axes() {
            return kernel.length;
        }

        /** Number of windows along spatial axis {@code axis} of size {@code in}. */
        public int outputSize(int axis, int in) {
            return (in + 2 * padding[axis] - kernel[axis]) / stride[axis] + 1;
        }

        /** The pooled shape of an {@code [N, C, spatial...]} input. */
        public Shape outputShape(Shape input) {
            int[] d = input.dims();
            for (int a = 0; a < axes(); a++) {
                d[2 + a] = outputSize(a, d[2 + a]);
            }
            return Shape.of(d);
        }
    }

    /**
     * Max pooling's result: the maxima, and for each of them the flat index into the input's storage of the
     * element it came from (its backward pass routes the gradient there).
     */
    record MaxPooled(Tensor values, int[] argmax) {
    }

    /**
     * {@code out[o] = max of x over window o}; padded positions never win. The argmax of a tie is the first
     * maximum in row-major order; a NaN in the window makes the output NaN.
     */
    MaxPooled maxPool(Tensor x, Window window);

    /** {@code dx[argmax[o]] += g[o]}, zero elsewhere. */
    Tensor maxPoolBackward(Tensor grad, int[] argmax, Shape inputShape);

    /**
     * {@code out[o] = (sum of x over window o) / divisor}: the divisor is the full window size (padding counted as
     * zeros) when {@code countPadding}, else the number of input elements the window covers.
     */
    Tensor avgPool(Tensor x, Window window, boolean countPadding);

    /** {@code dx[i] = sum over windows o containing i of g[o] / divisor(o)}. */
    Tensor avgPoolBackward(Tensor grad, Shape inputShape, Window window, boolean countPadding);

    /**
     * Mean over bins: along an axis of size {@code in} pooled to {@code out}, bin {@code i} covers
     * {@code [floor(i in / out), ceil((i + 1) in / out))} (PyTorch's rule; bins may overlap).
     */
    Tensor adaptiveAvgPool(Tensor x, int[] outputSize);

    /** Each bin's gradient shared equally among the elements of the bin. */
    Tensor adaptiveAvgPoolBackward(Tensor grad, Shape inputShape);

    /** Nearest-neighbour resampling: along each axis, {@code out[o] = x[floor(o in / out)]}. */
    Tensor upsampleNearest(Tensor x, int[] outputSize);

    /** {@code dx[i] = sum of g[o] over the outputs o that copied x[i]}. */
    Tensor upsampleNearestBackward(Tensor grad, Shape inputShape);

    /**
     * Linear interpolation along every spatial axis (bilinear for images, trilinear for volumes) with PyTorch's
     * source coordinates: {@code src = o (in - 1) / (out - 1)} when {@code alignCorners} (0 when out = 1), else
     * {@code src = max(0, (o + 1/2) in / out - 1/2)}; then {@code out[o] = (1 - t) x[i0] + t x[i1]} with
     * {@code i0 = floor(src)}, {@code i1 = min(i0 + 1, in - 1)}, {@code t = src - i0}.
     */
    Tensor upsampleLinear(Tensor x, int[] outputSize, boolean alignCorners);

    /** The adjoint of {@link #upsampleLinear}: each output's gradient split onto its sources with the same weights. */
    Tensor upsampleLinearBackward(Tensor grad, Shape inputShape, boolean alignCorners);
}
