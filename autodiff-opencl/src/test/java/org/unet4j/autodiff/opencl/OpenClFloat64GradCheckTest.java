package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;

/**
 * Float64 backward rules computed on the OpenCL device pass {@link GradCheck}: the checked function moves its host
 * inputs to the device, runs every op there, forward and backward, and returns its result to the host. GradCheck's
 * tolerances (central differences with step 1e-6, atol 1e-6, rtol 1e-5) hold only for a float64 computation: in
 * float32 the differences would be rounding noise.
 */
class OpenClFloat64GradCheckTest {

    @Test
    void aSmallConvolutionalNetworkOnTheDevicePassesGradCheck() {
        Device device = OpenClTestDevice.device(DType.FLOAT64);
        SplittableRandom r = new SplittableRandom(11);
        Tensor x = host(r, 1, 2, 6, 5);
        Tensor weight = host(r, 3, 2, 3, 3);
        Tensor bias = host(r, 3);
        Tensor gamma = host(r, 3);
        Tensor beta = host(r, 3);
        Tensor up = host(r, 3, 2, 2, 2);
        assertPassesOnTheDevice(device, in -> {
            Tensor h = Convolution.conv2d(in[0], in[1], in[2], Conv2dOptions.defaults().padding(1));
            h = Normalization.groupNorm(h, 3, in[3], in[4], 1e-5).tanh();
            h = Pooling.maxPool2d(h, 2).add(Pooling.avgPool2d(h, 2));
            h = Convolution.convTranspose2d(h, in[5], null, Conv2dOptions.defaults().stride(2));
            return Upsampling.bilinear(h, 2, false).softplus().add(Pooling.adaptiveAvgPool2d(h, 3, 2).sum());
        }, x, weight, bias, gamma, beta, up);
    }

    @Test
    void elementwiseReductionAndMatrixOpsOnTheDevicePassGradCheck() {
        Device device = OpenClTestDevice.device(DType.FLOAT64);
        SplittableRandom r = new SplittableRandom(12);
        Tensor a = host(r, 3, 5);
        Tensor b = host(r, 5, 4);
        Tensor c = host(r, 4);
        assertPassesOnTheDevice(device, in -> {
            Tensor h = in[0].matmul(in[1]).add(in[2]);
            Tensor act = h.sigmoid().mul(h.tanh()).sub(h.relu().maximum(h.mul(0.1))).add(h.exp().mul(0.01));
            Tensor mixed = Tensor.concat(0, act, act.permute(1, 0).matmul(act).slice(0, 0, 3));
            Tensor rows = mixed.softmax(1).pow(2).sum(1, false).add(mixed.max(new int[] {0}, false).mean());
            return rows.div(in[2].abs().add(1).sum());
        }, a, b, c);
    }

    /**
     * GradCheck of {@code f} applied on {@code device} to copies of the host inputs, its result read back; the
     * launches must have run there.
     */
    private static void assertPassesOnTheDevice(Device device, Function<Tensor[], Tensor> f, Tensor... inputs) {
        OpenClBackend backend = (OpenClBackend) device.backend();
        long launches = backend.launches();
        GradCheck.assertGradients(in -> {
            Tensor[] there = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                there[i] = in[i].to(device);
            }
            Tensor y = f.apply(there);
            assertTrue(y.device() == device && y.dtype() == DType.FLOAT64, "computed in float64 on " + device);
            return y.to(Device.CPU);
        }, inputs);
        assertTrue(backend.launches() > launches && backend.lastLaunchOnDevice(),
                "the ops must have run as OpenCL kernels on " + backend.description());
    }

    /** Standard normal float64 samples on the host. */
    private static Tensor host(SplittableRandom r, int... shape) {
        double[] values = new double[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextGaussian();
        }
        return Tensor.wrap(values, shape);
    }
}
