package org.unet4j.autodiff.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * A linear map that acts on every plane of an {@code [N, C, spatial...]} tensor as the Kronecker product of one
 * {@link AxisOperator} per spatial axis, {@code A = kron(A_0, ..., A_{d-1})}, evaluated one axis at a time.
 * Its {@linkplain #adjoint adjoint} {@code A^T g} is the backward pass. Axes whose operator is the identity are
 * skipped. Each plane is computed on its own, so the result does not depend on how planes are spread over threads.
 */
final class SeparableMap {
    private static final int SOURCE = -1;
    private static final int TARGET = -2;

    private final AxisOperator[] axes;

    SeparableMap(AxisOperator[] axes) {
        this.axes = axes.clone();
    }

    /** {@code A x} for every plane of {@code x}. */
    Tensor apply(Tensor x) {
        int[] in = new int[axes.length];
        int[] out = new int[axes.length];
        for (int a = 0; a < axes.length; a++) {
            in[a] = axes[a].in;
            out[a] = axes[a].out;
        }
        return run(x, in, out, false);
    }

    /** {@code A^T g} for every plane of {@code g}. */
    Tensor adjoint(Tensor g) {
        int[] in = new int[axes.length];
        int[] out = new int[axes.length];
        for (int a = 0; a < axes.length; a++) {
            in[a] = axes[a].out;
            out[a] = axes[a].in;
        }
        return run(g, in, out, true);
    }

    /** One pass along one axis: reads buffer {@code src}, writes buffer {@code dst} (a temp index, or a role). */
    private record Step(AxisOperator op, int outer, int inner, int src, int dst) {
    }

    private Tensor run(Tensor x, int[] inDims, int[] outDims, boolean transpose) {
        int planes = x.dim(0) * x.dim(1);
        int[] shape = new int[2 + axes.length];
        shape[0] = x.dim(0);
        shape[1] = x.dim(1);
        System.arraycopy(outDims, 0, shape, 2, axes.length);
        Tensor y = CpuBackend.allocate(Shape.of(shape), x.dtype());
        int inVolume = product(inDims);
        int outVolume = product(outDims);
        List<Integer> order = passOrder(inDims, outDims);
        int[] cur = inDims.clone();
        Step[] steps = new Step[order.size()];
        int tempSize = 0;
        for (int s = 0; s < steps.length; s++) {
            int a = order.get(s);
            int outer = product(Arrays.copyOfRange(cur, 0, a));
            int inner = product(Arrays.copyOfRange(cur, a + 1, cur.length));
            cur[a] = outDims[a];
            boolean last = s == steps.length - 1;
            steps[s] = new Step(axes[a], outer, inner, s == 0 ? SOURCE : (s - 1) % 2, last ? TARGET : s % 2);
            if (!last) {
                tempSize = Math.max(tempSize, product(cur));
            }
        }
        int temps = tempSize;
        int grain = Math.max(1, (1 << 15) / Math.max(1, inVolume + outVolume));
        if (x.dtype() == DType.FLOAT32) {
            planes(steps, transpose ? Float32SeparablePasses::transposed : Float32SeparablePasses::forward,
                    float[]::new, x.floats(), inVolume, y.floats(), outVolume, planes, temps, grain);
        } else {
            planes(steps, transpose ? Float64SeparablePasses::transposed : Float64SeparablePasses::forward,
                    double[]::new, x.doubles(), inVolume, y.doubles(), outVolume, planes, temps, grain);
        }
        return y;
    }

    /**
     * The non-identity axes in the order their passes run. The passes along leading axes read and write whole
     * rows and vectorise; the pass along the last axis works element by element, so it runs while the other axes
     * are at their smaller size: first when they grow (upsampling), last when they shrink (pooling).
     */
    private List<Integer> passOrder(int[] inDims, int[] outDims) {
        int last = axes.length - 1;
        List<Integer> order = new ArrayList<>();
        long before = 1;
        long after = 1;
        for (int a = 0; a < last; a++) {
            if (!axes[a].isIdentity()) {
                order.add(a);
                before *= inDims[a];
                after *= outDims[a];
            }
        }
        if (!axes[last].isIdentity()) {
            order.add(after >= before ? 0 : order.size(), last);
        }
        return order;
    }

    private static int product(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }

    /**
     * One pass along one axis over arrays of type {@code A}: {@code Float32SeparablePasses} or
     * {@code Float64SeparablePasses}, generated from one template at build time.
     */
    @FunctionalInterface
    private interface Pass<A> {
        void run(AxisOperator op, int outer, int inner, A src, int srcOff, A dst, int dstOff);
    }

    /** Runs the steps on every plane, in parallel, each thread with its own two temporaries from {@code allocate}. */
    private static <A> void planes(Step[] steps, Pass<A> pass, IntFunction<A> allocate, A x, int inVolume, A y,
            int outVolume, int planes, int temps, int grain) {
        Parallel.forRange(planes, grain, (from, to) -> {
            A t0 = allocate.apply(temps);
            A t1 = allocate.apply(temps);
            for (int p = from; p < to; p++) {
                if (steps.length == 0) {
                    System.arraycopy(x, p * inVolume, y, p * outVolume, outVolume);
                }
                for (Step st : steps) {
                    A src = st.src == SOURCE ? x : st.src == 0 ? t0 : t1;
                    A dst = st.dst == TARGET ? y : st.dst == 0 ? t0 : t1;
                    pass.run(st.op, st.outer, st.inner, src, st.src == SOURCE ? p * inVolume : 0, dst,
                            st.dst == TARGET ? p * outVolume : 0);
                }
            }
        });
    }
}
