package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Only G1 keeps the arena in place; the parallel and serial collectors compact it away in a full collection. */
class ArenaCollectorTest {

    @Test
    void g1KeepsTheArenaInPlaceAndTheCompactingCollectorsDoNot() {
        assertTrue(ArenaCollector.keepsArenaInPlace(List.of("G1 Young Generation", "G1 Old Generation")));
        assertTrue(ArenaCollector.keepsArenaInPlace(List.of("G1 Young Generation", "G1 Concurrent GC",
                "G1 Old Generation")));
        assertFalse(ArenaCollector.keepsArenaInPlace(List.of("PS Scavenge", "PS MarkSweep")));
        assertFalse(ArenaCollector.keepsArenaInPlace(List.of("Copy", "MarkSweepCompact")));
        assertFalse(ArenaCollector.keepsArenaInPlace(List.of()));
    }
}
