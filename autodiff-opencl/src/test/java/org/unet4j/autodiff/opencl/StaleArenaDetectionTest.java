package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * Device data is never lost silently (issue 19, "Device data on a discrete GPU"). A device with memory of its own
 * loses the arena when Aparapi re-creates its buffer from a stale host copy; pocl shares host memory and cannot show
 * that, so the test makes it happen on purpose through the seam that overwrites the arena with an earlier copy of
 * itself, exactly what such a re-creation does, and the next read-back must fail, naming cause and remedy. A
 * GC-stress run (allocation churn and full collections between launches) must read back right results and never
 * report a lost arena where none was lost.
 */
class StaleArenaDetectionTest {
    private static volatile Object sink;

    @Test
    void aReadBackAfterTheArenaWasReplacedByAnOldCopyFailsNamingCauseAndRemedy() {
        OpenClTestDevice.device();
        // a backend of its own: the arena it breaks stays broken (every read-back of it fails from now on)
        OpenClBackend backend = new OpenClBackend(Devices.openClDevice(Devices.bestOpenClIndex()), "opencl:test");
        Device device = backend.device();
        Tensor x = Tensor.wrap(new float[] {1, 2, 3}, 3).to(device);
        assertArrayEquals(new float[] {1, 2, 3}, x.to(Device.CPU).floats(), "a current arena reads back");
        DeviceProgram program = backend.program(DType.FLOAT32, "test");
        Object old = program.arenaCopyForTest();
        Tensor y = x.mul(10);
        program.overwriteArenaForTest(old);
        StaleDeviceDataException e = assertThrows(StaleDeviceDataException.class, () -> y.to(Device.CPU));
        String message = e.getMessage();
        assertTrue(message.contains("float32 tensors on opencl:test") && message.contains("were lost")
                && message.contains("garbage collector") && message.contains("re-created the device buffer")
                && message.contains("-XX:+UseG1GC"), message);
        assertThrows(StaleDeviceDataException.class, () -> x.sum().item(), "reductions read back through the check");
    }

    @Test
    void underAllocationChurnAndFullCollectionsBetweenLaunchesNoDataIsLostOrFalselyReported() {
        OpenClBackend backend = OpenClTestDevice.backend();
        Device device = backend.device();
        SplittableRandom random = new SplittableRandom(8);
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        Tensor host = Tensor.wrap(values, 100, 200);
        Tensor onDevice = host.to(device);
        List<Tensor> kept = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            churn(random);
            System.gc();
            host = host.mul(0.5f).add(1);
            onDevice = onDevice.mul(0.5f).add(1);
            kept.add(onDevice.relu());
            if (round % 10 == 9) {
                float[] expected = host.floats();
                float[] actual = onDevice.to(Device.CPU).floats();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-6f * (1 + Math.abs(expected[i])), "round " + round
                            + ", element " + i);
                }
            }
        }
        for (int k = 0; k < kept.size(); k++) {
            float[] relu = kept.get(k).to(Device.CPU).floats();
            for (float v : relu) {
                assertFalse(v < 0 || Float.isNaN(v), "kept tensor " + k + " changed after the collections");
            }
        }
    }

    /** Allocates arrays of 256 B to 1 MiB, so that the collector has work and moves what it can. */
    private static void churn(SplittableRandom random) {
        for (int i = 0; i < 200; i++) {
            sink = new byte[1 << random.nextInt(8, 20)];
        }
    }
}
