package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * Element reads and writes ({@code get}, {@code flatGet}, {@code set}, {@code flatSet}, {@code item}) on an OpenCL
 * tensor, against the same ops on the host: each moves one element and touches nothing else, also on a tensor that
 * is on the tape, and an index out of range fails before anything moves.
 */
class DeviceElementAccessTest {

    /** {@code relu(x @ x^T + 1) / 3} of a fixed 5 x 4 matrix: a few ops of different kinds. */
    private static Tensor computed(Tensor x) {
        return x.matmul(x.transpose(0, 1)).add(1).relu().div(3);
    }

    /** The same random 5 x 4 matrix on {@code device}. */
    private static Tensor input(Device device) {
        return Device.withDefault(Device.CPU, () -> Tensor.randn(new SplittableRandom(9), 5, 4)).to(device);
    }

    @Test
    void readsAfterAFewOpsEqualTheHostTensorsElements() {
        Device device = OpenClTestDevice.device();
        Tensor expected = computed(input(Device.CPU));
        Tensor actual = computed(input(device));
        assertSame(device, actual.device());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(expected.get(i, j), actual.get(i, j), 1e-5 * (1 + Math.abs(expected.get(i, j))),
                        "element (" + i + ", " + j + ")");
            }
        }
        assertEquals(expected.flatGet(23), actual.flatGet(23), 1e-5 * (1 + Math.abs(expected.flatGet(23))));
        assertEquals(expected.sum().item(), actual.sum().item(), 1e-4 * (1 + Math.abs(expected.sum().item())));
        assertEquals(expected.get(2, 3), actual.slice(0, 2, 3).slice(1, 3, 4).item(),
                1e-5 * (1 + Math.abs(expected.get(2, 3))), "item() of a one-element slice");
    }

    @Test
    void writesChangeOneElementAndTheOpsAfterThemSeeIt() {
        Device device = OpenClTestDevice.device();
        Tensor expected = computed(input(Device.CPU));
        Tensor actual = computed(input(device));
        expected.set(-7.25, 1, 3);
        actual.set(-7.25, 1, 3);
        expected.flatSet(24, 1e-3);
        actual.flatSet(24, 1e-3);
        assertEquals(-7.25, actual.get(1, 3));
        assertEquals((float) 1e-3, actual.flatGet(24), "the value is rounded to the tensor's float32");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f, "only the written elements change");
        assertEquals(expected.exp().sum().item(), actual.exp().sum().item(),
                1e-4 * Math.abs(expected.exp().sum().item()), "ops read the written values");
    }

    @Test
    void readsOfATensorOnTheTapeLeaveItsGradientsAloneAndIndicesAreChecked() {
        Device device = OpenClTestDevice.device();
        Tensor leaf = input(device).requiresGrad(true);
        Tensor y = leaf.mul(2);
        assertEquals(2 * leaf.get(4, 1), y.get(4, 1), 1e-6);
        y.sum().backward();
        assertArrayEquals(Tensor.full(DType.FLOAT32, 2, 5, 4).toFloatArray(),
                leaf.grad().toFloatArray(), "reads must not add to the gradient");
        assertThrows(IndexOutOfBoundsException.class, () -> y.flatGet(20));
        assertThrows(IndexOutOfBoundsException.class, () -> y.flatSet(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> y.get(5, 0));
        IllegalStateException storage = assertThrows(IllegalStateException.class, y::doubles);
        assertTrue(storage.getMessage().contains("toDoubleArray()"), storage.getMessage());
    }
}
