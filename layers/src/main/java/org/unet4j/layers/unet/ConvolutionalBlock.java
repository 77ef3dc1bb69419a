package org.unet4j.layers.unet;

import org.unet4j.layers.Module;

/**
 * A block of plain layers (PLN, RSE, DSE, INC, PSP): built by a constructor reference; under VALID padding those
 * that support it remove {@code convsPerLevel * (k - 1)} pixels per axis, the others need SAME padding.
 */
record ConvolutionalBlock(String code, boolean supportsValid, Factory factory) implements Block {
    /** Builds the block module. */
    @FunctionalInterface
    interface Factory {
        Module create(int in, int out, BlockSettings settings);
    }

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
                    + "pooled features must keep the input's size); use padding(ConvPadding.SAME), or a PLN or RSE "
                    + "block for VALID padding");
        }
    }

    @Override
    public String toString() {
        return code;
    }
}
