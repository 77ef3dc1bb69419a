package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * RSE, the residual block (He et al. 2016): y = act(body(x) + shortcut(x)), body = conv-norm-act-...-conv-norm
 * ({@code convsPerLevel} k x k convolutions, the activation between them), shortcut = the identity, or a 1x1
 * convolution when the channel count changes. Under VALID padding the body removes
 * {@code convsPerLevel * (k - 1)} pixels per axis and the shortcut is centre-cropped to match.
 */
public final class ResidualBlock extends Module {
    private final Sequential body;
    private final Module projection;
    private final Module activation;

    /** The block from {@code in} to {@code out} channels. */
    public ResidualBlock(int in, int out, BlockSettings s) {
        body = registerChild("body", new Sequential());
        for (int i = 0; i < s.convsPerLevel(); i++) {
            if (i > 0) {
                body.add(s.activation().create());
            }
            body.add(Convs.kxk(i == 0 ? in : out, out, s));
            body.add(s.normLayer(out));
        }
        projection = in == out ? null : registerChild("projection", Convs.pointwise(in, out, s));
        activation = registerChild("activation", s.activation().create());
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor y = body.forward(input);
        Tensor shortcut = projection == null ? input : projection.forward(input);
        if (shortcut.dim(2) != y.dim(2) || shortcut.dim(3) != y.dim(3)) {
            shortcut = shortcut.centerCrop(y.dim(2), y.dim(3));
        }
        return activation.forward(y.add(shortcut));
    }
}
