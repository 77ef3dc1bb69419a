package org.unet4j.autodiff.opencl;

import static org.unet4j.autodiff.opencl.Parity.random;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * The OpenCL convolution kernels equal the CPU's within the tolerance of their element type (float32, and float64
 * where the device reports fp64): the four primitives on random geometries of one to three spatial axes (odd sizes,
 * strides, dilations, groups, asymmetric padding), and conv2d and convTranspose2d forward and backward through the
 * tape.
 */
@AddLifecycleHook(OpenClTestDevice.SkipWithoutOpenCl.class)
@AddLifecycleHook(OpenClTestDevice.HostDefault.class)
class OpenClConvolutionParityProperties {
    private static final double TOLERANCE = 2e-4;

    @Property(tries = 80)
    void primitivesMatchTheCpu(@ForAll("geometries") Geometry g, @ForAll boolean withBias, @ForAll DType dtype,
            @ForAll long seed) {
        Tensor x = random(seed, dtype, g.inputShape().dims());
        Tensor w = random(seed + 1, dtype, g.weightShape().dims());
        Tensor bias = withBias ? random(seed + 2, dtype, g.outChannels()) : null;
        Tensor gy = random(seed + 3, dtype, g.outputShape().dims());
        ConvolutionKernels cpu = Device.CPU.backend().convolution();
        ConvolutionKernels gpu = OpenClTestDevice.backend().convolution();
        assertClose(cpu.forward(x, w, bias, g), gpu.forward(on(x), on(w), bias == null ? null : on(bias), g),
                "forward " + g);
        assertClose(cpu.backwardInput(gy, w, g), gpu.backwardInput(on(gy), on(w), g), "input gradient " + g);
        assertClose(cpu.backwardWeight(gy, x, g), gpu.backwardWeight(on(gy), on(x), g), "weight gradient " + g);
        assertClose(cpu.biasGradient(gy), gpu.biasGradient(on(gy)), "bias gradient " + g);
    }

    @Property(tries = 30)
    void conv2dThroughTheTapeMatchesTheCpu(@ForAll @IntRange(min = 1, max = 3) int groups,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 1, max = 2) int dilation,
            @ForAll @IntRange(min = 0, max = 2) int top, @ForAll @IntRange(min = 0, max = 1) int right,
            @ForAll @IntRange(min = 5, max = 13) int size, @ForAll DType dtype, @ForAll long seed) {
        Conv2dOptions options = Conv2dOptions.defaults().groups(groups).stride(stride).dilation(dilation)
                .padding(top, 1, 0, right);
        Tensor x = random(seed, dtype, 2, 2 * groups, size, size + 2);
        Tensor w = random(seed + 1, dtype, 3 * groups, 2, 3, 2);
        Tensor b = random(seed + 2, dtype, 3 * groups);
        checkTape(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), options), x, w, b, "conv2d");
    }

    @Property(tries = 30)
    void convTranspose2dThroughTheTapeMatchesTheCpu(@ForAll @IntRange(min = 1, max = 2) int groups,
            @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 1) int padding,
            @ForAll @IntRange(min = 2, max = 9) int size, @ForAll DType dtype, @ForAll long seed) {
        Conv2dOptions options = Conv2dOptions.defaults().groups(groups).stride(stride).padding(padding);
        Tensor x = random(seed, dtype, 2, 2 * groups, size, size + 1);
        Tensor w = random(seed + 1, dtype, 2 * groups, 3, 3, 3);
        Tensor b = random(seed + 2, dtype, 3 * groups);
        checkTape(in -> Convolution.convTranspose2d(in.get(0), in.get(1), in.get(2), options), x, w, b,
                "convTranspose2d");
    }

    private static void checkTape(java.util.function.Function<List<Tensor>, Tensor> op, Tensor x, Tensor w,
            Tensor b, String what) {
        List<Tensor> cpu = leaves(Device.CPU, x, w, b);
        List<Tensor> gpu = leaves(OpenClTestDevice.device(), x, w, b);
        Tensor yCpu = op.apply(cpu);
        Tensor yGpu = op.apply(gpu);
        assertClose(yCpu, yGpu, what + " forward");
        Tensor seedGrad = random(99, yCpu.dtype(), yCpu.dims());
        yCpu.backward(seedGrad);
        yGpu.backward(on(seedGrad));
        for (int i = 0; i < 3; i++) {
            assertClose(cpu.get(i).grad(), gpu.get(i).grad(), what + " gradient of input " + i);
        }
    }

    private static List<Tensor> leaves(Device device, Tensor... tensors) {
        return java.util.Arrays.stream(tensors).map(t -> t.detach().to(device).requiresGrad(true)).toList();
    }

    @Provide
    Arbitrary<Geometry> geometries() {
        return Arbitraries.integers().between(1, 3).flatMap(axes -> Arbitraries.integers().between(0, 1 << 30)
                .map(bits -> geometry(axes, new SplittableRandom(bits))));
    }

    /** A random valid geometry: every output size at least one. */
    private static Geometry geometry(int axes, SplittableRandom r) {
        int groups = r.nextInt(1, 4);
        int[] input = new int[axes];
        int[] kernel = new int[axes];
        int[] output = new int[axes];
        int[] stride = new int[axes];
        int[] dilation = new int[axes];
        int[] pad = new int[axes];
        int maxSize = axes == 3 ? 6 : 13;
        for (int a = 0; a < axes; a++) {
            kernel[a] = r.nextInt(1, 4);
            dilation[a] = r.nextInt(1, 3);
            stride[a] = r.nextInt(1, 4);
            pad[a] = r.nextInt(0, 3);
            int padAfter = r.nextInt(0, 3);
            int span = dilation[a] * (kernel[a] - 1) + 1;
            input[a] = Math.max(r.nextInt(1, maxSize + 1), span - pad[a] - padAfter);
            output[a] = (input[a] + pad[a] + padAfter - span) / stride[a] + 1;
        }
        return new Geometry(r.nextInt(1, 4), groups * r.nextInt(1, 4), groups * r.nextInt(1, 4), groups, input,
                kernel, output, stride, dilation, pad);
    }

    private static Tensor on(Tensor t) {
        return t.to(OpenClTestDevice.device());
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        Parity.assertClose(expected, actual, TOLERANCE, what);
    }
}
