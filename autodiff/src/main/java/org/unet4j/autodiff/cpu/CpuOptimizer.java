package org.unet4j.autodiff.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The fused optimizer updates on the host, in double precision with float64 buffers: each element's new value is
 * computed from its old value and gradient read as doubles and rounded once to the value's type. Elements are split
 * over the pool in chunks of {@value #GRAIN}; each element's result is independent of the split.
 *
 * <p>Adam on float32 values runs on the Vector API, {@code D} doubles at a time (the floats widened exactly, then
 * the scalar rule's multiplications, additions, square root and division in its order, each rounded once as in
 * scalar code, no fused multiply-add, and one rounding to float at the end), so its results are bit for bit those
 * of the scalar loop, which finishes the ragged tail.
 */
final class CpuOptimizer implements OptimizerKernels {
    static final CpuOptimizer INSTANCE = new CpuOptimizer();
    private static final int GRAIN = 1 << 15;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** The float species with as many lanes as {@link #D}. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

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
        if (value.storage() instanceof float[] vf && grad.storage() instanceof float[] gf) {
            Parallel.forRange(value.size(), GRAIN, (from, to) -> adamFloats(vf, gf, first, second, s, from, to));
            return;
        }
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

    /**
     * Adam on float32 elements [from, to): the rule of {@link #adam}, {@code D} lanes at a time, then the scalar tail.
     */
    private static void adamFloats(float[] value, float[] grad, double[] first, double[] second, AdamStep s,
            int from, int to) {
        double beta1 = s.beta1();
        double beta2 = s.beta2();
        double shrink = s.shrink();
        double l2 = s.l2();
        double stepSize = s.stepSize();
        double secondCorrection = s.secondCorrection();
        double eps = s.eps();
        double keep1 = 1 - beta1;
        double keep2 = 1 - beta2;
        int i = from;
        for (int end = from + D.loopBound(to - from); i < end; i += D.length()) {
            DoubleVector p = (DoubleVector) FloatVector.fromArray(F, value, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector g = (DoubleVector) FloatVector.fromArray(F, grad, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector q = p.mul(shrink);
            DoubleVector d = g.add(p.mul(l2));
            DoubleVector m = DoubleVector.fromArray(D, first, i).mul(beta1).add(d.mul(keep1));
            DoubleVector v = DoubleVector.fromArray(D, second, i).mul(beta2).add(d.mul(keep2).mul(d));
            m.intoArray(first, i);
            v.intoArray(second, i);
            DoubleVector denominator = v.lanewise(VectorOperators.SQRT).div(secondCorrection).add(eps);
            ((FloatVector) q.sub(m.mul(stepSize).div(denominator)).convertShape(VectorOperators.D2F, F, 0))
                    .intoArray(value, i);
        }
        for (; i < to; i++) {
            double p = value[i];
            double q = p * shrink;
            double d = grad[i] + l2 * p;
            first[i] = beta1 * first[i] + keep1 * d;
            second[i] = beta2 * second[i] + keep2 * d * d;
            value[i] = (float) (q - stepSize * first[i] / (Math.sqrt(second[i]) / secondCorrection + eps));
        }
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
