package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/** The OpenCL backend's contract beyond numerical parity: where kernels run, devices, transfers, memory. */
class OpenClBackendTest {

    @Test
    void kernelsRunAsOpenClOnTheDeviceNotInTheJavaFallback() {
        OpenClBackend backend = OpenClTestDevice.backend();
        long before = backend.launches();
        Tensor x = Tensor.randn(new SplittableRandom(1), 37, 41).to(backend.device());
        Tensor y = x.matmul(x.transpose(0, 1)).exp().sum(0, false);
        y.to(Device.CPU);
        assertTrue(backend.launches() - before >= 5, "expected upload, permute, matmul, exp, sum and download");
        assertTrue(backend.lastLaunchOnDevice(), "the last kernel must have run as OpenCL on " + backend.description());
    }

    @Test
    void tensorsCarryTheirDeviceAndMoveExplicitly() {
        Device device = OpenClTestDevice.device();
        Tensor host = Tensor.wrap(new float[] {1, -2, 3, 4, 5, 6}, 2, 3);
        Tensor there = host.to(device);
        assertSame(device, there.device());
        assertSame(there, there.to(device));
        IllegalStateException storage = assertThrows(IllegalStateException.class, there::floats);
        assertTrue(storage.getMessage().contains(device.name()) && storage.getMessage().contains("toFloatArray()"),
                storage.getMessage());
        Tensor back = there.relu().to(Device.CPU);
        assertSame(Device.CPU, back.device());
        assertArrayEquals(new float[] {1, 0, 3, 4, 5, 6}, back.floats());
    }

    @Test
    void opsOnMixedDevicesFailNamingBothDevices() {
        Device device = OpenClTestDevice.device();
        Tensor host = Tensor.wrap(new float[] {1, 1, 1}, 3);
        Tensor there = host.to(device);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> host.add(there));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains(device.name()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> there.matmul(host.reshape(3, 1)));
    }

    @Test
    void float64TensorsKeepEveryBitInTheirOwnArena() {
        Device device = OpenClTestDevice.device(DType.FLOAT64);
        double[] values = {Math.PI, -1.0 / 3, 1e300, 1e-300, Double.MIN_NORMAL};
        Tensor x = Tensor.wrap(values, values.length).to(device);
        assertEquals(DType.FLOAT64, x.dtype());
        DeviceBlock block = (DeviceBlock) x.storage();
        assertEquals(DType.FLOAT64, block.program.dtype(), "a float64 tensor lives in the float64 arena");
        assertEquals(values.length, block.length());
        assertArrayEquals(values, x.to(Device.CPU).doubles(), "the round trip must keep every bit");
        assertArrayEquals(values, x.mul(2).mul(0.5).to(Device.CPU).doubles(),
                "doubling and halving is exact in float64 (float32 would overflow 1e300 and flush 1e-300)");
        assertTrue(OpenClTestDevice.backend().lastLaunchOnDevice());
    }

    @Test
    void float64FailsNamingTheOpTheDeviceAndTheFixWhereTheDeviceLacksFp64() {
        OpenClTestDevice.device();
        OpenClBackend backend = withoutFp64();
        Device device = backend.device();
        assertTrue(backend.supports(DType.FLOAT32));
        assertFalse(backend.supports(DType.FLOAT64));
        Tensor single = Tensor.wrap(new float[] {1, -2}, 2).to(device);
        assertArrayEquals(new float[] {1, 0}, single.relu().toFloatArray(), "float32 still computes there");
        List<Executable> float64Uses = List.of(() -> Tensor.wrap(new double[] {1, -2}, 2).to(device),
                () -> single.toFloat64(), () -> backend.zeros(Shape.of(2), DType.FLOAT64));
        for (Executable use : float64Uses) {
            String message = assertThrows(UnsupportedOperationException.class, use).getMessage();
            for (String part : List.of("float64", device.name(), "FP64 required but not supported", "cl_khr_fp64",
                    "Device.CPU")) {
                assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
            }
        }
        String factory = assertThrows(UnsupportedOperationException.class,
                () -> Device.withDefault(device, () -> Tensor.zeros(DType.FLOAT64, 2))).getMessage();
        assertTrue(factory.contains("cannot hold float64") && factory.contains(device.name()), factory);
    }

    /**
     * A backend on the test device whose float64 kernel fails as Aparapi fails it on a device without
     * {@code cl_khr_fp64} (pocl reports fp64, so the refusal is staged; the backend's handling of it is not).
     */
    private static OpenClBackend withoutFp64() {
        OpenCLDevice clDevice = OpenCLPlatform.getUncachedOpenCLPlatforms().get(0).getOpenCLDevices().get(0);
        String name = "opencl:without-fp64";
        return new OpenClBackend(name, dtype -> {
            if (dtype == DType.FLOAT64) {
                throw new KernelFallbackException("the unet4j float64 OpenCL kernel does not compile for " + name
                        + ": FP64 required but not supported", null);
            }
            return new DeviceProgram(clDevice, name, dtype);
        });
    }

    @Test
    void fillIsOneKernelLaunchThatAllocatesNothingAndTouchesOnlyItsTensor() {
        OpenClBackend backend = OpenClTestDevice.backend();
        Tensor neighbour = Tensor.wrap(new float[] {1, 2, 3}, 3).to(backend.device());
        Tensor x = Tensor.wrap(new float[20], 4, 5).to(backend.device());
        long launches = backend.launches();
        long allocated = backend.allocatedElements(DType.FLOAT32);
        x.reshape(20).fill(-2.5);
        assertEquals(1, backend.launches() - launches, "fill must be one kernel, no upload");
        assertEquals(allocated, backend.allocatedElements(DType.FLOAT32));
        float[] expected = new float[20];
        Arrays.fill(expected, -2.5f);
        assertArrayEquals(expected, x.toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3}, neighbour.toFloatArray());
    }

    @Test
    void releasedMemoryIsReusedSoALoopDoesNotGrowTheArena() {
        OpenClBackend backend = OpenClTestDevice.backend();
        Tensor x = Tensor.randn(new SplittableRandom(2), 64, 64).to(backend.device());
        long baseline = backend.allocatedElements(DType.FLOAT32);
        for (int step = 0; step < 50; step++) {
            Tensor square = x.mul(x);
            Tensor y = square.add(1);
            OpenClBackend.release(square);
            OpenClBackend.release(y);
        }
        assertEquals(baseline, backend.allocatedElements(DType.FLOAT32),
                "releasing every result must return its memory");
        OpenClBackend.release(x);
        assertThrows(IllegalStateException.class, () -> x.relu());
    }

    @Test
    void unreachableTensorsAreFreedAfterGarbageCollection() throws InterruptedException {
        OpenClBackend backend = OpenClTestDevice.backend();
        long baseline = backend.allocatedElements(DType.FLOAT32);
        for (int i = 0; i < 20; i++) {
            Tensor.zeros(1000).to(backend.device());
        }
        for (int attempt = 0; attempt < 100 && backend.allocatedElements(DType.FLOAT32) > baseline; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(backend.allocatedElements(DType.FLOAT32) <= baseline, "unreachable device tensors were not freed: "
                + backend.allocatedElements(DType.FLOAT32) + " elements allocated, " + baseline + " before");
    }

    @Test
    void droppedTensorsAreReclaimedBeforeTheArenaGrows() {
        OpenClBackend backend = OpenClTestDevice.backend();
        long capacity = backend.capacityElements(DType.FLOAT32);
        int chunk = 1 << 18;
        for (long made = 0; made < 3 * capacity; made += chunk) {
            backend.zeros(Shape.of(chunk), DType.FLOAT32);
        }
        assertEquals(capacity, backend.capacityElements(DType.FLOAT32),
                "three arenas' worth of dropped tensors must not grow it");
    }

    @Test
    void emptyTensorsNeedNoLaunch() {
        Device device = OpenClTestDevice.device();
        Tensor empty = Tensor.zeros(0, 3).to(device);
        assertEquals(0, empty.exp().add(empty).to(Device.CPU).size());
        assertEquals(0.0, empty.sum().to(Device.CPU).item());
    }

    @Test
    void devicesAreChosenByName() {
        assertSame(Device.CPU, Device.named("cpu"));
        assertThrows(IllegalArgumentException.class, () -> Device.named("tpu"));
        assertEquals("cpu", Device.list().get(0).name());
        Device device = OpenClTestDevice.device();
        assertSame(device, Device.named("opencl"));
        assertSame(device, Device.named("auto"));
        assertTrue(Device.list().stream().anyMatch(info -> info.name().equals(device.name()) && info.usable()));
    }
}
