package org.unet4j.experiments.training;

import java.util.Map;

import org.unet4j.autodiff.Tensor;

/** Scores predictions (logits, N x 1 x H x W) against masks, by score name; e.g. {@code SegmentationScores::of}. */
@FunctionalInterface
public interface Evaluator {
    /** The scores of {@code logits} against {@code masks}. */
    Map<String, Double> evaluate(Tensor logits, Tensor masks);
}
