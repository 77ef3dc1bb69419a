package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** First-fit allocation with merging of free neighbours; no OpenCL needed. */
class BlockAllocatorTest {

    @Test
    void freedNeighboursMergeAndAreReused() {
        BlockAllocator a = new BlockAllocator(100);
        int x = a.allocate(30);
        int y = a.allocate(30);
        int z = a.allocate(30);
        assertEquals(-1, a.allocate(20));
        a.free(y, 30);
        a.free(x, 30);
        assertEquals(0, a.allocate(60));
        a.free(0, 60);
        a.free(z, 30);
        assertEquals(0, a.used());
        assertEquals(0, a.allocate(100));
    }

    @Test
    void growingAddsTheNewTailToTheFreeSpace() {
        BlockAllocator a = new BlockAllocator(10);
        a.allocate(6);
        a.grow(20);
        assertEquals(6, a.allocate(14));
        assertEquals(20, a.used());
    }

    /**
     * Random allocations and frees in any order never hand out an element twice: a fragmented free list (where the
     * first fitting range is an inner node of the tree) once returned ranges overlapping live ones.
     */
    @Test
    void liveRangesNeverOverlap() {
        int capacity = 4096;
        BlockAllocator a = new BlockAllocator(capacity);
        boolean[] taken = new boolean[capacity];
        List<int[]> live = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 20_000; step++) {
            if (!live.isEmpty() && random.nextInt(3) == 0) {
                int[] range = live.remove(random.nextInt(live.size()));
                a.free(range[0], range[1]);
                for (int i = range[0]; i < range[0] + range[1]; i++) {
                    taken[i] = false;
                }
            } else {
                int length = 1 + random.nextInt(64);
                int offset = a.allocate(length);
                if (offset >= 0) {
                    for (int i = offset; i < offset + length; i++) {
                        assertFalse(taken[i], "element " + i + " handed out twice at step " + step);
                        taken[i] = true;
                    }
                    live.add(new int[] {offset, length});
                }
            }
        }
    }
}
