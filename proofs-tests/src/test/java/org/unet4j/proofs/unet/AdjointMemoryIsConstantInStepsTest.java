package org.unet4j.proofs.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.Block;
import org.unet4j.solvers.ode.Gradients;

/**
 * Continuous U-Net (paper 001, Section 3), Theorem 1 and its Corollary 1: a dynamic block x'' = f(x, x'),
 * x'(0) = g(x(0)), reduced to a first-order system on [x, x'] (Proposition 1), can be trained with the first-order
 * adjoint method, whose memory cost is constant in the number of solver steps, O(1), whereas backpropagating
 * through the solver keeps every step's intermediates, O(steps); and the adjoint's gradient is the gradient.
 *
 * <p>Memory is what the loss keeps alive between the forward and the backward pass: the bytes of every tensor
 * storage reachable from it ({@link ReachableBytes}: the tape's tensors and also those captured by backward rules
 * and closures, such as the adjoint's stored states and the module the field evaluates), measured after the
 * forward pass of a float64 DB block with RK4. With the adjoint it must not grow from 4 to 64 steps (within
 * 1.05x); with backprop it grows about linearly (8x to 16x for 16x the steps). In the same solves, the adjoint's
 * gradients for every parameter and the input agree with backprop's to 1e-6 (relative, max norm) at 64 steps,
 * where both are within the RK4 discretisation error O(h^4) of the exact flow's gradient.
 */
class AdjointMemoryIsConstantInStepsTest {

    /** Retained bytes after the forward pass, and the gradients of the input and every parameter after backward. */
    private record Measurement(long reachableBytes, long tapeBytes, List<double[]> gradients) {
    }

    private static Measurement measure(Gradients mode, int steps) {
        BlockSettings s = BlockSettings.builder().norm(Norm.GROUP).seed(1).build();
        Module block = Block.dynamic("rk4", steps).withGradients(mode).create(4, 4, s).to(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 2, 4, 8, 8).requiresGrad(true);
        Tensor loss = block.forward(x).pow(2).mean();
        long reachable = ReachableBytes.from(loss);
        long tape = Autograd.retainedBytes(loss);
        loss.backward();
        List<double[]> gradients = new ArrayList<>();
        gradients.add(x.grad().toDoubleArray());
        for (Parameter p : block.parameters()) {
            assertTrue(p.grad() != null, "every parameter gets a gradient (" + mode + ")");
            gradients.add(p.grad().toDoubleArray());
        }
        return new Measurement(reachable, tape, gradients);
    }

    private static double relativeGap(List<double[]> a, List<double[]> b) {
        double gap = 0;
        for (int i = 0; i < a.size(); i++) {
            double scale = 0;
            double diff = 0;
            for (int j = 0; j < a.get(i).length; j++) {
                scale = Math.max(scale, Math.abs(b.get(i)[j]));
                diff = Math.max(diff, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
            gap = Math.max(gap, diff / scale);
        }
        return gap;
    }

    @Test
    void adjointMemoryDoesNotGrowWithStepsAndItsGradientIsBackprops() {
        Measurement few = measure(Gradients.ADJOINT, 4);
        Measurement many = measure(Gradients.ADJOINT, 64);
        assertTrue(many.reachableBytes() <= 1.05 * few.reachableBytes(), "adjoint: " + few.reachableBytes()
                + " bytes reachable at 4 steps, " + many.reachableBytes() + " at 64");
        assertTrue(many.reachableBytes() >= many.tapeBytes(), "the reachable bytes include the tape's");
        Measurement backprop = measure(Gradients.BACKPROP, 64);
        assertEquals(backprop.gradients().size(), many.gradients().size());
        double gap = relativeGap(many.gradients(), backprop.gradients());
        assertTrue(gap < 1e-6, "adjoint and backprop gradients at 64 RK4 steps differ by " + gap);
    }

    @Test
    void theMeasureSeesTensorsThatOnlyABackwardRuleHolds() {
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 4).requiresGrad(true);
        Tensor captured = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 1000);
        Tensor y = Autograd.record("scaled_by_captured", x.detach().mul(2), g -> new Tensor[] {
            g.mul(captured.sum().item())}, x);
        assertEquals(Autograd.retainedBytes(y) + 8000, ReachableBytes.from(y), "the 8000 bytes of the captured "
                + "tensor are reachable, not on the tape");
    }

    @Test
    void backpropMemoryGrowsAboutLinearly() {
        long few = measure(Gradients.BACKPROP, 4).reachableBytes();
        long many = measure(Gradients.BACKPROP, 64).reachableBytes();
        long adjoint = measure(Gradients.ADJOINT, 64).reachableBytes();
        assertTrue(many >= 8 * few, "backprop: " + few + " bytes reachable at 4 steps, " + many + " at 64");
        assertTrue(many <= 16 * few, "backprop grows at most linearly: " + few + " -> " + many);
        assertTrue(adjoint * 10 < many, "the adjoint keeps far less than backprop at 64 steps: " + adjoint + " vs "
                + many);
    }
}
