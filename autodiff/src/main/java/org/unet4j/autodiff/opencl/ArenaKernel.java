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
