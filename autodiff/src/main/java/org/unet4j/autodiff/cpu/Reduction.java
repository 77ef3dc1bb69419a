package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Sum and maximum over a strided loop whose operand 0 is the input and operand 1 the (broadcast) output. Sums
 * accumulate in double. When the innermost run is reduced (output stride 0), rows are summed independently in
 * parallel; otherwise the input is swept once in order.
 */
final class Reduction {
    private Reduction() {
    }

    static void run(ReduceFn fn, Tensor x, StridedLoop loop, double[] acc) {
        int n = loop.count();
        int si = loop.innerStride(0);
        int so = loop.innerStride(1);
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] fx = f32 ? x.floats() : null;
        double[] dx = f32 ? null : x.doubles();
        if (so == 0 && allRowsDistinct(loop)) {
            Parallel.forRange(loop.rows, Math.max(1, (1 << 14) / Math.max(1, n)), (from, to) -> {
                for (int r = from; r < to; r++) {
                    int i = loop.offset(0, r);
                    int o = loop.offset(1, r);
                    acc[o] = combine(fn, acc[o], f32 ? rowFloat(fn, fx, i, si, n) : rowDouble(fn, dx, i, si, n));
                }
            });
            return;
        }
        for (int r = 0; r < loop.rows; r++) {
            int i = loop.offset(0, r);
            int o = loop.offset(1, r);
            for (int k = 0; k < n; k++) {
                double v = f32 ? fx[i + k * si] : dx[i + k * si];
                acc[o + k * so] = combine(fn, acc[o + k * so], v);
            }
        }
    }

    /** True when distinct outer rows write distinct outputs (every outer axis is kept). */
    private static boolean allRowsDistinct(StridedLoop loop) {
        for (int i = 0; i < loop.dims.length - 1; i++) {
            if (loop.strides[1][i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static double combine(ReduceFn fn, double a, double b) {
        return fn == ReduceFn.SUM ? a + b : Math.max(a, b);
    }

    private static double rowFloat(ReduceFn fn, float[] x, int i, int s, int n) {
        double r = fn == ReduceFn.SUM ? 0 : Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            r = combine(fn, r, x[i + k * s]);
        }
        return r;
    }

    private static double rowDouble(ReduceFn fn, double[] x, int i, int s, int n) {
        double r = fn == ReduceFn.SUM ? 0 : Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            r = combine(fn, r, x[i + k * s]);
        }
        return r;
    }
}
