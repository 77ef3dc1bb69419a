package org.unet4j.architecture.planted.lower;

import org.unet4j.architecture.planted.upper.Model;

/** Planted for the rule tests: the lower module reaching up into the upper one. */
public final class Engine {
    private Engine() {
    }

    /** Reads the upper module's model. */
    public static int size(Model model) {
        return model.size;
    }
}
