package org.unet4j.autodiff.opencl;

import com.aparapi.Kernel;

/**
 * The one Aparapi kernel of an OpenCL device: every float32 primitive, selected by {@link #op}, reading and writing
 * the tensors that live in {@link #heap}.
 *
 * <p>Why one kernel for everything: Aparapi keeps one OpenCL buffer per kernel instance and per array field, and
 * re-creates it from the host array whenever the field points to another array. Data written by one kernel object is
 * therefore invisible to another without a round trip through the host. Keeping every tensor of a device inside one
 * long-lived array field of one kernel object is what lets results stay on the device from op to op.
 *
 * <p>Conventions that keep the generated OpenCL valid and float32-only: float intrinsics of {@link Kernel} only
 * (never {@code Math.*}), {@code f}-suffixed literals, no infinities (a maximum starts from the first element), every
 * index guarded against the padding of the global range, barriers reached by every work-item of a group, and every
 * local variable initialised where it is declared (Aparapi otherwise declares it inside the branch that assigns it).
 */
final class ArenaKernel extends Kernel {
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
     * work-item per output element; the per-axis sparse rows are in {@link #indices} and {@link #coefficients}.
     */
    static final int SEPARABLE = 10;
    /** Max pooling, one work-item per output element, writing the maximum and its flat input index. */
    static final int MAX_POOL = 11;
    /** {@code out[i] = sum of x[j]} over the list of input element i in {@link #indices} (max-pool backward). */
    static final int GATHER_SUM = 12;
    /**
     * Two compensated sums per plane of {@code meta[0]} elements, one work-item per plane, into {@link #staging}
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
     * (see {@link #gridApply()}).
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

    /** Every tensor of the device, at its block's offset. */
    float[] heap;
    /** Host-side array of the current transfer. */
    float[] staging = new float[1];
    /** Loop geometry of the current launch (sizes, strides, batch offsets). */
    int[] meta = new int[64];
    /** Integer tables of the imaging kernels: sparse rows, argmax results, gather lists. */
    int[] indices = new int[1];
    /** Weights of the sparse rows of {@link #SEPARABLE}, by absolute entry number. */
    float[] coefficients = new float[1];

    @Local
    float[] tileA = new float[TILE * TILE];
    @Local
    float[] tileB = new float[TILE * TILE];

    int op;
    int fn;
    int n;
    int rank;
    int outOffset;
    int xOffset;
    int yOffset;
    int zOffset;
    float a;
    float b;
    int rows;
    int cols;
    int inner;
    int aRowStride;
    int aInnerStride;
    int bInnerStride;
    int bColStride;

    ArenaKernel(int capacity) {
        heap = new float[capacity];
    }

    @Override
    public void run() {
        if (op == FILL) {
            fill();
        } else if (op == UPLOAD) {
            upload();
        } else if (op == DOWNLOAD) {
            download();
        } else if (op == UNARY) {
            unary();
        } else if (op == STRIDED) {
            strided();
        } else if (op == REDUCE) {
            reduce();
        } else if (op == MATMUL) {
            matmul();
        } else if (op == CONV_FORWARD) {
            convForward();
        } else if (op == CONV_INPUT_GRAD) {
            convInputGrad();
        } else if (op == CONV_WEIGHT_GRAD) {
            convWeightGrad();
        } else if (op == SEPARABLE) {
            separable();
        } else if (op == MAX_POOL) {
            maxPool();
        } else if (op == GATHER_SUM) {
            gatherSum();
        } else if (op == PLANE_SUMS) {
            planeSums();
        } else if (op == PLANE_AFFINE) {
            planeAffine();
        } else if (op == GRID_APPLY) {
            gridApply();
        } else if (op == AXPY) {
            axpy();
        } else if (op == DOT) {
            dot();
        }
    }

    private void fill() {
        int i = getGlobalId();
        if (i < n) {
            heap[outOffset + i] = a;
        }
    }

    private void upload() {
        int i = getGlobalId();
        if (i < n) {
            heap[outOffset + i] = staging[i];
        }
    }

    private void download() {
        int i = getGlobalId();
        if (i < n) {
            staging[i] = heap[xOffset + i];
        }
    }

    private void unary() {
        int i = getGlobalId();
        if (i < n) {
            heap[outOffset + i] = unaryValue(heap[xOffset + i]);
        }
    }

    /**
     * Element {@code i} of a strided loop: {@code meta} holds the sizes of its {@code rank} axes, then the strides of
     * the output, of x and of y (stride 0 along broadcast axes).
     */
    private void strided() {
        int i = getGlobalId();
        if (i < n) {
            int rem = i;
            int o = outOffset;
            int ix = xOffset;
            int iy = yOffset;
            for (int axis = rank - 1; axis >= 0; axis--) {
                int size = meta[axis];
                int coordinate = rem % size;
                rem = rem / size;
                o += coordinate * meta[rank + axis];
                ix += coordinate * meta[2 * rank + axis];
                iy += coordinate * meta[3 * rank + axis];
            }
            float v = heap[ix];
            if (fn != COPY) {
                v = binaryValue(v, heap[iy]);
            }
            heap[o] = v;
        }
    }

    /**
     * Output element {@code i} of a reduction over {@code inner} elements: {@code meta} holds, per axis, the output
     * size (1 on reduced axes), the input stride, and the size of the reduced range (1 on kept axes). Sums use
     * compensated (Kahan) summation, so float32 accumulation stays close to the host's float64 sums.
     */
    private void reduce() {
        int i = getGlobalId();
        if (i < n) {
            int rem = i;
            int base = xOffset;
            for (int axis = rank - 1; axis >= 0; axis--) {
                int size = meta[axis];
                base += (rem % size) * meta[rank + axis];
                rem = rem / size;
            }
            float acc = 0f;
            float compensation = 0f;
            for (int k = 0; k < inner; k++) {
                int r = k;
                int at = base;
                for (int axis = rank - 1; axis >= 0; axis--) {
                    int size = meta[2 * rank + axis];
                    at += (r % size) * meta[rank + axis];
                    r = r / size;
                }
                float v = heap[at];
                if (fn == SUM) {
                    float y = v - compensation;
                    float t = acc + y;
                    compensation = (t - acc) - y;
                    acc = t;
                } else if (acc == acc && (k == 0 || v != v || v > acc)) {
                    acc = v;
                }
            }
            heap[outOffset + i] = acc;
        }
    }

    /**
     * One element of {@code C = A B} per work-item, the work-group staging {@code TILE x TILE} blocks of A and B in
     * local memory: each element loaded from global memory is used {@code TILE} times. Dimension 0 runs over columns,
     * 1 over rows, 2 over batch entries, whose A and B offsets are {@code meta[2 batch]} and
     * {@code meta[2 batch + 1]}. Work-items past the matrix edge load zeros and store nothing, but still reach every
     * barrier.
     */
    private void matmul() {
        int col = getGlobalId(0);
        int row = getGlobalId(1);
        int batch = getGlobalId(2);
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int aBase = xOffset + meta[2 * batch];
        int bBase = yOffset + meta[2 * batch + 1];
        float acc = 0f;
        int tiles = (inner + TILE - 1) / TILE;
        for (int t = 0; t < tiles; t++) {
            int ka = t * TILE + lx;
            int kb = t * TILE + ly;
            tileA[ly * TILE + lx] = row < rows && ka < inner ? heap[aBase + row * aRowStride + ka * aInnerStride] : 0f;
            tileB[ly * TILE + lx] = col < cols && kb < inner ? heap[bBase + kb * bInnerStride + col * bColStride] : 0f;
            localBarrier();
            for (int k = 0; k < TILE; k++) {
                acc += tileA[ly * TILE + k] * tileB[k * TILE + lx];
            }
            localBarrier();
        }
        if (row < rows && col < cols) {
            heap[outOffset + batch * rows * cols + row * cols + col] = acc;
        }
    }

    /**
     * Output element {@code i} of {@code y[n, o, q] = bias[o] + sum w[o, c', kappa] x[n, c, i(q, kappa)]}: x at
     * {@code xOffset}, the weights at {@code yOffset}, the bias at {@code zOffset} when {@code fn == 1}.
     */
    private void convForward() {
        int i = getGlobalId();
        if (i < n) {
            int inVolume = meta[CONV_IN_VOLUME];
            int outVolume = meta[CONV_OUT_VOLUME];
            int kernelVolume = meta[CONV_KERNEL_VOLUME];
            int perGroup = meta[CONV_IN_PER_GROUP];
            int outChannels = meta[CONV_OUT_CHANNELS];
            int q = i % outVolume;
            int o = (i / outVolume) % outChannels;
            int sample = i / (outVolume * outChannels);
            int group = o / meta[CONV_OUT_PER_GROUP];
            int xBase = xOffset + (sample * meta[CONV_IN_CHANNELS] + group * perGroup) * inVolume;
            int wBase = yOffset + o * perGroup * kernelVolume;
            float acc = 0f;
            if (fn == 1) {
                acc = heap[zOffset + o];
            }
            for (int kappa = 0; kappa < kernelVolume; kappa++) {
                int at = convInputPosition(q, kappa);
                if (at >= 0) {
                    for (int c = 0; c < perGroup; c++) {
                        acc += heap[wBase + c * kernelVolume + kappa] * heap[xBase + c * inVolume + at];
                    }
                }
            }
            heap[outOffset + i] = acc;
        }
    }

    /**
     * Input element {@code i} of {@code dx[n, c, p] = sum w[o, c', kappa] gy[n, o, q]} over the outputs o of c's
     * group and the (q, kappa) with {@code i(q, kappa) = p}: gy at {@code xOffset}, the weights at {@code yOffset}.
     */
    private void convInputGrad() {
        int i = getGlobalId();
        if (i < n) {
            int inVolume = meta[CONV_IN_VOLUME];
            int outVolume = meta[CONV_OUT_VOLUME];
            int kernelVolume = meta[CONV_KERNEL_VOLUME];
            int perGroup = meta[CONV_IN_PER_GROUP];
            int outPerGroup = meta[CONV_OUT_PER_GROUP];
            int inChannels = meta[CONV_IN_CHANNELS];
            int p = i % inVolume;
            int c = (i / inVolume) % inChannels;
            int sample = i / (inVolume * inChannels);
            int firstOut = (c / perGroup) * outPerGroup;
            int gyBase = xOffset + (sample * meta[CONV_OUT_CHANNELS] + firstOut) * outVolume;
            int wBase = yOffset + (firstOut * perGroup + c % perGroup) * kernelVolume;
            float acc = 0f;
            for (int kappa = 0; kappa < kernelVolume; kappa++) {
                int q = convOutputPosition(p, kappa);
                if (q >= 0) {
                    for (int o = 0; o < outPerGroup; o++) {
                        acc += heap[wBase + o * perGroup * kernelVolume + kappa] * heap[gyBase + o * outVolume + q];
                    }
                }
            }
            heap[outOffset + i] = acc;
        }
    }

    /**
     * Weight element {@code i} of {@code dw[o, c', kappa] = sum over n, q of gy[n, o, q] x[n, c, i(q, kappa)]}, in
     * compensated summation: gy at {@code xOffset}, x at {@code yOffset}. The sum runs over output rows (all axes
     * but the last); along a row the tap reads inputs {@code qw stride + offset}, inside the input for
     * {@code qw in [first, last)}, so the inner loop is a plain strided dot product without bounds tests.
     */
    private void convWeightGrad() {
        int i = getGlobalId();
        if (i < n) {
            int inVolume = meta[CONV_IN_VOLUME];
            int outVolume = meta[CONV_OUT_VOLUME];
            int kernelVolume = meta[CONV_KERNEL_VOLUME];
            int perGroup = meta[CONV_IN_PER_GROUP];
            int inChannels = meta[CONV_IN_CHANNELS];
            int outChannels = meta[CONV_OUT_CHANNELS];
            int kappa = i % kernelVolume;
            int cPrime = (i / kernelVolume) % perGroup;
            int o = i / (kernelVolume * perGroup);
            int c = (o / meta[CONV_OUT_PER_GROUP]) * perGroup + cPrime;
            int last = rank - 1;
            int width = meta[CONV_AXES + last];
            int kernelWidth = meta[CONV_AXES + rank + last];
            int outWidth = meta[CONV_AXES + 2 * rank + last];
            int stride = meta[CONV_AXES + 3 * rank + last];
            int offset = (kappa % kernelWidth) * meta[CONV_AXES + 4 * rank + last] - meta[CONV_AXES + 5 * rank + last];
            int first = 0;
            if (offset < 0) {
                first = (stride - 1 - offset) / stride;
            }
            int end = 0;
            if (width - offset > 0) {
                end = min(outWidth, (width - offset + stride - 1) / stride);
            }
            int rows = outVolume / outWidth;
            float acc = 0f;
            float compensation = 0f;
            for (int sample = 0; sample < meta[CONV_BATCH]; sample++) {
                int gyBase = xOffset + (sample * outChannels + o) * outVolume;
                int xBase = yOffset + (sample * inChannels + c) * inVolume + offset;
                for (int row = 0; row < rows; row++) {
                    int inRow = convInputRow(row, kappa / kernelWidth);
                    if (inRow >= 0) {
                        int gyRow = gyBase + row * outWidth;
                        int xRow = xBase + inRow * width;
                        for (int qw = first; qw < end; qw++) {
                            float y = heap[gyRow + qw] * heap[xRow + qw * stride] - compensation;
                            float t = acc + y;
                            compensation = (t - acc) - y;
                            acc = t;
                        }
                    }
                }
            }
            heap[outOffset + i] = acc;
        }
    }

    /**
     * The input row (flat over every axis but the last) that output row {@code row} meets at the kernel tap whose
     * offsets on those axes are {@code kappaRest}, or -1 when it falls in the padding.
     */
    private int convInputRow(int row, int kappaRest) {
        int remQ = row;
        int remK = kappaRest;
        int at = 0;
        int step = 1;
        int inside = 1;
        for (int axis = rank - 2; axis >= 0; axis--) {
            int size = meta[CONV_AXES + axis];
            int kernelSize = meta[CONV_AXES + rank + axis];
            int outSize = meta[CONV_AXES + 2 * rank + axis];
            int pos = (remQ % outSize) * meta[CONV_AXES + 3 * rank + axis]
                    + (remK % kernelSize) * meta[CONV_AXES + 4 * rank + axis] - meta[CONV_AXES + 5 * rank + axis];
            remQ = remQ / outSize;
            remK = remK / kernelSize;
            if (pos < 0 || pos >= size) {
                inside = 0;
            }
            at += pos * step;
            step *= size;
        }
        return inside == 1 ? at : -1;
    }

    /**
     * The flat input position {@code i(q, kappa)} that output position {@code q} meets at kernel tap {@code kappa},
     * or -1 when it falls in the padding.
     */
    private int convInputPosition(int q, int kappa) {
        int remQ = q;
        int remK = kappa;
        int at = 0;
        int step = 1;
        int inside = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            int size = meta[CONV_AXES + axis];
            int kernelSize = meta[CONV_AXES + rank + axis];
            int outSize = meta[CONV_AXES + 2 * rank + axis];
            int pos = (remQ % outSize) * meta[CONV_AXES + 3 * rank + axis]
                    + (remK % kernelSize) * meta[CONV_AXES + 4 * rank + axis] - meta[CONV_AXES + 5 * rank + axis];
            remQ = remQ / outSize;
            remK = remK / kernelSize;
            if (pos < 0 || pos >= size) {
                inside = 0;
            }
            at += pos * step;
            step *= size;
        }
        return inside == 1 ? at : -1;
    }

    /**
     * The flat output position {@code q} whose kernel tap {@code kappa} meets input position {@code p}, or -1 when
     * none does (the stride skips it, or it lies past the output).
     */
    private int convOutputPosition(int p, int kappa) {
        int remP = p;
        int remK = kappa;
        int at = 0;
        int step = 1;
        int hit = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            int size = meta[CONV_AXES + axis];
            int kernelSize = meta[CONV_AXES + rank + axis];
            int outSize = meta[CONV_AXES + 2 * rank + axis];
            int stride = meta[CONV_AXES + 3 * rank + axis];
            int t = remP % size + meta[CONV_AXES + 5 * rank + axis]
                    - (remK % kernelSize) * meta[CONV_AXES + 4 * rank + axis];
            remP = remP / size;
            remK = remK / kernelSize;
            if (t < 0 || t % stride != 0 || t / stride >= outSize) {
                hit = 0;
            }
            at += (t / stride) * step;
            step *= outSize;
        }
        return hit == 1 ? at : -1;
    }

    /**
     * Output element {@code i} of a separable map: plane {@code i / outVolume} of x (at {@code xOffset}), output
     * position q; the sum over the product of q's per-axis rows of the product of their weights times the input.
     */
    private void separable() {
        int i = getGlobalId();
        if (i < n) {
            int outVolume = meta[PLANE_OUT];
            int entries = meta[SEPARABLE_ENTRIES];
            int q = i % outVolume;
            int base = xOffset + (i / outVolume) * meta[PLANE_IN];
            int terms = 1;
            int rem = q;
            for (int axis = rank - 1; axis >= 0; axis--) {
                int outSize = meta[SEPARABLE_AXES + rank + axis];
                int row = meta[SEPARABLE_AXES + 2 * rank + axis] + rem % outSize;
                rem = rem / outSize;
                terms *= indices[row + 1] - indices[row];
            }
            float acc = 0f;
            for (int t = 0; t < terms; t++) {
                int remQ = q;
                int remT = t;
                int at = 0;
                int step = 1;
                float w = 1f;
                for (int axis = rank - 1; axis >= 0; axis--) {
                    int outSize = meta[SEPARABLE_AXES + rank + axis];
                    int row = meta[SEPARABLE_AXES + 2 * rank + axis] + remQ % outSize;
                    remQ = remQ / outSize;
                    int start = indices[row];
                    int length = indices[row + 1] - start;
                    int entry = start + remT % length;
                    remT = remT / length;
                    at += indices[entries + entry] * step;
                    w *= coefficients[entry];
                    step *= meta[SEPARABLE_AXES + axis];
                }
                acc += w * heap[base + at];
            }
            heap[outOffset + i] = acc;
        }
    }

    /**
     * Output element {@code i} of max pooling: the maximum of x (at {@code xOffset}) over its window, padded
     * positions skipped, a NaN propagating, and in {@code indices[i]} the flat input index of the first maximum in
     * row-major order.
     */
    private void maxPool() {
        int i = getGlobalId();
        if (i < n) {
            int outVolume = meta[PLANE_OUT];
            int q = i % outVolume;
            int base = (i / outVolume) * meta[PLANE_IN];
            int windowVolume = 1;
            for (int axis = 0; axis < rank; axis++) {
                windowVolume *= meta[POOL_AXES + 2 * rank + axis];
            }
            float best = 0f;
            int arg = -1;
            for (int t = 0; t < windowVolume; t++) {
                int remQ = q;
                int remT = t;
                int at = 0;
                int step = 1;
                int inside = 1;
                for (int axis = rank - 1; axis >= 0; axis--) {
                    int size = meta[POOL_AXES + axis];
                    int outSize = meta[POOL_AXES + rank + axis];
                    int kernelSize = meta[POOL_AXES + 2 * rank + axis];
                    int pos = (remQ % outSize) * meta[POOL_AXES + 3 * rank + axis] - meta[POOL_AXES + 4 * rank + axis]
                            + remT % kernelSize;
                    remQ = remQ / outSize;
                    remT = remT / kernelSize;
                    if (pos < 0 || pos >= size) {
                        inside = 0;
                    }
                    at += pos * step;
                    step *= size;
                }
                if (inside == 1) {
                    float v = heap[xOffset + base + at];
                    if (arg < 0) {
                        best = v;
                        arg = base + at;
                    } else {
                        if (v > best) {
                            arg = base + at;
                        }
                        best = best != best ? best : (v != v ? v : (v > best ? v : best));
                    }
                }
            }
            heap[outOffset + i] = best;
            indices[i] = arg;
        }
    }

    /**
     * Element {@code i} of a gather: the sum, in list order, of x (at {@code xOffset}) at the positions
     * {@code indices[entries + e]} for e in {@code [indices[i], indices[i + 1])}, {@code entries = meta[0]}.
     */
    private void gatherSum() {
        int i = getGlobalId();
        if (i < n) {
            int entries = meta[0];
            float acc = 0f;
            for (int e = indices[i]; e < indices[i + 1]; e++) {
                acc += heap[xOffset + indices[entries + e]];
            }
            heap[outOffset + i] = acc;
        }
    }

    /** Plane {@code p}'s two sums (see {@link #PLANE_SUMS}), in compensated (Kahan) float32 summation. */
    private void planeSums() {
        int p = getGlobalId();
        if (p < n) {
            int size = meta[0];
            int base = p * size;
            float center = coefficients[p];
            if (fn == 0) {
                center = heap[xOffset + indices[p]];
            }
            float s1 = 0f;
            float c1 = 0f;
            float s2 = 0f;
            float c2 = 0f;
            for (int k = 0; k < size; k++) {
                float d = heap[xOffset + base + k] - center;
                float u1 = d;
                float u2 = d * d;
                if (fn == 1) {
                    float g = heap[yOffset + base + k];
                    u1 = g;
                    u2 = g * d;
                }
                float y1 = u1 - c1;
                float t1 = s1 + y1;
                c1 = (t1 - s1) - y1;
                s1 = t1;
                float y2 = u2 - c2;
                float t2 = s2 + y2;
                c2 = (t2 - s2) - y2;
                s2 = t2;
            }
            staging[3 * p] = s1;
            staging[3 * p + 1] = s2;
            staging[3 * p + 2] = center;
        }
    }

    /** Element {@code i} of the per-plane affine map (see {@link #PLANE_AFFINE}). */
    private void planeAffine() {
        int i = getGlobalId();
        if (i < n) {
            int p = 4 * (i / meta[0]);
            heap[outOffset + i] = coefficients[p] * heap[yOffset + i]
                    + coefficients[p + 1] * (heap[xOffset + i] - coefficients[p + 2]) + coefficients[p + 3];
        }
    }

    /**
     * Node i of {@link #GRID_APPLY}. Along axis k (size {@code n}, stride {@code s}, block {@code n s}) the node's
     * coordinate is {@code c = (i / s) mod n}; the edge from node j to {@code j + s} (for {@code c_j < n - 1}) has
     * weight index {@code (j / (n s)) (n s - s) + j mod (n s)} in the axis's array of shape
     * {@code n_0 x ... x (n - 1) x ... x n_(d-1)}. The forward edge exists for {@code c < n - 1}, the backward one
     * (from {@code i - s}) for {@code c > 0}.
     */
    private void gridApply() {
        int i = getGlobalId();
        if (i < n) {
            float xi = heap[xOffset + i];
            float y = xi;
            for (int k = 0; k < rank; k++) {
                int size = meta[k];
                int stride = meta[rank + k];
                int weights = meta[2 * rank + k];
                int block = size * stride;
                int c = (i / stride) % size;
                if (c < size - 1) {
                    int forward = (i / block) * (block - stride) + i % block;
                    y += heap[weights + forward] * (xi - heap[xOffset + i + stride]);
                }
                if (c > 0) {
                    int j = i - stride;
                    int backward = (j / block) * (block - stride) + j % block;
                    y += heap[weights + backward] * (xi - heap[xOffset + j]);
                }
            }
            heap[outOffset + i] = y;
        }
    }

    /** Element i of {@link #AXPY}. */
    private void axpy() {
        int i = getGlobalId();
        if (i < n) {
            heap[outOffset + i] = heap[xOffset + i] + coefficients[i / inner] * heap[yOffset + i];
        }
    }

    /**
     * Work-group partial sum of {@link #DOT}: pairwise halving over the local size (a power of two at most
     * {@code TILE * TILE}, the length of {@link #tileA} that holds the products), a barrier after every step. The
     * names avoid OpenCL C's reserved words ({@code local}, {@code half}).
     */
    private void dot() {
        int segment = meta[0];
        int padded = meta[1];
        int j = getGlobalId() % padded;
        int i = (getGlobalId() / padded) * segment + j;
        int lane = getLocalId();
        float term = 0f;
        if (j < segment) {
            term = heap[xOffset + i] * heap[yOffset + i];
            if (fn == 1) {
                term = abs(heap[xOffset + i]);
            }
        }
        tileA[lane] = term;
        localBarrier();
        for (int span = getLocalSize() / 2; span > 0; span = span / 2) {
            if (lane < span) {
                tileA[lane] = tileA[lane] + tileA[lane + span];
            }
            localBarrier();
        }
        if (lane == 0) {
            staging[getGroupId()] = tileA[0];
        }
    }

    /** The {@link org.unet4j.autodiff.UnaryFn} with ordinal {@code fn}, in float32. */
    private float unaryValue(float x) {
        float r = x;
        if (fn == 0) {
            r = -x;
        } else if (fn == 1) {
            r = a * x + b;
        } else if (fn == 2) {
            r = exp(x);
        } else if (fn == 3) {
            r = log(x);
        } else if (fn == 4) {
            r = sqrt(x);
        } else if (fn == 5) {
            r = abs(x);
        } else if (fn == 6) {
            r = x > 0f ? 1f : (x < 0f ? -1f : x);
        } else if (fn == 7) {
            r = 1f / x;
        } else if (fn == 8) {
            r = a == 2f ? x * x : pow(x, a);
        } else if (fn == 9) {
            r = x > 0f ? x : 0f;
        } else if (fn == 10) {
            r = x > 0f ? x : a * x;
        } else if (fn == 11) {
            r = x > 0f ? 1f : a;
        } else if (fn == 12) {
            r = sigmoid(x);
        } else if (fn == 13) {
            r = tanh(x);
        } else if (fn == 14) {
            r = (x > 0f ? x : 0f) + log1p(exp(-abs(x)));
        } else if (fn == 15) {
            r = x * sigmoid(x);
        } else if (fn == 16) {
            r = x != x ? x : (x < a ? a : (x > b ? b : x));
        } else if (fn == 17) {
            r = x >= a && x <= b ? 1f : 0f;
        }
        return r;
    }

    /** 1 / (1 + e^-x) for x &gt;= 0, e^x / (1 + e^x) below: no overflow (locals are initialised where declared). */
    private float sigmoid(float x) {
        float e = exp(-abs(x));
        float r = 1f / (1f + e);
        if (x < 0f) {
            r = e / (1f + e);
        }
        return r;
    }

    /** The {@link org.unet4j.autodiff.BinaryFn} with ordinal {@code fn}, in float32; NaN propagates like Java's. */
    private float binaryValue(float x, float y) {
        float r = x;
        if (fn == 0) {
            r = x + y;
        } else if (fn == 1) {
            r = x - y;
        } else if (fn == 2) {
            r = x * y;
        } else if (fn == 3) {
            r = x / y;
        } else if (fn == 4) {
            r = pow(x, y);
        } else if (fn == 5) {
            r = x != x ? x : (y != y ? y : (x >= y ? x : y));
        } else if (fn == 6) {
            r = x != x ? x : (y != y ? y : (x <= y ? x : y));
        } else if (fn == 7) {
            r = x == y ? 1f : 0f;
        } else if (fn == 8) {
            r = x > y ? 1f : 0f;
        }
        return r;
    }
}
