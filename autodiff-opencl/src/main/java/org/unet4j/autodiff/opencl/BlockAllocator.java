package org.unet4j.autodiff.opencl;

import java.util.Map;
import java.util.TreeMap;

/**
 * First-fit allocation of element ranges inside an arena of {@code capacity} elements; freed ranges merge with
 * their free neighbours, so a training loop that frees what it allocates keeps reusing the same ranges. Not
 * thread-safe: its owner synchronises.
 */
final class BlockAllocator {
    private final TreeMap<Integer, Integer> free = new TreeMap<>();
    private int capacity;
    private long used;

    BlockAllocator(int capacity) {
        this.capacity = capacity;
        if (capacity > 0) {
            free.put(0, capacity);
        }
    }

    /** The offset of a new range of {@code length > 0} elements, or -1 when no free range is long enough. */
    int allocate(int length) {
        for (Map.Entry<Integer, Integer> range : free.entrySet()) {
            int offset = range.getKey();
            int size = range.getValue();
            if (size >= length) {
                // read before the removal: TreeMap reuses a removed entry with two children for its successor
                free.remove(offset);
                if (size > length) {
                    free.put(offset + length, size - length);
                }
                used += length;
                return offset;
            }
        }
        return -1;
    }

    /** Returns a range obtained from {@link #allocate}. */
    void free(int offset, int length) {
        used -= length;
        int start = offset;
        int end = offset + length;
        Map.Entry<Integer, Integer> before = free.floorEntry(offset);
        if (before != null && before.getKey() + before.getValue() == offset) {
            start = before.getKey();
            free.remove(start);
        }
        Integer after = free.get(end);
        if (after != null) {
            free.remove(end);
            end += after;
        }
        free.put(start, end - start);
    }

    /** Extends the arena to {@code newCapacity} elements. */
    void grow(int newCapacity) {
        int added = newCapacity - capacity;
        int oldCapacity = capacity;
        capacity = newCapacity;
        used += added;
        free(oldCapacity, added);
    }

    /** Elements in the arena. */
    int capacity() {
        return capacity;
    }

    /** Elements currently allocated. */
    long used() {
        return used;
    }
}
