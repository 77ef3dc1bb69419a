package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.Upsample;

/**
 * An ordinary encoder-decoder U-Net of standard layers whose convolutions also read the input image at their
 * resolution (an image pyramid made by the same max pooling as the features). With L levels:
 * <pre>
 *   stem:                 x = Sequential(Conv2d, norm, act)(f);  f_0 = f
 *   encoder,  l &lt; L-1:    x = level_l([x, f_l]);  s_l = x;  x = maxpool(x);  f_{l+1} = maxpool(f_l)
 *   bottleneck:           x = level_{L-1}([x, f_{L-1}])
 *   decoder,  l = L-2..0: x = level'_l([upsample(x), f_l]);  x = a_l x + b_l s_l          (additive skip)
 *   head:                 out = Conv2d_kxk(Conv2d_1x1(x))                                   (two linear maps)
 * </pre>
 * Each level is an {@link ImageFedLevel} of {@code Conv2d(3x3) -> norm -> act} blocks. {@link UNetFromSplitting}
 * builds one from a {@link HybridSplittingNet}; the layers are public so a caller may also assemble one directly.
 */
public final class ImagePyramidUNet extends Module {
    private final Sequential stem;
    private final List<ImageFedLevel> encoder = new ArrayList<>();
    private final ImageFedLevel bottleneck;
    private final List<ImageFedLevel> decoder = new ArrayList<>();
    private final List<Parameter> upWeights = new ArrayList<>();
    private final List<Parameter> skipWeights = new ArrayList<>();
    private final MaxPool2d down = new MaxPool2d(2);
    private final Upsample up = Upsample.nearest(2);
    private final Conv2d headMix;
    private final Conv2d headSmooth;

    /**
     * The network of these parts: encoder levels finest first, decoder levels coarsest first, skip weights
     * {@code a_l, b_l} ({@code [1]} tensors) in decoder order.
     */
    ImagePyramidUNet(Sequential stem, List<ImageFedLevel> encoder, ImageFedLevel bottleneck,
            List<ImageFedLevel> decoder, List<Tensor> upWeights, List<Tensor> skipWeights, Conv2d headMix,
            Conv2d headSmooth) {
        this.stem = registerChild("stem", stem);
        for (int l = 0; l < encoder.size(); l++) {
            this.encoder.add(registerChild("encoder" + l, encoder.get(l)));
        }
        this.bottleneck = registerChild("bottleneck", bottleneck);
        for (int i = 0; i < decoder.size(); i++) {
            int l = decoder.size() - 1 - i;
            this.decoder.add(registerChild("decoder" + l, decoder.get(i)));
            this.upWeights.add(registerParameter("up_weight" + l, upWeights.get(i)));
            this.skipWeights.add(registerParameter("skip_weight" + l, skipWeights.get(i)));
        }
        this.headMix = registerChild("head_mix", headMix);
        this.headSmooth = registerChild("head_smooth", headSmooth);
    }

    /** The stem {@code Sequential(Conv2d, norm, act)} applied to the image. */
    public Sequential stem() {
        return stem;
    }

    /** The encoder levels, finest first. */
    public List<ImageFedLevel> encoder() {
        return List.copyOf(encoder);
    }

    /** The coarsest level. */
    public ImageFedLevel bottleneck() {
        return bottleneck;
    }

    /** The decoder levels, coarsest first. */
    public List<ImageFedLevel> decoder() {
        return List.copyOf(decoder);
    }

    /** The 1x1 convolution of the head. */
    public Conv2d headMix() {
        return headMix;
    }

    /** The k x k convolution of the head. */
    public Conv2d headSmooth() {
        return headSmooth;
    }

    @Override
    public Tensor forward(Tensor image) {
        Tensor x = stem.forward(image);
        Tensor f = image;
        List<Tensor> skips = new ArrayList<>();
        List<Tensor> images = new ArrayList<>();
        for (ImageFedLevel level : encoder) {
            x = level.forward(Tensor.concat(1, x, f));
            skips.add(x);
            images.add(f);
            x = down.forward(x);
            f = down.forward(f);
        }
        x = bottleneck.forward(Tensor.concat(1, x, f));
        for (int i = 0; i < decoder.size(); i++) {
            int l = encoder.size() - 1 - i;
            x = decoder.get(i).forward(Tensor.concat(1, up.forward(x), images.get(l)));
            x = x.mul(upWeights.get(i).tensor()).add(skips.get(l).mul(skipWeights.get(i).tensor()));
        }
        return headSmooth.forward(headMix.forward(x));
    }

    @Override
    protected String describe() {
        return (encoder.size() + 1) + " levels, image pyramid fed to every convolution, additive skips";
    }
}
