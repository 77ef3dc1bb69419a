package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
