package org.unet4j.solvers.ode;

import java.util.List;

/** {@link StateSpace} of {@code double[]} vectors. */
final class DoubleArraySpace implements StateSpace<double[]> {
    @Override
    public double[] addScaled(double[] y, double h, double[] c, List<double[]> k) {
        double[] out = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            double sum = 0;
            boolean first = true;
            for (int i = 0; i < c.length; i++) {
                if (c[i] != 0) {
                    sum = first ? c[i] * k.get(i)[j] : sum + c[i] * k.get(i)[j];
                    first = false;
                }
            }
            out[j] = y[j] + h * sum;
        }
        return out;
    }

    @Override
    public double[] toDoubles(double[] y) {
        return y.clone();
    }

    @Override
    public boolean allFinite(double[] y) {
        for (double v : y) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean sameShape(double[] a, double[] b) {
        return a.length == b.length;
    }

    @Override
    public String shapeOf(double[] y) {
        return "length " + y.length;
    }
}
