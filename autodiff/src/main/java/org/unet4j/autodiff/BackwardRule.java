package org.unet4j.autodiff;

/**
 * The backward rule of one op: maps the gradient of its output to the gradients of its inputs, one entry per
 * input in order, null where an input needs none. Rules run with taping off and must return tensors of their
 * inputs' shapes.
 */
@FunctionalInterface
public interface BackwardRule {
    Tensor[] apply(Tensor gradOutput);
}
