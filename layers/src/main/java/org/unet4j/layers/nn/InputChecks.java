package org.unet4j.layers.nn;

import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/** The checks a layer makes on its input before calling the op, with messages naming the layer and the shapes. */
final class InputChecks {
    private InputChecks() {
    }

    /** Fails unless {@code x} is an NCHW batch with {@code channels} channels. */
    static void requireImages(Module layer, Tensor x, int channels) {
        if (x.rank() != 4) {
            throw new ShapeException(layer.label() + ": the input " + x.shape() + " must be a 4-D NCHW batch "
                    + "(batch, channels, height, width)");
        }
        requireChannels(layer, x, channels);
    }

    /** Fails unless {@code x} is an NCDHW batch with {@code channels} channels. */
    static void requireVolumes(Module layer, Tensor x, int channels) {
        if (x.rank() != 5) {
            throw new ShapeException(layer.label() + ": the input " + x.shape() + " must be a 5-D NCDHW batch "
                    + "(batch, channels, depth, height, width)");
        }
        requireChannels(layer, x, channels);
    }

    /** Fails unless axis 1 of {@code x} (which needs at least two axes) has {@code channels} entries. */
    static void requireChannels(Module layer, Tensor x, int channels) {
        if (x.rank() < 2) {
            throw new ShapeException(layer.label() + ": the input " + x.shape() + " has no channel axis; expected"
                    + " [N, C, ...]");
        }
        if (x.dim(1) != channels) {
            throw new ShapeException(layer.label() + ": the input " + x.shape() + " has " + x.dim(1)
                    + " channels, the layer expects " + channels);
        }
    }
}
