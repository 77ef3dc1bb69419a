package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.splitting.SplittingActivation;
import org.unet4j.layers.splitting.SplittingLayer;
import org.unet4j.solvers.splitting.ExplicitEulerFlow;
import org.unet4j.solvers.splitting.ParallelSplitting;
import org.unet4j.solvers.splitting.SourceTerm;
import org.unet4j.solvers.splitting.SubFlow;

/**
 * Tai, Liu, Chan, "PottsMGNet" (2024), Section 3, and Tai, Liu, Chan, Li, "A Mathematical Explanation of UNet"
 * (2024): the channel averaging in a layer is the parallel (additive) splitting of Lu, Neittaanmaki and Tai.
 *
 * <p><b>Statement.</b> Let a {@link SplittingLayer} have C output channels, time step tau, no batch norm and no
 * second sub-step, and let its state weights not depend on the input channel, {@code W[s, c] = K_s / C_in}, with
 * image weights {@code V_s} and bias {@code b_s}. For any state x with {@code C_in} channels and image f, with
 * {@code u = mean_c x}: output channel s is sub-problem s, {@code du/dt = K_s * u + V_s * f + b_s}, advanced over
 * tau by explicit Euler at speed C; and the channel mean of the output is one step of {@link ParallelSplitting}
 * with S = C sub-problems, i.e. one explicit Euler step of {@code du/dt = sum_s (K_s * u + V_s * f + b_s)}.
 *
 * <p><b>Check.</b> jqwik draws C in 1..4, {@code C_in} in 1..3, tau and the weights; float64, 1e-12, on a 5x5 grid
 * with zero boundary.
 */
class ChannelAveragingIsParallelSplittingTest {
    private static final int SIZE = 5;

    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void aLayerIsOneParallelSplittingStep(@ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 3) int stateChannels, @ForAll @LongRange(min = 0, max = 10_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double tau = 0.01 + 0.2 * rng.nextDouble();
        SplittingLayer layer = new SplittingLayer(2, stateChannels, 1, channels, tau, 1,
                SplittingActivation.IDENTITY, false, rng);
        layer.to(DType.FLOAT64);
        Tensor state = Tensor.randn(rng, DType.FLOAT64, 1, stateChannels, SIZE, SIZE);
        Tensor image = Tensor.randn(rng, DType.FLOAT64, 1, 1, SIZE, SIZE);
        double[] u = new double[SIZE * SIZE];
        double[] f = new double[SIZE * SIZE];
        for (int p = 0; p < u.length; p++) {
            f[p] = image.get(0, 0, p / SIZE, p % SIZE);
            for (int c = 0; c < stateChannels; c++) {
                u[p] += state.get(0, c, p / SIZE, p % SIZE) / stateChannels;
            }
        }
        try (NoGrad scope = Autograd.noGrad()) {
            List<SubFlow> flows = setChannelIndependentControls(layer, stateChannels, f, rng);
            Tensor out = layer.forward(Tensor.concat(1, state, image));
            double[] mean = new double[u.length];
            for (int s = 0; s < channels; s++) {
                double[] branch = u.clone();
                flows.get(s).advance(branch, 0, tau, channels);
                for (int p = 0; p < u.length; p++) {
                    assertEquals(branch[p], out.get(0, s, p / SIZE, p % SIZE), 1e-12, "channel " + s);
                    mean[p] += out.get(0, s, p / SIZE, p % SIZE) / channels;
                }
            }
            double[] expected = u.clone();
            new ParallelSplitting(flows).step(expected, 0, tau);
            for (int p = 0; p < u.length; p++) {
                assertEquals(expected[p], mean[p], 1e-12, "pixel " + p);
            }
        }
    }

    /** Sets {@code W[s, c] = K_s / C_in}, random V_s, b_s; returns the sub-flows {@code du/dt = K_s*u + V_s*f + b_s}. */
    private static List<SubFlow> setChannelIndependentControls(SplittingLayer layer, int stateChannels, double[] f,
            SplittableRandom rng) {
        Tensor w = layer.explicit().weight().tensor();
        Tensor b = layer.explicit().bias().tensor();
        List<SubFlow> flows = new ArrayList<>();
        for (int s = 0; s < w.dim(0); s++) {
            double[][] kernel = new double[3][3];
            double[][] imageKernel = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    kernel[i][j] = rng.nextGaussian();
                    imageKernel[i][j] = rng.nextGaussian();
                    for (int c = 0; c < stateChannels; c++) {
                        w.set(kernel[i][j] / stateChannels, s, c, i, j);
                    }
                    w.set(imageKernel[i][j], s, stateChannels, i, j);
                }
            }
            double bias = rng.nextGaussian();
            b.set(bias, s);
            DMatrixRMaj a = convolutionMatrix(kernel);
            for (int i = 0; i < a.data.length; i++) {
                a.data[i] = -a.data[i];
            }
            DMatrixRMaj v = convolutionMatrix(imageKernel);
            double[] source = new double[f.length];
            for (int p = 0; p < f.length; p++) {
                source[p] = bias;
                for (int q = 0; q < f.length; q++) {
                    source[p] += v.get(p, q) * f[q];
                }
            }
            flows.add(new ExplicitEulerFlow(a, SourceTerm.constant(source)));
        }
        return flows;
    }

    /** The matrix of the 3x3 cross-correlation with zero padding on the SIZE x SIZE grid. */
    private static DMatrixRMaj convolutionMatrix(double[][] kernel) {
        DMatrixRMaj m = new DMatrixRMaj(SIZE * SIZE, SIZE * SIZE);
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
}
