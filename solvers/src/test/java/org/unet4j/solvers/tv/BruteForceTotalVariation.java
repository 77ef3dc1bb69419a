package org.unet4j.solvers.tv;

/**
 * A reference for tiny graphs: the TV prox {@code argmin 1/2 |x - p|^2 + sum_e w_e |x_i - x_j|} through its dual,
 * the box-constrained least-squares problem {@code min_u 1/2 |p - D^T u|^2, |u_e| <= w_e}, {@code x = p - D^T u},
 * solved by exact coordinate minimisation (each edge in turn), swept until no dual variable moves.
 */
final class BruteForceTotalVariation {
    private BruteForceTotalVariation() {
    }

    /** Edges {@code (from[e], to[e])} with weights {@code w[e]}. */
    static double[] prox(double[] p, int[] from, int[] to, double[] w) {
        double[] x = p.clone();
        double[] u = new double[w.length];
        for (int sweep = 0; sweep < 2_000_000; sweep++) {
            double moved = 0;
            for (int e = 0; e < w.length; e++) {
                double updated = Math.max(-w[e], Math.min(w[e], u[e] + 0.5 * (x[from[e]] - x[to[e]])));
                double delta = updated - u[e];
                u[e] = updated;
                x[from[e]] -= delta;
                x[to[e]] += delta;
                moved = Math.max(moved, Math.abs(delta));
            }
            if (moved < 1e-15) {
                return x;
            }
        }
        throw new AssertionError("reference dual coordinate descent did not settle");
    }

    /** The path graph 0 - 1 - ... - (n-1). */
    static double[] prox1d(double[] y, double[] w) {
        int[] from = new int[w.length];
        int[] to = new int[w.length];
        for (int k = 0; k < w.length; k++) {
            from[k] = k;
            to[k] = k + 1;
        }
        return prox(y, from, to, w);
    }

    /** The 4-neighbour grid, vertical edges first (row-major), then horizontal ones. */
    static double[] prox2d(double[] p, int h, int w, double[] vertical, double[] horizontal) {
        int edges = vertical.length + horizontal.length;
        int[] from = new int[edges];
        int[] to = new int[edges];
        double[] weight = new double[edges];
        int e = 0;
        for (int i = 0; i + w < h * w; i++, e++) {
            from[e] = i;
            to[e] = i + w;
            weight[e] = vertical[i];
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c + 1 < w; c++, e++) {
                from[e] = r * w + c;
                to[e] = r * w + c + 1;
                weight[e] = horizontal[r * (w - 1) + c];
            }
        }
        return prox(p, from, to, weight);
    }
}
