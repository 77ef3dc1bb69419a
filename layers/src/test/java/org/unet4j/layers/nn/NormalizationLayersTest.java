package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class NormalizationLayersTest {
    private final SplittableRandom rng = new SplittableRandom(6);

    private static double channelMean(Tensor y, int c) {
        double s = 0;
        int n = 0;
        for (int b = 0; b < y.dim(0); b++) {
            for (int i = 0; i < y.dim(2); i++) {
                for (int j = 0; j < y.dim(3); j++) {
                    s += y.get(b, c, i, j);
                    n++;
                }
            }
        }
        return s / n;
    }

    @Test
    void batchNormHasScaleAndShiftParametersAndRunningStatisticBuffers() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(6, bn.parameterCount());
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.namedBuffers().keySet()));
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), List.copyOf(bn.stateDict().keySet()));
        assertEquals("BatchNorm2d(3)", bn.label());
        assertEquals("BatchNorm2d(3, eps 0.001, momentum 0.01, no affine)",
                BatchNorm2d.builder(3).eps(1e-3).momentum(0.01).affine(false).build().label());
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesTheRunningOnesEvaluationUsesTheRunningOnes() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.randn(rng, 4, 2, 3, 3).mul(2).add(5);
        Tensor train = bn.forward(x);
        assertEquals(0, channelMean(train, 0), 1e-5);
        assertEquals(0, channelMean(train, 1), 1e-5);
        assertEquals(0.1 * channelMean(x, 0), bn.runningMean().tensor().get(0), 1e-5);
        float[] runningAfterTrain = bn.runningMean().tensor().toFloatArray();

        bn.eval();
        Tensor eval = bn.forward(x);
        assertArrayEquals(runningAfterTrain, bn.runningMean().tensor().toFloatArray());
        double rm = bn.runningMean().tensor().get(0);
        double rv = bn.runningVar().tensor().get(0);
        assertEquals((x.get(0, 0, 0, 0) - rm) / Math.sqrt(rv + 1e-5), eval.get(0, 0, 0, 0), 1e-4);
        assertFalse(Math.abs(channelMean(eval, 0)) < 0.1);
    }

    @Test
    void batchNormWithoutRunningStatisticsAlwaysUsesTheBatch() {
        BatchNorm2d bn = BatchNorm2d.builder(2).trackRunningStats(false).build();
        assertNull(bn.runningMean());
        bn.eval();
        assertEquals(0, channelMean(bn.forward(Tensor.randn(rng, 4, 2, 3, 3).add(3)), 1), 1e-5);
    }

    @Test
    void normalisationGradientsThroughTheModules() {
        GradCheck check = GradCheck.withDefaults().tolerance(1e-5, 1e-4);
        ModuleGradients.assertGradientsMatch(new BatchNorm2d(2), Tensor.randn(rng, DType.FLOAT64, 3, 2, 2, 2), check);
        ModuleGradients.assertGradientsMatch(InstanceNorm2d.builder(2).affine(true).build(),
                Tensor.randn(rng, DType.FLOAT64, 2, 2, 3, 3), check);
        ModuleGradients.assertGradientsMatch(new GroupNorm(2, 4), Tensor.randn(rng, DType.FLOAT64, 2, 4, 2, 2), check);
    }

    @Test
    void instanceNormNormalisesEachSampleAndHasNoParametersByDefault() {
        InstanceNorm2d norm = new InstanceNorm2d(2);
        assertEquals(0, norm.parameterCount());
        assertEquals("InstanceNorm2d(2)", norm.label());
        assertEquals("InstanceNorm2d(2, affine, running stats)",
                InstanceNorm2d.builder(2).affine(true).trackRunningStats(true).build().label());
        Tensor y = norm.forward(Tensor.randn(rng, 2, 2, 4, 4).add(7));
        double s = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                s += y.get(1, 0, i, j);
            }
        }
        assertEquals(0, s / 16, 1e-5);
    }

    @Test
    void groupNormValidatesGroupsAndChannels() {
        GroupNorm norm = new GroupNorm(2, 4);
        assertEquals(8, norm.parameterCount());
        assertEquals("GroupNorm(2 groups, 4 channels)", norm.label());
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
        ShapeException e = assertThrows(ShapeException.class, () -> norm.forward(Tensor.zeros(1, 3, 2, 2)));
        assertEquals("GroupNorm(2 groups, 4 channels): the input [1, 3, 2, 2] has 3 channels, the layer expects 4",
                e.getMessage());
    }

    @Test
    void batchNormRejectsAChannelMismatchAndBadOptions() {
        ShapeException e = assertThrows(ShapeException.class, () -> new BatchNorm2d(8).forward(Tensor.zeros(2, 3, 4,
                4)));
        assertEquals("BatchNorm2d(8): the input [2, 3, 4, 4] has 3 channels, the layer expects 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNorm2d.builder(2).momentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> BatchNorm2d.builder(2).eps(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
    }
}
