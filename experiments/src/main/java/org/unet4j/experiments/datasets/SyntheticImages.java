package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/** Drawing helpers the synthetic generators share: blur, noise and smooth textures on row-major float images. */
final class SyntheticImages {
    private SyntheticImages() {
    }

    /** A uniform number in [low, high). */
    static double uniform(SplittableRandom rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** A standard normal number (Box-Muller). */
    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Adds N(0, sigma^2) noise to every pixel of the plane at {@code offset}. */
    static void addNoise(float[] image, int offset, int pixels, double sigma, SplittableRandom rng) {
        if (sigma > 0) {
            for (int p = 0; p < pixels; p++) {
                image[offset + p] += (float) (sigma * gaussian(rng));
            }
        }
    }

    /** Gaussian blur of standard deviation {@code sigma} pixels (separable, clamped borders), in place. */
    static void blur(float[] image, int offset, int w, int h, double sigma) {
        if (sigma <= 0) {
            return;
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        float[] temp = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * image[offset + y * w + Math.min(w - 1, Math.max(0, x + k))];
                }
                temp[y * w + x] = (float) acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * temp[Math.min(h - 1, Math.max(0, y + k)) * w + x];
                }
                image[offset + y * w + x] = (float) acc;
            }
        }
    }

    /** A smooth random texture: the sum of a few plane waves, with values in about [-amplitude, amplitude]. */
    static final class Texture {
        private final double[] fx;
        private final double[] fy;
        private final double[] phase;
        private final double amplitude;

        Texture(SplittableRandom rng, int waves, double maxFrequency, double amplitude) {
            fx = new double[waves];
            fy = new double[waves];
            phase = new double[waves];
            for (int k = 0; k < waves; k++) {
                double f = uniform(rng, maxFrequency / 4, maxFrequency);
                double angle = uniform(rng, 0, Math.PI);
                fx[k] = f * Math.cos(angle);
                fy[k] = f * Math.sin(angle);
                phase[k] = uniform(rng, 0, 2 * Math.PI);
            }
            this.amplitude = amplitude / Math.max(1, waves);
        }

        double at(double x, double y) {
            double v = 0;
            for (int k = 0; k < fx.length; k++) {
                v += Math.sin(fx[k] * x + fy[k] * y + phase[k]);
            }
            return amplitude * v;
        }
    }

    /** Checks a generator's common arguments. */
    static void checkCommon(String generator, int count, int size, int minSize, double noise) {
        if (count < 1) {
            throw new IllegalArgumentException(generator + ": count must be >= 1, got " + count);
        }
        if (size < minSize) {
            throw new IllegalArgumentException(generator + ": size must be >= " + minSize + " pixels, got " + size);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException(generator + ": noise must be a finite value >= 0, got " + noise);
        }
    }
}
