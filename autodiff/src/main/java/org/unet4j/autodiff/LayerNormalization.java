package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * Layer normalisation (Ba, Kiros and Hinton 2016), forward beside backward. Each sample is normalised over a set of
 * axes A with the biased variance, then scaled and shifted elementwise:
 * {@code y = w xhat + b}, {@code xhat = (x - mu) r}, {@code mu = mean_A x}, {@code r = (mean_A (x - mu)^2 + eps)^(-1/2)}.
 * Backward, with {@code h = g w}: {@code dx = r (h - mean_A h - xhat mean_A(h xhat))}, {@code dw = sum g xhat} and
 * {@code db = sum g} over the axes w and b are broadcast along.
 *
 * <p>Two layouts: {@link #layerNorm} normalises the trailing axes (PyTorch's {@code F.layer_norm} with
 * {@code normalized_shape}, as transformers apply it to {@code [N, L, C]} tokens); {@link #layerNormChannelsFirst}
 * normalises axis 1 of {@code [N, C, ...]} (the channels-first LayerNorm of ConvNeXt-style blocks). Both are the same
 * in training and evaluation. Composed from backend primitives, so they run on every device and give the same result
 * for any thread count.
 */
public final class LayerNormalization {
    private LayerNormalization() {
    }

    /**
     * PyTorch's {@code F.layer_norm(x, normalized_shape, weight, bias, eps)}: normalises over the last
     * {@code normalizedShape.length} axes, whose sizes must be {@code normalizedShape}.
     *
     * @param weight the scale w of shape {@code normalizedShape}, or null for none
     * @param bias   the shift b of shape {@code normalizedShape}, or null for none
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layerNorm(input " + x.shape() + ", normalized_shape " + Arrays.toString(normalizedShape) + ")";
        int k = normalizedShape.length;
        if (k == 0 || k > x.rank()) {
            throw new ShapeException(op + ": normalized_shape must name between 1 and " + x.rank()
                    + " trailing axes of the input");
        }
        int[] trailing = Arrays.copyOfRange(x.dims(), x.rank() - k, x.rank());
        if (!Arrays.equals(trailing, normalizedShape)) {
            throw new ShapeException(op + ": the input's trailing sizes " + Arrays.toString(trailing) + " must equal "
                    + "normalized_shape");
        }
        requireParameter(op, "weight", weight, normalizedShape);
        requireParameter(op, "bias", bias, normalizedShape);
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = x.rank() - k + i;
        }
        return normalize(op, x, axes, weight, bias, eps);
    }

    /**
     * Normalises axis 1 (the channels) of {@code x [N, C, ...]} at every sample and position.
     *
     * @param weight the scale of shape {@code [C]}, or null for none
     * @param bias   the shift of shape {@code [C]}, or null for none
     */
    public static Tensor layerNormChannelsFirst(Tensor x, Tensor weight, Tensor bias, double eps) {
        String op = "layerNormChannelsFirst(input " + x.shape() + ")";
        if (x.rank() < 2) {
            throw new ShapeException(op + ": the input must be [N, C, ...], rank >= 2");
        }
        int[] channels = {x.dim(1)};
        requireParameter(op, "weight", weight, channels);
        requireParameter(op, "bias", bias, channels);
        int[] column = new int[x.rank() - 1];
        Arrays.fill(column, 1);
        column[0] = x.dim(1);
        return normalize(op, x, new int[] {1}, weight == null ? null : weight.reshape(column),
                bias == null ? null : bias.reshape(column), eps);
    }

    private static void requireParameter(String op, String name, Tensor p, int[] dims) {
        if (p != null && !Arrays.equals(p.dims(), dims)) {
            throw new ShapeException(op + ": the " + name + " must have shape " + Arrays.toString(dims) + ", got "
                    + p.shape());
        }
    }

    private static Tensor normalize(String op, Tensor x, int[] axes, Tensor weight, Tensor bias, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps must be positive and finite, got " + eps);
        }
        if (weight != null) {
            Broadcasting.sameDevice(op, x, weight);
        }
        if (bias != null) {
            Broadcasting.sameDevice(op, x, bias);
        }
        Tensor xd = x.detach();
        Tensor centred = xd.sub(xd.mean(axes, true));
        Tensor r = centred.mul(centred).mean(axes, true).add(eps).pow(-0.5);
        Tensor xhat = centred.mul(r);
        Tensor wd = weight == null ? null : weight.detach();
        Tensor y = wd == null ? xhat : xhat.mul(wd);
        if (bias != null) {
            y = y.add(bias.detach());
        }
        return Autograd.record("layer_norm", y, g -> {
            Tensor h = wd == null ? g : g.mul(wd);
            Tensor dx = h.sub(h.mean(axes, true)).sub(xhat.mul(h.mul(xhat).mean(axes, true))).mul(r);
            return new Tensor[] {
                    x.requiresGrad() ? dx : null,
                    weight != null && weight.requiresGrad() ? Broadcasting.sumTo(g.mul(xhat), weight.shape()) : null,
                    bias != null && bias.requiresGrad() ? Broadcasting.sumTo(g, bias.shape()) : null};
        }, x, weight, bias);
    }
}
