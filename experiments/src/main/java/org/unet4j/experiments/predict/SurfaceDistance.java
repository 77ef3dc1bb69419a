package org.unet4j.experiments.predict;

import java.util.Arrays;

/**
 * Surface distances between two binary volumes on a grid of anisotropic voxels, in the units of the voxel spacing
 * (millimetres for most NIfTI files). The surface of a mask is its foreground voxels with a background 6-neighbour
 * or on the grid's border (the 3-D reading of the 2-D metrics' 4-neighbour boundary). The distance of a surface
 * voxel a to the other surface B is d(a, B) = min over b of |S (a - b)|, S = diag(spacing), found for all voxels at
 * once by the separable exact squared Euclidean distance transform (Felzenszwalb and Huttenlocher 2012) run along
 * each axis with the positions scaled by that axis's spacing. HD95 is the 95th percentile (nearest rank) of the
 * directed distances of both surfaces together, as {@link org.unet4j.experiments.metrics.HausdorffDistance} takes it
 * in 2-D; both masks empty gives 0, exactly one empty the grid's diagonal (the largest distance possible).
 */
public final class SurfaceDistance {
    private SurfaceDistance() {
    }

    /**
     * HD95 of {@code prediction} against {@code truth}, both row-major on {@code grid = [D, H, W]} with voxel
     * spacing {@code spacing = [dz, dy, dx]}.
     */
    public static double hd95(boolean[] prediction, boolean[] truth, int[] grid, double[] spacing) {
        if (prediction.length != truth.length || grid.length != spacing.length) {
            throw new IllegalArgumentException("the masks must lie on one grid with a spacing per axis");
        }
        boolean[] a = surface(prediction, grid);
        boolean[] b = surface(truth, grid);
        int na = count(a);
        int nb = count(b);
        if (na == 0 && nb == 0) {
            return 0;
        }
        if (na == 0 || nb == 0) {
            double diagonal = 0;
            for (int ax = 0; ax < grid.length; ax++) {
                diagonal += Math.pow(grid[ax] * spacing[ax], 2);
            }
            return Math.sqrt(diagonal);
        }
        double[] toB = squaredDistanceTo(b, grid, spacing);
        double[] toA = squaredDistanceTo(a, grid, spacing);
        double[] all = new double[na + nb];
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                all[k++] = Math.sqrt(toB[i]);
            }
            if (b[i]) {
                all[k++] = Math.sqrt(toA[i]);
            }
        }
        Arrays.sort(all);
        return all[Math.max(0, (int) Math.ceil(0.95 * all.length) - 1)];
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        return n;
    }

    /** The foreground voxels with a background 6-neighbour (face neighbour) or on the grid's border. */
    static boolean[] surface(boolean[] mask, int[] grid) {
        int[] stride = strides(grid);
        boolean[] out = new boolean[mask.length];
        int[] at = new int[grid.length];
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) {
                continue;
            }
            for (int ax = grid.length - 1, rest = i; ax >= 0; ax--) {
                at[ax] = rest % grid[ax];
                rest /= grid[ax];
            }
            boolean edge = false;
            for (int ax = 0; ax < grid.length && !edge; ax++) {
                edge = at[ax] == 0 || at[ax] == grid[ax] - 1 || !mask[i - stride[ax]] || !mask[i + stride[ax]];
            }
            out[i] = edge;
        }
        return out;
    }

    private static int[] strides(int[] grid) {
        int[] stride = new int[grid.length];
        int s = 1;
        for (int ax = grid.length - 1; ax >= 0; ax--) {
            stride[ax] = s;
            s *= grid[ax];
        }
        return stride;
    }

    /**
     * The squared distance from every voxel to the nearest voxel of {@code target} (infinity when it is empty): one
     * 1-D lower-envelope pass per axis over every line of the grid.
     */
    static double[] squaredDistanceTo(boolean[] target, int[] grid, double[] spacing) {
        double[] f = new double[target.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = target[i] ? 0 : Double.POSITIVE_INFINITY;
        }
        int[] stride = strides(grid);
        for (int ax = 0; ax < grid.length; ax++) {
            int n = grid[ax];
            double[] line = new double[n];
            double[] out = new double[n];
            for (int start = 0; start < f.length; start++) {
                if (start / stride[ax] % n != 0) {
                    continue;
                }
                for (int k = 0; k < n; k++) {
                    line[k] = f[start + k * stride[ax]];
                }
                lowerEnvelope(line, spacing[ax], out);
                for (int k = 0; k < n; k++) {
                    f[start + k * stride[ax]] = out[k];
                }
            }
        }
        return f;
    }

    /** out[p] = min over q of f[q] + (h (p - q))^2, the points with infinite f left out of the envelope. */
    private static void lowerEnvelope(double[] f, double h, double[] out) {
        int n = f.length;
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double xq = h * q;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double s;
            while (true) {
                double xv = h * v[k];
                s = ((f[q] + xq * xq) - (f[v[k]] + xv * xv)) / (2 * (xq - xv));
                if (s > z[k]) {
                    break;
                }
                k--; // never below 0: z[0] is minus infinity
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            Arrays.fill(out, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int p = 0; p < n; p++) {
            double xp = h * p;
            while (z[j + 1] < xp) {
                j++;
            }
            double dx = xp - h * v[j];
            out[p] = dx * dx + f[v[j]];
        }
    }
}
