package org.unet4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.Optimizer;
import org.unet4j.layers.optim.SGD;
import org.unet4j.layers.unet.UNet;

/**
 * A U-Net trained on an OpenCL device follows the same loss curve as on the CPU. Skipped without an OpenCL runtime
 * (Debian's {@code pocl-opencl-icd} provides one on any machine).
 *
 * <p>Tolerance: 1e-4 relative per step. The OpenCL kernels compute in float32, possibly in another summation order
 * than the CPU backend (a few ulps, about 1e-6 relative, per op), and the optimizer updates on the device in float32
 * with float32 moments where the host uses float64; on pocl the five Adam losses agree to every printed digit
 * (0.69944, 0.68195, 0.67039, 0.66125, 0.65371), so 1e-4 leaves room for GPU reduction orders while still catching a
 * wrong kernel.
 */
class OpenClTrainingParityTest {
    private static final int STEPS = 5;
    private static final double RELATIVE_TOLERANCE = 1e-4;

    /** The OpenCL device when the run asks for OpenCL ({@code -Dunet4j.device=opencl}); a skipped test otherwise. */
    private static Device openCl() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(java.util.Locale.ROOT).startsWith("opencl"),
                "OpenCL training parity runs with -Dunet4j.device=opencl");
        return Devices.opencl();
    }

    /** A two-level U-Net with batch norm, 2 and 4 filters, built from a fixed seed. */
    static UNet tinyUNet() {
        return UNet.builder().levels(2).filters(2, 4).seed(17).build();
    }

    /** A batch of two random 16x16 images. */
    static Tensor images() {
        return Tensor.randn(new SplittableRandom(3), 2, 1, 16, 16);
    }

    /** Binary masks: the pixels of {@link #images()} above zero. */
    static Tensor masks(Tensor images) {
        float[] v = images.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] > 0 ? 1 : 0;
        }
        return Tensor.of(v, images.dims());
    }

    /** The losses of {@code STEPS} training steps of {@code net} on {@code device}, each before its update. */
    static double[] lossCurve(UNet net, Device device, boolean adam) {
        net.to(device);
        Tensor x = images().to(device);
        Tensor y = masks(images()).to(device);
        Optimizer optimizer = adam ? new Adam(net.parameters(), 1e-2)
                : SGD.builder(0.1).momentum(0.9).build(net.parameters());
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            Tensor loss = Losses.bceWithLogits(net.forward(x), y);
            loss.backward();
            optimizer.step();
            losses[step] = loss.to(Device.CPU).item();
        }
        return losses;
    }

    private static void assertSameCurve(double[] cpu, double[] openCl) {
        for (int i = 0; i < STEPS; i++) {
            assertEquals(cpu[i], openCl[i], RELATIVE_TOLERANCE * Math.abs(cpu[i]), "step " + i + ": CPU "
                    + Arrays.toString(cpu) + ", OpenCL " + Arrays.toString(openCl));
        }
        assertTrue(cpu[STEPS - 1] < cpu[0], "the loss should fall: " + Arrays.toString(cpu));
    }

    @Test
    void fiveAdamStepsOfATinyUNetGiveTheSameLossesOnOpenClAsOnTheCpu() {
        Device device = openCl();
        double[] cpu = lossCurve(tinyUNet(), Device.CPU, true);
        double[] openCl = lossCurve(tinyUNet(), device, true);
        assertSameCurve(cpu, openCl);
    }

    @Test
    void fiveSgdMomentumStepsOfATinyUNetGiveTheSameLossesOnOpenClAsOnTheCpu() {
        Device device = openCl();
        assertSameCurve(lossCurve(tinyUNet(), Device.CPU, false), lossCurve(tinyUNet(), device, false));
    }

    @Test
    void trainingRunsAsOpenClKernelsAndKeepsEveryParameterAndBufferOnTheDevice() {
        Device device = openCl();
        OpenClBackend backend = (OpenClBackend) device.backend();
        UNet net = tinyUNet();
        long before = backend.launches();
        lossCurve(net, device, true);
        assertTrue(backend.launches() - before > 100, "expected the kernels of five training steps, got "
                + (backend.launches() - before) + " launches");
        assertTrue(backend.lastLaunchOnDevice(), "the last kernel fell back to the Java thread pool");
        net.stateDict().forEach((name, t) -> assertEquals(device, t.device(), name));
        net.to(Device.CPU);
        net.stateDict().forEach((name, t) -> assertEquals(Device.CPU, t.device(), name));
    }
}
