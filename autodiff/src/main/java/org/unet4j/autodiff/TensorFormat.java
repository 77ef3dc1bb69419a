package org.unet4j.autodiff;

import java.util.Locale;

/** The readable {@code toString()} of a tensor: shape, dtype, device, then values or summary statistics. */
final class TensorFormat {
    private static final int LIST_LIMIT = 16;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder s = new StringBuilder("Tensor").append(t.shape()).append(' ').append(t.dtype()).append(' ')
                .append(t.device());
        if (t.producer() != null) {
            s.append(" (").append(t.producer()).append(')');
        } else if (t.requiresGrad()) {
            s.append(" requiresGrad");
        }
        if (t.device() != Device.CPU || t.size() == 0) {
            return s.toString();
        }
        if (t.size() <= LIST_LIMIT) {
            s.append("  [");
            for (int i = 0; i < t.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(number(t.flatGet(i)));
            }
            return s.append(']').toString();
        }
        double sum = 0;
        double sumSq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            double v = t.flatGet(i);
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / t.size();
        double std = Math.sqrt(Math.max(0, sumSq / t.size() - mean * mean));
        return s.append(String.format(Locale.ROOT, "  mean=%.2f std=%.2f min=%.2f max=%.2f", mean, std, min, max))
                .toString();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
