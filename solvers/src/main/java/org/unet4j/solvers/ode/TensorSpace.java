package org.unet4j.solvers.ode;

import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
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

    /** On the tensor's device, untaped: sum(y * 0) is 0 when every entry is finite and NaN otherwise. */
    @Override
    public boolean allFinite(Tensor y) {
        try (NoGrad scope = Autograd.noGrad()) {
            return y.detach().mul(0).sum().item() == 0;
        }
    }

    @Override
    public boolean sameShape(Tensor a, Tensor b) {
        return Arrays.equals(a.dims(), b.dims());
    }

    @Override
    public String shapeOf(Tensor y) {
        return "shape " + Arrays.toString(y.dims());
    }
}
