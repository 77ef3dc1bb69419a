package org.unet4j.experiments.datasets.files;

import java.util.Arrays;
import java.util.Locale;

import org.unet4j.autodiff.Tensor;

/**
 * Per-channel standardisation x' = (x - mean_c) / std_c with the statistics of the training images, so that the
 * same transform applies at validation, test and prediction time.
 *
 * @param mean per-channel mean of the training pixels
 * @param std  per-channel standard deviation (population), at least 1e-6
 */
public record Normalisation(double[] mean, double[] std) {
    private static final double MIN_STD = 1e-6;

    /** Copies and checks the statistics. */
    public Normalisation {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalisation needs one mean and one std per channel, got "
                    + mean.length + " and " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("a normalisation std must be positive and finite, got "
                        + Arrays.toString(std));
            }
        }
    }

    /** The statistics of {@code images}, N x C x H x W. */
    public static Normalisation of(Tensor images) {
        int n = images.dim(0);
        int channels = images.dim(1);
        int plane = images.dim(2) * images.dim(3);
        float[] data = images.toFloatArray();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    sum += data[base + p];
                    squares += (double) data[base + p] * data[base + p];
                }
            }
            double count = (double) n * plane;
            mean[c] = sum / count;
            std[c] = Math.max(MIN_STD, Math.sqrt(Math.max(0, squares / count - mean[c] * mean[c])));
        }
        return new Normalisation(mean, std);
    }

    /**
     * The statistics from per-channel sums of the pixels and of their squares over {@code count} pixels per
     * channel, as {@link #of} computes them.
     */
    public static Normalisation fromSums(double[] sums, double[] squares, double count) {
        double[] mean = new double[sums.length];
        double[] std = new double[sums.length];
        for (int c = 0; c < sums.length; c++) {
            mean[c] = sums[c] / count;
            std[c] = Math.max(MIN_STD, Math.sqrt(Math.max(0, squares[c] / count - mean[c] * mean[c])));
        }
        return new Normalisation(mean, std);
    }

    /** The number of channels. */
    public int channels() {
        return mean.length;
    }

    /** {@code images} (N x C x H x W, C = {@link #channels()}) standardised, as a new tensor. */
    public Tensor apply(Tensor images) {
        if (images.dim(1) != channels()) {
            throw new IllegalArgumentException("the normalisation has " + channels() + " channels but the images "
                    + images.shape() + " have " + images.dim(1));
        }
        int plane = images.dim(2) * images.dim(3);
        float[] data = images.toFloatArray().clone();
        for (int start = 0; start < data.length; start += plane) {
            double m = mean[start / plane % channels()];
            double s = std[start / plane % channels()];
            for (int i = start; i < start + plane; i++) {
                data[i] = (float) ((data[i] - m) / s);
            }
        }
        return Tensor.wrap(data, images.dims());
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** {@code Normalisation[mean 0.412, 0.301, 0.220; std 0.211, 0.180, 0.166]}. */
    @Override
    public String toString() {
        return "Normalisation[mean " + join(mean) + "; std " + join(std) + "]";
    }

    private static String join(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
        }
        return out.toString();
    }
}
