package org.unet4j.architecture.planted.cycle.a;

import org.unet4j.architecture.planted.cycle.b.Consumer;

/** Planted for the rule tests: package a uses package b, which uses package a back (a package cycle). */
public final class Producer {
    private Producer() {
    }

    /** Hands a value to b. */
    public static int produce() {
        return Consumer.consume(1);
    }
}
