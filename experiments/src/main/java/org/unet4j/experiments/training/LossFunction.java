package org.unet4j.experiments.training;

import org.unet4j.autodiff.Tensor;

/** A training loss of logits against masks, a scalar on the tape; e.g. {@code Losses::bceWithLogits}. */
@FunctionalInterface
public interface LossFunction {
    /** The loss of {@code logits} against {@code masks}. */
    Tensor apply(Tensor logits, Tensor masks);
}
