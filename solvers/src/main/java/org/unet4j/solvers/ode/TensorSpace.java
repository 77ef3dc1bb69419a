package org.unet4j.solvers.ode;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/** {@link StateSpace} of tensors; every operation is a differentiable tensor op. */
final class TensorSpace implements StateSpace<Tensor> {
    @Override
    public Tensor addScaled(Tensor y, double h, double[] c, List<Tensor> k) {
        Tensor sum = null;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                Tensor term = c[i] == 1 ? k.get(i) : k.get(i).mul(c[i]);
                sum = sum == null ? term : sum.add(term);
            }
        }
        return sum == null ? y : y.add(h == 1 ? sum : sum.mul(h));
    }

    @Override
    public double[] toDoubles(Tensor y) {
        return y.toDoubleArray();
    }
}
