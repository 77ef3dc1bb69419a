package org.unet4j.experiments.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The measured order of the hybrid splitting is about one, and the measurement prints its slope and errors. */
class SplittingConvergenceTest {

    @Test
    void theHybridSplittingHasOrderOneAndPrintsEachStepSize() {
        SplittingConvergence convergence = SplittingConvergence.measure(4, new int[] {16, 32, 64},
                new SplittableRandom(5));
        assertTrue(Math.abs(convergence.slope() - 1) < 0.2, "observed order " + convergence.slope());
        String text = convergence.toString();
        assertTrue(text.startsWith("SplittingConvergence[slope "), text);
        assertEquals(3, text.split("error ", -1).length - 1, text);
    }
}
