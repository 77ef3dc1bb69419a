package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;

class SoftCutGradientTest {
    private static final SoftCut EXACT = SoftCut.builder().solver(Solver.EXACT).build();
    private static final SoftCut CG = SoftCut.builder().solver(Solver.CG).tolerance(1e-14).build();
    private static final SoftCut MGPCG = SoftCut.builder().solver(Solver.MGPCG).tolerance(1e-14).build();

    /** Checks at weights moved to [0.1, ...): a finite-difference step must not cross zero. */
    private static void gradCheck(SoftCut layer, Tensor[] inputs) {
        for (int k = 1; k < inputs.length; k++) {
            inputs[k] = inputs[k].add(0.1);
        }
        GradCheck.withDefaults().tolerance(1e-7, 1e-5).verify(
                in -> layer.apply(in[0], Arrays.asList(in).subList(1, in.length)), inputs);
    }

    @Test
    void exactGradientsMatchFiniteDifferencesIn1d2dAnd3d() {
        SplittableRandom rng = new SplittableRandom(11);
        gradCheck(EXACT, SoftCutTest.randomInputs(rng, 3, 1, 1, 6));
        gradCheck(EXACT, SoftCutTest.randomInputs(rng, 3, 2, 1, 3, 4));
        gradCheck(EXACT, SoftCutTest.randomInputs(rng, 3, 1, 2, 2, 3, 2));
    }

    @Test
    void iterativeGradientsAtTightToleranceMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(12);
        gradCheck(CG, SoftCutTest.randomInputs(rng, 3, 1, 2, 3, 4));
        gradCheck(MGPCG, SoftCutTest.randomInputs(rng, 3, 1, 1, 2, 3, 3));
    }

    @Test
    void theThreeSolversGiveTheSameGradients() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(13), 10, 2, 1, 12, 11);
        Tensor seed = Tensor.randn(new SplittableRandom(14), in[0].dtype(), in[0].dims());
        Tensor[] reference = gradients(EXACT, in, seed);
        for (SoftCut layer : List.of(CG, MGPCG)) {
            Tensor[] g = gradients(layer, in, seed);
            for (int i = 0; i < g.length; i++) {
                assertArrayEquals(reference[i].toDoubleArray(), g[i].toDoubleArray(), 1e-9, layer + " input " + i);
            }
        }
    }

    private static Tensor[] gradients(SoftCut layer, Tensor[] in, Tensor seed) {
        Tensor[] leaves = Arrays.stream(in).map(t -> t.detach().requiresGrad(true)).toArray(Tensor[]::new);
        Tensor x = layer.apply(leaves[0], Arrays.asList(leaves).subList(1, leaves.length));
        return Autograd.grad(x, Arrays.asList(leaves), seed);
    }
}
