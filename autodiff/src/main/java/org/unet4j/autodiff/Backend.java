package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * The seam between ops and the hardware: every op reaches its data through the backend of its tensors' device.
 * Ops hold the math and the backward rules; a backend only evaluates primitives on its own storage. Arguments are
 * validated by the ops before they reach a backend.
 */
public interface Backend {

    /** Short name, e.g. {@code cpu}. */
    String name();

    /** A new tensor of zeros. */
    Tensor zeros(Shape shape, DType dtype);

    /**
     * Whether tensors of {@code dtype} can live on this backend's device. The default, for backends that compute in
     * both types, is true.
     */
    default boolean supports(DType dtype) {
        return true;
    }

    /**
     * Sets every element of {@code x} to {@code value} (rounded to x's dtype), in place. The default serves backends
     * whose storage is the Java array itself ({@code float[]} or {@code double[]}, as on {@link Device#CPU}).
     */
    default void fill(Tensor x, double value) {
        if (x.storage() instanceof float[] f) {
            Arrays.fill(f, (float) value);
        } else {
            Arrays.fill((double[]) x.storage(), value);
        }
    }

    /** {@code fn(x, a, b)} for every element. */
    Tensor unary(UnaryFn fn, Tensor x, double a, double b);

    /** {@code fn(x, y)} with NumPy broadcasting; the result has the promoted dtype. */
    Tensor binary(BinaryFn fn, Tensor x, Tensor y);

    /** Reduces the marked axes, keeping them with size 1. */
    Tensor reduce(ReduceFn fn, Tensor x, boolean[] reducedAxes);

    /**
     * Batched matrix product of the last two axes, {@code op(a) @ op(b)} with {@code op} the optional transpose;
     * leading (batch) axes broadcast.
     */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    /** A contiguous copy with axes reordered: result axis i is input axis {@code perm[i]}. */
    Tensor permute(Tensor x, int[] perm);

    /** A contiguous copy of the box {@code [start, start + shape)}. */
    Tensor extract(Tensor x, int[] start, Shape shape);

    /** Writes {@code src} into the box of {@code dst} that starts at {@code start}. */
    void assign(Tensor dst, int[] start, Tensor src);

    /** A copy converted to {@code dtype}. */
    Tensor cast(Tensor x, DType dtype);

    /** Convolution kernels (forward and both backward passes). */
    ConvolutionKernels convolution();

    /** Pooling and upsampling kernels with their backward passes. */
    ImagingKernels imaging();

    /** Normalisation kernels (batch, instance, group) with their backward passes. */
    NormalizationKernels normalization();

    /** The primitives of a batched conjugate gradient on SoftCut grid systems. */
    GridKernels grid();

    /** Fused optimizer updates, one launch per parameter. */
    OptimizerKernels optimizer();
}
