package org.unet4j.autodiff;

/**
 * One recorded op on the tape: its name, the tensors it read, and its backward rule. A tensor produced by an op
 * that needs gradients points to its node; {@link Autograd} walks these in reverse topological order.
 */
final class Node {
    final String op;
    final Tensor[] inputs;
    final BackwardRule rule;

    Node(String op, Tensor[] inputs, BackwardRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }
}
