package org.unet4j.layers.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

class LrScheduleTest {
    private static final double EPS = 1e-15;

    @Test
    void exponentialDecaysByGammaPerUnit() {
        LrSchedule s = LrSchedule.exponential(0.1, 0.5, ScheduleUnit.STEP);
        assertEquals(0.1, s.learningRate(0), EPS);
        assertEquals(0.05, s.learningRate(1), EPS);
        assertEquals(0.0125, s.learningRate(3), EPS);
    }

    @Test
    void stepDecaysEveryPeriod() {
        LrSchedule s = LrSchedule.step(1.0, 3, 0.1, ScheduleUnit.EPOCH);
        assertEquals(1.0, s.learningRate(0), EPS);
        assertEquals(1.0, s.learningRate(2), EPS);
        assertEquals(0.1, s.learningRate(3), EPS);
        assertEquals(0.01, s.learningRate(7), 1e-17);
    }

    @Test
    void cosineAnnealsFromInitialToMinimumThenStays() {
        LrSchedule s = LrSchedule.cosine(1.0, 0.2, 4, ScheduleUnit.STEP);
        assertEquals(1.0, s.learningRate(0), EPS);
        assertEquals(0.2 + 0.8 * (1 + Math.cos(Math.PI / 4)) / 2, s.learningRate(1), EPS);
        assertEquals(0.6, s.learningRate(2), EPS);
        assertEquals(0.2, s.learningRate(4), EPS);
        assertEquals(0.2, s.learningRate(100), EPS);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        LrSchedule s = LrSchedule.cosine(1.0, 0.0, 10, ScheduleUnit.EPOCH).withWarmup(4);
        assertEquals(ScheduleUnit.EPOCH, s.unit());
        assertEquals(0.25, s.learningRate(0), EPS);
        assertEquals(0.75, s.learningRate(2), EPS);
        assertEquals(1.0, s.learningRate(3), EPS);
        assertEquals(1.0, s.learningRate(4), EPS);
        assertEquals(0.5, s.learningRate(9), EPS);
    }

    @Test
    void applySetsTheOptimizersRateFromTheRightCounter() {
        SGD sgd = new SGD(List.of(new Parameter(Tensor.zeros(1))), 1);
        LrSchedule perEpoch = LrSchedule.exponential(1, 0.5, ScheduleUnit.EPOCH);
        assertEquals(0.25, perEpoch.apply(sgd, 17, 2), EPS);
        assertEquals(0.25, sgd.learningRate(), EPS);
        LrSchedule perStep = LrSchedule.exponential(1, 0.5, ScheduleUnit.STEP);
        perStep.apply(sgd, 3, 2);
        assertEquals(0.125, sgd.learningRate(), EPS);
        assertEquals(0.3, LrSchedule.constant(0.3).apply(sgd, 99, 9), EPS);
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.exponential(-1, 0.5, ScheduleUnit.STEP));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.exponential(1, 1.5, ScheduleUnit.STEP));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(1, 0, 0.5, ScheduleUnit.STEP));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0.1, 0.2, 5, ScheduleUnit.STEP));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(1).withWarmup(0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(1).learningRate(-1));
    }
}
