package org.unet4j.autodiff.opencl;

import java.util.Arrays;
import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * The convolution family on an OpenCL device, as direct kernels of the {@link ArenaKernel}, in the tensors' type
 * (float32, or float64 where the device reports fp64): the forward
 * pass with one work-item per output element, the input gradient (also the transposed convolution) with one per
 * input element, the weight gradient with one per weight element, and the bias gradient as a sum reduction. Each
 * work-item owns the element it writes, so no atomics are needed and the result does not depend on the launch.
 * Any number of spatial axes, strides, dilations, groups and asymmetric padding are handled by the index arithmetic
 * of the kernels ({@code padBefore} plus the output size imply the padding after).
 */
final class OpenClConvolution implements ConvolutionKernels {
    private final OpenClBackend backend;

    OpenClConvolution(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        DeviceProgram program = backend.program("conv2d", x, weight, bias);
        Tensor y = backend.allocate(g.outputShape(), x.dtype());
        int biasOffset = bias == null ? 0 : backend.block(bias).offset;
        program.geometric(ArenaKernel.CONV_FORWARD, "conv forward", meta(g), g.axes(), bias == null ? 0 : 1,
                backend.block(x).offset, backend.block(weight).offset, biasOffset, backend.block(y));
        return y;
    }

    @Override
    public Tensor backwardInput(Tensor gradOut, Tensor weight, Geometry g) {
        DeviceProgram program = backend.program("conv2d input gradient", gradOut, weight);
        Tensor dx = backend.allocate(g.inputShape(), gradOut.dtype());
        program.geometric(ArenaKernel.CONV_INPUT_GRAD, "conv input gradient", meta(g), g.axes(), 0,
                backend.block(gradOut).offset, backend.block(weight).offset, 0, backend.block(dx));
        return dx;
    }

    @Override
    public Tensor backwardWeight(Tensor gradOut, Tensor x, Geometry g) {
        DeviceProgram program = backend.program("conv2d weight gradient", gradOut, x);
        Tensor dw = backend.allocate(g.weightShape(), gradOut.dtype());
        program.geometric(ArenaKernel.CONV_WEIGHT_GRAD, "conv weight gradient", meta(g), g.axes(), 0,
                backend.block(gradOut).offset, backend.block(x).offset, 0, backend.block(dw));
        return dw;
    }

    @Override
    public Tensor biasGradient(Tensor gradOut) {
        DeviceProgram program = backend.program("conv2d bias gradient", gradOut);
        int[] kept = new int[gradOut.rank()];
        int[] reduced = gradOut.dims();
        Arrays.fill(kept, 1);
        kept[1] = gradOut.dim(1);
        reduced[1] = 1;
        Tensor db = backend.allocate(Shape.of(gradOut.dim(1)), gradOut.dtype());
        program.reduce(FunctionCodes.of(ReduceFn.SUM), backend.block(gradOut), gradOut.shape().strides(), kept,
                reduced, backend.block(db));
        return db;
    }

    /** The kernel's view of a geometry: the scalar header, then the six per-axis arrays (see ArenaKernel). */
    private static int[] meta(Geometry g) {
        int axes = g.axes();
        int[] meta = new int[ArenaKernel.CONV_AXES + 6 * axes];
        meta[ArenaKernel.CONV_IN_CHANNELS] = g.inChannels();
        meta[ArenaKernel.CONV_OUT_CHANNELS] = g.outChannels();
        meta[ArenaKernel.CONV_IN_PER_GROUP] = g.inChannelsPerGroup();
        meta[ArenaKernel.CONV_OUT_PER_GROUP] = g.outChannelsPerGroup();
        meta[ArenaKernel.CONV_IN_VOLUME] = g.inputVolume();
        meta[ArenaKernel.CONV_OUT_VOLUME] = g.outputVolume();
        meta[ArenaKernel.CONV_KERNEL_VOLUME] = g.kernelVolume();
        meta[ArenaKernel.CONV_BATCH] = g.batch();
        int[][] perAxis = {g.input(), g.kernel(), g.output(), g.stride(), g.dilation(), g.padBefore()};
        for (int set = 0; set < perAxis.length; set++) {
            System.arraycopy(perAxis[set], 0, meta, ArenaKernel.CONV_AXES + set * axes, axes);
        }
        return meta;
    }
}
