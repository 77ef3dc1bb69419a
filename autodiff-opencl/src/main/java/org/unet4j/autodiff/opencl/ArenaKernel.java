package org.unet4j.autodiff.opencl;

import com.aparapi.Kernel;
import org.unet4j.autodiff.DType;

/**
 * The one Aparapi kernel of an OpenCL device for one element type: every primitive, selected by {@link #op},
 * reading and writing the tensors that live in the subclass's {@code heap}. This class holds what does not depend on
 * the element type: the op codes, the layout of {@link #meta}, the integer launch parameters and tables, and the
 * host-side access to the typed arrays. The kernels themselves are {@link Float32ArenaKernel} and
 * {@link Float64ArenaKernel}, generated at build time from the one template
 * {@code src/main/templates/org/unet4j/autodiff/opencl/X-ArenaKernel.java.template} (Aparapi translates the bytecode
 * of one concrete class into OpenCL, so neither generics nor a shared superclass method can serve both types).
 *
 * <p>Why one kernel per type for everything: Aparapi keeps one OpenCL buffer per kernel instance and per array
 * field, and re-creates it from the host array whenever the field points to another array. Data written by one
 * kernel object is therefore invisible to another without a round trip through the host. Keeping every tensor of a
 * device and type inside one long-lived array field of one kernel object is what lets results stay on the device
 * from op to op; it is also why a conversion between float32 and float64 goes through the host.
 */
abstract class ArenaKernel extends Kernel {
    /** Fill {@code n} elements at {@code outOffset} with {@code a}. */
    static final int FILL = 0;
    /** Copy {@code staging[0, n)} into the heap at {@code outOffset}. */
    static final int UPLOAD = 1;
    /** Copy {@code n} heap elements at {@code xOffset} into {@code staging}. */
    static final int DOWNLOAD = 2;
    /** Contiguous unary function {@code fn} of {@code n} elements. */
    static final int UNARY = 3;
    /** Strided loop over {@code meta}: copy ({@code fn = COPY}) or binary function {@code fn} of two operands. */
    static final int STRIDED = 4;
    /** Sum or maximum over the reduced axes described by {@code meta}, one work-item per output element. */
    static final int REDUCE = 5;
    /** Tiled batched matrix product, two-dimensional work-groups of {@code TILE x TILE}. */
    static final int MATMUL = 6;
    /** Direct convolution, one work-item per output element; geometry in {@code meta} (see {@link #CONV_AXES}). */
    static final int CONV_FORWARD = 7;
    /** Input gradient of a convolution (a transposed convolution), one work-item per input element. */
    static final int CONV_INPUT_GRAD = 8;
    /** Weight gradient of a convolution, one work-item per weight element, summed over batch and positions. */
    static final int CONV_WEIGHT_GRAD = 9;
    /**
     * Separable linear map (average and adaptive pooling, nearest and linear resampling, and their adjoints), one
     * work-item per output element; the per-axis sparse rows are in {@link #indices}, their weights in
     * {@code coefficients}.
     */
    static final int SEPARABLE = 10;
    /** Max pooling, one work-item per output element, writing the maximum and its flat input index. */
    static final int MAX_POOL = 11;
    /** {@code out[i] = sum of x[j]} over the list of input element i in {@link #indices} (max-pool backward). */
    static final int GATHER_SUM = 12;
    /**
     * Two compensated sums per plane of {@code meta[0]} elements, one work-item per plane, into the staging array
     * (three entries per plane): with {@code fn == 0} the shifted moments {@code sum d} and {@code sum d^2} of
     * {@code d = x - K}, K the element at {@code indices[p]} (the group's first element), also written; with
     * {@code fn == 1} the gradient sums {@code sum g} and {@code sum g (x - mu)}, mu in {@code coefficients[p]}.
     */
    static final int PLANE_SUMS = 13;
    /**
     * Per-plane affine map, one work-item per element: {@code out = A g + B (x - M) + C} with x at {@code xOffset},
     * g at {@code yOffset} and {@code (A, B, M, C)} at {@code coefficients[4p]}.
     */
    static final int PLANE_AFFINE = 14;
    /**
     * The SoftCut matrix {@code A = I + L_w} of a grid applied to x, one work-item per node:
     * {@code out_i = x_i + sum_j w_ij (x_i - x_j)} over the grid neighbours j of i. {@code meta} holds {@code rank}
     * entries each of grid size {@code n_k}, row-major stride {@code s_k} and the heap offset of axis k's weights
     * (see {@code gridApply} of the kernels).
     */
    static final int GRID_APPLY = 15;
    /**
     * {@code out_i = x_i + coefficients[i / inner] y_i} over {@code n} contiguous elements, one coefficient per
     * segment of {@code inner} elements (one per system of a batched CG); out may alias x or y.
     */
    static final int AXPY = 16;
    /**
     * First stage of segmented sums of {@code x_i y_i} ({@code fn == 0}, dot products) or {@code |x_i|}
     * ({@code fn == 1}, 1-norms) over segments of {@code meta[0]} elements: each segment is padded to
     * {@code meta[1]}, a multiple of the work-group size, so no work-group straddles two segments, and work-group g
     * writes the sum of its terms (zero in the padding) to {@code staging[g]}, by a tree reduction in local memory.
     */
    static final int DOT = 17;
    /**
     * One fused Adam/AdamW step of the parameter at {@code outOffset} with gradient at {@code yOffset} and moment
     * buffers at {@code meta[0]}, {@code meta[1]}; {@code coefficients} holds shrink, l2, beta1, 1 - beta1, beta2,
     * 1 - beta2, step size, second-moment correction and eps (see {@code OptimizerKernels.AdamStep}).
     */
    static final int ADAM = 18;
    /**
     * One fused SGD step of the parameter at {@code outOffset} with gradient at {@code yOffset}; {@code fn} is 0
     * without a momentum buffer, else 1 (first step) or 2 (later steps) with classical momentum and 4 (first) or 3
     * (later) with Nesterov momentum; the buffer is at {@code meta[0]}; {@code coefficients} holds lr, weight decay,
     * momentum and 1 - dampening (see {@code OptimizerKernels.SgdStep}).
     */
    static final int SGD = 19;

    /** {@code meta} index of the elements of one input plane, for the imaging kernels. */
    static final int PLANE_IN = 0;
    /** {@code meta} index of the elements of one output plane, for the imaging kernels. */
    static final int PLANE_OUT = 1;
    /** {@code meta} index where the entries of {@link #SEPARABLE}'s rows start in {@link #indices}. */
    static final int SEPARABLE_ENTRIES = 2;
    /**
     * First per-axis entry of {@link #SEPARABLE}'s {@code meta}: {@code rank} entries each of input size, output size,
     * and the position in {@link #indices} of the axis's row starts (absolute entry numbers, {@code out + 1} of them).
     */
    static final int SEPARABLE_AXES = 3;
    /**
     * First per-axis entry of {@link #MAX_POOL}'s {@code meta}: {@code rank} entries each of input size, output size,
     * kernel size, stride and padding.
     */
    static final int POOL_AXES = 2;

    /** {@code meta} index of a convolution's input channels; then output channels, per-group channels, volumes. */
    static final int CONV_IN_CHANNELS = 0;
    /** {@code meta} index of a convolution's output channels. */
    static final int CONV_OUT_CHANNELS = 1;
    /** {@code meta} index of the input channels of one group. */
    static final int CONV_IN_PER_GROUP = 2;
    /** {@code meta} index of the output channels of one group. */
    static final int CONV_OUT_PER_GROUP = 3;
    /** {@code meta} index of the elements of one input plane. */
    static final int CONV_IN_VOLUME = 4;
    /** {@code meta} index of the elements of one output plane. */
    static final int CONV_OUT_VOLUME = 5;
    /** {@code meta} index of the taps of one kernel plane. */
    static final int CONV_KERNEL_VOLUME = 6;
    /** {@code meta} index of the batch size. */
    static final int CONV_BATCH = 7;
    /**
     * First per-axis entry of a convolution's {@code meta}: {@code rank} entries each of input size, kernel size,
     * output size, stride, dilation and padding before, in that order.
     */
    static final int CONV_AXES = 8;

    /** {@code fn} of {@link #STRIDED}: plain copy of the first operand. */
    static final int COPY = -1;
    /** {@code fn} of {@link #REDUCE}: sum. */
    static final int SUM = 0;
    /** {@code fn} of {@link #REDUCE}: maximum. */
    static final int MAX = 1;

    /** Side of the square matrix-product tiles; the work-group is {@code TILE x TILE}. */
    static final int TILE = 16;
    /**
     * The arena's generation counts launches modulo this (2^20, exact in float32): every launch advances the counter
     * kept in the arena at {@link #generationOffset} (see {@code DeviceProgram}).
     */
    static final int GENERATIONS = 1 << 20;

    /** Loop geometry of the current launch (sizes, strides, batch offsets). */
    int[] meta = new int[64];
    /** Integer tables of the imaging kernels: sparse rows, argmax results, gather lists. */
    int[] indices = new int[1];

    /** Heap offset of the arena's generation counter, advanced by work-item 0 of every launch. */
    int generationOffset;

    int op;
    int fn;
    int n;
    int rank;
    int outOffset;
    int xOffset;
    int yOffset;
    int zOffset;
    int rows;
    int cols;
    int inner;
    int aRowStride;
    int aInnerStride;
    int bInnerStride;
    int bColStride;

    /** A kernel computing in {@code dtype} over a heap of {@code capacity} elements. */
    static ArenaKernel of(DType dtype, int capacity) {
        return dtype == DType.FLOAT32 ? new Float32ArenaKernel(capacity) : new Float64ArenaKernel(capacity);
    }

    /** Elements the heap holds. */
    abstract int heapLength();

    /** Element {@code i} of the heap's host array. */
    abstract double heapElement(int i);

    /** Copies the heap from the device into its host array. */
    abstract void fetchHeap();

    /** Replaces the heap by a copy extended to {@code capacity} elements, to be sent to the device. */
    abstract void resizeHeap(int capacity);

    /** The generation counter as work-item 0 of the last launch found it, before advancing it (host copy). */
    abstract double observedGeneration();

    /** Copies what the last launch observed of the generation counter from the device into its host array. */
    abstract void fetchObservedGeneration();

    /** A copy of the heap's host array. */
    abstract Object heapCopy();

    /** Overwrites the heap's host array with {@code copy} (of {@link #heapCopy()}) and sends it to the device. */
    abstract void overwriteHeap(Object copy);

    /** Sets the scalar parameters {@code a} and {@code b}, rounded to the element type. */
    abstract void scalars(double first, double second);

    /** Makes {@code values}, rounded to the element type, the coefficients of the next launch and sends them. */
    abstract void sendCoefficients(double[] values);

    /** A new host array of the element type ({@code float[]} or {@code double[]}). */
    abstract Object newHostArray(int length);

    /** Makes {@code host}, an array of the element type, the staging array of the next launch. */
    abstract void stage(Object host);

    /** Sends the staging array to the device at the next launch. */
    abstract void sendStaging();

    /** Copies the staging array from the device into its host array. */
    abstract void fetchStaging();

    /** The staging array's values. */
    abstract double[] stagingValues();
}
