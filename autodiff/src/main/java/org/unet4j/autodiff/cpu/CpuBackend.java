package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GridKernels;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.UnaryFn;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The host backend: Java arrays, work split over {@link Parallel}'s pool, hot kernels on the Vector API. Every
 * kernel partitions its output the same way whatever the thread count, so results are reproducible. Elementwise
 * binary ops split their output into pieces of at most {@code GRAIN} elements of an innermost run, so that
 * operands of equal shape (one flat run) are shared out too.
 */
public final class CpuBackend implements Backend {
    private static final CpuBackend INSTANCE = new CpuBackend();
    private static final int GRAIN = 1 << 14;

    private CpuBackend() {
    }

    /** The single instance. */
    public static CpuBackend instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "cpu";
    }

    /** A zero tensor; when the heap cannot hold it, the {@link OutOfMemoryError} names its shape and bytes. */
    static Tensor allocate(Shape shape, DType dtype) {
        Object data;
        try {
            data = dtype == DType.FLOAT32 ? new float[shape.size()] : new double[shape.size()];
        } catch (OutOfMemoryError e) {
            OutOfMemoryError named = new OutOfMemoryError(e.getMessage() + " allocating a " + dtype + " tensor of"
                    + " shape " + shape + ", " + (long) shape.size() * dtype.bytes() + " bytes");
            named.initCause(e);
            throw named;
        }
        return Tensor.fromBackend(shape, dtype, Device.CPU, data);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        return allocate(shape, dtype);
    }

    @Override
    public Tensor unary(UnaryFn fn, Tensor x, double a, double b) {
        Tensor out = allocate(x.shape(), x.dtype());
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.floats();
            float[] o = out.floats();
            Parallel.forRange(in.length, GRAIN, (from, to) -> Elementwise.unary(fn, a, b, in, o, from, to));
        } else {
            double[] in = x.doubles();
            double[] o = out.doubles();
            Parallel.forRange(in.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    o[i] = fn.apply(in[i], a, b);
                }
            });
        }
        return out;
    }

    @Override
    public Tensor binary(BinaryFn fn, Tensor x, Tensor y) {
        DType dtype = DType.promote(x.dtype(), y.dtype());
        Tensor xs = x.dtype() == dtype ? x : cast(x, dtype);
        Tensor ys = y.dtype() == dtype ? y : cast(y, dtype);
        Shape shape = Shape.broadcast(fn.name().toLowerCase(), x.shape(), y.shape());
        Tensor out = allocate(shape, dtype);
        StridedLoop loop = new StridedLoop(shape.dims(), shape.strides(), xs.shape().broadcastStrides(shape),
                ys.shape().broadcastStrides(shape));
        int n = loop.count();
        int sx = loop.innerStride(1);
        int sy = loop.innerStride(2);
        int pieces = (n + GRAIN - 1) / GRAIN;
        int piece = n == 0 ? 0 : (n + pieces - 1) / pieces;
        int grain = Math.max(1, GRAIN / Math.max(1, piece));
        if (dtype == DType.FLOAT32) {
            float[] a = xs.floats();
            float[] b = ys.floats();
            float[] o = out.floats();
            Parallel.forRange(loop.rows * pieces, grain, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int r = t / pieces;
                    int start = (t % pieces) * piece;
                    Elementwise.binary(fn, a, loop.offset(1, r) + start * sx, sx, b, loop.offset(2, r) + start * sy,
                            sy, o, loop.offset(0, r) + start, Math.min(piece, n - start));
                }
            });
        } else {
            double[] a = xs.doubles();
            double[] b = ys.doubles();
            double[] o = out.doubles();
            Parallel.forRange(loop.rows * pieces, grain, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int r = t / pieces;
                    int start = (t % pieces) * piece;
                    int ia = loop.offset(1, r) + start * sx;
                    int ib = loop.offset(2, r) + start * sy;
                    int io = loop.offset(0, r) + start;
                    int length = Math.min(piece, n - start);
                    for (int i = 0; i < length; i++) {
                        o[io + i] = fn.apply(a[ia + i * sx], b[ib + i * sy]);
                    }
                }
            });
        }
        return out;
    }

    @Override
    public Tensor reduce(ReduceFn fn, Tensor x, boolean[] reducedAxes) {
        int[] kept = x.dims();
        for (int i = 0; i < kept.length; i++) {
            if (reducedAxes[i]) {
                kept[i] = 1;
            }
        }
        Shape outShape = Shape.of(kept);
        Tensor out = allocate(outShape, x.dtype());
        double[] acc = new double[outShape.size()];
        if (fn == ReduceFn.MAX) {
            java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        StridedLoop loop = new StridedLoop(x.dims(), x.shape().strides(), outShape.broadcastStrides(x.shape()));
        Reduction.run(fn, x, loop, acc);
        for (int i = 0; i < acc.length; i++) {
            out.flatSet(i, acc[i]);
        }
        return out;
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return MatrixProduct.matmul(a, b, transposeA, transposeB);
    }

    @Override
    public Tensor permute(Tensor x, int[] perm) {
        int[] inStrides = x.shape().strides();
        int[] d = new int[perm.length];
        int[] s = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            d[i] = x.dim(perm[i]);
            s[i] = inStrides[perm[i]];
        }
        Shape shape = Shape.of(d);
        Tensor out = allocate(shape, x.dtype());
        copy(new StridedLoop(d, shape.strides(), s), x.storage(), 0, out.storage(), 0);
        return out;
    }

    @Override
    public Tensor extract(Tensor x, int[] start, Shape shape) {
        Tensor out = allocate(shape, x.dtype());
        int[] st = x.shape().strides();
        int base = 0;
        for (int i = 0; i < start.length; i++) {
            base += start[i] * st[i];
        }
        copy(new StridedLoop(shape.dims(), shape.strides(), st), x.storage(), base, out.storage(), 0);
        return out;
    }

    @Override
    public void assign(Tensor dst, int[] start, Tensor src) {
        Tensor s = src.dtype() == dst.dtype() ? src : cast(src, dst.dtype());
        int[] st = dst.shape().strides();
        int base = 0;
        for (int i = 0; i < start.length; i++) {
            base += start[i] * st[i];
        }
        copy(new StridedLoop(s.dims(), st, s.shape().strides()), s.storage(), 0, dst.storage(), base);
    }

    /** Copies along a loop whose operand 0 is the destination and operand 1 the source. */
    private static void copy(StridedLoop loop, Object src, int srcBase, Object dst, int dstBase) {
        int n = loop.count();
        int sd = loop.innerStride(0);
        int ss = loop.innerStride(1);
        Parallel.forRange(loop.rows, Math.max(1, GRAIN / Math.max(1, n)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = dstBase + loop.offset(0, r);
                int i = srcBase + loop.offset(1, r);
                if (sd == 1 && ss == 1) {
                    System.arraycopy(src, i, dst, o, n);
                } else if (src instanceof float[] fs) {
                    float[] fd = (float[]) dst;
                    for (int k = 0; k < n; k++) {
                        fd[o + k * sd] = fs[i + k * ss];
                    }
                } else {
                    double[] ds = (double[]) src;
                    double[] dd = (double[]) dst;
                    for (int k = 0; k < n; k++) {
                        dd[o + k * sd] = ds[i + k * ss];
                    }
                }
            }
        });
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        Tensor out = allocate(x.shape(), dtype);
        if (x.dtype() == dtype) {
            System.arraycopy(x.storage(), 0, out.storage(), 0, x.size());
        } else if (dtype == DType.FLOAT64) {
            float[] f = x.floats();
            double[] d = out.doubles();
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
        } else {
            double[] d = x.doubles();
            float[] f = out.floats();
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
        }
        return out;
    }

    @Override
    public ConvolutionKernels convolution() {
        return CpuConvolution.INSTANCE;
    }

    @Override
    public ImagingKernels imaging() {
        return CpuImaging.INSTANCE;
    }

    @Override
    public NormalizationKernels normalization() {
        return CpuNormalization.INSTANCE;
    }

    @Override
    public GridKernels grid() {
        return CpuGrid.INSTANCE;
    }

    @Override
    public OptimizerKernels optimizer() {
        return CpuOptimizer.INSTANCE;
    }
}
