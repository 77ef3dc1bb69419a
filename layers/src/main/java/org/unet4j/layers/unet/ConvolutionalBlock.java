package org.unet4j.layers.unet;

import org.unet4j.layers.Module;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.ModuleFactory;

/**
 * A block of plain layers (PLN, RSE, DSE, INC, PSP, IMG): built by a {@link ModuleFactory}; under VALID padding
 * those that support it remove {@code convsPerLevel * (k - 1)} pixels per axis, the others need SAME padding. A
 * block that reads the image at its level needs the network's image pyramid.
 */
record ConvolutionalBlock(String code, boolean supportsValid, boolean readsImage, ModuleFactory factory)
        implements Block {

    @Override
    public Module create(int in, int out, BlockSettings settings) {
        return factory.create(in, out, settings);
    }

    @Override
    public int shrink(BlockSettings settings) {
        return supportsValid ? settings.convsPerLevel() * settings.convShrink() : 0;
    }

    @Override
    public void check(BlockSettings settings) {
        if (settings.padding() == ConvPadding.VALID && !supportsValid) {
            throw new IllegalArgumentException("block " + code + " needs SAME padding (its parallel branches or "
                    + "pooled features must keep the input's size); use padding(ConvPadding.SAME), or a PLN, RSE or "
                    + "IMG block for VALID padding");
        }
        if (readsImage && settings.imageChannels() == 0) {
            throw new IllegalArgumentException("block " + code + " feeds the image at its level to every "
                    + "convolution, so the network must restrict the image to every level: use imagePyramid(true)");
        }
    }

    @Override
    public String toString() {
        return code;
    }
}
