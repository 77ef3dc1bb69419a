package org.unet4j.proofs.unet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.Block;
import org.unet4j.solvers.ode.Gradients;

/**
 * Continuous U-Net (paper 001, Section 3), Theorem 1 and its Corollary 1: a dynamic block x'' = f(x, x'),
 * x'(0) = g(x(0)), reduced to a first-order system on [x, x'] (Proposition 1), can be trained with the first-order
 * adjoint method, whose memory cost is constant in the number of solver steps, O(1), whereas backpropagating
 * through the solver keeps every step's intermediates, O(steps).
 *
 * <p>Measured through the engine, not the garbage collector: {@link Autograd#retainedBytes} of the loss is the
 * tensor data the tape keeps alive for the backward pass. With the adjoint it must not grow from 4 to 64 RK4
 * steps (within 1.2x); with backprop it grows about linearly (at least 8x for 16x the steps).
 */
class AdjointMemoryIsConstantInStepsTest {

    private static long retainedBytes(Gradients mode, int steps) {
        BlockSettings s = BlockSettings.builder().norm(Norm.GROUP).seed(1).build();
        Module block = Block.dynamic("rk4", steps).withGradients(mode).create(4, 4, s);
        Tensor x = Tensor.randn(new SplittableRandom(2), 2, 4, 8, 8);
        Tensor loss = block.forward(x).pow(2).mean();
        long bytes = Autograd.retainedBytes(loss);
        loss.backward();
        for (var p : block.parameters()) {
            assertTrue(p.grad() != null, "every parameter gets a gradient (" + mode + ")");
        }
        return bytes;
    }

    @Test
    void adjointMemoryDoesNotGrowWithSteps() {
        long few = retainedBytes(Gradients.ADJOINT, 4);
        long many = retainedBytes(Gradients.ADJOINT, 64);
        assertTrue(many <= 1.2 * few, "adjoint: " + few + " bytes at 4 steps, " + many + " at 64");
    }

    @Test
    void backpropMemoryGrowsAboutLinearly() {
        long few = retainedBytes(Gradients.BACKPROP, 4);
        long many = retainedBytes(Gradients.BACKPROP, 64);
        long adjoint = retainedBytes(Gradients.ADJOINT, 64);
        assertTrue(many >= 8 * few, "backprop: " + few + " bytes at 4 steps, " + many + " at 64");
        assertTrue(many <= 16 * few, "backprop grows at most linearly: " + few + " -> " + many);
        assertTrue(adjoint * 10 < many, "the adjoint keeps far less than backprop at 64 steps: " + adjoint + " vs "
                + many);
    }
}
