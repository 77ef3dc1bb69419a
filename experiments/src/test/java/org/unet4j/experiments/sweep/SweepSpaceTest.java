package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;

/** A grid expands to every combination, ranges are sampled within their ends, and bad axes fail by name. */
class SweepSpaceTest {
    private static final Param<Double> LR = Param.real("lr", 1e-3, 1e-7, 1, "learning rate");
    private static final Param<Integer> BATCH = Param.integer("batch", 8, 1, 64, "batch");
    private static final Param<String> BLOCK = Param.choice("block", "PLN", List.of("PLN", "RSE", "DB"), "block");
    private static final List<Param<?>> PARAMS = List.of(LR, BATCH, BLOCK);

    @Test
    void aGridIsEveryCombinationTheLastAxisFastest() {
        List<Map<String, String>> points = SweepSpace.parse("lr=1e-3,1e-4; block=PLN,DB", PARAMS).grid();
        assertEquals(List.of(Map.of("lr", "0.001", "block", "PLN"), Map.of("lr", "0.001", "block", "DB"),
                Map.of("lr", "1.0E-4", "block", "PLN"), Map.of("lr", "1.0E-4", "block", "DB")), points);
        assertEquals("lr=0.001 block=PLN", SweepRun.configuration(points.get(0)));
    }

    @Test
    void randomPointsAreDistinctInsideTheRangesAndRepeatableFromTheSeed() {
        SweepSpace space = SweepSpace.parse("lr=1e-4..1e-2:log; batch=4..16; block=PLN,RSE,DB", PARAMS);
        List<Map<String, String>> points = space.sample(12, 3);
        assertEquals(12, points.stream().distinct().count());
        for (Map<String, String> p : points) {
            double lr = Double.parseDouble(p.get("lr"));
            int batch = Integer.parseInt(p.get("batch"));
            assertTrue(lr >= 1e-4 && lr <= 1e-2 && batch >= 4 && batch <= 16, p::toString);
        }
        assertEquals(points, space.sample(12, 3));
    }

    @Test
    void badAxesFailNamingTheProblem() {
        assertMessage("'epochs', which is not a parameter", () -> SweepSpace.parse("epochs=1,2", PARAMS));
        assertMessage("invalid value '7' for parameter 'lr'", () -> SweepSpace.parse("lr=7", PARAMS));
        assertMessage("twice", () -> SweepSpace.parse("batch=4; batch=8", PARAMS));
        assertMessage("add --random N", () -> SweepSpace.parse("lr=1e-4..1e-2", PARAMS).grid());
        assertMessage("list its values instead", () -> SweepSpace.parse("block=PLN..DB", PARAMS));
        assertMessage("only 2 distinct points", () -> SweepSpace.parse("block=PLN,DB", PARAMS).sample(3, 1));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable action) {
        ParamException e = assertThrows(ParamException.class, action);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
