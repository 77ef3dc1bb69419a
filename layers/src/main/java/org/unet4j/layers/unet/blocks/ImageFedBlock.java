package org.unet4j.layers.unet.blocks;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * IMG, the image-fed plain block: the layers of one grid level of PottsMGNet (Tai, Liu, Chan 2024; Tai, Liu, Chan,
 * Li, "A Mathematical Explanation of UNet", 2024), where every layer reads the current state x and the image f_l
 * restricted to the level,
 * <pre>
 *   x_{i+1} = act(norm(W_i * [x_i, f_l])),   i = 0, ..., convsPerLevel - 1,
 * </pre>
 * W_i a k x k convolution with the settings' padding (under VALID padding f_l is centre-cropped to x_i first). The
 * block's input is {@code [x_0, f_l]}, its last {@code settings.imageChannels()} channels the image, as a U-Net with
 * {@code imagePyramid(true)} provides it. Removes {@code convsPerLevel * (k - 1)} pixels per axis under VALID padding.
 */
public final class ImageFedBlock extends Module {
    private final List<Sequential> layers = new ArrayList<>();
    private final int imageChannels;

    /** The block from {@code in} channels, the image's included, to {@code out} channels. */
    public ImageFedBlock(int in, int out, BlockSettings s) {
        this.imageChannels = s.imageChannels();
        if (imageChannels < 1 || in <= imageChannels) {
            throw new IllegalArgumentException("ImageFedBlock reads [x, image]: it needs image channels >= 1 and more"
                    + " input channels than image channels, got " + in + " input and " + imageChannels + " image"
                    + " channels (build it through a U-Net with imagePyramid(true))");
        }
        for (int i = 0; i < s.convsPerLevel(); i++) {
            int state = i == 0 ? in - imageChannels : out;
            layers.add(registerChild("layer" + i, Sequential.of(Convs.kxk(state + imageChannels, out, s),
                    s.normLayer(out), s.activation().create())));
        }
    }

    /** Layer i, {@code Sequential(conv, norm, activation)}; its convolution reads the state's channels first. */
    public Sequential layer(int i) {
        return layers.get(i);
    }

    /** The number of layers. */
    public int layerCount() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor stateAndImage) {
        int stateChannels = stateAndImage.dim(1) - imageChannels;
        Tensor x = stateAndImage.slice(1, 0, stateChannels);
        Tensor image = stateAndImage.slice(1, stateChannels, stateChannels + imageChannels);
        for (Sequential layer : layers) {
            Tensor f = image.dim(2) == x.dim(2) && image.dim(3) == x.dim(3) ? image
                    : image.centerCrop(x.dim(2), x.dim(3));
            x = layer.forward(Tensor.concat(1, x, f));
        }
        return x;
    }

    @Override
    protected String describe() {
        return layers.size() + " layers, each reading " + imageChannels + " image channel(s)";
    }
}
