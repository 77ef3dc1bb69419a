package org.unet4j.layers.equivariance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.unet4j.autodiff.Tensor;

/**
 * Mean-shift clustering (Comaniciu and Meer 2002) of embedding vectors with a Gaussian kernel, giving instance
 * labels by nearest-centre assignment, as used after the discriminative loss (De Brabandere et al. 2017; Rumberger
 * et al., ICCV 2021).
 *
 * <p>Each seed x climbs the kernel density estimate by x &lt;- sum_i K(x - x_i) x_i / sum_i K(x - x_i) with
 * K(v) = exp(-|v|^2 / (2 h^2)), h the bandwidth, until it moves less than eps or after maxIterations steps. Seeds are
 * the means of the points in each occupied cell of a grid of side h (bin seeding), at most {@code maxSeeds} of them
 * (a random subset when there are more). Converged modes are visited by decreasing density and a mode closer than h
 * to an already kept one is dropped. Each point gets the label of its nearest kept mode.
 *
 * <pre>{@code
 * MeanShift.Result r = MeanShift.withBandwidth(1.5).cluster(points);   // points[i] in R^D
 * int[] labels = MeanShift.withBandwidth(1.5).labels(embeddings);      // [D, H, W] -> H*W labels
 * }</pre>
 */
public final class MeanShift {
    private final double bandwidth;
    private final int maxSeeds;
    private final double eps;
    private final int maxIterations;
    private final long seed;

    private MeanShift(double bandwidth, int maxSeeds, double eps, int maxIterations, long seed) {
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("the bandwidth must be > 0, got " + bandwidth);
        }
        if (maxSeeds < 1 || maxIterations < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("need maxSeeds >= 1, maxIterations >= 1 and eps > 0, got " + maxSeeds
                    + ", " + maxIterations + ", " + eps);
        }
        this.bandwidth = bandwidth;
        this.maxSeeds = maxSeeds;
        this.eps = eps;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** Bandwidth h, at most 1024 seeds, eps = 1e-3 h, at most 100 iterations, seed 0. */
    public static MeanShift withBandwidth(double bandwidth) {
        return new MeanShift(bandwidth, 1024, 1e-3 * bandwidth, 100, 0);
    }

    /** The same clustering with at most {@code n} seeds. */
    public MeanShift maxSeeds(int n) {
        return new MeanShift(bandwidth, n, eps, maxIterations, seed);
    }

    /** The same clustering stopping a seed once it moves less than {@code e}. */
    public MeanShift eps(double e) {
        return new MeanShift(bandwidth, maxSeeds, e, maxIterations, seed);
    }

    /** The same clustering with at most {@code n} mean-shift steps per seed. */
    public MeanShift maxIterations(int n) {
        return new MeanShift(bandwidth, maxSeeds, eps, n, seed);
    }

    /** The same clustering drawing the seed subset (when there are more than maxSeeds cells) from {@code s}. */
    public MeanShift seed(long s) {
        return new MeanShift(bandwidth, maxSeeds, eps, maxIterations, s);
    }

    /** The kept modes and each point's label (the index of its nearest mode). */
    public record Result(double[][] centres, int[] labels) {
        /** The number of clusters. */
        public int clusters() {
            return centres.length;
        }
    }

    /** Labels of the pixels of {@code embeddings} [D, H, W] or [1, D, H, W], row-major over H x W. */
    public int[] labels(Tensor embeddings) {
        int r = embeddings.rank();
        if (r != 3 && !(r == 4 && embeddings.dim(0) == 1)) {
            throw new IllegalArgumentException("embeddings must be [D, H, W] or [1, D, H, W], got "
                    + embeddings.shape());
        }
        int d = embeddings.dim(r - 3);
        int pixels = embeddings.dim(r - 2) * embeddings.dim(r - 1);
        double[] flat = embeddings.toDoubleArray();
        double[][] points = new double[pixels][d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < pixels; i++) {
                points[i][k] = flat[k * pixels + i];
            }
        }
        return cluster(points).labels();
    }

    /** Clusters {@code points} (all of one dimension D &gt;= 1). */
    public Result cluster(double[][] points) {
        if (points.length == 0) {
            throw new IllegalArgumentException("no points to cluster");
        }
        List<double[]> modes = new ArrayList<>();
        List<Double> densities = new ArrayList<>();
        for (double[] s : seeds(points)) {
            double[] x = s.clone();
            for (int it = 0; it < maxIterations; it++) {
                double[] next = new double[x.length];
                double weight = shiftStep(points, x, next);
                boolean converged = distance(x, next) < eps;
                x = next;
                if (converged || it == maxIterations - 1) {
                    modes.add(x);
                    densities.add(weight);
                    break;
                }
            }
        }
        Integer[] order = new Integer[modes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -densities.get(i)));
        List<double[]> kept = new ArrayList<>();
        for (int i : order) {
            double[] m = modes.get(i);
            if (kept.stream().allMatch(k -> distance(k, m) >= bandwidth)) {
                kept.add(m);
            }
        }
        double[][] centres = kept.toArray(new double[0][]);
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = nearest(centres, points[i]);
        }
        return new Result(centres, labels);
    }

    /** One step from x into next; returns the kernel mass sum_i K(x - x_i). */
    private double shiftStep(double[][] points, double[] x, double[] next) {
        double inv = -0.5 / (bandwidth * bandwidth);
        double total = 0;
        for (double[] p : points) {
            double w = Math.exp(inv * squaredDistance(x, p));
            total += w;
            for (int k = 0; k < x.length; k++) {
                next[k] += w * p[k];
            }
        }
        if (total == 0) {
            System.arraycopy(x, 0, next, 0, x.length);
            return 0;
        }
        for (int k = 0; k < x.length; k++) {
            next[k] /= total;
        }
        return total;
    }

    /** The mean of the points in each occupied grid cell of side h; a random subset of maxSeeds when more. */
    private List<double[]> seeds(double[][] points) {
        Map<List<Long>, double[]> cells = new LinkedHashMap<>();
        int d = points[0].length;
        for (double[] p : points) {
            if (p.length != d) {
                throw new IllegalArgumentException("points of different dimensions " + d + " and " + p.length);
            }
            List<Long> key = new ArrayList<>(d);
            for (double v : p) {
                key.add((long) Math.floor(v / bandwidth));
            }
            double[] sum = cells.computeIfAbsent(key, k -> new double[d + 1]);
            for (int k = 0; k < d; k++) {
                sum[k] += p[k];
            }
            sum[d]++;
        }
        List<double[]> seeds = new ArrayList<>();
        for (double[] sum : cells.values()) {
            double[] mean = new double[d];
            for (int k = 0; k < d; k++) {
                mean[k] = sum[k] / sum[d];
            }
            seeds.add(mean);
        }
        if (seeds.size() <= maxSeeds) {
            return seeds;
        }
        Collections.shuffle(seeds, new Random(seed));
        return seeds.subList(0, maxSeeds);
    }

    private static int nearest(double[][] centres, double[] p) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double dist = squaredDistance(centres[c], p);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = c;
            }
        }
        return best;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(squaredDistance(a, b));
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double v = a[k] - b[k];
            s += v * v;
        }
        return s;
    }

    @Override
    public String toString() {
        return "MeanShift[bandwidth " + bandwidth + ", max seeds " + maxSeeds + ", eps " + eps + ", max iterations "
                + maxIterations + "]";
    }
}
