package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;

/**
 * The convolution blocks of one level of an {@link ImagePyramidUNet}: each block {@code conv -> norm -> act} reads the
 * previous block's output concatenated with the image at this level. Input {@code [x, f]}, output the last block's.
 */
public final class ImageFedLevel extends Module {
    private final List<Sequential> blocks = new ArrayList<>();
    private final int imageChannels;

    /** A level of the given blocks, whose convolutions read {@code imageChannels} image channels last. */
    ImageFedLevel(List<Sequential> blocks, int imageChannels) {
        this.imageChannels = imageChannels;
        for (int i = 0; i < blocks.size(); i++) {
            this.blocks.add(registerChild("block" + i, blocks.get(i)));
        }
    }

    /** The blocks, in order; each is {@code Sequential(Conv2d, norm, activation)}. */
    public List<Sequential> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public Tensor forward(Tensor stateAndImage) {
        int stateChannels = stateAndImage.dim(1) - imageChannels;
        Tensor x = stateAndImage.slice(1, 0, stateChannels);
        Tensor f = stateAndImage.slice(1, stateChannels, stateChannels + imageChannels);
        for (Sequential block : blocks) {
            x = block.forward(Tensor.concat(1, x, f));
        }
        return x;
    }
}
