package org.unet4j.architecture.planted.cycle.b;

import org.unet4j.architecture.planted.cycle.a.Producer;

/** Planted for the rule tests: the other half of the a <-> b package cycle. */
public final class Consumer {
    private Consumer() {
    }

    /** Calls back into a for values below 1. */
    public static int consume(int value) {
        return value < 1 ? Producer.produce() : value;
    }
}
