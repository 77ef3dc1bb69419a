package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasuredCostTest {

    @Test
    void measuringTimesAndHeapLeavesWeightsStatisticsAndModeAsTheyWere() {
        AttentionUNet net = AttentionUNet.builder().inChannels(1).filters(4, 8).seed(2).build();
        net.eval();
        Map<String, float[]> before = new LinkedHashMap<>();
        net.stateDict().forEach((name, t) -> before.put(name, t.toFloatArray()));
        MeasuredCost measured = ModelCost.measure(net, 2, 1, 1, 16, 16);
        assertFalse(net.isTraining());
        net.stateDict().forEach((name, t) -> assertArrayEquals(before.get(name), t.toFloatArray(), name));
        net.parameters().forEach(p -> assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0));
        assertEquals(net.cost(16, 16).flops(), measured.cost().flops());
        assertEquals(net.parameterCount(), measured.cost().parameters());
        assertTrue(measured.inferenceMillis() > 0 && measured.trainStepMillis() > 0, measured.toString());
        assertTrue(measured.peakTrainStepHeap() > 0, measured.toString());
        assertEquals(2, measured.batch());
        assertTrue(measured.toString().contains("on a batch of 2"), measured.toString());
    }

    @Test
    void aBatchBelowOneOrAShapeWithoutItsBatchAxisIsRejected() {
        AttentionUNet net = AttentionUNet.builder().inChannels(1).filters(4, 8).build();
        assertThrows(IllegalArgumentException.class, () -> ModelCost.measure(net, 0, 1, 1, 16, 16));
        assertThrows(IllegalArgumentException.class, () -> ModelCost.measure(net, 1, 1, 16, 16));
        assertThrows(IllegalArgumentException.class, () -> ModelCost.inputShape(1, 3, 16, 16));
        assertArrayEquals(new int[] {1, 3, 4, 8, 8}, ModelCost.inputShape(3, 3, 4, 8, 8));
    }
}
