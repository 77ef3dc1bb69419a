package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * PLN, the plain U-Net block (Ronneberger et al. 2015; Continuous U-Net Table 3 "PLN"): {@code convsPerLevel}
 * times [k x k convolution, normalisation, activation]. With {@code Norm.NONE} it is the issue's
 * [conv3x3 + act] x 2; with batch norm, the conv-BN-ReLU x 2 of the benchmark network. Under VALID padding it
 * removes {@code convsPerLevel * (k - 1)} pixels per axis.
 */
public final class PlainBlock extends Module {
    private final Sequential body;

    /** The block from {@code in} to {@code out} channels. */
    public PlainBlock(int in, int out, BlockSettings s) {
        body = registerChild("body", new Sequential());
        for (int i = 0; i < s.convsPerLevel(); i++) {
            body.add(Convs.kxk(i == 0 ? in : out, out, s));
            body.add(s.normLayer(out));
            body.add(s.activation().create());
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return body.forward(input);
    }
}
