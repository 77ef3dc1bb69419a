package org.unet4j.solvers.graphcut;

/** A first-in first-out queue of node indices on a ring buffer; holds each of n nodes at most once at a time. */
final class NodeQueue {
    private final int[] items;
    private int head;
    private int size;

    NodeQueue(int capacity) {
        items = new int[Math.max(capacity, 1)];
    }

    void offer(int node) {
        int tail = head + size;
        items[tail >= items.length ? tail - items.length : tail] = node;
        size++;
    }

    /** The oldest node, removed; -1 when empty. */
    int poll() {
        if (size == 0) {
            return -1;
        }
        int node = items[head];
        head = head + 1 == items.length ? 0 : head + 1;
        size--;
        return node;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
