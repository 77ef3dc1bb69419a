package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * and group norm through the tape; the per-group statistics, the gamma and beta gradients and the running-statistics
 * update stay on the device.
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
        Tensor gamma = affine ? vector(r, dtype, shape[1]) : null;
        Tensor beta = affine ? vector(r, dtype, shape[1]) : null;
        NormalizationKernels cpu = Device.CPU.backend().normalization();
        NormalizationKernels gpu = OpenClTestDevice.backend().normalization();
        String what = dtype + " " + x.shape() + " " + grouping;
        double tolerance = Parity.tolerance(dtype, TOLERANCE);
        Moments expected = cpu.moments(x, grouping);
        Moments actual = gpu.moments(on(x), grouping);
        assertCloseOnDevice(expected.mean(), actual.mean(), tolerance, "mean " + what);
        assertCloseOnDevice(expected.variance(), actual.variance(), tolerance, "variance " + what);
        Moments statistics = new Moments(expected.mean().to(dtype), expected.variance().to(dtype));
        Moments statisticsOnDevice = new Moments(on(statistics.mean()), on(statistics.variance()));
        assertClose(cpu.normalize(x, grouping, statistics, 1e-5, gamma, beta),
                gpu.normalize(on(x), grouping, statisticsOnDevice, 1e-5, on(gamma), on(beta)), "normalize " + what);
        Gradients e = cpu.normalizeBackward(g, x, grouping, statistics, 1e-5, gamma, throughStatistics, true, true);
        Gradients a = gpu.normalizeBackward(on(g), on(x), grouping, statisticsOnDevice, 1e-5, on(gamma),
                throughStatistics, true, true);
        Tensor direct = cpu.normalizeBackward(g, x, grouping, statistics, 1e-5, gamma, false, true, false).input();
        assertCloseAtScale(e.input(), a.input(), direct.abs().max().item(), "input gradient " + what);
        assertCloseOnDevice(e.gamma(), a.gamma(), tolerance, "gamma gradient " + what);
        assertCloseOnDevice(e.beta(), a.beta(), tolerance, "beta gradient " + what);
        if (acrossBatch || groups == shape[1]) {
            Tensor runningMean = vector(r, dtype, shape[1]);
            Tensor runningVar = vector(r, dtype, shape[1]).abs();
            Tensor meanOnDevice = on(runningMean);
            Tensor varOnDevice = on(runningVar);
            cpu.updateRunning(runningMean, runningVar, expected, grouping, 0.1, 1.5);
            gpu.updateRunning(meanOnDevice, varOnDevice, actual, grouping, 0.1, 1.5);
            assertClose(runningMean, meanOnDevice, "running mean " + what);
            assertClose(runningVar, varOnDevice, "running variance " + what);
        }
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

    private static Tensor vector(SplittableRandom r, DType dtype, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-2, 2);
        }
        return Tensor.wrap(v, n).to(dtype);
    }

    /**
     * The per-group or per-channel vector the device computed is on the device and equals the CPU's, which the CPU
     * keeps in float64 whatever the input's type, within the input's tolerance.
     */
    private static void assertCloseOnDevice(Tensor expected, Tensor actual, double tolerance, String what) {
        assertEquals(OpenClTestDevice.device(), actual.device(),
                what + ": the result must stay on the device");
        Parity.assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tolerance, what);
    }

    private static Tensor on(Tensor t) {
        return t == null ? null : t.to(OpenClTestDevice.device());
    }

    /**
     * The input gradient is a sum of terms of the size of the direct term gamma g / sigma, which can cancel to zero
     * (a group of one element has x - mean = 0): its error is relative to that size, not to the sum's.
     */
    private static void assertCloseAtScale(Tensor expected, Tensor actual, double scale, String what) {
        assertEquals(OpenClTestDevice.device(), actual.device(), what + ": the result must stay on the device");
        double tolerance = Parity.tolerance(expected.dtype(), TOLERANCE) * Math.max(1, scale);
        Parity.assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tolerance, what);
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        Parity.assertClose(expected, actual, TOLERANCE, what);
    }
}
