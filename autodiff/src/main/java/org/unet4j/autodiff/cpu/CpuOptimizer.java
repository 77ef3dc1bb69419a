package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The fused optimizer updates on the host, in double precision with float64 buffers: each element's new value is
 * computed from its old value and gradient read as doubles and rounded once to the value's type. Elements are split
 * over the pool in chunks of {@value #GRAIN}; each element's result is independent of the split.
 */
final class CpuOptimizer implements OptimizerKernels {
    static final CpuOptimizer INSTANCE = new CpuOptimizer();
    private static final int GRAIN = 1 << 15;

    private CpuOptimizer() {
    }

    /** The new value of element i from its old value p and gradient g; may update buffer entries at i only. */
    @FunctionalInterface
    private interface ElementUpdate {
        double apply(int i, double p, double g);
    }

    @Override
    public void adam(Tensor value, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        double[] first = m.doubles();
        double[] second = v.doubles();
        double beta1 = s.beta1();
        double beta2 = s.beta2();
        double shrink = s.shrink();
        double l2 = s.l2();
        double stepSize = s.stepSize();
        double secondCorrection = s.secondCorrection();
        double eps = s.eps();
        updateEach(value, grad, (i, p, g) -> {
            double q = p * shrink;
            double d = g + l2 * p;
            first[i] = beta1 * first[i] + (1 - beta1) * d;
            second[i] = beta2 * second[i] + (1 - beta2) * d * d;
            return q - stepSize * first[i] / (Math.sqrt(second[i]) / secondCorrection + eps);
        });
    }

    @Override
    public void sgd(Tensor value, Tensor grad, Tensor buffer, SgdStep s) {
        double lr = s.lr();
        double weightDecay = s.weightDecay();
        if (buffer == null) {
            updateEach(value, grad, (i, p, g) -> p - lr * (g + weightDecay * p));
            return;
        }
        double[] b = buffer.doubles();
        double momentum = s.momentum();
        double dampening = s.dampening();
        boolean first = s.first();
        boolean nesterov = s.nesterov();
        updateEach(value, grad, (i, p, g) -> {
            double d = g + weightDecay * p;
            b[i] = first ? d : momentum * b[i] + (1 - dampening) * d;
            return p - lr * (nesterov ? d + momentum * b[i] : b[i]);
        });
    }

    /** {@code value[i] = rule(i, value[i], grad[i])} for every element, in double precision. */
    private static void updateEach(Tensor value, Tensor grad, ElementUpdate rule) {
        int n = value.size();
        Object v = value.storage();
        Object g = grad.storage();
        if (v instanceof float[] vf && g instanceof float[] gf) {
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    vf[i] = (float) rule.apply(i, vf[i], gf[i]);
                }
            });
        } else if (v instanceof double[] vd && g instanceof double[] gd) {
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    vd[i] = rule.apply(i, vd[i], gd[i]);
                }
            });
        } else {
            for (int i = 0; i < n; i++) {
                value.flatSet(i, rule.apply(i, value.flatGet(i), grad.flatGet(i)));
            }
        }
    }
}
