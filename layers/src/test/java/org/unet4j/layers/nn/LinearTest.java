package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class LinearTest {

    @Property(tries = 15)
    void mapsTheLastAxisAndCountsParameters(@ForAll @IntRange(min = 1, max = 6) int in,
            @ForAll @IntRange(min = 1, max = 6) int out, @ForAll @IntRange(min = 1, max = 4) int batch) {
        Linear fc = new Linear(in, out, new SplittableRandom(in * 31L + out));
        assertEquals((long) in * out + out, fc.parameterCount());
        assertEquals(java.util.List.of(batch, 2, out), java.util.Arrays.stream(
                fc.forward(Tensor.ones(batch, 2, in)).dims()).boxed().toList());
        assertEquals(1, fc.forward(Tensor.ones(in)).rank());
    }

    @Test
    void computesXTimesWTransposedPlusB() {
        Linear fc = Linear.builder(2, 2).build(new SplittableRandom(3));
        fc.weight().tensor().copyFrom(Tensor.of(new float[][] {{1, 2}, {3, 4}}));
        fc.bias().tensor().copyFrom(Tensor.of(new float[] {10, 20}, 2));
        Tensor y = fc.forward(Tensor.of(new float[][] {{1, 1}, {0, 2}}));
        assertEquals("[13.0, 27.0, 14.0, 28.0]", java.util.Arrays.toString(y.toFloatArray()));
    }

    @Test
    void withoutBiasHasOnlyTheWeight() {
        Linear fc = Linear.builder(4, 3).bias(false).build(new SplittableRandom(1));
        assertNull(fc.bias());
        assertEquals(12, fc.parameterCount());
        assertEquals("Linear(4 -> 3, no bias)", fc.label());
    }

    @Test
    void gradientsThroughTheModuleMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        Linear fc = new Linear(3, 2, rng);
        ModuleGradients.assertGradientsMatch(fc, Tensor.randn(rng, DType.FLOAT64, 4, 3));
        assertTrue(fc.parameters().stream().allMatch(p -> p.dtype() == DType.FLOAT64));
    }

    @Test
    void wrongFeatureCountNamesTheLayerAndShapes() {
        Linear fc = new Linear(8, 4, new SplittableRandom(1));
        ShapeException e = assertThrows(ShapeException.class, () -> fc.forward(Tensor.ones(2, 5)));
        assertEquals("Linear(8 -> 4): the input [2, 5] must have 8 features in its last axis", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 4, new SplittableRandom(1)));
    }
}
