package org.unet4j.solvers.linear;

import java.util.SplittableRandom;

/**
 * Random SoftCut systems {@code A = I + L_w} ({@link GridLaplacianSystem}) on d-dimensional grids: the test problems
 * of the solver tests, the theorem reproductions and the benchmarks, reproducible from a seed.
 *
 * <pre>{@code
 * GridLaplacianSystem easy = RandomGridSystems.uniform(new int[] {256, 256}, 5, 1);   // the SciPy yardstick's weights
 * GridLaplacianSystem hard = RandomGridSystems.voronoi(new int[] {256, 256}, 12, 1000, 1e-3, 4);
 * }</pre>
 *
 * <p>Everything is drawn from one {@link SplittableRandom} seeded with {@code seed}: the Voronoi sites first, then
 * the weights axis by axis, each axis' array in its row-major order.
 */
public final class RandomGridSystems {
    private RandomGridSystems() {
    }

    /**
     * Every edge weight uniform in {@code [0, maxWeight]}, independently: the system of the SoftCut benchmark
     * (SciPy's yardstick uses {@code maxWeight = 5}).
     *
     * @throws IllegalArgumentException for a grid size below 1 or a {@code maxWeight} that is negative, NaN or
     *         infinite
     */
    public static GridLaplacianSystem uniform(int[] sizes, double maxWeight, long seed) {
        requireScale("maxWeight", maxWeight);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] weights = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            weights[k] = new double[GridLaplacianSystem.edgeCountOf(sizes, k)];
            for (int e = 0; e < weights[k].length; e++) {
                weights[k][e] = maxWeight * random.nextDouble();
            }
        }
        return new GridLaplacianSystem(sizes, weights);
    }

    /**
     * A high-contrast system like the ones a trained SoftCut network produces: the grid points split into the
     * Voronoi cells of {@code cells} sites drawn uniformly in the grid's box (nearest site in Euclidean distance,
     * the lower index on a tie), and each edge weight uniform in {@code [0, inside]} when both ends lie in one cell
     * and in {@code [0, across]} otherwise. The cells' borders do not follow grid lines, which is what makes these
     * systems hard for geometric multigrid.
     *
     * @throws IllegalArgumentException for a grid size below 1, {@code cells < 1}, or an {@code inside} or
     *         {@code across} that is negative, NaN or infinite
     */
    public static GridLaplacianSystem voronoi(int[] sizes, int cells, double inside, double across, long seed) {
        if (cells < 1) {
            throw new IllegalArgumentException("cells is " + cells + "; a Voronoi split needs at least one site");
        }
        requireScale("inside", inside);
        requireScale("across", across);
        int d = sizes.length;
        int n = GridLaplacianSystem.pointCount(sizes);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] sites = new double[cells][d];
        for (double[] site : sites) {
            for (int k = 0; k < d; k++) {
                site[k] = sizes[k] * random.nextDouble();
            }
        }
        int[] cell = nearestSites(sizes, n, sites);
        double[][] weights = new double[d][];
        int stride = n;
        for (int k = 0; k < d; k++) {
            stride /= sizes[k];
            weights[k] = new double[GridLaplacianSystem.edgeCountOf(sizes, k)];
            int e = 0;
            for (int i = 0; i < n; i++) {
                if (i / stride % sizes[k] < sizes[k] - 1) {
                    double scale = cell[i] == cell[i + stride] ? inside : across;
                    weights[k][e++] = scale * random.nextDouble();
                }
            }
        }
        return new GridLaplacianSystem(sizes, weights);
    }

    /** The index of the nearest site of every grid point, in row-major order. */
    private static int[] nearestSites(int[] sizes, int n, double[][] sites) {
        int d = sizes.length;
        int[] cell = new int[n];
        int[] point = new int[d];
        for (int i = 0; i < n; i++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < sites.length; c++) {
                double squared = 0;
                for (int k = 0; k < d; k++) {
                    double delta = point[k] - sites[c][k];
                    squared += delta * delta;
                }
                if (squared < nearest) {
                    nearest = squared;
                    cell[i] = c;
                }
            }
            for (int k = d - 1; k >= 0 && ++point[k] == sizes[k]; k--) {
                point[k] = 0;
            }
        }
        return cell;
    }

    private static void requireScale(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " is " + value + "; weight scales must be finite and >= 0");
        }
    }
}
