package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.unet4j.autodiff.ImageTensors.assertClose;
import static org.unet4j.autodiff.ImageTensors.tolerance;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Batch, instance and group norm of 5-D NCDHW volumes against direct loops over each group's elements (the mean
 * and biased variance over the batch and the three spatial axes, or over one sample's volume); running statistics
 * updated with the unbiased variance and used in evaluation; gradients by finite differences; independence of the
 * thread count.
 */
class Normalization3dProperties {
    private static final double EPS = 1e-5;

    /** Random volume dims {@code [N, C, D, H, W]} with at least two elements per instance. */
    private static int[] dims(Random r, int channels) {
        return new int[] {1 + r.nextInt(3), channels, 1 + r.nextInt(4), 1 + r.nextInt(5), 2 + r.nextInt(4)};
    }

    /**
     * {@code y = (x - mean) / sqrt(var + eps) gamma_c + beta_c}, the statistics of the elements {@code i} with
     * {@code key(i)} equal to that of the element normalised, computed in two direct passes.
     */
    private static double[] direct(double[] x, int[] d, int keys, java.util.function.IntUnaryOperator key,
            double[] gamma, double[] beta) {
        int volume = d[2] * d[3] * d[4];
        double[] sum = new double[keys];
        double[] count = new double[keys];
        for (int i = 0; i < x.length; i++) {
            sum[key.applyAsInt(i)] += x[i];
            count[key.applyAsInt(i)]++;
        }
        double[] variance = new double[keys];
        for (int i = 0; i < x.length; i++) {
            int k = key.applyAsInt(i);
            double dev = x[i] - sum[k] / count[k];
            variance[k] += dev * dev / count[k];
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int k = key.applyAsInt(i);
            int c = i / volume % d[1];
            y[i] = (x[i] - sum[k] / count[k]) / Math.sqrt(variance[k] + EPS) * (gamma == null ? 1 : gamma[c])
                    + (beta == null ? 0 : beta[c]);
        }
        return y;
    }

    @Property(tries = 40)
    void batchNormNormalisesEachChannelOverTheBatchAndTheVolume(@ForAll long seed, @ForAll DType dtype) {
        Random r = new Random(seed);
        int[] d = dims(r, 1 + r.nextInt(3));
        int volume = d[2] * d[3] * d[4];
        Tensor x = ImageTensors.random(seed, dtype, d).add(2);
        Tensor gamma = ImageTensors.random(seed + 1, dtype, d[1]);
        Tensor beta = ImageTensors.random(seed + 2, dtype, d[1]);
        Tensor y = Normalization.batchNorm(x, gamma, beta, null, null, true, 0.1, EPS);
        assertClose(d, direct(x.toDoubleArray(), d, d[1], i -> i / volume % d[1], gamma.toDoubleArray(),
                beta.toDoubleArray()), y, 10 * tolerance(dtype), "batchNorm of " + x.shape());
    }

    @Property(tries = 40)
    void instanceAndGroupNormNormaliseEachSamplesVolume(@ForAll long seed, @ForAll DType dtype) {
        Random r = new Random(seed);
        int groups = 1 + r.nextInt(3);
        int perGroup = 1 + r.nextInt(2);
        int[] d = dims(r, groups * perGroup);
        int volume = d[2] * d[3] * d[4];
        Tensor x = ImageTensors.random(seed, dtype, d);
        double[] values = x.toDoubleArray();
        assertClose(d, direct(values, d, d[0] * d[1], i -> i / volume, null, null),
                Normalization.instanceNorm(x, null, null, EPS), 10 * tolerance(dtype), "instanceNorm " + x.shape());
        assertClose(d, direct(values, d, d[0] * groups, i -> i / volume / d[1] * groups + i / volume % d[1]
                / perGroup, null, null), Normalization.groupNorm(x, groups, null, null, EPS), 10 * tolerance(dtype),
                "groupNorm " + groups + " groups of " + x.shape());
    }

    @Example
    void batchNormRunningStatisticsUseTheUnbiasedVarianceOfTheVolumeBatchAndServeEvaluation() {
        int[] d = {2, 3, 3, 4, 5};
        int m = 2 * 3 * 4 * 5;
        Tensor x = ImageTensors.random(5, DType.FLOAT64, d).mul(3).add(1);
        Tensor runningMean = TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, 3));
        Tensor runningVar = TensorArbitraries.onHost(() -> Tensor.ones(DType.FLOAT64, 3));
        Normalization.batchNorm(x, null, null, runningMean, runningVar, true, 0.25, EPS);
        double[] v = x.toDoubleArray();
        double[] mean = new double[3];
        double[] var = new double[3];
        int volume = m / 2;
        for (int i = 0; i < v.length; i++) {
            mean[i / volume % 3] += v[i] / m;
        }
        for (int i = 0; i < v.length; i++) {
            double dev = v[i] - mean[i / volume % 3];
            var[i / volume % 3] += dev * dev / (m - 1);
        }
        double[] expectedMean = new double[3];
        double[] expectedVar = new double[3];
        for (int c = 0; c < 3; c++) {
            expectedMean[c] = 0.25 * mean[c];
            expectedVar[c] = 0.75 + 0.25 * var[c];
        }
        assertClose(new int[] {3}, expectedMean, runningMean, 1e-12, "running mean");
        assertClose(new int[] {3}, expectedVar, runningVar, 1e-12, "running variance");
        Tensor eval = Normalization.batchNorm(x, null, null, runningMean, runningVar, false, 0.25, EPS);
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = i / volume % 3;
            expected[i] = (v[i] - expectedMean[c]) / Math.sqrt(expectedVar[c] + EPS);
        }
        assertClose(d, expected, eval, 1e-12, "evaluation with running statistics");
    }

    @Property(tries = 20)
    void gradientsMatchFiniteDifferences(@ForAll long seed, @ForAll boolean training) {
        Random r = new Random(seed);
        int[] d = {1 + r.nextInt(2), 2, 1 + r.nextInt(3), 1 + r.nextInt(3), 2};
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, d);
        Tensor gamma = ImageTensors.random(seed + 1, DType.FLOAT64, 2);
        Tensor beta = ImageTensors.random(seed + 2, DType.FLOAT64, 2);
        Tensor mean = training ? null : ImageTensors.random(seed + 3, DType.FLOAT64, 2);
        Tensor var = training ? null : ImageTensors.random(seed + 4, DType.FLOAT64, 2).abs().add(0.5);
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], in[1], in[2], mean, var, training, 0.1, EPS),
                x, gamma, beta);
        GradCheck.assertGradients(in -> Normalization.instanceNorm(in[0], in[1], in[2], EPS), x, gamma, beta);
        GradCheck.assertGradients(in -> Normalization.groupNorm(in[0], 1, in[1], in[2], EPS), x, gamma, beta);
    }

    @Example
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(41, DType.FLOAT32, 2, 8, 9, 17, 13);
        double[][] one = ImageTensors.withThreads(1, () -> normalisedAndGradients(x));
        double[][] two = ImageTensors.withThreads(2, () -> normalisedAndGradients(x));
        double[][] four = ImageTensors.withThreads(4, () -> normalisedAndGradients(x));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "part " + i + " with 1 and 2 threads");
            assertArrayEquals(one[i], four[i], "part " + i + " with 1 and 4 threads");
        }
    }

    private static double[][] normalisedAndGradients(Tensor input) {
        Tensor x = input.detach().requiresGrad(true);
        Tensor b = Normalization.batchNorm(x, null, null, null, null, true, 0.1, EPS);
        Tensor i = Normalization.instanceNorm(x, null, null, EPS);
        Tensor g = Normalization.groupNorm(x, 4, null, null, EPS);
        b.mul(x).sum().add(i.mul(i).mul(x).sum()).add(g.mul(x).mul(x).sum()).backward();
        return new double[][] {b.toDoubleArray(), i.toDoubleArray(), g.toDoubleArray(), x.grad().toDoubleArray()};
    }
}
