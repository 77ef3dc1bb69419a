package org.unet4j.layers.optim;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Limits gradients in place before an optimizer step. Both helpers return the global L2 norm of the gradients
 * before clipping, {@code ||g|| = sqrt(sum_p sum_i g_{p,i}^2)} over the parameters that have a gradient, so a
 * training loop can log it. Parameters without a gradient are skipped. Gradients on the host are summed and scaled
 * in double precision, element by element, as always; gradients on another device stay there: their squares are
 * summed there (in the gradient's type) into one scalar per device, which is the only value read back, and they are
 * scaled or clamped by device ops.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global L2 norm of the gradients, computed in double precision. */
    public static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        Map<Device, Tensor> onDevices = new LinkedHashMap<>();
        try (NoGrad scope = Autograd.noGrad()) {
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (g.device() == Device.CPU) {
                    for (double x : g.toDoubleArray()) {
                        sum += x * x;
                    }
                } else {
                    onDevices.merge(g.device(), g.detach().mul(g.detach()).sum(), Tensor::add);
                }
            }
        }
        for (Tensor squares : onDevices.values()) {
            sum += squares.item();
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients by {@code min(1, maxNorm / (||g|| + 1e-6))}, as PyTorch's {@code clip_grad_norm_}, so that
     * their global norm is at most {@code maxNorm}. When the norm is not finite the gradients are left unchanged
     * and the returned norm tells the caller to skip the step.
     */
    public static double clipByNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipByNorm: the maximum norm must be positive and finite, got "
                    + maxNorm);
        }
        double norm = globalNorm(parameters);
        double scale = maxNorm / (norm + 1e-6);
        if (Double.isFinite(norm) && scale < 1) {
            for (Tensor g : distinctGradients(parameters)) {
                if (g.device() != Device.CPU) {
                    try (NoGrad scope = Autograd.noGrad()) {
                        g.copyFrom(g.detach().mul(scale));
                    }
                    continue;
                }
                double[] values = g.toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= scale;
                }
                g.copyFrom(Tensor.wrap(values, g.dims()));
            }
        }
        return norm;
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static double clipByValue(List<Parameter> parameters, double clipValue) {
        if (!(clipValue > 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clipByValue: the clip value must be positive and finite, got "
                    + clipValue);
        }
        double norm = globalNorm(parameters);
        for (Tensor g : distinctGradients(parameters)) {
            if (g.device() != Device.CPU) {
                try (NoGrad scope = Autograd.noGrad()) {
                    g.copyFrom(g.detach().clamp(-clipValue, clipValue));
                }
                continue;
            }
            double[] values = g.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(-clipValue, Math.min(clipValue, values[i]));
            }
            g.copyFrom(Tensor.wrap(values, g.dims()));
        }
        return norm;
    }

    /**
     * The gradients with distinct storage: the tape may hand two parameters the same gradient array, which must be
     * scaled once.
     */
    private static Set<Tensor> distinctGradients(List<Parameter> parameters) {
        Set<Object> storages = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Tensor> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g != null && storages.add(g.storage())) {
                out.add(g);
            }
        }
        return out;
    }
}
