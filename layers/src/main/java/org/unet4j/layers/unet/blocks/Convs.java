package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Padding;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;

/** The convolutions the blocks are made of, drawn from the settings' generator in construction order. */
final class Convs {
    private Convs() {
    }

    /** A k-wide convolution (1 x k, k x k or k x k x k) with the settings' padding. */
    static Module kxk(int in, int out, BlockSettings s) {
        return s.convolution(in, out, s.kernel()).padding(s.padding().padding()).build(s.rng());
    }

    /** A {@code kernel}-wide convolution with SAME padding. */
    static Module same(int in, int out, int kernel, BlockSettings s) {
        return s.convolution(in, out, kernel).padding(Padding.SAME).build(s.rng());
    }

    /** A pointwise (1x1, 1x1x1) convolution. */
    static Module pointwise(int in, int out, BlockSettings s) {
        return s.convolution(in, out, 1).build(s.rng());
    }

    /** norm - conv(kernel, SAME) - act: the pre-activation unit of dense blocks. */
    static Sequential normActConv(int in, int out, int kernel, BlockSettings s) {
        return Sequential.of(s.normLayer(in), s.activation().create(), same(in, out, kernel, s));
    }

    /**
     * norm - conv k x k - act - norm - conv 1x1 - act, SAME padding, from {@code in} to {@code out} channels: the
     * networks g and f of the Continuous U-Net's dynamic block (issue 4, after the paper's eq. 1).
     */
    static Sequential odeField(int in, int out, BlockSettings s) {
        return odeField(in, out, s, s.activation());
    }

    /** As {@link #odeField(int, int, BlockSettings)}, ending in {@code last} instead of the settings' activation. */
    static Sequential odeField(int in, int out, BlockSettings s, Activation last) {
        return Sequential.of(s.normLayer(in), same(in, out, s.kernel(), s), s.activation().create(),
                s.normLayer(out), pointwise(out, out, s), last.create());
    }
}
