package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.ImageTensors.assertClose;
import static org.unet4j.autodiff.ImageTensors.tolerance;

import java.util.function.IntBinaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Batch, instance and group norm against a direct two-pass computation of each group's mean and variance, for
 * random sizes in float32 and float64; the running statistics (update in training, use in evaluation); backward
 * passes by finite differences with and without affine parameters; argument checks; independence of the thread
 * count.
 */
class NormalizationProperties {
    private static final double EPS = 1e-5;

    private static DType dtype(boolean float64) {
        return float64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** Mean and biased variance of every group, by two passes over the elements; {@code group(n, c)} numbers them. */
    private static double[][] directMoments(Tensor input, int groups, IntBinaryOperator group) {
        Tensor x = input.to(Device.CPU);
        int spatial = x.size() / (x.dim(0) * x.dim(1));
        double[] sum = new double[groups];
        double[] count = new double[groups];
        for (int i = 0; i < x.size(); i++) {
            int plane = i / spatial;
            int q = group.applyAsInt(plane / x.dim(1), plane % x.dim(1));
            sum[q] += x.flatGet(i);
            count[q]++;
        }
        double[] mean = new double[groups];
        for (int q = 0; q < groups; q++) {
            mean[q] = sum[q] / count[q];
        }
        double[] variance = new double[groups];
        for (int i = 0; i < x.size(); i++) {
            int plane = i / spatial;
            int q = group.applyAsInt(plane / x.dim(1), plane % x.dim(1));
            double d = x.flatGet(i) - mean[q];
            variance[q] += d * d / count[q];
        }
        return new double[][] {mean, variance, count};
    }

    /** {@code (x - mean_q) / sqrt(var_q + eps) gamma_c + beta_c} element by element. */
    private static double[] directNormalize(Tensor input, double[] mean, double[] variance, IntBinaryOperator group,
            Tensor gammaInput, Tensor betaInput) {
        Tensor x = input.to(Device.CPU);
        Tensor gamma = gammaInput == null ? null : gammaInput.to(Device.CPU);
        Tensor beta = betaInput == null ? null : betaInput.to(Device.CPU);
        int spatial = x.size() / (x.dim(0) * x.dim(1));
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            int plane = i / spatial;
            int c = plane % x.dim(1);
            int q = group.applyAsInt(plane / x.dim(1), c);
            double xhat = (x.flatGet(i) - mean[q]) / Math.sqrt(variance[q] + EPS);
            y[i] = xhat * (gamma == null ? 1 : gamma.get(c)) + (beta == null ? 0 : beta.get(c));
        }
        return y;
    }

    @Property(tries = 50)
    void batchNormNormalisesEachChannelOverBatchAndSpace(@ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 4) int c, @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 2, max = 9) int w, @ForAll boolean affine, @ForAll boolean float64,
            @ForAll long seed) {
        DType dtype = dtype(float64);
        Tensor x = ImageTensors.random(seed, dtype, n, c, h, w).mul(3).add(2);
        Tensor gamma = affine ? ImageTensors.random(seed + 1, dtype, c) : null;
        Tensor beta = affine ? ImageTensors.random(seed + 2, dtype, c) : null;
        Tensor y = Normalization.batchNorm(x, gamma, beta, null, null, true, 0.1, EPS);
        IntBinaryOperator channel = (sample, ch) -> ch;
        double[][] m = directMoments(x, c, channel);
        assertClose(x.dims(), directNormalize(x, m[0], m[1], channel, gamma, beta), y, 10 * tolerance(dtype),
                "batchNorm " + x.shape());
    }

    @Property(tries = 40)
    void batchNormUpdatesRunningStatisticsWithTheUnbiasedVarianceAndUsesThemInEvaluation(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 4) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 2, max = 5) int w,
            @ForAll boolean float64, @ForAll long seed) {
        DType dtype = dtype(float64);
        double momentum = 0.3;
        Tensor x = ImageTensors.random(seed, dtype, n, c, h, w).add(1);
        Tensor runningMean = ImageTensors.random(seed + 1, dtype, c);
        Tensor runningVar = ImageTensors.random(seed + 2, dtype, c).abs().add(0.5);
        double[] mean0 = runningMean.toDoubleArray();
        double[] var0 = runningVar.toDoubleArray();
        Normalization.batchNorm(x, null, null, runningMean, runningVar, true, momentum, EPS);
        double[][] m = directMoments(x, c, (sample, ch) -> ch);
        double count = n * h * w;
        double[] expectedMean = new double[c];
        double[] expectedVar = new double[c];
        for (int ch = 0; ch < c; ch++) {
            expectedMean[ch] = (1 - momentum) * mean0[ch] + momentum * m[0][ch];
            expectedVar[ch] = (1 - momentum) * var0[ch] + momentum * m[1][ch] * count / (count - 1);
        }
        assertClose(new int[] {c}, expectedMean, runningMean, tolerance(dtype), "running mean");
        assertClose(new int[] {c}, expectedVar, runningVar, tolerance(dtype), "running variance");

        Tensor gamma = ImageTensors.random(seed + 3, dtype, c);
        Tensor beta = ImageTensors.random(seed + 4, dtype, c);
        Tensor eval = Normalization.batchNorm(x, gamma, beta, runningMean, runningVar, false, momentum, EPS);
        assertClose(x.dims(), directNormalize(x, expectedMean, expectedVar, (sample, ch) -> ch, gamma, beta), eval,
                10 * tolerance(dtype), "evaluation with running statistics");
        assertArrayEquals(runningMean.toDoubleArray(), expectedMean, 10 * tolerance(dtype),
                "evaluation leaves the running mean alone");
    }

    @Example
    void batchNormWithoutRunningStatisticsUsesBatchStatisticsEvenInEvaluation() {
        Tensor x = ImageTensors.random(5, DType.FLOAT64, 2, 3, 4, 4);
        Tensor train = Normalization.batchNorm(x, null, null, null, null, true, 0.1, EPS);
        Tensor eval = Normalization.batchNorm(x, null, null, null, null, false, 0.1, EPS);
        assertArrayEquals(train.toDoubleArray(), eval.toDoubleArray());
    }

    @Example
    void batchNormOfFloat32DataFarFromZeroStaysAccurate() {
        Tensor x = ImageTensors.random(6, DType.FLOAT64, 4, 2, 16, 16);
        Tensor centred = Normalization.batchNorm(x.toFloat32(), null, null, null, null, true, 0.1, EPS);
        Tensor shifted = Normalization.batchNorm(x.add(1000).toFloat32(), null, null, null, null, true, 0.1, EPS);
        assertClose(x.dims(), centred.toDoubleArray(), shifted, 1e-3, "offset 1000");
    }

    @Property(tries = 40)
    void instanceNormNormalisesEachSampleAndChannelOverSpace(@ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 4) int c, @ForAll @IntRange(min = 1, max = 7) int h,
            @ForAll @IntRange(min = 2, max = 7) int w, @ForAll boolean affine, @ForAll boolean float64,
            @ForAll long seed) {
        DType dtype = dtype(float64);
        Tensor x = ImageTensors.random(seed, dtype, n, c, h, w);
        Tensor gamma = affine ? ImageTensors.random(seed + 1, dtype, c) : null;
        Tensor beta = affine ? ImageTensors.random(seed + 2, dtype, c) : null;
        Tensor y = Normalization.instanceNorm(x, gamma, beta, EPS);
        IntBinaryOperator instance = (sample, ch) -> sample * c + ch;
        double[][] m = directMoments(x, n * c, instance);
        assertClose(x.dims(), directNormalize(x, m[0], m[1], instance, gamma, beta), y, 10 * tolerance(dtype),
                "instanceNorm " + x.shape());
    }

    @Example
    void instanceNormTracksRunningStatisticsAsBatchAveragesOfInstanceStatistics() {
        int n = 3;
        int c = 2;
        Tensor x = ImageTensors.random(7, DType.FLOAT64, n, c, 3, 5);
        Tensor runningMean = TensorArbitraries.onHost(() -> Tensor.zeros(DType.FLOAT64, c));
        Tensor runningVar = TensorArbitraries.onHost(() -> Tensor.ones(DType.FLOAT64, c));
        Tensor train = Normalization.instanceNorm(x, null, null, runningMean, runningVar, true, 0.5, EPS);
        assertArrayEquals(Normalization.instanceNorm(x, null, null, EPS).toDoubleArray(), train.toDoubleArray());
        double[][] m = directMoments(x, n * c, (sample, ch) -> sample * c + ch);
        double[] expectedMean = new double[c];
        double[] expectedVar = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double meanOfMeans = 0;
            double meanOfVars = 0;
            for (int s = 0; s < n; s++) {
                meanOfMeans += m[0][s * c + ch] / n;
                meanOfVars += m[1][s * c + ch] * 15 / 14 / n;
            }
            expectedMean[ch] = 0.5 * meanOfMeans;
            expectedVar[ch] = 0.5 + 0.5 * meanOfVars;
        }
        assertClose(new int[] {c}, expectedMean, runningMean, 1e-12, "running mean");
        assertClose(new int[] {c}, expectedVar, runningVar, 1e-12, "running variance");
        Tensor eval = Normalization.instanceNorm(x, null, null, runningMean, runningVar, false, 0.5, EPS);
        assertClose(x.dims(), directNormalize(x, expectedMean, expectedVar, (sample, ch) -> ch, null, null), eval,
                1e-12, "evaluation with running statistics");
    }

    @Property(tries = 40)
    void groupNormNormalisesRunsOfChannelsOfEachSample(@ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @IntRange(min = 1, max = 3) int perGroup,
            @ForAll @IntRange(min = 1, max = 6) int h, @ForAll @IntRange(min = 1, max = 6) int w,
            @ForAll boolean affine, @ForAll boolean float64, @ForAll long seed) {
        DType dtype = dtype(float64);
        int c = groups * perGroup;
        Tensor x = ImageTensors.random(seed, dtype, n, c, h, w).add(-1);
        Tensor gamma = affine ? ImageTensors.random(seed + 1, dtype, c) : null;
        Tensor beta = affine ? ImageTensors.random(seed + 2, dtype, c) : null;
        Tensor y = Normalization.groupNorm(x, groups, gamma, beta, EPS);
        IntBinaryOperator group = (sample, ch) -> sample * groups + ch / perGroup;
        double[][] m = directMoments(x, n * groups, group);
        assertClose(x.dims(), directNormalize(x, m[0], m[1], group, gamma, beta), y, 10 * tolerance(dtype),
                "groupNorm " + groups + " groups of " + x.shape());
    }

    @Property(tries = 25)
    void batchNormGradientsMatchFiniteDifferencesInTrainingAndEvaluation(@ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int h,
            @ForAll @IntRange(min = 2, max = 3) int w, @ForAll boolean training, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, n, c, h, w);
        Tensor gamma = ImageTensors.random(seed + 1, DType.FLOAT64, c);
        Tensor beta = ImageTensors.random(seed + 2, DType.FLOAT64, c);
        Tensor runningMean = ImageTensors.random(seed + 3, DType.FLOAT64, c);
        Tensor runningVar = ImageTensors.random(seed + 4, DType.FLOAT64, c).abs().add(0.5);
        Tensor mean = training ? null : runningMean;
        Tensor var = training ? null : runningVar;
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], in[1], in[2], mean, var, training, 0.1, EPS),
                x, gamma, beta);
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], null, null, mean, var, training, 0.1, EPS), x);
    }

    @Property(tries = 25)
    void instanceAndGroupNormGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int n,
            @ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @IntRange(min = 1, max = 2) int perGroup,
            @ForAll @IntRange(min = 1, max = 3) int h, @ForAll @IntRange(min = 2, max = 3) int w,
            @ForAll long seed) {
        int c = groups * perGroup;
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, n, c, h, w);
        Tensor gamma = ImageTensors.random(seed + 1, DType.FLOAT64, c);
        Tensor beta = ImageTensors.random(seed + 2, DType.FLOAT64, c);
        GradCheck.assertGradients(in -> Normalization.groupNorm(in[0], groups, in[1], in[2], EPS), x, gamma, beta);
        GradCheck.assertGradients(in -> Normalization.instanceNorm(in[0], in[1], in[2], EPS), x, gamma, beta);
        GradCheck.assertGradients(in -> Normalization.groupNorm(in[0], groups, null, null, EPS), x);
    }

    @Example
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(31, DType.FLOAT32, 4, 32, 64, 63);
        Tensor seed = ImageTensors.random(32, DType.FLOAT32, 4, 32, 64, 63);
        Tensor gamma = ImageTensors.random(33, DType.FLOAT32, 32);
        Tensor beta = ImageTensors.random(34, DType.FLOAT32, 32);
        float[][] one = ImageTensors.withThreads(1, () -> normalisedAndGradients(x, gamma, beta, seed));
        float[][] two = ImageTensors.withThreads(2, () -> normalisedAndGradients(x, gamma, beta, seed));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "result " + i);
        }
    }

    private static float[][] normalisedAndGradients(Tensor x, Tensor gamma, Tensor beta, Tensor seed) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor gs = gamma.detach().requiresGrad(true);
        Tensor bs = beta.detach().requiresGrad(true);
        Tensor batch = Normalization.batchNorm(xs, gs, bs, null, null, true, 0.1, EPS);
        Tensor group = Normalization.groupNorm(xs, 8, gs, bs, EPS);
        batch.add(group).backward(seed);
        return new float[][] {batch.toFloatArray(), group.toFloatArray(), xs.grad().toFloatArray(),
                gs.grad().toFloatArray(), bs.grad().toFloatArray()};
    }

    @Example
    void aGammaWithTheWrongChannelCountIsRejected() {
        Tensor x = Tensor.zeros(2, 4, 3, 3);
        String message = assertThrows(ShapeException.class,
                () -> Normalization.batchNorm(x, Tensor.ones(3), null, null, null, true, 0.1, EPS)).getMessage();
        assertTrue(message.contains("batchNorm") && message.contains("gamma") && message.contains("[3]")
                && message.contains("4 channels"), message);
    }

    @Example
    void groupsThatDoNotDivideTheChannelsAreRejected() {
        Tensor x = Tensor.zeros(2, 6, 3, 3);
        String message = assertThrows(ShapeException.class, () -> Normalization.groupNorm(x, 4, null, null, EPS))
                .getMessage();
        assertTrue(message.contains("groupNorm") && message.contains("6 channels") && message.contains("4 groups")
                && message.contains("divide"), message);
    }

    @Example
    void trainingOnOneValuePerChannelIsRejected() {
        Tensor x = Tensor.zeros(1, 3, 1, 1);
        String message = assertThrows(ShapeException.class,
                () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, EPS)).getMessage();
        assertTrue(message.contains("more than one value per channel"), message);
        Normalization.batchNorm(x, null, null, Tensor.zeros(3), Tensor.ones(3), false, 0.1, EPS);
    }

    @Example
    void inputsWithoutChannelAxesAreRejectedNamingTheLayout() {
        String batch = assertThrows(ShapeException.class,
                () -> Normalization.batchNorm(Tensor.zeros(5), null, null, null, null, true, 0.1, EPS)).getMessage();
        assertTrue(batch.contains("batchNorm") && batch.contains("NCHW") && batch.contains("[5]"), batch);
        String instance = assertThrows(ShapeException.class,
                () -> Normalization.instanceNorm(Tensor.zeros(2, 3), null, null, EPS)).getMessage();
        assertTrue(instance.contains("instanceNorm") && instance.contains("at least 3 axes"), instance);
    }

    @Example
    void badRunningStatisticsMomentumAndEpsAreRejected() {
        Tensor x = Tensor.zeros(2, 3, 2, 2);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, null, null, Tensor.zeros(3), null, true, 0.1, EPS)).getMessage()
                .contains("pass both or neither"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, null, null, null, null, true, 1.5, EPS)).getMessage()
                .contains("outside [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Normalization.groupNorm(x, 3, null, null, -1)).getMessage().contains(">= 0"));
    }
}
