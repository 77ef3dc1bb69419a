package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/** The rectifier {@code max(x, 0)}, elementwise. */
public final class ReLU extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
