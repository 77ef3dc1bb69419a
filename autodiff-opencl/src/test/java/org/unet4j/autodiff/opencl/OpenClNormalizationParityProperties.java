package org.unet4j.autodiff.opencl;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.NormalizationKernels.Gradients;
import org.unet4j.autodiff.NormalizationKernels.Grouping;
import org.unet4j.autodiff.NormalizationKernels.Moments;
import org.unet4j.autodiff.Tensor;

/**
 * The OpenCL normalisation kernels equal the CPU's within the tolerance of their element type (float32, and float64
 * where the device reports fp64): moments, the normalise pass and every variant of the backward pass, for batch (per
 * channel) and group/instance (per sample) groupings of inputs with zero to three spatial axes, and batch, instance
 * and group norm through the tape.
 */
@AddLifecycleHook(OpenClTestDevice.SkipWithoutOpenCl.class)
@AddLifecycleHook(OpenClTestDevice.HostDefault.class)
class OpenClNormalizationParityProperties {
    private static final double TOLERANCE = 1e-4;

    @Property(tries = 80)
    void primitivesMatchTheCpu(@ForAll @IntRange(min = 0, max = 3) int axes, @ForAll boolean acrossBatch,
            @ForAll boolean affine, @ForAll boolean throughStatistics, @ForAll DType dtype, @ForAll long seed) {
        OpenClTestDevice.assumeComputesIn(dtype);
        SplittableRandom r = new SplittableRandom(seed);
        int groups = r.nextInt(1, 4);
        int[] shape = new int[2 + axes];
        shape[0] = r.nextInt(1, 4);
        shape[1] = groups * r.nextInt(1, 4);
        for (int a = 0; a < axes; a++) {
            shape[2 + a] = r.nextInt(1, axes == 3 ? 7 : 19);
        }
        Grouping grouping = acrossBatch ? Grouping.perChannel(shape[1]) : Grouping.perSample(groups);
        Tensor x = Tensor.randn(r, dtype, shape).mul(2).add(3);
        Tensor g = Tensor.randn(r, dtype, shape);
        double[] gamma = affine ? vector(r, shape[1]) : null;
        double[] beta = affine ? vector(r, shape[1]) : null;
        NormalizationKernels cpu = Device.CPU.backend().normalization();
        NormalizationKernels gpu = OpenClTestDevice.backend().normalization();
        String what = dtype + " " + x.shape() + " " + grouping;
        double tolerance = Parity.tolerance(dtype, TOLERANCE);
        Moments expected = cpu.moments(x, grouping);
        Moments actual = gpu.moments(on(x), grouping);
        Parity.assertClose(expected.mean(), actual.mean(), tolerance, "mean " + what);
        Parity.assertClose(expected.variance(), actual.variance(), tolerance, "variance " + what);
        double[] rstd = new double[expected.variance().length];
        for (int q = 0; q < rstd.length; q++) {
            rstd[q] = 1 / Math.sqrt(expected.variance()[q] + 1e-5);
        }
        double[] mean = expected.mean();
        assertClose(cpu.normalize(x, grouping, mean, rstd, gamma, beta),
                gpu.normalize(on(x), grouping, mean, rstd, gamma, beta), "normalize " + what);
        Gradients e = cpu.normalizeBackward(g, x, grouping, mean, rstd, gamma, throughStatistics, true, true);
        Gradients a = gpu.normalizeBackward(on(g), on(x), grouping, mean, rstd, gamma, throughStatistics, true, true);
        assertClose(e.input(), a.input(), "input gradient " + what);
        Parity.assertClose(e.gamma(), a.gamma(), tolerance, "gamma gradient " + what);
        Parity.assertClose(e.beta(), a.beta(), tolerance, "beta gradient " + what);
    }

    @Property(tries = 20)
    void normalisationThroughTheTapeMatchesTheCpu(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 2, max = 9) int w,
            @ForAll DType dtype, @ForAll long seed) {
        OpenClTestDevice.assumeComputesIn(dtype);
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.randn(r, dtype, batch, 4, h, w);
        Tensor gamma = Tensor.randn(r, dtype, 4);
        Tensor beta = Tensor.randn(r, dtype, 4);
        Function<List<Tensor>, Tensor> f = in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), null, null,
                true, 0.1, 1e-5).add(Normalization.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5))
                .add(Normalization.instanceNorm(in.get(0), in.get(1), in.get(2), 1e-5)).pow(2);
        List<Tensor> cpu = leaves(Device.CPU, x, gamma, beta);
        List<Tensor> gpu = leaves(OpenClTestDevice.device(), x, gamma, beta);
        Tensor yCpu = f.apply(cpu);
        Tensor yGpu = f.apply(gpu);
        assertClose(yCpu, yGpu, "forward");
        Tensor seedGrad = Tensor.randn(r, dtype, yCpu.dims());
        yCpu.backward(seedGrad);
        yGpu.backward(on(seedGrad));
        for (int i = 0; i < 3; i++) {
            assertClose(cpu.get(i).grad(), gpu.get(i).grad(), "gradient of input " + i);
        }
    }

    private static List<Tensor> leaves(Device device, Tensor... tensors) {
        return java.util.Arrays.stream(tensors).map(t -> t.detach().to(device).requiresGrad(true)).toList();
    }

    private static double[] vector(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-2, 2);
        }
        return v;
    }

    private static Tensor on(Tensor t) {
        return t.to(OpenClTestDevice.device());
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        Parity.assertClose(expected, actual, TOLERANCE, what);
    }
}
