package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.splitting.ExplicitParallelStep;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.splitting.SplittingActivation;
import org.unet4j.layers.splitting.SplittingLayer;
import org.unet4j.layers.splitting.VCycleBlock;
import org.unet4j.solvers.splitting.ExplicitEulerFlow;
import org.unet4j.solvers.splitting.HybridSplitting;
import org.unet4j.solvers.splitting.SourceTerm;
import org.unet4j.solvers.splitting.SubFlow;

/**
 * X.-C. Tai, H. Liu, R. H. Chan, L. Li, "A Mathematical Explanation of UNet" (2024), Section 3 (after PottsMGNet):
 * one pass of the network's block is one step of the hybrid splitting scheme for the control problem.
 *
 * <p><b>Statement (checked here on one grid level, for the linear control problem).</b> Let a block of
 * {@link HybridSplittingNet} have K layers with C channels, identity activations (linear sub-flows) and no batch
 * norm, and let layer k's convolution act on the averaged state: {@code W_k[s, c] = K_{k,s} / C} for every state
 * channel c, with image weights {@code V_{k,s}} and bias {@code b_{k,s}}. Feed the state u as C equal channels and the
 * image f. Then the channel mean of the block's output equals one step of {@link HybridSplitting} (solvers) with
 * {@code dt = tau}, K groups (one per layer, in order) of C explicit-Euler sub-flows each, for
 * <pre>
 *   du/dt = -sum_k sum_s A_{k,s} u + sum_k sum_s (V_{k,s} * f + b_{k,s}),      A_{k,s} = -(convolution by K_{k,s}),
 * </pre>
 * (zero boundary). Parallel within a group: every layer channel is one sub-problem run C times faster; sequential
 * between groups: the next layer starts from the average, which its {@code mean_c} term and the
 * channel-independent weights realise. Checked in float64 to 1e-12 for C, K in 1..3.
 */
class UNetIsOneStepOfHybridSplittingTest {
    private static final int SIZE = 5;
    private static final double TAU = 0.05;

    @ParameterizedTest(name = "C = {0}, K = {1}")
    @CsvSource({"1, 1", "2, 1", "3, 2", "2, 3", "3, 3"})
    void blockMeanEqualsOneHybridSplittingStep(int channels, int layers) {
        SplittableRandom rng = new SplittableRandom(31L * channels + layers);
        HybridSplittingNet net = HybridSplittingNet.builder().channels(channels).layersPerLevel(layers).blocks(1)
                .tau(TAU).activation(SplittingActivation.IDENTITY).batchNorm(false).build();
        net.to(DType.FLOAT64);
        VCycleBlock block = net.steps().get(0);
        double[] f = random(rng, SIZE * SIZE);
        double[] u = random(rng, SIZE * SIZE);
        List<List<SubFlow>> groups = new ArrayList<>();
        try (NoGrad scope = Autograd.noGrad()) {
            for (Module m : block.namedModules().values()) {
                if (m instanceof SplittingLayer layer) {
                    groups.add(setAveragedControls(layer.explicit(), channels, f, rng));
                }
            }
            Tensor state = Tensor.zeros(DType.FLOAT64, 1, channels, SIZE, SIZE);
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < u.length; p++) {
                    state.set(u[p], 0, c, p / SIZE, p % SIZE);
                }
            }
            Tensor image = Tensor.wrap(f.clone(), 1, 1, SIZE, SIZE);
            Tensor mean = block.forward(Tensor.concat(1, state, image)).mean(new int[] {1}, true);
            double[] expected = u.clone();
            new HybridSplitting(groups).step(expected, 0, TAU);
            assertEquals(layers, groups.size());
            for (int p = 0; p < expected.length; p++) {
                assertEquals(expected[p], mean.get(0, 0, p / SIZE, p % SIZE), 1e-12, "pixel " + p);
            }
        }
    }

    /**
     * Gives the layer channel-independent state weights {@code K_s / C}, random image weights and biases, and
     * returns the matching sub-flows {@code du/dt = K_s * u + (V_s * f + b_s)} of its group.
     */
    private static List<SubFlow> setAveragedControls(ExplicitParallelStep step, int channels, double[] f,
            SplittableRandom rng) {
        Tensor w = step.weight().tensor();
        Tensor b = step.bias().tensor();
        List<SubFlow> group = new ArrayList<>();
        for (int s = 0; s < channels; s++) {
            double[][] kernel = new double[3][3];
            double[][] imageKernel = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    kernel[i][j] = rng.nextDouble() * 2 - 1;
                    imageKernel[i][j] = rng.nextDouble() * 2 - 1;
                    for (int c = 0; c < channels; c++) {
                        w.set(kernel[i][j] / channels, s, c, i, j);
                    }
                    w.set(imageKernel[i][j], s, channels, i, j);
                }
            }
            double bias = rng.nextDouble() - 0.5;
            b.set(bias, s);
            DMatrixRMaj a = convolutionMatrix(kernel);
            for (int i = 0; i < a.data.length; i++) {
                a.data[i] = -a.data[i];
            }
            double[] source = apply(convolutionMatrix(imageKernel), f);
            for (int p = 0; p < source.length; p++) {
                source[p] += bias;
            }
            group.add(new ExplicitEulerFlow(a, SourceTerm.constant(source)));
        }
        return group;
    }

    /** The matrix of the 3x3 cross-correlation with zero padding on the SIZE x SIZE grid. */
    private static DMatrixRMaj convolutionMatrix(double[][] kernel) {
        int n = SIZE * SIZE;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < SIZE; i++) {
            for (int j = 0; j < SIZE; j++) {
                for (int a = -1; a <= 1; a++) {
                    for (int c = -1; c <= 1; c++) {
                        int ii = i + a;
                        int jj = j + c;
                        if (ii >= 0 && ii < SIZE && jj >= 0 && jj < SIZE) {
                            m.set(i * SIZE + j, ii * SIZE + jj, kernel[a + 1][c + 1]);
                        }
                    }
                }
            }
        }
        return m;
    }

    private static double[] apply(DMatrixRMaj m, double[] v) {
        double[] out = new double[m.numRows];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                out[i] += m.get(i, j) * v[j];
            }
        }
        return out;
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
