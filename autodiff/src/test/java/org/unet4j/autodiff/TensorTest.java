package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Creation, element access, dtype casts, printing and the wording of shape errors. */
class TensorTest {

    @Test
    void zerosOnesFullAndArangeHoldTheirValues() {
        assertArrayEquals(new double[6], Tensor.zeros(2, 3).toDoubleArray());
        assertEquals(DType.FLOAT32, Tensor.zeros(2, 3).dtype());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, Tensor.full(DType.FLOAT64, 2.5, 3).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4).toDoubleArray());
        assertArrayEquals(new double[] {1, 0.5, 0}, Tensor.arange(DType.FLOAT64, 1, -0.25, -0.5).toDoubleArray());
        assertEquals(0, Tensor.scalar(3, DType.FLOAT64).rank());
        assertEquals(3, Tensor.scalar(3, DType.FLOAT64).item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(DType.FLOAT32, 0, 1, 0));
    }

    @Test
    void randnIsDeterministicPerSeedWithMeanZeroAndUnitSpread() {
        Tensor a = Tensor.randn(new SplittableRandom(42), DType.FLOAT64, 200_001);
        Tensor b = Tensor.randn(new SplittableRandom(42), DType.FLOAT64, 200_001);
        Tensor c = Tensor.randn(new SplittableRandom(43), DType.FLOAT64, 200_001);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        assertNotEquals(a.get(0), c.get(0));
        assertEquals(0, a.mean().item(), 0.01);
        assertEquals(1, Math.sqrt(a.var().item()), 0.01);
        Tensor u = Tensor.rand(new SplittableRandom(1), 1000);
        assertTrue(u.max().item() < 1 && u.neg().max().item() <= 0, "rand lies in [0, 1)");
    }

    @Test
    void ofAndWrapRejectArraysOfTheWrongLength() {
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("6"), e.getMessage());
        assertThrows(ShapeException.class, () -> Tensor.wrap(new double[7], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
    }

    @Test
    void ofCopiesAndWrapSharesTheArray() {
        double[] data = {1, 2, 3, 4};
        Tensor copied = Tensor.of(data, 2, 2);
        Tensor wrapped = Tensor.wrap(data, 2, 2);
        data[0] = 9;
        assertEquals(1, copied.get(0, 0));
        assertEquals(9, wrapped.get(0, 0));
        assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toDoubleArray());
    }

    @Test
    void smallTensorsPrintTheirValuesAndLargeOnesASummary() {
        assertEquals("Tensor[2, 3] float32 cpu  [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]",
                onHost(() -> Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)).toString());
        assertEquals("Tensor[2] float64 cpu  [0.2500, -1.500e+07]",
                onHost(() -> Tensor.of(new double[] {0.25, -1.5e7}, 2)).toString());
        assertEquals("Tensor[4, 5] float64 cpu  mean=2.00 std=0.00 min=2.00 max=2.00",
                onHost(() -> Tensor.full(DType.FLOAT64, 2, 4, 5)).toString());
        assertEquals("Tensor[0, 3] float32 cpu", onHost(() -> Tensor.zeros(0, 3)).toString());
        Tensor x = onHost(() -> Tensor.ones(2).requiresGrad(true));
        assertEquals("Tensor[2] float32 cpu requiresGrad  [1.0, 1.0]", x.toString());
        assertEquals("Tensor[2] float32 cpu (exp)  [2.718, 2.718]", x.exp().toString());
    }

    /** A tensor made on the host, whatever the run's default device: the printing tests are about host tensors. */
    private static Tensor onHost(Supplier<Tensor> factory) {
        return Device.withDefault(Device.CPU, factory);
    }

    @Test
    void itemGetAndSetAddressElementsAndRejectBadIndices() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
        x.set(4.5, 1, 2);
        assertEquals(4.5, x.get(1, 2));
        assertEquals(4.5, x.flatGet(5));
        IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class, () -> x.get(2, 0));
        assertTrue(outside.getMessage().contains("[2, 0]") && outside.getMessage().contains("axis 0"),
                outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.get(1));
        ShapeException item = assertThrows(ShapeException.class, x::item);
        assertTrue(item.getMessage().contains("item") && item.getMessage().contains("[2, 3]"), item.getMessage());
        assertEquals(4.5, x.slice(0, 1, 2).slice(1, 2, 3).item());
    }

    @Test
    void dtypeCastsConvertValuesAndAreDifferentiable() {
        Tensor d = Tensor.of(new double[] {0.1, 1e-50, 3}, 3).requiresGrad(true);
        Tensor f = d.toFloat32();
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new double[] {(float) 0.1, 0, 3}, f.toDoubleArray());
        assertSame(f, f.toFloat32());
        f.mul(2).sum().backward();
        assertEquals(DType.FLOAT64, d.grad().dtype());
        assertArrayEquals(new double[] {2, 2, 2}, d.grad().toDoubleArray());
        assertArrayEquals(new double[] {(float) 0.1, 0, 3}, f.toFloat64().toDoubleArray());
        assertThrows(IllegalStateException.class, f::doubles);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        ShapeException add = assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(add.getMessage().contains("add") && add.getMessage().contains("[2, 3]")
                && add.getMessage().contains("[4]"), add.getMessage());
        ShapeException mul = assertThrows(ShapeException.class, () -> Tensor.zeros(2, 1, 3).mul(Tensor.zeros(2, 4)));
        assertTrue(mul.getMessage().contains("mul") && mul.getMessage().contains("[2, 1, 3]")
                && mul.getMessage().contains("[2, 4]"), mul.getMessage());
        ShapeException where = assertThrows(ShapeException.class,
                () -> Tensor.where(Tensor.zeros(3), Tensor.zeros(3), Tensor.zeros(2)));
        assertTrue(where.getMessage().contains("where") && where.getMessage().contains("[3]")
                && where.getMessage().contains("[2]"), where.getMessage());
        ShapeException copy = assertThrows(ShapeException.class, () -> Tensor.zeros(2).copyFrom(Tensor.zeros(3)));
        assertTrue(copy.getMessage().contains("copyFrom"), copy.getMessage());
    }

    @Test
    void emptyTensorsFlowThroughElementwiseOpsAndBroadcasting() {
        Tensor empty = Tensor.zeros(0, 3);
        Tensor sum = empty.add(Tensor.ones(3));
        assertArrayEquals(new int[] {0, 3}, sum.dims());
        assertFalse(sum.requiresGrad());
        assertEquals(0, sum.exp().size());
    }
}
