package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.AxisWeights;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * The CPU backend's pooling and upsampling kernels. Average pooling, adaptive average pooling, nearest and linear
 * upsampling are separable linear maps ({@link SeparableMap} over one {@link AxisOperator} per spatial axis), and
 * their backward passes are the adjoint maps; max pooling has loops of its own ({@link WindowMax}).
 */
final class CpuImaging implements ImagingKernels {
    static final CpuImaging INSTANCE = new CpuImaging();

    private CpuImaging() {
    }

    @Override
    public MaxPooled maxPool(Tensor x, Window window) {
        return WindowMax.forward(x, window);
    }

    @Override
    public Tensor maxPoolBackward(Tensor grad, int[] argmax, Shape inputShape) {
        return WindowMax.backward(grad, argmax, inputShape);
    }

    @Override
    public Tensor avgPool(Tensor x, Window window, boolean countPadding) {
        return windowAverage(x.shape(), window, countPadding).apply(x);
    }

    @Override
    public Tensor avgPoolBackward(Tensor grad, Shape inputShape, Window window, boolean countPadding) {
        return windowAverage(inputShape, window, countPadding).adjoint(grad);
    }

    private static SeparableMap windowAverage(Shape input, Window window, boolean countPadding) {
        AxisOperator[] ops = new AxisOperator[window.axes()];
        for (int a = 0; a < ops.length; a++) {
            ops[a] = AxisOperator.of(AxisWeights.window(input.dim(2 + a), window.kernel()[a], window.stride()[a],
                    window.padding()[a], countPadding));
        }
        return new SeparableMap(ops);
    }

    @Override
    public Tensor adaptiveAvgPool(Tensor x, int[] outputSize) {
        return adaptive(x.shape(), outputSize).apply(x);
    }

    @Override
    public Tensor adaptiveAvgPoolBackward(Tensor grad, Shape inputShape) {
        return adaptive(inputShape, spatial(grad.shape())).adjoint(grad);
    }

    private static SeparableMap adaptive(Shape input, int[] outputSize) {
        AxisOperator[] ops = new AxisOperator[outputSize.length];
        for (int a = 0; a < ops.length; a++) {
            ops[a] = AxisOperator.of(AxisWeights.adaptiveAverage(input.dim(2 + a), outputSize[a]));
        }
        return new SeparableMap(ops);
    }

    @Override
    public Tensor upsampleNearest(Tensor x, int[] outputSize) {
        return nearest(x.shape(), outputSize).apply(x);
    }

    @Override
    public Tensor upsampleNearestBackward(Tensor grad, Shape inputShape) {
        return nearest(inputShape, spatial(grad.shape())).adjoint(grad);
    }

    private static SeparableMap nearest(Shape input, int[] outputSize) {
        AxisOperator[] ops = new AxisOperator[outputSize.length];
        for (int a = 0; a < ops.length; a++) {
            ops[a] = AxisOperator.of(AxisWeights.nearest(input.dim(2 + a), outputSize[a]));
        }
        return new SeparableMap(ops);
    }

    @Override
    public Tensor upsampleLinear(Tensor x, int[] outputSize, boolean alignCorners) {
        return linear(x.shape(), outputSize, alignCorners).apply(x);
    }

    @Override
    public Tensor upsampleLinearBackward(Tensor grad, Shape inputShape, boolean alignCorners) {
        return linear(inputShape, spatial(grad.shape()), alignCorners).adjoint(grad);
    }

    private static SeparableMap linear(Shape input, int[] outputSize, boolean alignCorners) {
        AxisOperator[] ops = new AxisOperator[outputSize.length];
        for (int a = 0; a < ops.length; a++) {
            ops[a] = AxisOperator.of(AxisWeights.linear(input.dim(2 + a), outputSize[a], alignCorners));
        }
        return new SeparableMap(ops);
    }

    private static int[] spatial(Shape shape) {
        int[] d = new int[shape.rank() - 2];
        for (int a = 0; a < d.length; a++) {
            d[a] = shape.dim(2 + a);
        }
        return d;
    }
}
