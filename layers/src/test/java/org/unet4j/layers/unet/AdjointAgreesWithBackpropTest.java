package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * The adjoint (Chen et al. 2018) and backpropagation through the solver give the same parameter and input
 * gradients for a tiny Continuous U-Net of dynamic blocks, in float64, to 1e-8 relative. Both approximate the
 * gradient of the exact flow; with Dormand-Prince at rtol = atol = 1e-12 both errors are far below 1e-8, so the
 * agreement is genuine and not an artefact of retracing the same grid.
 */
class AdjointAgreesWithBackpropTest {

    private static double[] gradients(Gradients mode, Tensor x, Tensor target) {
        ContinuousUNet net = ContinuousUNet.builder().filters(2, 3)
                .block(Block.dynamic(OdeOptions.method("dopri5").rtol(1e-12).atol(1e-12))).gradients(mode)
                .norm(Norm.NONE).activation(Activation.TANH).seed(5).build();
        net.to(DType.FLOAT64);
        Tensor xin = x.detach().requiresGrad(true);
        Tensor loss = net.forward(xin).sub(target).pow(2).mean();
        loss.backward();
        List<Parameter> params = net.parameters();
        int n = xin.size();
        for (Parameter p : params) {
            n += p.size();
        }
        double[] all = new double[n];
        int k = 0;
        for (double v : xin.grad().toDoubleArray()) {
            all[k++] = v;
        }
        for (Parameter p : params) {
            for (double v : p.grad().toDoubleArray()) {
                all[k++] = v;
            }
        }
        return all;
    }

    @Test
    void adjointGradientsMatchBackprop() {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 1, 4, 4);
        Tensor target = Tensor.randn(rng, DType.FLOAT64, 2, 1, 4, 4);
        double[] backprop = gradients(Gradients.BACKPROP, x, target);
        double[] adjoint = gradients(Gradients.ADJOINT, x, target);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < backprop.length; i++) {
            diff = Math.max(diff, Math.abs(adjoint[i] - backprop[i]));
            norm = Math.max(norm, Math.abs(backprop[i]));
        }
        assertTrue(norm > 1e-3, "the gradients should not vanish, max |g| = " + norm);
        assertTrue(diff <= 1e-8 * norm, "adjoint vs backprop: max difference " + diff + " relative to max |g| "
                + norm + " = " + diff / norm);
    }
}
