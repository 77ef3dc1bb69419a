package org.unet4j.autodiff.opencl;

import java.util.function.IntFunction;
import org.unet4j.autodiff.AxisWeights;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Pooling and upsampling on an OpenCL device, in the tensors' type (float32, or float64 where the device reports
 * fp64). Average, adaptive average, nearest and linear maps are
 * separable linear maps ({@link AxisTable} per spatial axis, one {@link ArenaKernel#SEPARABLE} launch), their
 * backward passes the adjoint maps; every work-item owns its output, so no atomics are needed. Max pooling writes
 * its argmax back to the host (the {@link MaxPooled} contract); its backward pass inverts the argmax on the host into
 * per-input lists and gathers the gradients on the device, in output order like the CPU.
 */
final class OpenClImaging implements ImagingKernels {
    private final OpenClBackend backend;

    OpenClImaging(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public MaxPooled maxPool(Tensor x, Window window) {
        DeviceProgram program = backend.program("maxPool", x);
        int rank = window.axes();
        Shape outShape = window.outputShape(x.shape());
        int[] meta = new int[ArenaKernel.POOL_AXES + 5 * rank];
        meta[ArenaKernel.PLANE_IN] = x.shape().product(2, x.rank());
        meta[ArenaKernel.PLANE_OUT] = outShape.product(2, outShape.rank());
        for (int a = 0; a < rank; a++) {
            meta[ArenaKernel.POOL_AXES + a] = x.dim(2 + a);
            meta[ArenaKernel.POOL_AXES + rank + a] = outShape.dim(2 + a);
            meta[ArenaKernel.POOL_AXES + 2 * rank + a] = window.kernel()[a];
            meta[ArenaKernel.POOL_AXES + 3 * rank + a] = window.stride()[a];
            meta[ArenaKernel.POOL_AXES + 4 * rank + a] = window.padding()[a];
        }
        Tensor y = backend.allocate(outShape, x.dtype());
        int[] argmax = program.maxPool(meta, rank, backend.block(x), backend.block(y));
        return new MaxPooled(y, argmax);
    }

    @Override
    public Tensor maxPoolBackward(Tensor grad, int[] argmax, Shape inputShape) {
        DeviceProgram program = backend.program("maxPool backward", grad);
        int size = inputShape.size();
        int[] table = new int[size + 1 + argmax.length];
        for (int target : argmax) {
            table[target + 1]++;
        }
        for (int i = 0; i < size; i++) {
            table[i + 1] += table[i];
        }
        int[] fill = new int[size];
        for (int o = 0; o < argmax.length; o++) {
            int target = argmax[o];
            table[size + 1 + table[target] + fill[target]++] = o;
        }
        Tensor dx = backend.allocate(inputShape, grad.dtype());
        program.tabulated(ArenaKernel.GATHER_SUM, "max pool backward", new int[] {size + 1}, 0, table, null,
                backend.block(grad).offset, backend.block(dx));
        return dx;
    }

    @Override
    public Tensor avgPool(Tensor x, Window window, boolean countPadding) {
        return apply("avgPool", x, window.outputShape(x.shape()),
                SeparableLaunch.of(windows(x.shape(), window, countPadding)));
    }

    @Override
    public Tensor avgPoolBackward(Tensor grad, Shape inputShape, Window window, boolean countPadding) {
        return apply("avgPool backward", grad, inputShape,
                SeparableLaunch.adjointOf(windows(inputShape, window, countPadding)));
    }

    private static AxisTable[] windows(Shape input, Window window, boolean countPadding) {
        return axes(window.axes(), a -> AxisTable.of(AxisWeights.window(input.dim(2 + a), window.kernel()[a],
                window.stride()[a], window.padding()[a], countPadding)));
    }

    @Override
    public Tensor adaptiveAvgPool(Tensor x, int[] outputSize) {
        return apply("adaptiveAvgPool", x, resized(x.shape(), outputSize),
                SeparableLaunch.of(adaptive(x.shape(), outputSize)));
    }

    @Override
    public Tensor adaptiveAvgPoolBackward(Tensor grad, Shape inputShape) {
        return apply("adaptiveAvgPool backward", grad, inputShape,
                SeparableLaunch.adjointOf(adaptive(inputShape, spatial(grad.shape()))));
    }

    private static AxisTable[] adaptive(Shape input, int[] outputSize) {
        return axes(outputSize.length, a -> AxisTable.of(AxisWeights.adaptiveAverage(input.dim(2 + a), outputSize[a])));
    }

    @Override
    public Tensor upsampleNearest(Tensor x, int[] outputSize) {
        return apply("upsampleNearest", x, resized(x.shape(), outputSize),
                SeparableLaunch.of(nearest(x.shape(), outputSize)));
    }

    @Override
    public Tensor upsampleNearestBackward(Tensor grad, Shape inputShape) {
        return apply("upsampleNearest backward", grad, inputShape,
                SeparableLaunch.adjointOf(nearest(inputShape, spatial(grad.shape()))));
    }

    private static AxisTable[] nearest(Shape input, int[] outputSize) {
        return axes(outputSize.length, a -> AxisTable.of(AxisWeights.nearest(input.dim(2 + a), outputSize[a])));
    }

    @Override
    public Tensor upsampleLinear(Tensor x, int[] outputSize, boolean alignCorners) {
        return apply("upsampleLinear", x, resized(x.shape(), outputSize),
                SeparableLaunch.of(linear(x.shape(), outputSize, alignCorners)));
    }

    @Override
    public Tensor upsampleLinearBackward(Tensor grad, Shape inputShape, boolean alignCorners) {
        return apply("upsampleLinear backward", grad, inputShape,
                SeparableLaunch.adjointOf(linear(inputShape, spatial(grad.shape()), alignCorners)));
    }

    private static AxisTable[] linear(Shape input, int[] outputSize, boolean alignCorners) {
        return axes(outputSize.length, a -> AxisTable.of(AxisWeights.linear(input.dim(2 + a), outputSize[a],
                alignCorners)));
    }

    private Tensor apply(String op, Tensor x, Shape outShape, SeparableLaunch launch) {
        DeviceProgram program = backend.program(op, x);
        Tensor out = backend.allocate(outShape, x.dtype());
        program.tabulated(ArenaKernel.SEPARABLE, op, launch.meta(), (launch.meta().length
                - ArenaKernel.SEPARABLE_AXES) / 3, launch.table(), launch.weights(), backend.block(x).offset,
                backend.block(out));
        return out;
    }

    private static AxisTable[] axes(int count, IntFunction<AxisTable> table) {
        AxisTable[] tables = new AxisTable[count];
        for (int a = 0; a < count; a++) {
            tables[a] = table.apply(a);
        }
        return tables;
    }

    private static Shape resized(Shape input, int[] outputSize) {
        int[] d = input.dims();
        System.arraycopy(outputSize, 0, d, 2, outputSize.length);
        return Shape.of(d);
    }

    private static int[] spatial(Shape shape) {
        int[] d = new int[shape.rank() - 2];
        for (int a = 0; a < d.length; a++) {
            d[a] = shape.dim(2 + a);
        }
        return d;
    }
}
