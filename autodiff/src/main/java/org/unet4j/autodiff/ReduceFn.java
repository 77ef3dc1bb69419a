package org.unet4j.autodiff;

/** Reductions over axes that a backend evaluates. */
public enum ReduceFn {
    /** Sum; float32 inputs accumulate in float64. */
    SUM,
    /** Maximum. */
    MAX
}
