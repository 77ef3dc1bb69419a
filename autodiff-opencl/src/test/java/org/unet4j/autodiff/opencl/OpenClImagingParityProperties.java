package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.unet4j.autodiff.opencl.Parity.random;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.ImagingKernels.MaxPooled;
import org.unet4j.autodiff.ImagingKernels.Window;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;

/**
 * The OpenCL pooling and upsampling kernels equal the CPU's within the tolerance of their element type (float32, and
 * float64 where the device reports fp64; max pooling's argmax exactly), forward and backward, on random planes of one
 * to three spatial axes with odd sizes, and through the tape.
 */
@AddLifecycleHook(OpenClTestDevice.SkipWithoutOpenCl.class)
@AddLifecycleHook(OpenClTestDevice.HostDefault.class)
class OpenClImagingParityProperties {
    private static final double TOLERANCE = 1e-4;

    @Property(tries = 80)
    void poolingMatchesTheCpu(@ForAll @IntRange(min = 1, max = 3) int axes, @ForAll boolean countPadding,
            @ForAll DType dtype, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = shape(axes, r, 2);
        int[] kernel = new int[axes];
        int[] stride = new int[axes];
        int[] padding = new int[axes];
        for (int a = 0; a < axes; a++) {
            kernel[a] = r.nextInt(1, Math.min(4, shape[2 + a]) + 1);
            stride[a] = r.nextInt(1, 4);
            padding[a] = r.nextInt(0, kernel[a] / 2 + 1);
        }
        Window window = new Window(kernel, stride, padding);
        Tensor x = random(seed, dtype, shape);
        Shape in = x.shape();
        Tensor g = random(seed + 1, dtype, window.outputShape(in).dims());
        ImagingKernels cpu = Device.CPU.backend().imaging();
        ImagingKernels gpu = OpenClTestDevice.backend().imaging();
        String what = in + " " + window;
        MaxPooled expected = cpu.maxPool(x, window);
        MaxPooled actual = gpu.maxPool(on(x), window);
        assertClose(expected.values(), actual.values(), "maxPool " + what);
        assertArrayEquals(expected.argmax(), actual.argmax(), "maxPool argmax " + what);
        assertClose(cpu.maxPoolBackward(g, expected.argmax(), in), gpu.maxPoolBackward(on(g), actual.argmax(), in),
                "maxPool backward " + what);
        assertClose(cpu.avgPool(x, window, countPadding), gpu.avgPool(on(x), window, countPadding),
                "avgPool " + what);
        assertClose(cpu.avgPoolBackward(g, in, window, countPadding),
                gpu.avgPoolBackward(on(g), in, window, countPadding), "avgPool backward " + what);
    }

    @Property(tries = 80)
    void resamplingMatchesTheCpu(@ForAll @IntRange(min = 1, max = 3) int axes, @ForAll boolean alignCorners,
            @ForAll DType dtype, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = shape(axes, r, 1);
        int[] size = new int[axes];
        for (int a = 0; a < axes; a++) {
            size[a] = r.nextInt(1, (axes == 3 ? 7 : 15) + 1);
        }
        Tensor x = random(seed, dtype, shape);
        Shape in = x.shape();
        ImagingKernels cpu = Device.CPU.backend().imaging();
        ImagingKernels gpu = OpenClTestDevice.backend().imaging();
        Tensor up = cpu.upsampleNearest(x, size);
        Tensor g = random(seed + 1, dtype, up.dims());
        String what = in + " -> " + java.util.Arrays.toString(size);
        assertClose(up, gpu.upsampleNearest(on(x), size), "nearest " + what);
        assertClose(cpu.upsampleNearestBackward(g, in), gpu.upsampleNearestBackward(on(g), in), "nearest back " + what);
        assertClose(cpu.upsampleLinear(x, size, alignCorners), gpu.upsampleLinear(on(x), size, alignCorners),
                "linear " + what);
        assertClose(cpu.upsampleLinearBackward(g, in, alignCorners),
                gpu.upsampleLinearBackward(on(g), in, alignCorners), "linear back " + what);
        assertClose(cpu.adaptiveAvgPool(x, size), gpu.adaptiveAvgPool(on(x), size), "adaptive " + what);
        assertClose(cpu.adaptiveAvgPoolBackward(g, in), gpu.adaptiveAvgPoolBackward(on(g), in),
                "adaptive back " + what);
    }

    @Property(tries = 20)
    void poolingAndUpsamplingThroughTheTapeMatchTheCpu(@ForAll @IntRange(min = 2, max = 11) int h,
            @ForAll @IntRange(min = 2, max = 11) int w, @ForAll DType dtype, @ForAll long seed) {
        Tensor x = random(seed, dtype, 2, 3, h, w);
        Function<Tensor, Tensor> f = t -> {
            Tensor pooled = Pooling.maxPool2d(t, 2, 2, 2, 2).add(Pooling.avgPool2d(t, 2, 2, 2, 2));
            return Upsampling.bilinear(pooled, 2, false).add(Upsampling.nearestToSize(pooled, h, w).sum())
                    .add(Pooling.adaptiveAvgPool2d(t, 3, 2).sum());
        };
        List<Tensor> leaves = List.of(x.detach().requiresGrad(true), on(x).detach().requiresGrad(true));
        Tensor yCpu = f.apply(leaves.get(0));
        Tensor yGpu = f.apply(leaves.get(1));
        assertClose(yCpu, yGpu, "forward");
        Tensor seedGrad = random(seed + 7, dtype, yCpu.dims());
        yCpu.backward(seedGrad);
        yGpu.backward(on(seedGrad));
        assertClose(leaves.get(0).grad(), leaves.get(1).grad(), "gradient");
    }

    /** {@code [N, C, spatial...]} with odd sizes, each spatial size at least {@code min}. */
    private static int[] shape(int axes, SplittableRandom r, int min) {
        int[] shape = new int[2 + axes];
        shape[0] = r.nextInt(1, 3);
        shape[1] = r.nextInt(1, 4);
        for (int a = 0; a < axes; a++) {
            shape[2 + a] = r.nextInt(min, (axes == 3 ? 7 : 17) + 1);
        }
        return shape;
    }

    private static Tensor on(Tensor t) {
        return t.to(OpenClTestDevice.device());
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        Parity.assertClose(expected, actual, TOLERANCE, what);
    }
}
