package org.unet4j.architecture.planted.upper;

/** Planted for the rule tests: a class of the upper module. */
public final class Model {
    /** A field the lower module reads, against the module order. */
    public int size = 3;
}
