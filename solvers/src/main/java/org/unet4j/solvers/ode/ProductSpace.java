package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;

/** {@link StateSpace} of lists of states of one element space, combined component by component. */
final class ProductSpace<S> implements StateSpace<List<S>> {
    private final StateSpace<S> element;

    ProductSpace(StateSpace<S> element) {
        this.element = element;
    }

    @Override
    public List<S> addScaled(List<S> y, double h, double[] c, List<List<S>> k) {
        List<S> out = new ArrayList<>(y.size());
        for (int part = 0; part < y.size(); part++) {
            List<S> slopes = new ArrayList<>(c.length);
            for (int i = 0; i < c.length; i++) {
                slopes.add(k.get(i).get(part));
            }
            out.add(element.addScaled(y.get(part), h, c, slopes));
        }
        return out;
    }

    @Override
    public boolean allFinite(List<S> y) {
        for (S part : y) {
            if (!element.allFinite(part)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean sameShape(List<S> a, List<S> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!element.sameShape(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String shapeOf(List<S> y) {
        List<String> parts = new ArrayList<>(y.size());
        for (S part : y) {
            parts.add(element.shapeOf(part));
        }
        return "a list of " + y.size() + " (" + String.join("; ", parts) + ")";
    }

    @Override
    public double[] toDoubles(List<S> y) {
        List<double[]> parts = new ArrayList<>(y.size());
        int length = 0;
        for (S part : y) {
            double[] values = element.toDoubles(part);
            parts.add(values);
            length += values.length;
        }
        double[] out = new double[length];
        int offset = 0;
        for (double[] values : parts) {
            System.arraycopy(values, 0, out, offset, values.length);
            offset += values.length;
        }
        return out;
    }
}
