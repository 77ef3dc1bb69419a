package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;

/**
 * The default device in the OpenCL half of the suite, where {@code -Dunet4j.device=opencl} makes the OpenCL device
 * the default: the factories create their tensors there, in float64 too where the device reports fp64,
 * {@link Device#withDefault} overrides it on one thread, and GradCheck still runs on the host. (A device without
 * fp64 is {@link OpenClBackendTest#float64FailsNamingTheOpTheDeviceAndTheFixWhereTheDeviceLacksFp64}.)
 */
class DefaultDeviceTest {

    @Test
    void theRunsDeviceChoiceIsTheDefaultAndEveryFactoryCreatesThere() {
        Device device = OpenClTestDevice.device();
        assertSame(device, Device.defaultDevice());
        SplittableRandom rng = new SplittableRandom(1);
        List<Tensor> made = List.of(Tensor.zeros(2, 3), Tensor.ones(2), Tensor.full(DType.FLOAT32, 3, 2),
                Tensor.scalar(1, DType.FLOAT32), Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[][] {{1}}),
                Tensor.arange(4), Tensor.randn(rng, 3), Tensor.rand(rng, 3),
                Tensor.uniform(rng, DType.FLOAT32, -1, 1, 3));
        for (Tensor t : made) {
            assertSame(device, t.device(), t.toString());
        }
        assertArrayEquals(new float[] {3, 3}, made.get(2).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, made.get(6).toFloatArray());
        assertSame(Device.CPU, Tensor.wrap(new float[2], 2).device(), "wrap wraps a host array");
        assertEquals(3.0, Tensor.of(new float[] {1, 2}, 2).sum().item(), "item() reads the scalar back");
    }

    @Test
    void aSeedGivesTheSameValuesOnTheDeviceAsOnTheHost() {
        OpenClTestDevice.device();
        float[] there = Tensor.randn(new SplittableRandom(5), 4, 7).toFloatArray();
        float[] here = Device.withDefault(Device.CPU, () -> Tensor.randn(new SplittableRandom(5), 4, 7)).floats();
        assertArrayEquals(here, there);
    }

    @Test
    void withDefaultOverridesThisThreadOnlyAndRestoresEvenAfterAFailure() throws InterruptedException {
        Device device = OpenClTestDevice.device();
        AtomicReference<Device> otherThread = new AtomicReference<>();
        Device.withDefault(Device.CPU, () -> {
            assertSame(Device.CPU, Tensor.zeros(2).device());
            Thread t = new Thread(() -> otherThread.set(Tensor.zeros(2).device()));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertSame(device, otherThread.get());
        assertThrows(IllegalStateException.class, () -> Device.withDefault(Device.CPU, () -> {
            throw new IllegalStateException("inside");
        }));
        assertSame(device, Tensor.zeros(2).device());
    }

    @Test
    void setDefaultReplacesTheRunsChoice() {
        Device device = OpenClTestDevice.device();
        Device.setDefault(Device.CPU);
        try {
            assertSame(Device.CPU, Tensor.ones(3).device());
        } finally {
            Device.setDefault(device);
        }
        assertSame(device, Tensor.ones(3).device());
        assertThrows(IllegalArgumentException.class, () -> Device.setDefault(null));
    }

    @Test
    void float64FactoriesCreateOnTheDeviceWhileGradCheckRunsOnTheHost() {
        Device device = OpenClTestDevice.device(DType.FLOAT64);
        List<Tensor> made = List.of(Tensor.zeros(DType.FLOAT64, 2), Tensor.of(new double[] {1, 1.0 / 3}, 2),
                Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 3), Tensor.wrap(new double[] {1}, 1).to(device));
        for (Tensor t : made) {
            assertSame(device, t.device(), t.toString());
            assertEquals(DType.FLOAT64, t.dtype(), t.toString());
        }
        assertArrayEquals(new double[] {1, 1.0 / 3}, made.get(1).toDoubleArray());
        GradCheck.assertGradients(in -> in[0].mul(in[0]).add(Tensor.ones(DType.FLOAT64, 2)).sum(),
                Tensor.wrap(new double[] {1, -2}, 2));
    }
}
