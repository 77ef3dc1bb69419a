package org.unet4j.layers.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/**
 * Each sub-step's closed form equals its variational definition: the closed form, evaluated by the layer, is
 * compared with the minimiser of the stated functional found by golden-section search, on random inputs.
 */
class SubStepClosedFormsTest {
    private static final double OPEN = 1e-13;

    @Test
    void entropicImplicitStepIsTheMinimiserOfItsFunctional() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            double tau = 0.1 + rng.nextDouble() * 2;
            double eps = 0.1 + rng.nextDouble() * 2;
            double x = 0.5 + tau * eps * (rng.nextDouble() * 16 - 8);
            EntropicImplicitStep step = new EntropicImplicitStep(tau, eps);
            double closed = step.forward(Tensor.of(new double[] {x}, 1)).item();
            double numeric = ScalarMinimiser.minimise(v -> step.energy(v, x), OPEN, 1 - OPEN, 1e-12);
            assertEquals(numeric, closed, 1e-7, "tau " + tau + ", eps " + eps + ", x " + x);
        }
    }

    @Test
    void fullQuadraticIsNotTheSigmoidButItsFixedPoint() {
        double tau = 0.5;
        double eps = 1;
        double x = 0.9;
        double numeric = ScalarMinimiser.minimise(v -> 0.5 * (v - x) * (v - x)
                + tau * eps * (v * Math.log(v) + (1 - v) * Math.log(1 - v)), OPEN, 1 - OPEN, 1e-12);
        double sigmoidOfRelaxed = 1 / (1 + Math.exp(-(x - 0.5) / (tau * eps)));
        assertEquals(1 / (1 + Math.exp(-(x - numeric) / (tau * eps))), numeric, 1e-8);
        assertTrue(Math.abs(numeric - sigmoidOfRelaxed) > 1e-3, "the two scalings should differ");
    }

    @Test
    void reluIsTheProjectionOntoNonNegatives() {
        SplittableRandom rng = new SplittableRandom(2);
        ReluProjection step = new ReluProjection();
        for (int trial = 0; trial < 200; trial++) {
            double x = rng.nextDouble() * 10 - 5;
            double closed = step.forward(Tensor.of(new double[] {x}, 1)).item();
            double numeric = ScalarMinimiser.minimise(v -> step.energy(v, x), 0, 6, 1e-12);
            assertEquals(numeric, closed, 1e-9, "x " + x);
        }
    }

    @Test
    void softThresholdDynamicsIsTheMinimiserOfTheLinearisedPottsFunctional() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 7;
        PottsControlProblem problem = new PottsControlProblem(0.7, 0.8, 1.5, 1.2, 1);
        SoftThresholdDynamicsStep step = new SoftThresholdDynamicsStep(problem);
        step.to(DType.FLOAT64);
        Tensor u = Tensor.uniform(rng, DType.FLOAT64, 0.01, 0.99, 1, 1, n, n);
        Tensor x = Tensor.uniform(rng, DType.FLOAT64, -1, 2, 1, 1, n, n);
        Tensor v = step.forward(Tensor.concat(1, u, x));
        double[][] g = gaussian(problem.sigma());
        int r = g.length / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double smoothed = 0;
                for (int a = -r; a <= r; a++) {
                    for (int b = -r; b <= r; b++) {
                        int ii = i + a;
                        int jj = j + b;
                        if (ii >= 0 && ii < n && jj >= 0 && jj < n) {
                            smoothed += g[a + r][b + r] * (1 - 2 * u.get(0, 0, ii, jj));
                        }
                    }
                }
                double c = (u.get(0, 0, i, j) - x.get(0, 0, i, j)) / problem.tau() + problem.lambda() * smoothed;
                double numeric = ScalarMinimiser.minimise(w -> step.energy(w, c), OPEN, 1 - OPEN, 1e-12);
                assertEquals(numeric, v.get(0, 0, i, j), 1e-7, "pixel (" + i + ", " + j + ")");
            }
        }
    }

    /** The normalised Gaussian of width sigma on a {@code (2 ceil(2 sigma) + 1)^2} stencil, from its formula. */
    private static double[][] gaussian(double sigma) {
        int r = (int) Math.ceil(2 * sigma);
        double[][] g = new double[2 * r + 1][2 * r + 1];
        double total = 0;
        for (int a = -r; a <= r; a++) {
            for (int b = -r; b <= r; b++) {
                g[a + r][b + r] = Math.exp(-(a * a + b * b) / (2 * sigma * sigma));
                total += g[a + r][b + r];
            }
        }
        for (double[] row : g) {
            for (int b = 0; b < row.length; b++) {
                row[b] /= total;
            }
        }
        return g;
    }
}
